import createDebug from 'debug';

const debug = createDebug('skiff:core:container');

/** The signals a user or supervisor sends to stop or steer a foreground container. */
const PROXIED_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
];

/**
 * SignalProxy relays the signals this process receives to an attached container, Podman's
 * `--sig-proxy`. While attached, those signals no longer end this process: the container
 * decides how to react, and its exit ends the attach.
 */
export class SignalProxy {
  private readonly listeners = new Map<NodeJS.Signals, () => void>();

  constructor(private readonly send: (signal: string) => Promise<void>) {}

  /** attach starts relaying; call detach once the attach has ended. */
  attach(): void {
    for (const signal of PROXIED_SIGNALS) {
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
    debug('forwarding %s to the container', signal);
    this.send(signal.slice(3)).catch((error: unknown) => {
      debug('forwarding %s failed: %O', signal, error);
    });
  }
}
