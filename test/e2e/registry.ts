import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** RegistryOptions: with `user`, the registry demands htpasswd (basic) authentication. */
export interface RegistryOptions {
  user?: { name: string; password: string };
}

/**
 * Registry is a real Distribution registry (Debian's docker-registry) on 127.0.0.1 with its own
 * storage directory, started for a test file and stopped by its pid.
 */
export class Registry {
  readonly dir: string;
  port = 0;
  private process?: ChildProcess;

  constructor(private readonly options: RegistryOptions = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'skiff-registry-'));
  }

  /** host is `127.0.0.1:<port>`, the registry part of references to it. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    writeFileSync(join(this.dir, 'config.yml'), this.config());
    this.process = spawn('/usr/bin/docker-registry', ['serve', join(this.dir, 'config.yml')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.process.stderr?.resume();
    await this.waitUntilServing();
  }

  stop(): void {
    if (this.process?.pid) {
      try {
        process.kill(this.process.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private config(): string {
    const lines = [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(this.dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${this.port}`,
    ];
    const user = this.options.user;
    if (user) {
      const htpasswd = join(this.dir, 'htpasswd');
      const entry = execFileSync('htpasswd', ['-Bbn', user.name, user.password], {
        encoding: 'utf8',
      });
      writeFileSync(htpasswd, entry);
      lines.push('auth:', '  htpasswd:', '    realm: skiff-test', `    path: ${htpasswd}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private async waitUntilServing(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        const response = await fetch(`http://${this.host}/v2/`);
        if (response.status === 200 || response.status === 401) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`registry on ${this.host} did not start`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}
