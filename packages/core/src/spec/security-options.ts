import { InvalidArgument } from '@skiff/contracts';

const KNOWN_KEYS = [
  'apparmor',
  'label',
  'mask',
  'proc-opts',
  'seccomp',
  'systempaths',
  'unmask',
  'no-new-privileges',
];

/** SecurityOptions is the meaning of a container's `--security-opt` flags. */
export interface SecurityOptions {
  /** `label=` values in order, not yet validated (the label provider does that). */
  labelOptions: string[];
  /** The last `seccomp=` value; undefined when none was given. */
  seccomp?: string;
  apparmor?: string;
  noNewPrivileges: boolean;
  mask: string[];
  unmask: string[];
  procOpts: string[];
}

/**
 * parseSecurityOptions reads `--security-opt` values the way Podman does, including the legacy
 * `key:value` form, and reports bad ones with Podman's words.
 */
export function parseSecurityOptions(values: readonly string[]): SecurityOptions {
  const result: SecurityOptions = {
    labelOptions: [],
    noNewPrivileges: false,
    mask: [],
    unmask: [],
    procOpts: [],
  };

  for (const value of values) {
    if (value === 'no-new-privileges') {
      result.noNewPrivileges = true;
      continue;
    }
    const [key, option] = splitOption(value);
    apply(result, key, option, value);
  }
  return result;
}

// Docker accepted `label:disable` before `label=disable`; a value with an `=` splits there,
// any other at its first `:`.
function splitOption(value: string): [string, string] {
  const separator = value.includes('=') ? '=' : ':';
  const at = value.indexOf(separator);
  if (at < 0) throw new InvalidArgument(`invalid --security-opt 1: "${value}"`);
  const key = value.slice(0, at);
  if (!KNOWN_KEYS.includes(key)) throw new InvalidArgument(`invalid --security-opt 2: "${value}"`);
  return [key, value.slice(at + 1)];
}

function apply(result: SecurityOptions, key: string, option: string, raw: string): void {
  switch (key) {
    case 'label':
      result.labelOptions.push(option);
      break;
    case 'seccomp':
      result.seccomp = option;
      break;
    case 'apparmor':
      result.apparmor = option;
      break;
    case 'no-new-privileges':
      result.noNewPrivileges = parseBool(option, raw);
      break;
    case 'mask':
      result.mask.push(...option.split(':').filter(Boolean));
      break;
    case 'unmask':
      result.unmask.push(...option.split(':').filter(Boolean));
      break;
    case 'proc-opts':
      result.procOpts.push(...option.split(',').filter(Boolean));
      break;
    case 'systempaths':
      if (option !== 'unconfined') {
        throw new InvalidArgument(
          `invalid systempaths option "${option}", only \`unconfined\` is supported`,
        );
      }
      result.unmask.push('ALL');
      break;
  }
}

// Go's strconv.ParseBool spellings, which Podman accepts here.
function parseBool(option: string, raw: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(option)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(option)) return false;
  throw new InvalidArgument(`invalid --security-opt 2: "${raw}"`);
}

/**
 * securityOptSummary is `HostConfig.SecurityOpt` as Podman's inspect shows it: only what the
 * user typed, in a fixed order, with every label value joined into one element.
 */
export function securityOptSummary(options: SecurityOptions): string[] {
  const summary: string[] = [];
  if (options.noNewPrivileges) summary.push('no-new-privileges');
  if (options.labelOptions.length > 0)
    summary.push(`label=${options.labelOptions.join(',label=')}`);
  if (options.seccomp !== undefined) summary.push(`seccomp=${options.seccomp}`);
  if (options.apparmor !== undefined) summary.push(`apparmor=${options.apparmor}`);
  return summary;
}
