import { InvalidArgument } from '@skiff/contracts';

/** KeepIdChoice is what `--userns keep-id:uid=U,gid=G` asked for instead of the user's ids. */
export interface KeepIdChoice {
  uid?: number;
  gid?: number;
}

const MAX_ID = 2 ** 32 - 1;

/** parseKeepId reads the options of `keep-id[:uid=U][,gid=G]`, in Podman's words when bad. */
export function parseKeepId(mode: string): KeepIdChoice {
  const at = mode.indexOf(':');
  if (at < 0) return {};

  const choice: KeepIdChoice = {};
  for (const option of mode.slice(at + 1).split(',')) {
    if (option === '') continue;
    const [key, value] = splitOption(option);
    if ((key !== 'uid' && key !== 'gid') || value === undefined) {
      throw new InvalidArgument(`invalid option specified: ${JSON.stringify(option)}`);
    }
    choice[key] = parseId(value);
  }
  return choice;
}

function splitOption(option: string): [string, string | undefined] {
  const at = option.indexOf('=');
  return at < 0 ? [option, undefined] : [option.slice(0, at), option.slice(at + 1)];
}

// Podman reads the numbers with Go's strconv.ParseUint and passes on its error.
function parseId(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgument(
      `strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`,
    );
  }
  const id = Number(value);
  if (id > MAX_ID) {
    throw new InvalidArgument(
      `strconv.ParseUint: parsing ${JSON.stringify(value)}: value out of range`,
    );
  }
  return id;
}
