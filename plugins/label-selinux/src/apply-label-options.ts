import { InvalidArgument } from '@skiff/contracts';

import { goQuote } from './go-quote.js';
import type { SelinuxContext, SelinuxContextFields } from './selinux-context.js';

/** LabelPair is a container's process and mount context. */
export interface LabelPair {
  process: SelinuxContext;
  mount: SelinuxContext;
}

/** LabelOptionsOutcome is either the labels the options produced, or `disable`. */
export type LabelOptionsOutcome = { disable: true } | ({ disable: false } & LabelPair);

// go-selinux v1.10.2 also accepts the key `disable` (`disable:x`) and ignores its value.
const VALID_KEYS = new Set(['user', 'role', 'type', 'level', 'filetype', 'disable']);

/**
 * applyLabelOptions walks `--security-opt label=` values in order over freshly allocated
 * labels, as go-selinux v1.10.2's InitLabels does: a later option for a key overrides an earlier
 * one, `disable` stops the walk (options after it are never looked at), and errors carry
 * v1.10.2's exact wording, newline included, because Podman prints them verbatim.
 */
export function applyLabelOptions(
  fresh: LabelPair,
  options: readonly string[],
): LabelOptionsOutcome {
  const process: Record<string, string> = { ...fresh.process.fields() };
  const mount: Record<string, string> = { ...fresh.mount.fields() };

  for (const option of options) {
    if (option === 'disable') return { disable: true };

    const [key, value] = splitOption(option);
    if (key === 'filetype') {
      mount.type = value;
      continue;
    }

    process[key] = value;
    if (key === 'user' || key === 'level') mount[key] = value;
  }

  return {
    disable: false,
    process: fresh.process.with(pick(process)),
    mount: fresh.mount.with(pick(mount)),
  };
}

function splitOption(option: string): [string, string] {
  const colon = option.indexOf(':');
  if (colon < 0) {
    throw new InvalidArgument(
      `Bad label option ${goQuote(option)}, valid options 'disable' or \n` +
        `'user, role, level, type, filetype' followed by ':' and a value`,
    );
  }

  const key = option.slice(0, colon);
  if (!VALID_KEYS.has(key)) {
    throw new InvalidArgument(
      `Bad label option ${goQuote(key)}, valid options 'disable, user, role, level, type, filetype'`,
    );
  }
  return [key, option.slice(colon + 1)];
}

// Drops keys that are not context fields, such as the ignored `disable`.
function pick(fields: Record<string, string>): SelinuxContextFields {
  return { user: fields.user, role: fields.role, type: fields.type, level: fields.level };
}
