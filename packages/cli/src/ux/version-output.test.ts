import { describe, expect, it } from 'vitest';

import {
  ansicTime,
  renderVersion,
  renderVersionTemplate,
  versionJson,
  type ClientVersion,
} from './version-output.js';

const CLIENT: ClientVersion = {
  APIVersion: '1.2.0',
  Version: '0.1.0',
  NodeVersion: 'v20.20.0',
  GitCommit: '',
  BuiltTime: 'Thu Jan  1 00:00:00 1970',
  Built: 0,
  OsArch: 'linux/amd64',
  Os: 'linux',
};

describe('renderVersion', () => {
  it("aligns the values where Podman's client section has them", () => {
    expect(renderVersion(CLIENT)).toBe(
      'Client:       Skiff Engine\n' +
        'Version:      0.1.0\n' +
        'API Version:  1.2.0\n' +
        'Node Version: v20.20.0\n' +
        'Built:        Thu Jan  1 00:00:00 1970\n' +
        'OS/Arch:      linux/amd64\n',
    );
  });

  it('shows a git commit only when the build knows one', () => {
    expect(renderVersion({ ...CLIENT, GitCommit: 'abc123' })).toContain('\nGit Commit:   abc123\n');
  });
});

describe('versionJson', () => {
  it('puts the client under "Client" on one line, as podman version -f json', () => {
    const text = versionJson(CLIENT);
    expect(text.trimEnd()).not.toContain('\n');
    expect(JSON.parse(text)).toEqual({ Client: CLIENT });
  });
});

describe('ansicTime', () => {
  it("follows Go's ANSIC layout, the day of the month padded with a space", () => {
    const date = new Date(2024, 2, 5, 7, 8, 9);
    expect(ansicTime(date)).toBe('Tue Mar  5 07:08:09 2024');
    expect(ansicTime(new Date(2024, 10, 15, 23, 0, 0))).toBe('Fri Nov 15 23:00:00 2024');
  });
});

describe('renderVersionTemplate', () => {
  it('applies a Go template to {Client: ...} and ends the line, as Podman', async () => {
    await expect(renderVersionTemplate('{{.Client.Version}}', CLIENT)).resolves.toBe('0.1.0\n');
    await expect(
      renderVersionTemplate('{{.Client.Os}}/{{.Client.APIVersion}}', CLIENT),
    ).resolves.toBe('linux/1.2.0\n');
  });

  it('refuses a field the report does not have as an invalid argument', async () => {
    await expect(renderVersionTemplate('{{.Client.GoVersion}}', CLIENT)).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining("can't evaluate field GoVersion"),
    });
  });
});
