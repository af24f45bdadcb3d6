import { describe, expect, it } from 'vitest';

import { formatReference } from './format-reference.js';
import { parseReference } from './parse-reference.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;

describe('formatReference', () => {
  it('adds the tag latest when neither tag nor digest is given', () => {
    expect(formatReference({ registry: 'localhost', repository: 'app' })).toBe(
      'localhost/app:latest',
    );
  });

  it('prints a digest reference without a tag', () => {
    expect(formatReference({ registry: 'quay.io', repository: 'a/b', digest: DIGEST })).toBe(
      `quay.io/a/b@${DIGEST}`,
    );
  });

  it('prints both tag and digest when both are known', () => {
    const reference = { registry: 'localhost', repository: 'app', tag: 'v1', digest: DIGEST };
    expect(formatReference(reference)).toBe(`localhost/app:v1@${DIGEST}`);
  });

  it('prints an unqualified name without a leading slash', () => {
    expect(formatReference({ registry: '', repository: 'app', tag: '2' })).toBe('app:2');
  });

  it.each(['localhost:5000/team/app:v1', `example.com/app@${DIGEST}`, 'docker.io/library/x:1'])(
    'round-trips %s through parseReference',
    (text) => {
      expect(formatReference(parseReference(text))).toBe(text);
    },
  );
});
