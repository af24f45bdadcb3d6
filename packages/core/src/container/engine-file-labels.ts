import { sep } from 'node:path';

import type { LabelProvider, OciSpec } from '@skiff/contracts';
import createDebug from 'debug';

const debug = createDebug('skiff:core:container');

/**
 * labelEngineFiles gives the files the engine writes into a bundle and bind-mounts into the
 * container (`/etc/hostname`, `/etc/hosts`, `/run/.containerenv`) the container's mount label,
 * as Podman does: under an enforcing kernel a confined container may read only files of its
 * own type and level, and these would otherwise keep the label of the run directory. Without
 * a mount label (no SELinux, `label=disable`) nothing is touched.
 */
export async function labelEngineFiles(
  labels: LabelProvider,
  spec: OciSpec,
  bundle: string,
  mountLabel: string,
): Promise<void> {
  if (mountLabel === '') return;

  const inBundle = spec.mounts.filter((mount) => mount.source?.startsWith(bundle + sep));
  for (const { source } of inBundle) {
    await labels.relabel({ path: source!, mountLabel, shared: false });
    debug('labelled %s with %s', source, mountLabel);
  }
}
