import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';
import type { Engine } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { explanationJson, renderExplanation } from '../../ux/explain-renderer.js';
import { toPodmanJson } from '../../ux/json.js';
import { writeError, writeOut } from '../../ux/output.js';

// Podman's report package treats these as JSON output rather than as templates.
const JSON_FORMAT = /^\s*(json|\{\{\s*json\s*\.\s*\}\})\s*$/;

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
      description: 'Format the output: json (Go templates are not supported yet)',
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
    if (options.format !== undefined && !JSON_FORMAT.test(options.format)) {
      throw new InvalidArgument(`--format "${options.format}" is not supported: use json`);
    }

    const engine = await this.engine(flags);
    if (options.explain || options['explain-full']) await this.explain(engine, argv, options);
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
    const onlyContainers = this.id === 'container:inspect' || flags.type === 'container';
    const found: unknown[] = [];
    const missing: string[] = [];

    for (const result of await engine.inspectContainers(names)) {
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
