import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ContextsFile } from './contexts-file.js';

const SAMPLE = [
  '; a comment in the lxc style',
  '# a comment in the shell style',
  '',
  '   process = "system_u:system_r:svirt_lxc_net_t:s0"   ',
  'file = "system_u:object_r:svirt_sandbox_file_t:s0"',
  'ro_file="system_u:object_r:container_ro_file_t:s0"',
  'a line without an equals sign',
  'process = system_u:system_r:container_t:s0',
  'sandbox_kvm_process = "system_u:system_r:svirt_qemu_net_t:s0"',
  'engine_process = ""system_u:system_r:container_engine_t:s0""',
  'value_with_equals = a=b',
].join('\n');

describe('ContextsFile grammar', () => {
  it('skips comments, blank lines and lines without =', () => {
    const entries = ContextsFile.parseEntries(SAMPLE);

    expect([...entries.keys()]).toEqual([
      'process',
      'file',
      'ro_file',
      'sandbox_kvm_process',
      'engine_process',
      'value_with_equals',
    ]);
  });

  it('lets a repeated key override the earlier one', () => {
    expect(ContextsFile.parse(SAMPLE, 'sample').process).toBe('system_u:system_r:container_t:s0');
  });

  it('strips every leading and trailing quote and the surrounding spaces', () => {
    const contexts = ContextsFile.parse(SAMPLE, 'sample');

    expect(contexts.file).toBe('system_u:object_r:svirt_sandbox_file_t:s0');
    expect(contexts.get('engine_process')).toBe('system_u:system_r:container_engine_t:s0');
  });

  it('reads a key written without spaces around =', () => {
    expect(ContextsFile.parse(SAMPLE, 'sample').roFile).toBe(
      'system_u:object_r:container_ro_file_t:s0',
    );
  });

  it('splits at the first = only', () => {
    expect(ContextsFile.parse(SAMPLE, 'sample').get('value_with_equals')).toBe('a=b');
  });

  it('does not treat # after a value as a comment', () => {
    const contexts = ContextsFile.parse('file = u:r:t:s0 # not a comment', 'inline');

    expect(contexts.file).toBe('u:r:t:s0 # not a comment');
  });

  it('accepts CRLF line endings', () => {
    expect(ContextsFile.parse('process = u:r:t:s0\r\nfile = u:r:f:s0\r\n', 'crlf').file).toBe(
      'u:r:f:s0',
    );
  });
});

describe('ContextsFile fallbacks and derived labels', () => {
  it('falls back from ro_file to file, and from init_process and kvm_process to process', () => {
    const contexts = ContextsFile.parse('process = u:r:p_t:s0\nfile = u:r:f_t:s0', 'minimal');

    expect(contexts.roFile).toBe('u:r:f_t:s0');
    expect(contexts.initProcess).toBe('u:r:p_t:s0');
    expect(contexts.kvmProcess).toBe('u:r:p_t:s0');
  });

  it('uses init_process and kvm_process when present', () => {
    const text = 'process=u:r:p_t:s0\ninit_process=u:r:i_t:s0\nkvm_process=u:r:k_t:s0';
    const contexts = ContextsFile.parse(text, 'full');

    expect(contexts.initProcess).toBe('u:r:i_t:s0');
    expect(contexts.kvmProcess).toBe('u:r:k_t:s0');
  });

  it('picks the process label by the kind of first process', () => {
    const text = 'process=u:r:p_t:s0\ninit_process=u:r:i_t:s0\nkvm_process=u:r:k_t:s0';
    const contexts = ContextsFile.parse(text, 'full');

    expect(contexts.processLabelOf('container')).toBe('u:r:p_t:s0');
    expect(contexts.processLabelOf('init')).toBe('u:r:i_t:s0');
    expect(contexts.processLabelOf('kvm')).toBe('u:r:k_t:s0');
  });

  it('derives the privileged mount label from file at s0:c1022,c1023', () => {
    expect(ContextsFile.parse(SAMPLE, 'sample').privilegedMountLabel).toBe(
      'system_u:object_r:svirt_sandbox_file_t:s0:c1022,c1023',
    );
  });

  it('gives the privileged level even to a file label without a level', () => {
    expect(ContextsFile.parse('file = u:r:f_t', 'no-mls').privilegedMountLabel).toBe(
      'u:r:f_t:s0:c1022,c1023',
    );
  });

  it('has no privileged mount label when file is missing or malformed', () => {
    expect(ContextsFile.parse('process = u:r:p_t:s0', 'no-file').privilegedMountLabel).toBe('');
    expect(ContextsFile.parse('file = broken', 'bad').privilegedMountLabel).toBe('');
  });

  it('returns empty strings for labels the file lacks', () => {
    const contexts = ContextsFile.parse('', 'empty');

    expect([contexts.process, contexts.file, contexts.roFile]).toEqual(['', '', '']);
  });

  it('holds the container-selinux defaults when built in', () => {
    const contexts = ContextsFile.builtin();

    expect(contexts.process).toBe('system_u:system_r:container_t:s0');
    expect(contexts.file).toBe('system_u:object_r:container_file_t:s0');
    expect(contexts.roFile).toBe('system_u:object_r:container_ro_file_t:s0');
    expect(contexts.kvmProcess).toBe('system_u:system_r:container_kvm_t:s0');
    expect(contexts.initProcess).toBe('system_u:system_r:container_init_t:s0');
    expect(contexts.get('engine_process')).toBe('system_u:system_r:container_engine_t:s0');
    expect(contexts.privilegedMountLabel).toBe('system_u:object_r:container_file_t:s0:c1022,c1023');
  });
});

describe('ContextsFile lookup', () => {
  let dir: string;
  let locations: { containersPath: string; selinuxDir: string };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-contexts-'));
    locations = {
      containersPath: join(dir, 'containers', 'contexts'),
      selinuxDir: join(dir, 'selinux'),
    };
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writePolicyFile(policy: string, text: string): Promise<void> {
    await mkdir(join(locations.selinuxDir, policy, 'contexts'), { recursive: true });
    await writeFile(join(locations.selinuxDir, policy, 'contexts', 'lxc_contexts'), text);
  }

  it('prefers the container-selinux file over the policy file', async () => {
    await mkdir(join(dir, 'containers'));
    await writeFile(locations.containersPath, 'process = "u:r:first_t:s0"\n');
    await writePolicyFile('', 'process = u:r:second_t:s0\n');

    const contexts = await ContextsFile.load(locations);

    expect(contexts.process).toBe('u:r:first_t:s0');
    expect(contexts.source).toBe(locations.containersPath);
  });

  it('falls back to lxc_contexts of the SELINUXTYPE named in the SELinux config', async () => {
    await writePolicyFile('mls', 'process = u:r:mls_t:s0\n');
    await writePolicyFile('targeted', 'process = u:r:targeted_t:s0\n');
    await writeFile(
      join(locations.selinuxDir, 'config'),
      '# config\nSELINUX=enforcing\nSELINUXTYPE="targeted"\n',
    );

    const contexts = await ContextsFile.load(locations);

    expect(contexts.process).toBe('u:r:targeted_t:s0');
    expect(contexts.source).toBe(
      join(locations.selinuxDir, 'targeted', 'contexts', 'lxc_contexts'),
    );
  });

  it('looks in the policy root itself when the config names no type', async () => {
    await writePolicyFile('', 'process = u:r:root_t:s0\n');

    expect((await ContextsFile.load(locations)).process).toBe('u:r:root_t:s0');
  });

  it('lists the candidates in lookup order', async () => {
    await mkdir(locations.selinuxDir, { recursive: true });
    await writeFile(join(locations.selinuxDir, 'config'), 'SELINUXTYPE=targeted\n');

    expect(await ContextsFile.candidates(locations)).toEqual([
      locations.containersPath,
      join(locations.selinuxDir, 'targeted', 'contexts', 'lxc_contexts'),
    ]);
  });

  it('uses the container-selinux defaults when no file exists', async () => {
    const contexts = await ContextsFile.load(locations);

    expect(contexts.source).toBe('built-in');
    expect(contexts.process).toBe('system_u:system_r:container_t:s0');
  });
});
