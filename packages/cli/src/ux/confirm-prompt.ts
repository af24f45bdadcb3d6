import { InvalidArgument } from '@skiff/contracts';

import { writeOut } from './output.js';

/** The question Podman ends each of its confirmations with. */
const QUESTION = 'Are you sure you want to continue? [y/N] ';

/**
 * confirmPrompt prints `warning` and Podman's question, then reads one line: an answer that
 * starts with y or Y goes ahead, anything else (an empty line too) does not. Input that ends
 * before a newline fails with `EOF`, as Podman's prompt does.
 */
export async function confirmPrompt(
  warning: string,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<boolean> {
  writeOut(`${warning}${QUESTION}`);
  const answer = await readLine(input);
  return answer[0]?.toLowerCase() === 'y';
}

function readLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (settle: () => void) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      // A paused stdin no longer keeps the process alive.
      input.pause();
      settle();
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) finish(() => resolve(text.slice(0, end)));
    };
    const onEnd = () => finish(() => reject(new InvalidArgument('EOF')));
    const onError = (error: Error) => finish(() => reject(error));

    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
  });
}
