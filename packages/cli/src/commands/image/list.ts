import * as Flags from '@oclif/core/flags';
import type { ImageRecord } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { ago, humanSize } from '../../ux/human.js';
import { writeOut } from '../../ux/output.js';
import { renderTable } from '../../ux/table.js';

/** ImageList is `skiff images`: list local images, one row per name. */
export class ImageList extends BaseCommand {
  static override summary = 'List images in local storage';
  static override usage = '[options]';
  static override aliases = ['images', 'image:list'];
  static override flags = {
    quiet: Flags.boolean({ char: 'q', description: 'Display only image IDs' }),
    'no-trunc': Flags.boolean({ description: 'Do not truncate output' }),
    all: Flags.boolean({ char: 'a', description: 'Show all images' }),
    digests: Flags.boolean({ description: 'Show digests' }),
    filter: Flags.string({
      char: 'f',
      description: 'Filter output based on conditions provided (dangling, reference, label)',
      multiple: true,
      multipleNonGreedy: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(ImageList);
    const engine = await this.engine(flags);
    const images = engine.listImages((flags.filter as string[] | undefined) ?? []);
    const id = (image: ImageRecord) =>
      flags['no-trunc'] ? `sha256:${image.id}` : image.id.slice(0, 12);

    if (flags.quiet) {
      writeOut(images.map((image) => `${id(image)}\n`).join(''));
      return;
    }
    const digests = Boolean(flags.digests);
    const rows = images.flatMap((image) =>
      namesOf(image).map(([repository, tag]) => [
        repository,
        tag,
        ...(digests ? [image.digest] : []),
        id(image),
        ago(image.created),
        humanSize(image.size),
      ]),
    );
    const header = [
      'REPOSITORY',
      'TAG',
      ...(digests ? ['DIGEST'] : []),
      'IMAGE ID',
      'CREATED',
      'SIZE',
    ];
    writeOut(renderTable(header, rows));
  }
}

function namesOf(image: ImageRecord): [string, string][] {
  const tagged = image.names.filter((name) => !name.includes('@'));
  if (tagged.length > 0) return tagged.map(splitTag);

  // As Podman, names pinned to a digest show only when the image has no tag, without one.
  const repositories = new Set(image.names.map((name) => name.slice(0, name.indexOf('@'))));
  if (repositories.size === 0) return [['<none>', '<none>']];
  return [...repositories].map((repository) => [repository, '<none>']);
}

function splitTag(name: string): [string, string] {
  const at = name.lastIndexOf(':');
  return at > name.lastIndexOf('/') ? [name.slice(0, at), name.slice(at + 1)] : [name, '<none>'];
}
