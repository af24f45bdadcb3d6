import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Store } from './harness.js';

const PODMAN = spawnSync('podman', ['--version']).status === 0;
const withPodman = it.skipIf(!PODMAN);
const SKIP_NOTE = PODMAN ? '' : ' (skipped: podman is not installed)';

let store: Store;

beforeAll(() => {
  store = new Store();
});

afterAll(() => store.destroy());

/** podman runs the installed podman for its help texts, which need no store. */
function podman(args: string[]) {
  const result = spawnSync('podman', args, { encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** HelpOutline is the structure of a help page: its section headers and its option rows. */
interface HelpOutline {
  sections: string[];
  usage: string;
  /** Each option's name, with its short form and the word for its value. */
  options: Map<string, { char?: string; type?: string }>;
}

function outline(text: string): HelpOutline {
  const lines = text.split('\n');
  const sections = lines.filter((line) => /^[A-Z][A-Za-z ]+:$/.test(line));
  const usage = lines[lines.indexOf('Usage:') + 1]?.trim() ?? '';
  const options = new Map<string, { char?: string; type?: string }>();
  const start = lines.indexOf('Options:');
  for (const line of start < 0 ? [] : lines.slice(start + 1)) {
    const row = /^ {2}(?:-(\w), )? *--([\w-]+)(?: (\S+))?(?: {2,}|$)/.exec(line);
    if (row) options.set(row[2], { char: row[1], type: row[3] });
  }
  return { sections, usage, options };
}

// A few commands whose flags Skiff and Podman share, and whose types Skiff states as Podman's.
const TYPED = ['run', 'rm', 'logs', 'stop', 'inspect', 'volume create', 'volume rm'];
const COMPARED = [...TYPED, 'ps', 'images', 'container ls', 'rmi', 'tag'];

describe(`help compared with podman's${SKIP_NOTE}`, () => {
  withPodman.each(COMPARED)('%s --help has the same sections, usage and options', (command) => {
    const words = command.split(' ');
    const ours = outline(store.skiff([...words, '--help']).stdout);
    const theirs = outline(podman([...words, '--help']).stdout);

    expect(ours.sections).toEqual(theirs.sections);
    expect(ours.usage.split(' ').slice(0, words.length + 1)).toEqual([
      'skiff',
      ...theirs.usage.split(' ').slice(1, words.length + 1),
    ]);
    for (const [name, option] of ours.options) {
      const podmans = theirs.options.get(name);
      if (!podmans) continue;
      expect({ name, char: option.char }).toEqual({ name, char: podmans.char });
      if (TYPED.includes(command)) expect({ name, ...option }).toEqual({ name, ...podmans });
    }
  });

  withPodman('the top-level help has the same sections and global flags', () => {
    const ours = outline(store.skiff(['--help']).stdout);
    const theirs = outline(podman(['--help']).stdout);

    expect(ours.sections).toEqual(theirs.sections);
    expect(ours.usage).toBe(theirs.usage.replace('podman', 'skiff'));
    for (const name of ['root', 'runroot', 'log-level', 'cgroup-manager', 'runtime', 'help']) {
      expect({ name, ...ours.options.get(name) }).toEqual({ name, ...theirs.options.get(name) });
    }
    expect(ours.options.get('version')).toEqual(theirs.options.get('version'));
  });

  withPodman('an unknown command fails as podman fails, with its suggestions', () => {
    const ours = store.skiff(['bogus']);
    const theirs = podman(['bogus']);

    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr).toBe(theirs.stderr.replaceAll('podman', 'skiff'));
    const group = store.skiff(['container', 'bogus']);
    expect(group.stderr).toBe(podman(['container', 'bogus']).stderr.replaceAll('podman', 'skiff'));
  });

  withPodman('a bare group prints its help and fails with the missing command, as podman', () => {
    const ours = store.skiff(['volume']);
    const theirs = podman(['volume']);

    expect([ours.code, ours.stderr]).toEqual([
      theirs.code,
      theirs.stderr.replace('podman', 'skiff'),
    ]);
    expect(outline(ours.stdout).sections).toEqual(outline(theirs.stdout).sections);
  });
});

describe('help', () => {
  it('prints the top-level help for --help, -h and help, listing commands and groups', () => {
    const help = store.skiff(['--help']);

    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Manage containers, images and volumes\n\nUsage:\n {2}skiff /);
    expect(help.stdout).toMatch(/\n {2}ps {10}List containers\n/);
    expect(help.stdout).toMatch(/\n {2}container {3}Manage containers\n/);
    expect(store.skiff(['-h']).stdout).toBe(help.stdout);
    expect(store.skiff(['help']).stdout).toBe(help.stdout);
  });

  it('prints the top-level help for a bare skiff and fails as podman does', () => {
    const bare = store.skiff([]);

    expect(bare.code).toBe(125);
    expect(bare.stdout).toBe(store.skiff(['--help']).stdout);
    expect(bare.stderr).toBe("Error: missing command 'skiff COMMAND'\n");
  });

  it('shows the same page for help ps, ps --help, ps -h and --help ps', () => {
    const page = store.skiff(['ps', '--help']);

    expect(page.code).toBe(0);
    expect(page.stdout).toMatch(/^List containers\n\nDescription:\n {2}\S/);
    expect(page.stdout).toContain('\nUsage:\n  skiff ps [options]\n');
    expect(page.stdout).toContain('\nExamples:\n  skiff ps -a\n');
    expect(page.stdout).toMatch(/\nOptions:\n {2}-a, --all +Show all the containers/);
    expect(store.skiff(['help', 'ps']).stdout).toBe(page.stdout);
    expect(store.skiff(['ps', '-h']).stdout).toBe(page.stdout);
    expect(store.skiff(['--help', 'ps']).stdout).toBe(page.stdout);
  });

  it("names a group's command as typed, or by its canonical name with its aliases", () => {
    const list = store.skiff(['container', 'ls', '--help']).stdout;

    expect(list).toContain('Usage:\n  skiff container list [options]\n\nAliases:\n  list, ls\n');
    expect(list).toContain('  skiff container list -a\n');
    expect(store.skiff(['container', 'ps', '--help']).stdout).not.toContain('Aliases:');
    expect(store.skiff(['help', 'container', 'list']).stdout).toBe(list);
  });

  it('keeps -h as --hostname for run and create, which list --help instead', () => {
    const run = store.skiff(['run', '-h']);

    expect(run.code).toBe(125);
    expect(run.stderr).toBe('Error: flag needs an argument: --hostname\n');
    const page = store.skiff(['run', '--help']).stdout;
    expect(page).toMatch(/\n {6}--help +\n {2}-h, --hostname string +Set container hostname\n/);
  });

  it('prints a group page for a group, and no page for an unknown help topic', () => {
    const group = store.skiff(['image', '--help']);
    expect(group.stdout).toMatch(/^Manage images\n\nDescription:\n {2}Manage images\n\nUsage:\n/);
    expect(group.stdout).toMatch(/\nAvailable Commands:\n(?: {2}\S+ +.+\n)+/);
    expect(group.stdout).toContain('\n  list        List images in local storage\n');

    const unknown = store.skiff(['help', 'bogus']);
    expect(unknown).toMatchObject({ code: 0, stdout: '' });
    expect(unknown.stderr).toMatch(/^Unknown help topic \[`bogus`\]\nUsage:\n {2}skiff \[options]/);
  });

  it('gives every listed command a page of its own', () => {
    const root = store.skiff(['--help']).stdout;
    const commands = root.split('Available Commands:\n')[1].split('\n\n')[0];
    const listed = commands.split('\n').map((line) => line.trim().split(' ')[0]);

    expect(listed.length).toBeGreaterThan(30);
    for (const name of listed.filter((n) => n !== 'help').slice(0, 12)) {
      const page = store.skiff([name, '--help']);
      expect({ name, code: page.code, usage: page.stdout.includes(`\n  skiff ${name}`) }).toEqual({
        name,
        code: 0,
        usage: true,
      });
    }
  });
});

describe('global flags', () => {
  it('are accepted before and after the command', () => {
    const conf = join(store.dir, 'other.conf');
    writeFileSync(conf, '');
    const flags = [
      ['--log-level', 'warn'],
      ['--cgroup-manager', 'cgroupfs'],
      ['--runtime', 'runc'],
      ['--storage-driver', 'vfs'],
      ['--config', conf],
      ['--root', store.root],
      ['--runroot', store.runroot],
    ];
    for (const flag of flags) {
      expect({ flag, code: store.skiff([...flag, 'ps']).code }).toEqual({ flag, code: 0 });
      expect({ flag, code: store.skiff(['ps', ...flag]).code }).toEqual({ flag, code: 0 });
      expect({ flag, code: store.skiff([`${flag[0]}=${flag[1]}`, 'ps']).code }).toEqual({
        flag,
        code: 0,
      });
    }
  });

  it.each([
    [['--log-level', 'bogus']],
    [['--cgroup-manager', 'systemd']],
    [['--cgroup-manager', 'bogus']],
  ])('reject %j with one Error: line and status 125, before or after the command', (flag) => {
    const before = store.skiff([...flag, 'ps']);
    const after = store.skiff(['ps', ...flag]);

    expect(before).toMatchObject({ code: 125, stdout: '' });
    expect(before.stderr).toMatch(/^Error: [^\n]+\n$/);
    expect(after).toEqual(before);
  });

  withPodman('word a bad --log-level and --cgroup-manager as podman does', () => {
    const level = podman(['--log-level', 'bogus', 'ps']).stderr;
    const manager = podman(['--cgroup-manager', 'bogus', 'ps']).stderr;

    expect(store.skiff(['--log-level', 'bogus', 'ps']).stderr).toBe(`Error: ${level}`);
    expect(store.skiff(['--cgroup-manager', 'bogus', 'ps']).stderr).toBe(manager);
  });

  it('says which flag lacks its value', () => {
    expect(store.skiff(['--root'])).toMatchObject({
      code: 125,
      stderr: 'Error: flag needs an argument: --root\n',
    });
  });

  it('prints the version for --version and -v, as podman does', () => {
    expect(store.skiff(['--version'])).toMatchObject({ code: 0, stdout: 'skiff version 0.1.0\n' });
    expect(store.skiff(['-v']).stdout).toBe('skiff version 0.1.0\n');
    expect(store.skiff(['ps', '--version'])).toMatchObject({ code: 125 });
  });
});
