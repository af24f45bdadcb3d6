import 'reflect-metadata';

export { Engine } from './engine.js';
export type { BatchResult, ContainerSummary, PullOnCreate, RunReport } from './engine.js';
export type { EngineOptions } from './engine-context.js';
export type { ActiveProvider } from './plugins/provider-registry.js';
export type { RemoveImageReport } from './image/image-service.js';
export type { HistoryEntry } from './image/image-history.js';
