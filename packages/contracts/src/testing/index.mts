// `@skiff/contracts/testing`: the contract suites every provider runs, for plugins' own tests.
// It imports vitest, so nothing on the engine's path may import it; it is an ES module because
// vitest cannot be required from CommonJS.
export { MemoryLabelReservations } from './memory-label-reservations.mjs';
export {
  HOST_WITHOUT_SELINUX,
  LABEL_PROVIDER_CHECKS,
  labelContractSubject,
  labelProviderContract,
} from './label-provider-contract.mjs';
export type {
  LabelContractCheck,
  LabelContractSubject,
  LabelProviderContractOptions,
  LabelProviderFactory,
} from './label-provider-contract.mjs';
export {
  SECCOMP_CONTRACT_PROFILE,
  SECCOMP_PROVIDER_CHECKS,
  seccompContractFiles,
  seccompProviderContract,
} from './seccomp-provider-contract.mjs';
export type {
  SeccompContractCheck,
  SeccompContractSubject,
  SeccompProviderFactory,
} from './seccomp-provider-contract.mjs';
