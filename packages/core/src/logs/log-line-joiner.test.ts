import { describe, expect, it } from 'vitest';

import type { K8sFileRecord, LogStream } from './k8s-file-record.js';
import { LogLineJoiner } from './log-line-joiner.js';

function record(time: number, stream: LogStream, tag: 'P' | 'F', content: string): K8sFileRecord {
  return { time: BigInt(time), rawTime: `t${time}`, stream, partial: tag === 'P', content };
}

describe('LogLineJoiner', () => {
  it('joins partial records of one stream, timed by the record that ends the line', () => {
    const joiner = new LogLineJoiner();

    expect(joiner.push(record(1, 'stdout', 'P', 'no newline'))).toBeUndefined();
    expect(joiner.push(record(2, 'stdout', 'P', ' yet'))).toBeUndefined();
    expect(joiner.push(record(3, 'stdout', 'F', '!'))).toEqual({
      time: 3n,
      rawTime: 't3',
      stream: 'stdout',
      content: 'no newline yet!',
      ended: true,
    });
  });

  it('keeps the other stream apart while a line is pending', () => {
    const joiner = new LogLineJoiner();

    joiner.push(record(1, 'stdout', 'P', 'partial'));
    const err = joiner.push(record(2, 'stderr', 'F', 'err1'));
    const out = joiner.push(record(3, 'stdout', 'F', ' more'));

    expect(err).toMatchObject({ stream: 'stderr', content: 'err1' });
    expect(out).toMatchObject({ stream: 'stdout', content: 'partial more' });
  });

  it('flushes unfinished lines once, oldest first, without a newline', () => {
    const joiner = new LogLineJoiner();
    joiner.push(record(5, 'stderr', 'P', 'b'));
    joiner.push(record(4, 'stdout', 'P', 'a'));

    expect(joiner.flush().map((line) => [line.content, line.ended])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    expect(joiner.flush()).toEqual([]);
  });
});
