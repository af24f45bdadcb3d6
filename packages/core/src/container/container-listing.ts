import type { ImageRecord } from '@skiff/contracts';

import type { EngineContext } from '../engine-context.js';
import type { StoredContainer } from '../state/container-store.js';
import { volumeAttachments, type VolumeAttachment } from '../volume/volume-attachments.js';
import { VolumePaths } from '../volume/volume-paths.js';
import { containerFilter } from './container-filters.js';
import { containerLabels } from './container-labels.js';
import { sortContainers } from './container-sort.js';
import { refreshState } from './container-states.js';
import type { ContainerSummary, ListContainersOptions } from './container-summary.js';

/**
 * ContainerListing is `ps`: it brings each record's state up to date, selects containers as
 * Podman's `ps` does (filters, `--last`, `--latest`), and summarizes them in the requested
 * order, measuring their file systems only when asked to.
 */
export class ContainerListing {
  private images?: Map<string, ImageRecord>;
  private readonly paths: VolumePaths;

  constructor(private readonly ctx: EngineContext) {
    this.paths = new VolumePaths(ctx.environment.root);
  }

  async list(options: ListContainersOptions): Promise<ContainerSummary[]> {
    // Oldest first, the order Podman's sorts start from, so that ties come out as in Podman.
    const containers = this.ctx.containers.list().reverse();
    for (const container of containers) await refreshState(this.ctx, container);

    const selected = this.select(containers, options);
    const summaries = selected.map((container) => this.summarize(container));
    if (options.size) await this.measure(selected, summaries);
    return sortContainers(summaries, options.sort ?? 'created');
  }

  private select(containers: StoredContainer[], options: ListContainersOptions) {
    const filters = [...(options.filters ?? [])];
    // Without --all Podman shows running containers, unless the user filters by status.
    if (!options.all && !filters.some((filter) => filter.startsWith('status='))) {
      filters.push('status=running');
    }
    const keep = containerFilter(filters, {
      resolve: (nameOrId) => this.ctx.containers.resolve(nameOrId),
      labels: (container) => this.labelsOf(container),
      volumes: (container) => volumeAttachments(container, this.paths),
    });
    const kept = containers.filter(keep);

    // --latest and --last choose among the containers the filters kept, as in Podman.
    const last = options.latest ? 1 : (options.last ?? 0);
    if (last <= 0 || last >= kept.length) return kept;
    const newestFirst = [...kept].sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
    const newest = new Set(newestFirst.slice(0, last));
    return kept.filter((container) => newest.has(container));
  }

  private summarize(container: StoredContainer): ContainerSummary {
    return {
      id: container.id,
      image: container.imageName,
      imageId: container.imageId,
      command: container.command,
      created: container.created,
      status: container.state,
      names: [container.name],
      labels: this.labelsOf(container),
      autoRemove: container.options.autoRemove,
      mounts: mountDestinations(volumeAttachments(container, this.paths)),
    };
  }

  private async measure(containers: StoredContainer[], summaries: ContainerSummary[]) {
    // Loaded on first use, as only `ps --size` walks file systems.
    const { ContainerSizer } = await import('./container-sizer.js');
    const sizer = new ContainerSizer(this.ctx.environment.root);
    containers.forEach((container, index) => {
      summaries[index].size = sizer.measure(container, this.imageOf(container));
    });
  }

  private labelsOf(container: StoredContainer): Record<string, string> {
    const image = this.imageOf(container)?.config.config?.Labels;
    return { ...image, ...containerLabels(container.options.labels) };
  }

  private imageOf(container: StoredContainer): ImageRecord | undefined {
    this.images ??= new Map(this.ctx.images.list().map((image) => [image.id, image]));
    return this.images.get(container.imageId);
  }
}

// Podman lists a container's binds and tmpfs mounts before its volumes.
function mountDestinations(attachments: VolumeAttachment[]): string[] {
  const volumes = attachments.filter((attachment) => attachment.volume !== undefined);
  const others = attachments.filter((attachment) => attachment.volume === undefined);
  return [...others, ...volumes].map((attachment) => attachment.mount.destination);
}
