import { PassThrough } from 'node:stream';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { confirmPrompt } from './confirm-prompt.js';

afterEach(() => vi.restoreAllMocks());

function answering(text: string, end = true): PassThrough {
  const input = new PassThrough();
  input.write(text);
  if (end) input.end();
  return input;
}

describe('confirmPrompt', () => {
  it("prints the warning and Podman's question, and goes ahead on y or yes", async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    await expect(confirmPrompt('WARNING! x\n', answering('y\n'))).resolves.toBe(true);
    await expect(confirmPrompt('', answering('Yes please\n'))).resolves.toBe(true);
    expect(out.mock.calls[0]?.[0]).toBe('WARNING! x\nAre you sure you want to continue? [y/N] ');
  });

  it('declines on n, an empty line, or an answer that starts with anything but y', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    for (const answer of ['n\n', '\n', ' y\n', 'N\nextra']) {
      await expect(confirmPrompt('', answering(answer))).resolves.toBe(false);
    }
  });

  it('reads an answer that arrives in pieces and leaves the input open', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const input = answering('Y', false);
    setTimeout(() => input.write('\n'), 10);

    await expect(confirmPrompt('', input)).resolves.toBe(true);
  });

  it('fails with EOF when the input ends before a newline, as Podman does', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    await expect(confirmPrompt('', answering('y'))).rejects.toThrow('EOF');
    await expect(confirmPrompt('', answering(''))).rejects.toThrow('EOF');
  });
});
