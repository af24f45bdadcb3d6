import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { ImageSummary } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { splitCommas } from '../../comma-values.js';
import {
  IMAGE_HEADERS,
  imageRows,
  imagesJson,
  imagesQuiet,
  imagesTable,
  sortImageRows,
} from '../../ux/image-rows.js';
import { isJsonFormat, printListTemplate } from '../../ux/list-format.js';
import { writeOut } from '../../ux/output.js';

/** ImageList is `skiff images`: list local images, one row per name. */
export class ImageList extends BaseCommand {
  static override summary = 'List images in local storage';
  static override usage = '[options]';
  static override description =
    'Lists images previously pulled to the system or created on the system.';
  static helpAliases = ['list', 'ls'];
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -a --no-trunc',
    '<%= config.bin %> <%= command.id %> --quiet --digests',
  ];
  static override aliases = ['images', 'image:list'];
  static override flags = {
    quiet: Flags.boolean({ char: 'q', description: 'Display only image IDs' }),
    'no-trunc': Flags.boolean({ description: 'Do not truncate output' }),
    all: Flags.boolean({ char: 'a', description: 'Show all images' }),
    digests: Flags.boolean({ description: 'Show digests' }),
    filter: Flags.string({
      char: 'f',
      description: 'Filter output based on conditions provided',
      multiple: true,
      multipleNonGreedy: true,
    }),
    format: Flags.string({ description: 'Change the output format to JSON or a Go template' }),
    noheading: Flags.boolean({ char: 'n', description: 'Do not print column headings' }),
    sort: Flags.string({
      description: 'Sort by created, id, repository, size, tag',
      default: 'created',
    }),
  };
  static override args = {
    image: Args.string({ description: 'Image name, matched as a reference filter' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ImageList);
    // As Podman, an image named on the command line is one more reference filter.
    const typed = args.image ? [`reference=${args.image}`] : [];
    const filters = [...splitCommas(flags.filter as string[] | undefined), ...typed];
    const engine = await this.engine(flags);
    const images = await engine.listImages({ all: Boolean(flags.all), filters });
    await printImages(images, flags);
  }
}

async function printImages(images: ImageSummary[], flags: Record<string, unknown>) {
  const options = { noTrunc: Boolean(flags['no-trunc']), now: Date.now() };
  const rows = sortImageRows(imageRows(images, options), flags.sort as string);
  const format = flags.format as string | undefined;
  const noHeading = Boolean(flags.noheading);

  if (flags.quiet) {
    writeOut(imagesQuiet(rows));
  } else if (format && isJsonFormat(format)) {
    writeOut(imagesJson(rows));
  } else if (format) {
    await printListTemplate(format, rows, { name: 'images', headers: IMAGE_HEADERS, noHeading });
  } else {
    writeOut(imagesTable(rows, { digests: Boolean(flags.digests), noHeading }));
  }
}
