import * as Flags from '@oclif/core/flags';

/** GLOBAL_GROUP marks the global flags among a command's flags (oclif merges them in). */
export const GLOBAL_GROUP = 'GLOBAL';

// The defaults shown are help text only (`defaultHelp`): a flag given after the command must
// stay unset unless typed, or it would override the same flag typed before the command.
const global = { helpGroup: GLOBAL_GROUP } as const;

/**
 * GLOBAL_FLAGS are Podman's global flags that Skiff has, described as `podman --help`
 * describes them; every command accepts them after its name too.
 */
export const GLOBAL_FLAGS = {
  'cgroup-manager': Flags.string({
    ...global,
    description: 'Cgroup manager to use ("cgroupfs")',
    defaultHelp: 'cgroupfs',
  }),
  config: Flags.string({ ...global, description: 'Path to an alternative containers.conf' }),
  'log-level': Flags.string({
    ...global,
    description:
      'Log messages above specified level (trace, debug, info, warn, warning, error, fatal, panic)',
    defaultHelp: 'warn',
  }),
  root: Flags.string({
    ...global,
    description: 'Path to the root directory in which data, including images, is stored',
  }),
  runroot: Flags.string({
    ...global,
    description: "Path to the 'run directory' where all state information is stored",
  }),
  runtime: Flags.string({
    ...global,
    description: 'Path to the OCI-compatible binary used to run containers.',
    defaultHelp: 'runc',
  }),
  'storage-driver': Flags.string({
    ...global,
    description: 'Select which storage driver is used to manage storage of images and containers',
  }),
};
