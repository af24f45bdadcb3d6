import 'reflect-metadata';

import { labelProviderContract } from '@skiff/contracts/testing';

import { NoLabelProvider } from './no-label-provider.js';

// The null implementation refuses nothing, so the suite's refusal checks find nothing to refuse.
labelProviderContract('NoLabelProvider', () => new NoLabelProvider());
