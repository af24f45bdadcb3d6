import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';
import { CREATE_ARGS, CREATE_FLAGS, pullOnCreate, toCreateOptions } from './create-flags.js';

/** ContainerCreate is `skiff create`: make a container without starting it. */
export class ContainerCreate extends BaseCommand {
  static override summary = 'Create but do not start a container';
  static override usage = '[options] IMAGE [COMMAND [ARG...]]';
  static override aliases = ['create'];
  static override strict = false;
  static override interspersed = false;
  static override args = CREATE_ARGS;
  static override flags = CREATE_FLAGS;
  static override examples = ['skiff create --name box localhost/busybox sleep 60'];

  async run(): Promise<void> {
    const { flags, args, rest } = await this.parseCommand(ContainerCreate);
    const options = toCreateOptions(flags, args.image as string, rest);
    const engine = await this.engine(flags);

    const container = await engine.createContainer(options, pullOnCreate(flags));
    writeOut(`${container.id}\n`);
  }
}
