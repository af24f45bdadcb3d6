import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type * as Interfaces from '@oclif/core/interfaces';
import type { ContainerCreateOptions } from '@skiff/contracts';
import type { PullOnCreate } from '@skiff/core';

import { TransferProgress } from '../../ux/transfer-progress.js';
import { PULL_FLAGS, pullAccess } from '../image/registry-flags.js';
import { networkFlag } from './network-flags.js';

const many = { multiple: true, multipleNonGreedy: true } as const;

/** CREATE_FLAGS are the flags `create` and `run` share, named and spelled as Podman's. */
export const CREATE_FLAGS: Interfaces.FlagInput = {
  name: Flags.string({ description: 'Assign a name to the container' }),
  env: Flags.string({
    char: 'e',
    description: 'Set environment variables in container',
    helpValue: 'stringArray',
    ...many,
  }),
  'env-file': Flags.string({ description: 'Read in a file of environment variables', ...many }),
  workdir: Flags.string({ char: 'w', description: 'Working directory inside the container' }),
  user: Flags.string({
    char: 'u',
    description: 'Username or UID (format: <name|uid>[:<group|gid>])',
  }),
  entrypoint: Flags.string({ description: 'Overwrite the default ENTRYPOINT of the image' }),
  hostname: Flags.string({ char: 'h', description: 'Set container hostname' }),
  'read-only': Flags.boolean({ description: 'Make containers root filesystem read-only' }),
  'cap-add': Flags.string({ description: 'Add capabilities to the container', ...many }),
  'cap-drop': Flags.string({ description: 'Drop capabilities from the container', ...many }),
  privileged: Flags.boolean({ description: 'Give extended privileges to container' }),
  'security-opt': Flags.string({
    description: 'Security Options',
    helpValue: 'stringArray',
    ...many,
  }),
  ulimit: Flags.string({ description: 'Ulimit options', ...many }),
  rm: Flags.boolean({ description: 'Remove container (and pod if created) after exit' }),
  tty: Flags.boolean({ char: 't', description: 'Allocate a pseudo-TTY for container' }),
  interactive: Flags.boolean({ char: 'i', description: 'Keep STDIN open even if not attached' }),
  restart: Flags.string({
    description:
      'Restart policy to apply when a container exits ("always"|"no"|"on-failure"|"unless-stopped")',
  }),
  'stop-signal': Flags.string({ description: 'Signal to stop a container. Default is SIGTERM' }),
  'stop-timeout': Flags.integer({
    helpValue: 'uint',
    defaultHelp: 10,
    description: 'Timeout (in seconds) that containers stopped by user command have to exit',
  }),
  'log-driver': Flags.string({
    description: 'Logging driver for the container ("k8s-file"|"none")',
    defaultHelp: 'k8s-file',
  }),
  'log-opt': Flags.string({ description: 'Logging driver options', ...many }),
  label: Flags.string({
    char: 'l',
    description: 'Set metadata on container',
    helpValue: 'stringArray',
    ...many,
  }),
  'label-file': Flags.string({ description: 'Read in a line delimited file of labels', ...many }),
  volume: Flags.string({
    char: 'v',
    description: 'Bind mount a volume into the container',
    helpValue: 'stringArray',
    ...many,
  }),
  mount: Flags.string({
    description: 'Attach a filesystem mount to the container',
    helpValue: 'stringArray',
    ...many,
  }),
  tmpfs: Flags.string({
    description: 'Mount a temporary filesystem (tmpfs) into a container',
    helpValue: 'tmpfs',
    ...many,
  }),
  network: Flags.string({
    aliases: ['net'],
    description: 'Network mode for the container ("none"|"host")',
    helpValue: 'stringArray',
    ...many,
  }),
  userns: Flags.string({ description: 'User namespace for the container ("host"|"keep-id")' }),
  uidmap: Flags.string({ description: 'UID mapping for the user namespace', ...many }),
  gidmap: Flags.string({ description: 'GID mapping for the user namespace', ...many }),
  subuidname: Flags.string({
    description: "Map container UIDs onto this name's range in /etc/subuid",
  }),
  subgidname: Flags.string({
    description: "Map container GIDs onto this name's range in /etc/subgid",
  }),
  pid: Flags.string({ description: 'PID namespace to use' }),
  ipc: Flags.string({ description: 'IPC namespace to use' }),
  systemd: Flags.string({
    description: 'Run container in systemd mode ("true"|"false"|"always")',
    default: 'true',
  }),
  'seccomp-policy': Flags.string({
    description: 'Policy for selecting a seccomp profile (experimental)',
    default: 'default',
  }),
  ...PULL_FLAGS,
  pull: Flags.string({
    description: 'Pull image policy ("always"|"missing"|"never"|"newer")',
    default: 'missing',
  }),
  quiet: Flags.boolean({
    char: 'q',
    description: 'Suppress output information when pulling images',
  }),
};

/** pullOnCreate reads `--pull` and `-q`; a pull shows its progress on stderr. */
export function pullOnCreate(flags: Record<string, unknown>): PullOnCreate {
  const progress = new TransferProgress('pull', Boolean(flags.quiet));
  return {
    ...pullAccess(flags),
    policy: flags.pull as string,
    onProgress: progress.handle,
    onMessage: progress.message,
  };
}

/** CREATE_ARGS: the image, followed by the container's command and its arguments. */
export const CREATE_ARGS: Interfaces.ArgInput = {
  image: Args.string({ description: 'Image to create the container from', required: true }),
};

/** toCreateOptions turns parsed flags and arguments into the engine's create options. */
export function toCreateOptions(
  flags: Record<string, unknown>,
  image: string,
  command: string[],
): ContainerCreateOptions {
  const list = (name: string) => (flags[name] as string[] | undefined) ?? [];
  const text = (name: string) => flags[name] as string | undefined;
  return {
    image,
    command,
    name: text('name'),
    env: list('env'),
    envFiles: list('env-file'),
    workdir: text('workdir'),
    user: text('user'),
    entrypoint: text('entrypoint'),
    hostname: text('hostname'),
    readOnly: Boolean(flags['read-only']),
    capAdd: list('cap-add').flatMap((v) => v.split(',')),
    capDrop: list('cap-drop').flatMap((v) => v.split(',')),
    privileged: Boolean(flags.privileged),
    securityOpt: list('security-opt'),
    ulimits: list('ulimit'),
    autoRemove: Boolean(flags.rm),
    runtime: text('runtime'),
    tty: Boolean(flags.tty),
    interactive: Boolean(flags.interactive),
    restart: text('restart'),
    stopSignal: text('stop-signal'),
    stopTimeout: flags['stop-timeout'] as number | undefined,
    logDriver: text('log-driver'),
    logOpts: list('log-opt'),
    labels: list('label'),
    labelFiles: list('label-file'),
    volumes: list('volume'),
    mounts: list('mount'),
    tmpfs: list('tmpfs'),
    pid: text('pid'),
    ipc: text('ipc'),
    systemd: text('systemd'),
    seccompPolicy: text('seccomp-policy'),
    network: networkFlag(list('network')),
    userns: text('userns'),
    uidmap: list('uidmap'),
    gidmap: list('gidmap'),
    subuidname: text('subuidname'),
    subgidname: text('subgidname'),
  };
}
