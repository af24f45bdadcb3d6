import { InvalidArgument } from '@skiff/contracts';

/** CredentialFlags are what login was given on its command line. */
export interface CredentialFlags {
  username?: string;
  password?: string;
  passwordStdin: boolean;
}

/**
 * readCredentials completes login's credentials as Podman does: `--password-stdin` reads the
 * whole of stdin, otherwise what is missing is asked for on the terminal. Without a terminal,
 * a missing user is read as a line from stdin and a missing password is an error.
 */
export async function readCredentials(flags: CredentialFlags) {
  if (flags.passwordStdin && flags.password !== undefined) {
    throw new InvalidArgument('--password and --password-stdin are mutually exclusive');
  }
  if (flags.passwordStdin && flags.username === undefined) {
    throw new InvalidArgument('must provide --username with --password-stdin');
  }

  const input = new StdinLines();
  try {
    const username = flags.username ?? (await input.prompt('Username: ', 'username'));
    const password = flags.passwordStdin
      ? (await input.rest()).replace(/\r?\n$/, '')
      : (flags.password ?? (await input.secret('Password: ')));
    return { username, password };
  } finally {
    input.close();
  }
}

/** StdinLines reads stdin a line at a time, or to its end, without leaving it open. */
class StdinLines {
  private buffered = '';
  private ended = false;
  private wake?: () => void;
  private started = false;

  async prompt(question: string, what: string): Promise<string> {
    process.stdout.write(question);
    const line = await this.line();
    if (line === undefined) {
      throw new InvalidArgument(`getting username and password: reading ${what}: EOF`);
    }
    return line;
  }

  async secret(question: string): Promise<string> {
    process.stdout.write(question);
    if (!process.stdin.isTTY) {
      throw new InvalidArgument(
        'getting username and password: reading password: inappropriate ioctl for device',
      );
    }
    process.stdin.setRawMode(true);
    try {
      const line = await this.line(true);
      return line ?? '';
    } finally {
      process.stdin.setRawMode(false);
      process.stdout.write('\n');
    }
  }

  async rest(): Promise<string> {
    this.start();
    while (!this.ended) await this.next();
    return this.take(this.buffered.length);
  }

  close(): void {
    process.stdin.pause();
    process.stdin.removeAllListeners('data');
    process.stdin.removeAllListeners('end');
  }

  private async line(raw = false): Promise<string | undefined> {
    this.start();
    const end = raw ? /[\r\n]/ : /\n/;
    for (;;) {
      const at = this.buffered.search(end);
      if (at >= 0) return this.take(at + 1).replace(/\r?\n$|\r$/, '');
      if (this.ended) return this.buffered === '' ? undefined : this.take(this.buffered.length);
      await this.next();
    }
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      this.buffered += chunk;
      this.wake?.();
    });
    process.stdin.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
  }

  private next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private take(length: number): string {
    const taken = this.buffered.slice(0, length);
    this.buffered = this.buffered.slice(length);
    return taken;
  }
}
