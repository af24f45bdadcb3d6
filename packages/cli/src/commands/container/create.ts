import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';
import { CREATE_ARGS, CREATE_FLAGS, pullOnCreate, toCreateOptions } from './create-flags.js';

/** ContainerCreate is `skiff create`: make a container without starting it. */
export class ContainerCreate extends BaseCommand {
  static override summary = 'Create but do not start a container';
  static override usage = '[options] IMAGE [COMMAND [ARG...]]';
  static override description = [
    'Creates a new container from the given image or storage and prepares it for running the ' +
      'specified command.',
    '',
    'The container ID is then printed to stdout. You can then start it at any time with the ' +
      'skiff start <container_id> command. The container will be created with the initial state ' +
      "'created'.",
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> --name web localhost/busybox httpd -f -p 8080',
    '<%= config.bin %> <%= command.id %> -it -v data:/data localhost/busybox sh',
    '<%= config.bin %> <%= command.id %> -e MODE=test --read-only localhost/busybox env',
  ];
  static override aliases = ['create'];
  static override strict = false;
  static override interspersed = false;
  static override args = CREATE_ARGS;
  static override flags = CREATE_FLAGS;

  async run(): Promise<void> {
    const { flags, args, rest } = await this.parseCommand(ContainerCreate);
    const options = toCreateOptions(flags, args.image as string, rest);
    const engine = await this.engine(flags);

    const container = await engine.createContainer(options, pullOnCreate(flags));
    writeOut(`${container.id}\n`);
  }
}
