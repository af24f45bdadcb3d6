import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { endianness } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';

import { InvalidContainerState, OciRuntime, StorageError } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { scopedPath } from '../spec/scoped-path.js';
import type { StoredContainer } from '../state/container-store.js';
import { ContainerExec } from './container-exec.js';
import { ContainerPaths } from './container-paths.js';
import { readRunningSpec } from './running-spec.js';

const debug = createDebug('skiff:core:top');

/**
 * TopReport is what `skiff top` prints: rows of cells, the first of them the header. When
 * ps(1) ran in the container instead, each of its lines is a row of one cell.
 */
export interface TopReport {
  rows: string[][];
}

/**
 * ProcessInfo is what /proc tells of one process of a container, read on the host: the fields
 * of `stat` after the command name, `status` by key, the arguments, and the security label.
 */
export interface ProcessInfo {
  hostPid: number;
  /** The process is in the container's cgroup; zombies have left it and have no host data. */
  inCgroup: boolean;
  comm: string;
  stat: string[];
  status: Map<string, string[]>;
  cmdline: string[];
  label: string;
}

/**
 * TopView is what turns a process's raw ids and times into what Podman shows: the pids as the
 * container sees them, user and group names on either side, and the clock.
 */
export interface TopView {
  /** containerPid returns a host pid as the container's pid namespace numbers it, or 0. */
  containerPid(hostPid: number): number;
  users: IdNames;
  groups: IdNames;
  hostUsers: IdNames;
  hostGroups: IdNames;
  clock: TopClock;
}

/** TopClock is the host's boot time, tick rate and wall clock, in the units /proc uses. */
export interface TopClock {
  bootTime: number;
  ticks: number;
  nowMs(): number;
}

/** TopDescriptor is one column `skiff top` can show, by its name or its AIX code. */
export interface TopDescriptor {
  name: string;
  code?: string;
  header: string;
  value(process: ProcessInfo, view: TopView): string;
}

/** The descriptors Podman shows when none are given, as `ps -ef` does. */
export const DEFAULT_DESCRIPTORS: readonly string[] = [
  'user',
  'pid',
  'ppid',
  'pcpu',
  'etime',
  'tty',
  'time',
  'args',
];

// Fields of /proc/<pid>/stat, counted from the state (field 3 in proc(5)).
const STAT_PPID = 1;
const STAT_TTY = 4;
const STAT_UTIME = 11;
const STAT_STIME = 12;
const STAT_NICE = 16;
const STAT_START = 19;
const STAT_VSIZE = 20;

// Real and effective ids, in the order of the `Uid:` and `Gid:` lines of status.
const REAL = 0;
const EFFECTIVE = 1;

/**
 * DESCRIPTORS are the columns of Podman 4.3.1's `top` (its vendored psgo): a table, long on
 * purpose. `%g` and `%u` are the real group and user, `%G` and `%U` the effective ones.
 */
export const DESCRIPTORS: readonly TopDescriptor[] = [
  { name: 'pcpu', code: '%C', header: '%CPU', value: (p, v) => cpuPercent(p, v.clock) },
  { name: 'group', code: '%G', header: 'GROUP', value: (p, v) => groupOf(p, v, EFFECTIVE) },
  { name: 'groups', header: 'GROUPS', value: (p, v) => groupList(p, v) },
  { name: 'ppid', code: '%P', header: 'PPID', value: (p, v) => parentPid(p, v) },
  { name: 'user', code: '%U', header: 'USER', value: (p, v) => userOf(p, v, EFFECTIVE) },
  { name: 'args', code: '%a', header: 'COMMAND', value: (p) => commandLine(p) },
  { name: 'comm', code: '%c', header: 'COMMAND', value: (p) => p.comm },
  { name: 'rgroup', code: '%g', header: 'RGROUP', value: (p, v) => groupOf(p, v, REAL) },
  { name: 'nice', code: '%n', header: 'NI', value: (p) => p.stat[STAT_NICE] ?? '' },
  { name: 'pid', code: '%p', header: 'PID', value: (p) => String(namespacePid(p)) },
  { name: 'pgid', code: '%r', header: 'PGID', value: (p) => groupLeader(p) },
  { name: 'etime', code: '%t', header: 'ELAPSED', value: (p, v) => elapsed(p, v.clock) },
  { name: 'ruser', code: '%u', header: 'RUSER', value: (p, v) => userOf(p, v, REAL) },
  { name: 'time', code: '%x', header: 'TIME', value: (p, v) => cpuTime(p, v.clock) },
  { name: 'tty', code: '%y', header: 'TTY', value: (p) => ttyName(Number(p.stat[STAT_TTY])) },
  { name: 'vsz', code: '%z', header: 'VSZ', value: (p) => kibibytes(p.stat[STAT_VSIZE]) },
  { name: 'capamb', header: 'AMBIENT CAPS', value: (p) => capabilityField(p, 'CapAmb') },
  { name: 'capinh', header: 'INHERITED CAPS', value: (p) => capabilityField(p, 'CapInh') },
  { name: 'capprm', header: 'PERMITTED CAPS', value: (p) => capabilityField(p, 'CapPrm') },
  { name: 'capeff', header: 'EFFECTIVE CAPS', value: (p) => capabilityField(p, 'CapEff') },
  { name: 'capbnd', header: 'BOUNDING CAPS', value: (p) => capabilityField(p, 'CapBnd') },
  { name: 'seccomp', header: 'SECCOMP', value: (p) => seccompMode(p) },
  { name: 'label', header: 'LABEL', value: (p) => p.label },
  { name: 'hpid', header: 'HPID', value: onHost((p) => String(p.hostPid)) },
  { name: 'huser', header: 'HUSER', value: onHost(hostUser) },
  { name: 'hgroup', header: 'HGROUP', value: onHost(hostGroup) },
  { name: 'hgroups', header: 'HGROUPS', value: onHost(hostGroupList) },
  { name: 'rss', header: 'RSS', value: (p) => p.status.get('VmRSS:')?.[0] ?? '0' },
  { name: 'state', header: 'STATE', value: (p) => p.status.get('State:')?.[0] ?? '' },
  { name: 'stime', header: 'STIME', value: (p, v) => startTime(p, v.clock) },
];

/**
 * findDescriptors turns `top`'s arguments into columns: each argument may list several,
 * separated by commas, and none at all means the defaults. It returns undefined when one is
 * not a descriptor, which is Podman's cue to run ps(1) in the container instead.
 */
export function findDescriptors(args: readonly string[]): TopDescriptor[] | undefined {
  const names = args.flatMap((arg) => arg.split(',')).filter((name) => name !== '');
  const wanted = names.length > 0 ? names : DEFAULT_DESCRIPTORS;
  const found: TopDescriptor[] = [];
  for (const name of wanted.map((n) => n.trim())) {
    const descriptor = DESCRIPTORS.find((d) => d.name === name || d.code === name);
    if (!descriptor) return undefined;
    found.push(descriptor);
  }
  return found;
}

/**
 * ContainerTop lists the processes of a running container as `podman top` does. It reads
 * /proc on the host for the pids the runtime reports, and names users and groups from the
 * container's own passwd and group files (the `h` descriptors from the host's).
 */
export class ContainerTop {
  private readonly paths: ContainerPaths;

  constructor(private readonly ctx: EngineContext) {
    this.paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  }

  async top(container: StoredContainer, args: readonly string[]): Promise<TopReport> {
    if (container.state.status !== 'running') {
      throw new InvalidContainerState('top can only be used on running containers');
    }

    const descriptors = findDescriptors(args);
    if (!descriptors) {
      debug('%s: %o holds an unknown descriptor, running ps(1)', container.id, args);
      return this.containerPs(container, args);
    }

    const processes = readProcesses(withZombies(await this.hostPids(container)));
    const view = this.viewOf(container, processes);
    const rows = processes.map((p) => descriptors.map((d) => d.value(p, view)));
    return { rows: [descriptors.map((d) => d.header), ...rows] };
  }

  private async hostPids(container: StoredContainer): Promise<number[]> {
    const provider = await this.ctx.runtimeProvider();
    const runtime = await provider.locate(container.runtime);
    return provider.processes(runtime, container.id);
  }

  private viewOf(container: StoredContainer, processes: ProcessInfo[]): TopView {
    const rootfs = readRunningSpec(this.paths, container.id).root?.path ?? '';
    const inside = new Map(processes.map((p) => [p.hostPid, namespacePid(p)]));
    return {
      containerPid: (hostPid) => inside.get(hostPid) ?? 0,
      users: IdNames.read(scopedPath(rootfs, 'etc/passwd')),
      groups: IdNames.read(scopedPath(rootfs, 'etc/group')),
      hostUsers: IdNames.read('/etc/passwd'),
      hostGroups: IdNames.read('/etc/group'),
      clock: hostClock(),
    };
  }

  /**
   * containerPs runs `ps ARGS...` in the container and returns its lines, less those that
   * show the ps command itself, as Podman does for arguments psgo does not know (`-ef`).
   */
  private async containerPs(
    container: StoredContainer,
    args: readonly string[],
  ): Promise<TopReport> {
    const ps = await this.execPs(container, args);
    if (ps.exitCode !== 0) {
      const output = scanLines(ps.stderr).join(' ');
      const cause = new OciRuntime(
        `runtime failed with exit status: ${ps.exitCode} and output: ${output}`,
        ps.stderr,
      );
      throw new OciRuntime(PS_FAILED, ps.stderr, { cause });
    }

    const typed = args.join(' ');
    const lines = scanLines(ps.stdout).filter((line) => !line.includes(typed));
    return { rows: lines.map((line) => [line]) };
  }

  private async execPs(container: StoredContainer, args: readonly string[]) {
    const stdout = new TextSink();
    const stderr = new TextSink();
    const options = { command: ['ps', ...args], env: [], tty: false, interactive: false };
    try {
      const streams = { stdout, stderr, detachKeys: [] };
      const exec = new ContainerExec(this.ctx);
      const report = await exec.exec(container, { ...options, detach: false }, streams);
      return { exitCode: report.exitCode ?? 0, stdout: stdout.text(), stderr: stderr.text() };
    } catch (error) {
      // Podman gives its engine status here, even when ps(1) is not found (127 for exec).
      throw new OciRuntime(PS_FAILED, '', { cause: error });
    }
  }
}

const PS_FAILED = 'executing ps(1) in the container';

/** TextSink keeps what is written to it, for the output of a ps(1) run in the container. */
class TextSink extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** scanLines splits output into lines as Go's line scanner does: no empty last line, no CR. */
export function scanLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.replace(/\r$/, ''));
}

/** IdNames maps numeric user or group ids to the names a passwd or group file gives them. */
export class IdNames {
  constructor(private readonly names: ReadonlyMap<number, string>) {}

  /** read parses a passwd or group file; a missing file names nothing. */
  static read(file: string): IdNames {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      debug('no %s; ids stay numeric', file);
    }
    return IdNames.parse(text);
  }

  static parse(text: string): IdNames {
    const names = new Map<number, string>();
    for (const line of text.split('\n')) {
      const fields = line.trim().split(':');
      if (fields.length < 3 || line.startsWith('#') || !/^\d+$/.test(fields[2])) continue;
      const id = Number(fields[2]);
      // The first entry for an id names it, as a lookup that stops at the first match.
      if (!names.has(id)) names.set(id, fields[0]);
    }
    return new IdNames(names);
  }

  /** name returns the name of `id`, or the id itself when the file does not name it. */
  name(id: string | number): string {
    return this.names.get(Number(id)) ?? String(id);
  }
}

/** HostPid is a host pid to list, and whether the runtime listed it in the container's cgroup. */
export interface HostPid {
  pid: number;
  inCgroup: boolean;
}

/**
 * withZombies adds the zombie children of the runtime's pids: an exited process leaves its
 * cgroup but stays in the pid namespace, where Podman finds it, until its parent reaps it.
 */
export function withZombies(pids: readonly number[]): HostPid[] {
  const listed = new Set(pids);
  const found: HostPid[] = pids.map((pid) => ({ pid, inCgroup: true }));
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || listed.has(pid)) continue;
    const fields = statFields(pid);
    if (fields?.[0] === 'Z' && listed.has(Number(fields[STAT_PPID]))) {
      found.push({ pid, inCgroup: false });
    }
  }
  return found;
}

function statFields(pid: number): string[] | undefined {
  try {
    return splitStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).fields;
  } catch {
    return undefined;
  }
}

/** splitStat separates /proc/<pid>/stat's command name, which may hold spaces and parentheses. */
function splitStat(stat: string): { comm: string; fields: string[] } {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  return {
    comm: stat.slice(open + 1, close),
    fields: stat
      .slice(close + 1)
      .trim()
      .split(/\s+/),
  };
}

/**
 * readProcesses reads /proc for each host pid, in the container's pid order. A process that
 * ends meanwhile is left out, as ps(1) leaves it out.
 */
export function readProcesses(hostPids: readonly HostPid[]): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const { pid, inCgroup } of hostPids) {
    try {
      processes.push(readProcess(pid, inCgroup));
    } catch (error) {
      if (!isGone(error)) throw new StorageError(`reading /proc/${pid}`, { cause: error });
    }
  }
  return processes.sort((a, b) => namespacePid(a) - namespacePid(b));
}

/** readProcess reads one process's stat, status, cmdline and label under /proc. */
export function readProcess(pid: number, inCgroup = true): ProcessInfo {
  const dir = `/proc/${pid}`;
  const { comm, fields } = splitStat(readFileSync(`${dir}/stat`, 'utf8'));
  return {
    hostPid: pid,
    inCgroup,
    comm,
    stat: fields,
    status: parseStatus(readFileSync(`${dir}/status`, 'utf8')),
    cmdline: readFileSync(`${dir}/cmdline`, 'utf8').split('\0'),
    label: readLabel(pid),
  };
}

/** parseStatus maps each `Key:` of /proc/<pid>/status to the words that follow it. */
export function parseStatus(text: string): Map<string, string[]> {
  const status = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const [key, ...values] = line.trim().split(/\s+/);
    if (key) status.set(key, values);
  }
  return status;
}

/** readLabel is the process's LSM label, or `?` where the host has no labelling. */
function readLabel(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/attr/current`, 'utf8').replace(/^\n+|\n+$/g, '');
  } catch (error) {
    if (isGone(error)) throw error;
    return '?';
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH';
}

/** namespacePid is the pid in the innermost pid namespace: the last of `NSpid:`. */
function namespacePid(p: ProcessInfo): number {
  const ids = p.status.get('NSpid:') ?? [String(p.hostPid)];
  return Number(ids[ids.length - 1]);
}

function parentPid(p: ProcessInfo, view: TopView): string {
  return String(view.containerPid(Number(p.stat[STAT_PPID])));
}

/** groupLeader is the process group as the container sees it; 0 when the leader is outside. */
function groupLeader(p: ProcessInfo): string {
  const ids = p.status.get('NSpgid:');
  return ids ? ids[ids.length - 1] : '0';
}

/**
 * containerId maps a host id of `Uid:` or `Gid:` into the process's user namespace through
 * its uid_map or gid_map; ids it does not map show as the kernel's overflow id.
 */
function containerId(p: ProcessInfo, key: 'Uid:' | 'Gid:', which: number): number {
  const id = Number(p.status.get(key)?.[which] ?? 0);
  if (inOurUserNamespace(p.hostPid)) return id;
  const file = key === 'Uid:' ? 'uid_map' : 'gid_map';
  let map = '';
  try {
    map = readFileSync(`/proc/${p.hostPid}/${file}`, 'utf8');
  } catch {
    return id;
  }
  for (const line of map.trim().split('\n')) {
    const [inside, outside, count] = line.trim().split(/\s+/).map(Number);
    if (id >= outside && id < outside + count) return inside + (id - outside);
  }
  return OVERFLOW_ID;
}

const OVERFLOW_ID = 65534;

/** A process in our own user namespace needs no mapping, and its uid_map maps to the parent. */
function inOurUserNamespace(pid: number): boolean {
  try {
    return readlinkSync(`/proc/${pid}/ns/user`) === readlinkSync('/proc/self/ns/user');
  } catch {
    return true;
  }
}

/** onHost gives `?` for a process without host data, as Podman does for zombies. */
function onHost(value: TopDescriptor['value']): TopDescriptor['value'] {
  return (p, view) => (p.inCgroup ? value(p, view) : '?');
}

function hostUser(p: ProcessInfo, view: TopView): string {
  return view.hostUsers.name(p.status.get('Uid:')?.[EFFECTIVE] ?? '0');
}

function hostGroup(p: ProcessInfo, view: TopView): string {
  return view.hostGroups.name(p.status.get('Gid:')?.[EFFECTIVE] ?? '0');
}

/** hostGroupList stays numeric, as Podman 4.3.1 running as root leaves host groups. */
function hostGroupList(p: ProcessInfo): string {
  return (p.status.get('Groups:') ?? []).join(',');
}

function userOf(p: ProcessInfo, view: TopView, which: number): string {
  return view.users.name(containerId(p, 'Uid:', which));
}

function groupOf(p: ProcessInfo, view: TopView, which: number): string {
  return view.groups.name(containerId(p, 'Gid:', which));
}

function groupList(p: ProcessInfo, view: TopView): string {
  const groups = p.status.get('Groups:') ?? [];
  return groups.map((gid) => view.groups.name(gid)).join(',');
}

/** commandLine is the arguments joined by spaces, or `[name]` when there are none (zombies). */
function commandLine(p: ProcessInfo): string {
  // The final NUL of cmdline leaves an empty last argument, hence Podman's trailing space.
  if (p.cmdline[0] === '') {
    return `[${p.status.get('Name:')?.[0] ?? p.comm}]`;
  }
  return p.cmdline.join(' ');
}

function seccompMode(p: ProcessInfo): string {
  const modes: Record<string, string> = { '0': 'disabled', '1': 'strict', '2': 'filter' };
  return modes[p.status.get('Seccomp:')?.[0] ?? ''] ?? '?';
}

function kibibytes(bytes: string | undefined): string {
  return String(Math.floor(Number(bytes ?? 0) / 1024));
}

/** startSeconds is when the process started, in whole seconds since the epoch. */
function startSeconds(p: ProcessInfo, clock: TopClock): number {
  return clock.bootTime + Math.floor(Number(p.stat[STAT_START]) / clock.ticks);
}

/** elapsedNanoseconds is the time since the (whole-second) start, to the clock's precision. */
function elapsedNanoseconds(p: ProcessInfo, clock: TopClock): number {
  return Math.round((clock.nowMs() - startSeconds(p, clock) * 1000) * 1e6);
}

/** cpuSeconds is the user and system time in whole seconds, as psgo truncates it. */
function cpuSeconds(p: ProcessInfo, clock: TopClock): number {
  const ticks = Number(p.stat[STAT_UTIME]) + Number(p.stat[STAT_STIME]);
  return Math.floor(ticks / clock.ticks);
}

function startTime(p: ProcessInfo, clock: TopClock): string {
  return goTime(new Date(startSeconds(p, clock) * 1000));
}

function elapsed(p: ProcessInfo, clock: TopClock): string {
  return goDuration(elapsedNanoseconds(p, clock));
}

function cpuTime(p: ProcessInfo, clock: TopClock): string {
  return goDuration(cpuSeconds(p, clock) * 1e9);
}

function cpuPercent(p: ProcessInfo, clock: TopClock): string {
  return goFixed3((100 * cpuSeconds(p, clock)) / (elapsedNanoseconds(p, clock) / 1e9));
}

/** goFixed3 formats as Go's `FormatFloat(x, 'f', 3, 64)`, infinities and NaN included. */
export function goFixed3(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return value.toFixed(3);
}

/**
 * goDuration formats nanoseconds as Go's `time.Duration` prints them: `0s`, `1.5ms`,
 * `5.906637389s`, `1m5s`, `2h0m3s`.
 */
export function goDuration(nanoseconds: number | bigint): string {
  let ns = BigInt(nanoseconds);
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  if (ns < 0n) ns = -ns;

  if (ns < 1_000n) return `${sign}${ns}ns`;
  if (ns < 1_000_000n) return `${sign}${decimal(ns, 3)}µs`;
  if (ns < 1_000_000_000n) return `${sign}${decimal(ns, 6)}ms`;

  const seconds = decimal(ns % 60_000_000_000n, 9);
  const minutes = (ns / 60_000_000_000n) % 60n;
  const hours = ns / 3_600_000_000_000n;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** decimal writes `value / 10^digits` with the fraction's trailing zeros dropped. */
function decimal(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const fraction = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return fraction ? `${value / scale}.${fraction}` : `${value / scale}`;
}

/** goTime formats a local time as Go's `time.Time` prints one: `2024-05-01 10:00:00 +0000 UTC`. */
export function goTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${day} ${time} ${zone} ${zoneName(date, offset)}`;
}

// Making a formatter costs milliseconds, which would show in the next process's ELAPSED. A
// formatter keeps the zone it was made in, so they are kept by TZ.
const zoneFormats = new Map<string, Intl.DateTimeFormat[]>();

/**
 * zoneName is the local zone's abbreviation (`UTC`, `CET`). Go reads it from tzdata; Intl is
 * the nearest Node has, and gives `GMT+1` in some locales, so two are tried before falling
 * back to the numeric form tzdata uses for zones without a name (`+03`).
 */
function zoneName(date: Date, offsetMinutes: number): string {
  const tz = process.env.TZ ?? '';
  const formats =
    zoneFormats.get(tz) ??
    ['en-US', 'en-GB'].map((locale) => new Intl.DateTimeFormat(locale, { timeZoneName: 'short' }));
  zoneFormats.set(tz, formats);
  for (const format of formats) {
    const parts = format.formatToParts(date);
    const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name)) return name;
  }
  if (offsetMinutes === 0) return 'UTC';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = Math.abs(offsetMinutes) % 60;
  return `${offsetMinutes < 0 ? '-' : '+'}${hours}${minutes ? String(minutes).padStart(2, '0') : ''}`;
}

/**
 * ttyName names a controlling terminal from its device number as it appears under /dev, or
 * `?` for none: `pts/0`, `tty1`, `ttyS0`, `console`.
 */
export function ttyName(device: number): string {
  const major = (device >>> 8) & 0xfff;
  const minor = (device & 0xff) | ((device >>> 12) & 0xfff00);
  // Unix98 pseudo-terminals take majors 136 to 143, 256 minors each.
  if (major >= 136 && major <= 143) return `pts/${(major - 136) * 256 + minor}`;
  if (major === 4) return minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
  if (major === 5) return ['tty', 'console', 'ptmx'][minor] ?? '?';
  return '?';
}

/**
 * CAPABILITIES are the capability names Podman 4.3.1 knows, by bit. Later ones (PERFMON, BPF,
 * CHECKPOINT_RESTORE) it shows as `unknown`, and `full` only means all of these.
 */
const CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
];

const ALL_KNOWN = (1n << BigInt(CAPABILITIES.length)) - 1n;

function capabilityField(p: ProcessInfo, key: string): string {
  return capabilityNames(p.status.get(`${key}:`)?.[0] ?? '0');
}

/** capabilityNames lists a hexadecimal capability mask as Podman does: sorted, `none`, `full`. */
export function capabilityNames(hexMask: string): string {
  const mask = BigInt(`0x${hexMask}`);
  if (mask === ALL_KNOWN) return 'full';
  const names: string[] = [];
  for (let bit = 0n; mask >> bit > 0n; bit++) {
    if ((mask >> bit) & 1n) names.push(CAPABILITIES[Number(bit)] ?? 'unknown');
  }
  return names.length > 0 ? names.sort().join(',') : 'none';
}

/** hostClock reads the boot time and tick rate once, for the processes of one listing. */
function hostClock(): TopClock {
  return {
    bootTime: bootTime(),
    ticks: clockTicks(),
    nowMs: () => performance.timeOrigin + performance.now(),
  };
}

function bootTime(): number {
  const stat = readFileSync('/proc/stat', 'utf8');
  const line = stat.split('\n').find((l) => l.startsWith('btime '));
  if (!line) throw new StorageError('no btime in /proc/stat');
  return Number(line.split(/\s+/)[1]);
}

/** The kernel's AT_CLKTCK entry of the auxiliary vector: sysconf(_SC_CLK_TCK). */
const AT_CLKTCK = 17n;
const USUAL_TICKS = 100;

/** clockTicks reads the tick rate of /proc's times from the auxiliary vector, which Node lacks. */
function clockTicks(): number {
  let auxv: Buffer;
  try {
    auxv = readFileSync('/proc/self/auxv');
  } catch {
    return USUAL_TICKS;
  }
  const word = WORD_BYTES[process.arch] ?? 8;
  const read = (at: number) => readWord(auxv, at, word);
  for (let at = 0; at + 2 * word <= auxv.length; at += 2 * word) {
    if (read(at) === AT_CLKTCK) return Number(read(at + word)) || USUAL_TICKS;
  }
  return USUAL_TICKS;
}

/** Architectures whose auxiliary vector has 4-byte words; the rest have 8. */
const WORD_BYTES: Partial<Record<string, number>> = { arm: 4, ia32: 4 };

function readWord(buffer: Buffer, at: number, word: number): bigint {
  const little = endianness() === 'LE';
  if (word === 4) return BigInt(little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at));
  return little ? buffer.readBigUInt64LE(at) : buffer.readBigUInt64BE(at);
}
