import { InvalidArgument } from '@skiff/contracts';

import type { ContainerSummary } from './container-summary.js';

type Less = (a: ContainerSummary, b: ContainerSummary) => boolean;

const seconds = (iso: string | undefined) =>
  iso ? Math.floor(Date.parse(iso) / 1000) : Number.NEGATIVE_INFINITY;

// Each order is Podman's Less for `ps --sort`: ascending, and equal rows keep their order.
const ORDERS: Record<string, Less> = {
  command: (a, b) => a.command.join(' ') < b.command.join(' '),
  created: (a, b) => Date.parse(a.created) < Date.parse(b.created),
  id: (a, b) => a.id < b.id,
  image: (a, b) => a.image < b.image,
  names: (a, b) => a.names[0] < b.names[0],
  // Podman compares start times in whole seconds; a container never started comes first.
  runningfor: (a, b) => seconds(a.status.startedAt) < seconds(b.status.startedAt),
  size: (a, b) => !!a.size && !!b.size && a.size.rootFsSize < b.size.rootFsSize,
  status: (a, b) => a.status.status < b.status.status,
};

/** CONTAINER_SORT_KEYS are the values `ps --sort` accepts, in Podman's order. */
export const CONTAINER_SORT_KEYS = Object.keys(ORDERS);

/** sortContainers orders summaries by a `ps --sort` key, keeping ties in their given order. */
export function sortContainers(containers: ContainerSummary[], key: string): ContainerSummary[] {
  const less = ORDERS[key];
  if (!less) {
    throw new InvalidArgument(
      `invalid option for --sort, options are: ${CONTAINER_SORT_KEYS.join(', ')}`,
    );
  }
  return [...containers].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}
