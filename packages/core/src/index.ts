import 'reflect-metadata';

export { Engine } from './engine.js';
export type { BatchResult, ContainerSummary, PullOnCreate, RunReport } from './engine.js';
export type {
  ContainerSize,
  ImageSummary,
  ListContainersOptions,
  ListImagesOptions,
} from './engine.js';
export type { EngineOptions } from './engine-context.js';
export type { CompletionNames, NameKind } from './state/completion-names.js';
export type { StopReport } from './container/container-control.js';
export { WAIT_CONDITIONS } from './container/container-control.js';
export type { ExecOptions, ExecReport } from './container/container-exec.js';
export type { StartOptions, StartReport } from './container/container-runner.js';
export { DEFAULT_DETACH_KEYS, parseDetachKeys } from './container/detach-keys.js';
export type { ActiveProvider } from './plugins/provider-registry.js';
export type { RemoveImageReport } from './image/image-service.js';
export type { HistoryEntry } from './image/image-history.js';
export type { LogsOptions, LogStreams } from './logs/log-streamer.js';
export type { EngineEvent, EventsOptions } from './events/event-journal.js';
export type { SystemPruneOptions, SystemPruneReport } from './engine.js';
export type {
  ContainerUsage,
  DiskUsageReport,
  ImageUsage,
  VolumeUsage,
} from './system/disk-usage.js';
export type { DiskUsageSummary } from './system/disk-usage-summary.js';
export type { ResetReport } from './system/system-reset.js';
export { enterUserNamespace } from './rootless/enter-user-namespace.js';
export { rootlessIdentity } from './rootless/rootless-identity.js';
