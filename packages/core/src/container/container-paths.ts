import { join } from 'node:path';

/**
 * ContainerPaths names where a container's files live. Persistent files (its log) are under
 * `--root` and survive a reboot; transient ones (bundle, monitor sockets, exit codes) are under
 * `--runroot`, which a reboot empties, as with Podman.
 */
export class ContainerPaths {
  constructor(
    private readonly root: string,
    private readonly runroot: string,
  ) {}

  /** userData is the container's persistent directory, removed with the container. */
  userData(id: string): string {
    return join(this.root, 'userdata', id);
  }

  /** logFile is the container's k8s-file log, kept across stops until the container is removed. */
  logFile(id: string): string {
    return join(this.userData(id), 'ctr.log');
  }

  /** bundle holds config.json and the monitor's attach socket, pid files and control FIFOs. */
  bundle(id: string): string {
    return join(this.runroot, 'containers', id);
  }

  /** exitDir is where the monitor writes `<id>` holding the exit code of a container. */
  exitDir(): string {
    return join(this.runroot, 'exits');
  }

  /** execDir is the work directory of one exec session of a container. */
  execDir(id: string, sessionId: string): string {
    return join(this.bundle(id), 'exec', sessionId);
  }

  /** eventLog is the journal file `skiff events` reads. */
  eventLog(): string {
    return join(this.runroot, 'events', 'events.log');
  }
}
