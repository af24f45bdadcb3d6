import 'reflect-metadata';

import { seccompProviderContract } from '@skiff/contracts/testing';

import { OciSeccompProvider } from './oci-seccomp-provider.js';

seccompProviderContract('OciSeccompProvider', (env, host) => new OciSeccompProvider(env, host));
