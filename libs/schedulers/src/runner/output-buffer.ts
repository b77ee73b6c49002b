import { MAX_OUTPUT_BYTES } from './command-runner.js';

/** Collects one output stream of a command, refusing to grow past a cap. */
export class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = MAX_OUTPUT_BYTES) {}

  /** Adds a chunk; false once the cap is exceeded (the caller ends the command). */
  push(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.limit) return false;
    this.chunks.push(chunk);
    return true;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
