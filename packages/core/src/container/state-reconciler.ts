import { readFileSync } from 'node:fs';

import type { ContainerState } from '@skiff/contracts';

import type { ContainerStore, StoredContainer } from '../state/container-store.js';

/**
 * reconcileState corrects a record that says `running` when the process behind it is gone: the
 * engine is daemonless, so a container can end, or its supervising command be killed, while no
 * Skiff process watches. The check reads /proc for the recorded pid, which costs no process
 * start, so `ps` stays fast.
 */
export function reconcileState(store: ContainerStore, container: StoredContainer): void {
  const { state } = container;
  if (state.status !== 'running' || state.pid <= 0 || isAlive(state.pid)) return;

  // TODO: the exit code of a detached container is unknown until conmon records it (the
  // lifecycle work); -1 says "unknown" rather than claiming success.
  const ended: ContainerState = {
    ...state,
    status: 'exited',
    exitCode: -1,
    pid: 0,
    finishedAt: new Date().toISOString(),
  };
  container.state = ended;
  store.updateState(container.id, ended);
}

// A detached container's process is reparented when the command that started it exits; until
// its new parent reaps it, it lingers as a zombie, which is not a running container.
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
