import type { ChildProcess } from 'node:child_process';

import createDebug from 'debug';

const debug = createDebug('skiff:runtime-oci:run');

/** The signals a user or supervisor sends to stop or steer a foreground container. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
];

/**
 * SignalForwarder relays signals received by this process to a child, Podman's `--sig-proxy`.
 * While attached, those signals no longer end this process: the container decides how to react
 * and its exit ends the run.
 */
export class SignalForwarder {
  private readonly listeners = new Map<NodeJS.Signals, () => void>();

  constructor(private readonly child: ChildProcess) {}

  /** attach starts relaying; call detach once the child is gone. */
  attach(): void {
    for (const signal of FORWARDED_SIGNALS) {
      const listener = () => this.forward(signal);
      this.listeners.set(signal, listener);
      process.on(signal, listener);
    }
  }

  /** detach stops relaying and gives the signals back their previous handling. */
  detach(): void {
    for (const [signal, listener] of this.listeners) {
      process.off(signal, listener);
    }
    this.listeners.clear();
  }

  private forward(signal: NodeJS.Signals): void {
    debug('forwarding %s to runtime pid %d', signal, this.child.pid);
    this.child.kill(signal);
  }
}
