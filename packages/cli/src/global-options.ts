// The entry module imports this file, so it imports nothing: problems are returned as text for
// the caller to raise.

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

/** GLOBAL_VALUE_FLAGS maps each global flag, all of which take a value, to its option. */
export const GLOBAL_VALUE_FLAGS: Readonly<Record<string, keyof GlobalOptions>> = {
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

/** GlobalSplit is argv with the leading global flags taken out. */
export interface GlobalSplit {
  globals: GlobalOptions;
  rest: string[];
  /** What is wrong with the global flags, in Podman's words, if anything. */
  problem?: string;
}

/**
 * splitGlobalOptions takes the global flags that come before the command (`skiff --root /x ps`)
 * out of argv; oclif only parses flags after the command id, where they are accepted too.
 */
export function splitGlobalOptions(argv: readonly string[]): GlobalSplit {
  const globals: GlobalOptions = {};
  let index = 0;

  while (index < argv.length) {
    const arg = argv[index];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = GLOBAL_VALUE_FLAGS[name];
    if (!key) break;
    if (eq < 0 && index + 1 >= argv.length) {
      return { globals, rest: [], problem: `flag needs an argument: ${name}` };
    }
    globals[key] = eq > 0 ? arg.slice(eq + 1) : argv[index + 1];
    index += eq > 0 ? 1 : 2;
  }
  return { globals, rest: argv.slice(index), problem: globalOptionsProblem(globals) };
}

/**
 * globalOptionsProblem checks the values that Skiff can judge before starting the engine,
 * with Podman's messages; paths and runtimes are checked where they are used.
 */
export function globalOptionsProblem(globals: GlobalOptions): string | undefined {
  const level = globals.logLevel;
  if (level !== undefined && !LOG_LEVELS.includes(level)) {
    return `Log Level "${level}" is not supported, choose from: ${LOG_LEVELS.join(', ')}`;
  }
  const manager = globals.cgroupManager;
  if (manager === 'systemd') {
    // Skiff creates cgroups through runc's cgroupfs driver only; it has no systemd scopes.
    return 'configuring runtime: the systemd cgroup manager is not supported, use cgroupfs: invalid argument';
  }
  if (manager !== undefined && manager !== 'cgroupfs') {
    return 'configuring runtime: cgroup manager must be one of cgroupfs and systemd: invalid argument';
  }
  return undefined;
}
