import * as Flags from '@oclif/core/flags';

// Podman's default; core parses it, but is loaded only once a command runs.
const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** DETACH_KEYS_FLAG is `--detach-keys`, shared by run, start, attach and exec. */
export const DETACH_KEYS_FLAG = {
  'detach-keys': Flags.string({
    description: 'Override the key sequence for detaching a container',
    helpValue: '[a-Z]',
    default: DEFAULT_DETACH_KEYS,
  }),
};

/** SIG_PROXY_FLAG is `--sig-proxy`: relay received signals to the attached container. */
export const SIG_PROXY_FLAG = {
  'sig-proxy': Flags.boolean({
    description: 'Proxy received signals to the process',
    default: true,
    allowNo: true,
  }),
};
