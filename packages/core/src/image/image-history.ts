import type { ImageRecord } from '@skiff/contracts';

/** HistoryEntry is one row of `skiff history`: a step that built the image, newest first. */
export interface HistoryEntry {
  /** The image id for the newest step, `<missing>` for earlier ones, as Podman shows. */
  id: string;
  created: string;
  createdBy: string;
  size: number;
  comment: string;
}

/**
 * imageHistory pairs the configuration's history with the layers: each step that is not an
 * `empty_layer` produced the next layer, whose size it reports.
 */
export function imageHistory(image: ImageRecord): HistoryEntry[] {
  const layers = [...image.layers];
  const steps = image.config.history ?? [];
  const entries = steps.map((step) => ({
    id: '<missing>',
    created: step.created ?? image.created,
    createdBy: step.created_by ?? '',
    size: step.empty_layer ? 0 : (layers.shift()?.size ?? 0),
    comment: step.comment ?? '',
  }));

  entries.reverse();
  if (entries[0]) entries[0].id = image.id;
  return entries;
}
