/** GlobalOptions are Podman's global flags, given before or after the command name. */
export interface GlobalOptions {
  root?: string;
  runroot?: string;
  runtime?: string;
  storageDriver?: string;
  config?: string;
  logLevel?: string;
  cgroupManager?: string;
}

const VALUE_FLAGS: Record<string, keyof GlobalOptions> = {
  '--root': 'root',
  '--runroot': 'runroot',
  '--runtime': 'runtime',
  '--storage-driver': 'storageDriver',
  '--config': 'config',
  '--log-level': 'logLevel',
  '--cgroup-manager': 'cgroupManager',
};

/** LOG_LEVELS are the values `--log-level` accepts, as Podman's. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic'];

/**
 * splitGlobalOptions takes the global flags that come before the command (`skiff --root /x ps`)
 * out of argv; oclif only parses flags after the command id, where they are accepted too.
 */
export function splitGlobalOptions(argv: string[]): { globals: GlobalOptions; rest: string[] } {
  const globals: GlobalOptions = {};
  let index = 0;

  while (index < argv.length) {
    const arg = argv[index];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS[name];
    if (!key) break;
    if (eq > 0) {
      globals[key] = arg.slice(eq + 1);
      index += 1;
    } else {
      globals[key] = argv[index + 1];
      index += 2;
    }
  }
  return { globals, rest: argv.slice(index) };
}
