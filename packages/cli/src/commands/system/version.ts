import { arch, endianness, platform } from 'node:os';

import * as Flags from '@oclif/core/flags';
import { ENGINE_API_VERSION } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';
import {
  ansicTime,
  renderVersion,
  renderVersionTemplate,
  versionJson,
  type ClientVersion,
} from '../../ux/version-output.js';

// The bundle script defines this as the build's time in seconds; unbundled, it is undeclared.
declare const SKIFF_BUILT: string | undefined;

// Podman's report package treats these as JSON output rather than as templates.
const JSON_FORMAT = /^\s*(json|\{\{\s*json\s*\.\s*\}\})\s*$/;

// Node names architectures its own way; Podman prints Go's names.
const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386' };

/** SystemVersion is `skiff version`: the client's version, API version, runtime and platform. */
export class SystemVersion extends BaseCommand {
  static override summary = 'Display the Skiff version information';
  static override usage = '[options]';
  static override aliases = ['version'];
  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'Change the output format to JSON or a Go template',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(SystemVersion);
    const format = flags.format as string | undefined;
    const client = this.clientVersion();

    if (format === undefined) writeOut(renderVersion(client));
    else if (JSON_FORMAT.test(format)) writeOut(versionJson(client));
    else writeOut(await renderVersionTemplate(format, client));
  }

  private clientVersion(): ClientVersion {
    const built = typeof SKIFF_BUILT === 'string' ? Number(SKIFF_BUILT) : 0;
    const os = platform();
    return {
      APIVersion: ENGINE_API_VERSION,
      Version: this.config.version,
      NodeVersion: process.version,
      GitCommit: '',
      BuiltTime: ansicTime(new Date(built * 1000)),
      Built: built,
      OsArch: `${os}/${goArch()}`,
      Os: os,
    };
  }
}

function goArch(): string {
  const name = arch();
  if (name === 'ppc64' && endianness() === 'LE') return 'ppc64le';
  return GO_ARCH[name] ?? name;
}
