import { BaseCommand } from '../../base-command.js';

/** SystemUnshare is `skiff unshare`: a command inside the rootless user namespace. */
export class SystemUnshare extends BaseCommand {
  static override summary = 'Run a command in a modified user namespace';
  static override usage = '[options] [COMMAND [ARG...]]';
  static override description =
    "Runs a command in the rootless user namespace, where the store's files have the owners " +
    'containers see them with.';
  static override examples = [
    '<%= config.bin %> unshare id',
    '<%= config.bin %> unshare cat /proc/self/uid_map',
    '<%= config.bin %> unshare ls -ln ~/.local/share/skiff',
  ];
  static override aliases = ['unshare'];
  static override strict = false;
  static override interspersed = false;

  async run(): Promise<void> {
    const { flags, argv, rest } = await this.parseCommand(SystemUnshare);
    const engine = await this.engine(flags);
    process.exitCode = await engine.unshare([...argv, ...rest]);
  }
}
