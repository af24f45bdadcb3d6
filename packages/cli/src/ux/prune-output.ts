import type { SystemPruneOptions, SystemPruneReport } from '@skiff/core';

import { printBatch } from './batch-output.js';
import { preciseSize } from './human.js';
import { writeOut } from './output.js';

/**
 * pruneWarning is what `system prune` asks before it removes anything: Podman's words, with
 * the lines for what Skiff has no notion of (networks, build cache) left out.
 */
export function pruneWarning({ all, volumes }: SystemPruneOptions): string {
  const images = all
    ? 'all images without at least one container associated with them'
    : 'all dangling images';
  const removed = [
    'all stopped containers',
    ...(volumes ? ['all volumes not used by at least one container'] : []),
    images,
  ];
  return `WARNING! This command removes:\n${removed.map((line) => `\t- ${line}\n`).join('')}\n`;
}

/**
 * printPruneReport prints what `system prune` removed as Podman does: a section for each kind
 * that lost something, each failure as an `Error:` line, and the space reclaimed.
 */
export function printPruneReport(report: SystemPruneReport): void {
  if (report.containers.length > 0) {
    writeOut('Deleted Containers\n');
    printBatch(report.containers);
  }
  printSection('Deleted Volumes', report.volumes);
  printSection('Deleted Images', report.images);
  writeOut(`Total reclaimed space: ${preciseSize(report.reclaimed)}\n`);
}

function printSection(title: string, names: readonly string[]): void {
  if (names.length > 0) writeOut(`${title}\n${names.map((name) => `${name}\n`).join('')}`);
}

/** resetWarning is what `system reset` asks first, in Podman's words, for what Skiff keeps. */
export function resetWarning(paths: { root: string; runroot: string }): string {
  const lines = [
    'all containers',
    'all images',
    'all volumes',
    `the graphRoot directory: ${JSON.stringify(paths.root)}`,
    `the runRoot directory: ${JSON.stringify(paths.runroot)}`,
  ];
  return `WARNING! This will remove:\n${lines.map((line) => `        - ${line}\n`).join('')}`;
}
