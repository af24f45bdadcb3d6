import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { toPodmanJson } from '../../ux/json.js';
import { writeError, writeOut } from '../../ux/output.js';

/**
 * ContainerInspect is `skiff inspect` and `skiff container inspect`: Podman's JSON for
 * containers, and for images too when no container has the name (top-level `inspect` only).
 */
export class ContainerInspect extends BaseCommand {
  static override summary = 'Display the configuration of a container or image';
  static override usage = '[options] NAME [NAME...]';
  static override aliases = ['inspect'];
  static override strict = false;
  static override args = {
    name: Args.string({ required: true, description: 'Container or image' }),
  };
  static override flags = {
    type: Flags.string({
      char: 't',
      description: 'Specify inspect-object type',
      options: ['all', 'container', 'image'],
      default: 'all',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerInspect);
    const engine = await this.engine(flags);
    const onlyContainers = this.id === 'container:inspect' || flags.type === 'container';
    const found: unknown[] = [];
    const missing: string[] = [];

    for (const result of await engine.inspectContainers(argv)) {
      if ('value' in result) {
        found.push(result.value);
        continue;
      }
      const image = onlyContainers ? [] : await engine.inspectImages([result.name]);
      if (image[0] && 'value' in image[0]) found.push(image[0].value);
      else missing.push(result.name);
    }

    writeOut(toPodmanJson(found));
    if (missing.length > 0) {
      writeError(`inspecting object: no such object: "${missing[0]}"`);
      process.exitCode = 125;
    }
  }
}
