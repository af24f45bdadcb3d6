import { constants } from 'node:os';

import { InvalidArgument } from '@skiff/contracts';

const SIGNALS = constants.signals as Record<string, number>;
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/**
 * parseSignal reads a signal as Podman accepts it (`SIGTERM`, `TERM`, `term`, `15`,
 * `RTMIN+3`) and returns the number to send; anything else is `invalid signal: <input>`.
 */
export function parseSignal(input: string): number {
  const invalid = () => new InvalidArgument(`invalid signal: ${input}`);
  if (/^\d+$/.test(input)) {
    const number = Number(input);
    if (number < 1 || number > SIGRTMAX) throw invalid();
    return number;
  }

  const name = input.toUpperCase().replace(/^SIG/, '');
  const realtime = /^RTM(IN|AX)([+-]\d+)?$/.exec(name);
  if (realtime) {
    const base = realtime[1] === 'IN' ? SIGRTMIN : SIGRTMAX;
    const number = base + Number(realtime[2] ?? 0);
    if (number < SIGRTMIN || number > SIGRTMAX) throw invalid();
    return number;
  }

  const number = SIGNALS[`SIG${name}`];
  if (number === undefined) throw invalid();
  return number;
}

/** stopSignalOf is the signal `stop` sends: `--stop-signal`, else the image's, else SIGTERM. */
export function stopSignalOf(flag: string | undefined, image: string | undefined): number {
  const chosen = flag ?? image;
  if (chosen === undefined || chosen === '') return SIGNALS.SIGTERM;
  return parseSignal(chosen);
}

/** signalName returns `SIGTERM` for 15, or the number as text for a signal without a name. */
export function signalName(number: number): string {
  return Object.keys(SIGNALS).find((name) => SIGNALS[name] === number) ?? String(number);
}
