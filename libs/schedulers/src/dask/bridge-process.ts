import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DaskBridgeError } from './dask-bridge.types.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Handlers {
  /** An unsolicited `{"event": ...}` line. */
  event(message: Record<string, unknown>): void;
  /** A line of the bridge's stderr. */
  log(line: string): void;
}

/** One life of the bridge process: the JSON-lines protocol and its pending requests. */
export class BridgeProcess {
  readonly ready: Promise<number>;
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exitInfo: ExitInfo | undefined;
  private readyAt: number | undefined;
  private exitedAt: number | undefined;

  constructor(python: string, script: string, handlers: Handlers) {
    const env = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };
    this.child = spawn(python, ['-u', script], { stdio: 'pipe', env });
    // Writes after the process died surface through 'exit'; don't crash on EPIPE.
    this.child.stdin.on('error', () => undefined);
    createInterface({ input: this.child.stderr }).on('line', handlers.log);
    let markReady: (pid: number) => void = () => undefined;
    const readyLine = new Promise<number>((resolve) => (markReady = resolve));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line, handlers, markReady));
    this.exited = new Promise((resolve) => {
      const done = (info: ExitInfo) => {
        if (this.exitInfo) return;
        this.exitInfo = info;
        this.exitedAt = Date.now();
        this.failAll(`the Dask bridge exited (code ${info.code}, signal ${info.signal})`);
        resolve(info);
      };
      this.child.on('exit', (code, signal) => done({ code, signal }));
      this.child.on('error', (err) => {
        handlers.log(`cannot run ${python}: ${err.message}`);
        done({ code: null, signal: null });
      });
    });
    // A bridge that dies before it is ready must not leave start() waiting.
    this.ready = Promise.race([
      readyLine,
      this.exited.then((info) => {
        throw new DaskBridgeError('BridgeExited', `the Dask bridge exited before it was ready (code ${info.code})`);
      }),
    ]);
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.exitInfo ? undefined : this.child.pid;
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  /** How long it has been (or was) up since it became ready; 0 if it never did. */
  upForMs(): number {
    return this.readyAt === undefined ? 0 : (this.exitedAt ?? Date.now()) - this.readyAt;
  }

  request(op: string, params: object, timeoutMs: number): Promise<unknown> {
    if (!this.alive) return Promise.reject(new DaskBridgeError('BridgeExited', 'the Dask bridge is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new DaskBridgeError('Timeout', `Dask bridge request ${op} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin.write(`${JSON.stringify({ ...params, id, op })}\n`);
    });
  }

  /** Close stdin (the bridge exits on EOF); kill it if it has not exited after `graceMs`. */
  async stop(graceMs: number): Promise<ExitInfo> {
    if (this.exitInfo) return this.exitInfo;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const info = await this.exited;
    clearTimeout(timer);
    return info;
  }

  private onLine(line: string, handlers: Handlers, markReady: (pid: number) => void): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      handlers.log(`unexpected output: ${line}`);
      return;
    }
    if (message.event === 'ready') {
      this.readyAt = Date.now();
      markReady(Number(message.pid));
    }
    if ('event' in message) {
      try {
        handlers.event(message);
      } catch (err) {
        // A failing listener must not break the protocol loop; report it and go on.
        handlers.log(`a Dask bridge event listener failed: ${(err as Error).stack ?? String(err)}`);
      }
      return;
    }
    const pending = this.pending.get(Number(message.id));
    if (!pending) return; // answer to a request that timed out
    this.pending.delete(Number(message.id));
    clearTimeout(pending.timer);
    const error = message.error as { type: string; message: string } | undefined;
    if (error) pending.reject(new DaskBridgeError(error.type, error.message));
    else pending.resolve(message.result);
  }

  private failAll(reason: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new DaskBridgeError('BridgeExited', reason));
      this.pending.delete(id);
    }
  }
}
