import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';
import type { Engine } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { explanationJson, renderExplanation } from '../../ux/explain-renderer.js';
import type { GoShape } from '../../ux/go-view.js';
import { printInspectTemplate } from '../../ux/inspect-format.js';
import { CONTAINER_SHAPE, IMAGE_SHAPE } from '../../ux/inspect-shapes.js';
import { toPodmanJson } from '../../ux/json.js';
import { isJsonFormat } from '../../ux/list-format.js';
import { writeError, writeOut } from '../../ux/output.js';

interface InspectFlags {
  type: string;
  format?: string;
  explain: boolean;
  'explain-full': boolean;
}

/**
 * ContainerInspect is `skiff inspect` and `skiff container inspect`: Podman's JSON for
 * containers, and for images too when no container has the name (top-level `inspect` only).
 * With `--explain` it shows one container's config.json with where each directive came from.
 */
export class ContainerInspect extends BaseCommand {
  static override summary = 'Display the configuration of a container or image';
  static override description = [
    'Displays the low-level information on an object identified by name or ID.',
    'With --explain, shows the config.json of one container with, beside each directive, the ' +
      'bucket it came from (image, engine, user) and the exact input: an image field, an ' +
      'engine default or the provider that set it, a flag. A summary by bucket follows; it ' +
      'also lists directives config.json does not hold, marked "not written".',
    'While the container has a bundle (it is running, or has run and is not cleaned up yet) ' +
      'the config.json shown is the one the OCI runtime was given. Otherwise it is the spec ' +
      'made at create: root.path, the user ids, the engine files and SELinux labels are added ' +
      'at each start, which needs the root file system mounted, so inspect does not make ' +
      'them up. Arrays longer than 8 items are shown as a count unless --explain-full is given.',
  ].join('\n\n');
  static override usage = '[options] {CONTAINER|IMAGE} [...]';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> --type image localhost/busybox',
    '<%= config.bin %> <%= command.id %> web localhost/busybox',
    '<%= config.bin %> <%= command.id %> --format "{{.State.Pid}}" web',
    '<%= config.bin %> <%= command.id %> --explain web',
  ];
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
    format: Flags.string({
      char: 'f',
      description: 'Format the output to a Go template or json',
      defaultHelp: 'json',
    }),
    explain: Flags.boolean({
      description: "Show one container's config.json with where each directive came from",
    }),
    'explain-full': Flags.boolean({
      description: 'Like --explain, with long arrays (seccomp rules, capabilities) in full',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerInspect);
    const options = flags as unknown as InspectFlags;
    const explaining = options.explain || options['explain-full'];
    if (explaining && options.format !== undefined && !isJsonFormat(options.format)) {
      throw new InvalidArgument(`--format "${options.format}" is not supported: use json`);
    }

    const engine = await this.engine(flags);
    if (explaining) await this.explain(engine, argv, options);
    else await this.inspect(engine, argv, options);
  }

  private async explain(engine: Engine, names: string[], flags: InspectFlags): Promise<void> {
    if (flags.type === 'image') throw new InvalidArgument('--explain explains containers only');
    if (names.length !== 1) throw new InvalidArgument('--explain takes exactly one container');

    const explanation = await engine.explainContainer(names[0]);
    if (flags.format !== undefined) writeOut(explanationJson(explanation));
    else writeOut(renderExplanation(explanation, { full: flags['explain-full'] }));
  }

  private async inspect(engine: Engine, names: string[], flags: InspectFlags): Promise<void> {
    // oclif names an alias by its command's id: what was typed tells `inspect` apart.
    const onlyContainers = this.invokedId === 'container:inspect' || flags.type === 'container';
    const found: unknown[] = [];
    const shapes: GoShape[] = [];
    const missing: string[] = [];

    for (const result of await engine.inspectContainers(names)) {
      if ('value' in result) {
        found.push(result.value);
        shapes.push(CONTAINER_SHAPE);
        continue;
      }
      const image = onlyContainers ? [] : await engine.inspectImages([result.name]);
      if (image[0] && 'value' in image[0]) {
        found.push(image[0].value);
        shapes.push(IMAGE_SHAPE);
      } else missing.push(result.name);
    }

    if (flags.format === undefined || isJsonFormat(flags.format)) writeOut(toPodmanJson(found));
    else await printInspectTemplate(flags.format, found, shapes);
    if (missing.length > 0) {
      writeError(`inspecting object: no such object: "${missing[0]}"`);
      process.exitCode = 125;
    }
  }
}
