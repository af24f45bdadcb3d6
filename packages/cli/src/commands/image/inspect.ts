import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { errorMessage } from '../../ux/error-message.js';
import { printInspectTemplate } from '../../ux/inspect-format.js';
import { IMAGE_SHAPE } from '../../ux/inspect-shapes.js';
import { toPodmanJson } from '../../ux/json.js';
import { isJsonFormat } from '../../ux/list-format.js';
import { writeError, writeOut } from '../../ux/output.js';

/** ImageInspect is `skiff image inspect`: Podman's JSON for images. */
export class ImageInspect extends BaseCommand {
  static override summary = 'Display the configuration of an image';
  static override usage = '[options] IMAGE [IMAGE...]';
  static override description =
    'Displays the low-level information of an image identified by name or ID.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> localhost/busybox',
    '<%= config.bin %> <%= command.id %> 3f2a7c1e9b0d 9b0d3f2a7c1e',
    '<%= config.bin %> <%= command.id %> --format "{{.Id}} {{.Os}}" localhost/busybox',
  ];
  static override strict = false;
  static override args = {
    image: Args.string({ required: true, description: 'Image name or ID' }),
  };
  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'Format the output to a Go template or json',
      defaultHelp: 'json',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ImageInspect);
    const engine = await this.engine(flags);
    const results = await engine.inspectImages(argv);
    const found = results.flatMap((r) => ('value' in r ? [r.value] : []));
    const format = flags.format as string | undefined;

    if (format === undefined || isJsonFormat(format)) writeOut(toPodmanJson(found));
    else await printInspectTemplate(format, found, IMAGE_SHAPE);
    const failed = results.find((r) => 'error' in r);
    if (failed && 'error' in failed) {
      // Podman words this as its generic inspect does, for images too.
      writeError(`inspecting object: ${errorMessage(failed.error)}`);
      process.exitCode = 125;
    }
  }
}
