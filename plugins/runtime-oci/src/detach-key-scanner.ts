/** DetachScan is what to pass on from one chunk of input, and whether it completed the keys. */
export interface DetachScan {
  forward: Buffer;
  detached: boolean;
}

/**
 * DetachKeyScanner watches the caller's input for the detach sequence (`ctrl-p,ctrl-q` is
 * 0x10 0x11), which may arrive split across reads. Bytes that could begin the sequence are
 * held back until it is clear whether they do; the sequence itself is never passed on.
 */
export class DetachKeyScanner {
  private held: number[] = [];

  constructor(private readonly keys: readonly number[]) {}

  scan(chunk: Buffer): DetachScan {
    if (this.keys.length === 0) return { forward: chunk, detached: false };

    const forward: number[] = [];
    for (const byte of chunk) {
      this.held.push(byte);
      if (this.held.length === this.keys.length && this.matchesHeld()) {
        return { forward: Buffer.from(forward), detached: true };
      }
      while (this.held.length > 0 && !this.matchesHeld()) {
        forward.push(this.held.shift() as number);
      }
    }
    return { forward: Buffer.from(forward), detached: false };
  }

  private matchesHeld(): boolean {
    return this.held.every((byte, i) => byte === this.keys[i]);
  }
}
