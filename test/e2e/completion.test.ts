import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPO, Store } from './harness.js';

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const ZSH = has('zsh');
const FISH = has('fish');

let store: Store;
let scope: string;

beforeAll(() => {
  store = new Store();
  store.importBusybox();
  expect(store.skiff(['create', '--name', 'web', 'localhost/busybox', 'true']).code).toBe(0);
  expect(store.skiff(['volume', 'create', 'data']).code).toBe(0);
  scope = `--root ${store.root} --runroot ${store.runroot}`;
});

afterAll(() => store.destroy());

const env = () => ({
  ...process.env,
  PATH: `${join(REPO, 'bin')}:${process.env.PATH}`,
  CONTAINERS_CONF: store.conf,
});

/**
 * bash loads `skiff completion bash` into a plain bash and runs `setup`, then the completion
 * function as bash would on Tab, and returns what it offered, one candidate a line.
 */
function bash(setup: string, cwd = REPO): string[] {
  const program = [
    'source <(skiff completion bash) || exit 99',
    setup,
    '_skiff',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], {
    encoding: 'utf8',
    env: env(),
    cwd,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.split('\n').filter(Boolean);
}

/** complete is what bash offers with the cursor at the end of `line`. */
function complete(line: string): string[] {
  const quoted = `'${line.replaceAll("'", "'\\''")}'`;
  return bash(`COMP_LINE=${quoted}; COMP_POINT=\${#COMP_LINE}`);
}

describe('bash completion', () => {
  it('registers its function for skiff', () => {
    expect(bash('complete -p skiff; exit 0')).toEqual(['complete -F _skiff skiff']);
  });

  it('completes command names at the top and in a group', () => {
    expect(complete('skiff ins')).toEqual(['inspect']);
    expect(complete('skiff container l')).toEqual(['list', 'logs']);
    expect(complete('skiff help vol')).toEqual(['volume']);
  });

  it("offers the store's containers to container commands", () => {
    for (const command of ['rm', 'logs', 'start', 'stop', 'inspect', 'container exists']) {
      expect({ command, offered: complete(`skiff ${scope} ${command} `) }).toMatchObject({
        command,
        offered: expect.arrayContaining(['web']),
      });
    }
    expect(complete(`skiff ${scope} logs w`)).toEqual(['web']);
    // Ids are offered once something is typed.
    const id = store.skiff(['inspect', '--format', 'json', 'web']).stdout.match(/"Id": "(\w{12})/);
    expect(complete(`skiff ${scope} rm ${id?.[1].slice(0, 4)}`)).toEqual([id?.[1]]);
  });

  it("offers images for run's image and image commands, and volumes to volume commands", () => {
    expect(complete(`skiff ${scope} run --rm -e A=1 localhost/bu`)).toEqual([
      'localhost/busybox:latest',
    ]);
    // Bash replaces only what follows the last colon of the word.
    expect(complete(`skiff ${scope} create localhost/busybox:l`)).toEqual(['latest']);
    expect(complete(`skiff ${scope} rmi `)).toContain('localhost/busybox:latest');
    expect(complete(`skiff ${scope} image history local`)).toEqual(['localhost/busybox:latest']);
    expect(complete(`skiff ${scope} volume rm `)).toEqual(['data']);
  });

  it('completes flag names and the values of global flags', () => {
    expect(complete('skiff rm --f')).toEqual(['--force']);
    expect(complete('skiff --log-level d')).toEqual(['debug']);
    expect(complete('skiff --log-level=w')).toEqual(['warn', 'warning']);
  });

  it("offers file names for the container's command after run's image", () => {
    const dir = join(store.dir, 'files');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), '');
    const line = `skiff ${scope} run localhost/busybox `;
    const offered = bash(`COMP_LINE='${line}'; COMP_POINT=\${#COMP_LINE}`, dir);
    expect(offered).toEqual(['notes.txt']);
  });

  it('works from COMP_WORDS alone, as a caller that sets no COMP_LINE', () => {
    expect(bash('unset COMP_LINE; COMP_WORDS=(skiff ins); COMP_CWORD=1')).toEqual(['inspect']);
  });
});

describe('the completion protocol', () => {
  it('ends the candidates with a directive line, as cobra does', () => {
    const result = store.skiff(['__complete', 'rm', '']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('web\n:4\n');
    expect(store.skiff(['__complete', 'ps', '--al']).stdout).toBe(
      '--all\tShow all the containers, default is only running containers\n:4\n',
    );
  });

  it('rejects a shell it has no script for, as podman does', () => {
    expect(store.skiff(['completion', 'tcsh'])).toMatchObject({
      code: 125,
      stderr: 'Error: invalid argument "tcsh" for "skiff completion"\n',
    });
  });
});

describe('zsh and fish scripts', () => {
  it.skipIf(!ZSH)(`are valid zsh${ZSH ? '' : ' (skipped: zsh is not installed)'}`, () => {
    const script = store.skiff(['completion', 'zsh']).stdout;
    const result = spawnSync('zsh', ['-n'], { input: script, encoding: 'utf8' });
    expect(result).toMatchObject({ status: 0, stderr: '' });
  });

  it.skipIf(!FISH)(`are valid fish${FISH ? '' : ' (skipped: fish is not installed)'}`, () => {
    const script = store.skiff(['completion', 'fish']).stdout;
    const result = spawnSync('fish', ['--no-execute'], { input: script, encoding: 'utf8' });
    expect(result).toMatchObject({ status: 0, stderr: '' });
  });

  it('name the program in their definitions', () => {
    expect(store.skiff(['completion', 'zsh']).stdout).toMatch(/^#compdef skiff\n/);
    expect(store.skiff(['completion', 'fish']).stdout).toContain(
      "complete -c skiff -f -a '(__skiff_complete)'",
    );
  });
});
