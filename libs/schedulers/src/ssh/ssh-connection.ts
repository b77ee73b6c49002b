import ssh2, { type Client, type ClientChannel, type SFTPWrapper } from 'ssh2';
import type { ExecResult } from '../runner/command-runner.js';
import { DEFAULT_EXEC_TIMEOUT_MS } from '../runner/command-runner.js';
import { OutputBuffer } from '../runner/output-buffer.js';
import { fingerprintOfKeyBlob, keyTypeOfBlob } from './host-key.js';
import { connectConfig, connectError } from './ssh-connect-config.js';
import { describeTarget, SshError } from './ssh-errors.js';
import type { ConnectionTimings } from './ssh-connect-config.js';
import type { SshTarget } from './ssh-target.js';

/**
 * One authenticated ssh2 connection whose host key matched the pinned
 * fingerprint. Channels (exec, SFTP, tunnels) are opened on demand; a
 * channel that cannot be opened because the connection is gone fails with
 * `channel_failed`, meaning the command never started and may be retried
 * on a fresh connection.
 */
export class SshConnection {
  private closedFlag = false;
  private lingering = 0;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(
    private readonly client: Client,
    readonly name: string,
  ) {
    client.on('error', () => {}); // reported through 'close' and the failing channel
    client.on('close', () => {
      this.closedFlag = true;
      for (const listener of this.closeListeners.splice(0)) listener();
    });
  }

  /** Connects, verifies the host key and authenticates, or rejects with a {@link SshError} that says which step failed. */
  static open(target: SshTarget, timings: ConnectionTimings): Promise<SshConnection> {
    const name = describeTarget(target);
    return new Promise((resolve, reject) => {
      const client = new ssh2.Client();
      let presented: { fingerprint: string; keyType: string } | undefined;
      const fail = (err: SshError) => {
        client.removeAllListeners();
        client.on('error', () => {});
        client.end();
        reject(err);
      };
      client.once('ready', () => {
        client.removeAllListeners();
        resolve(new SshConnection(client, name));
      });
      client.on('error', (err: Error & { level?: string }) => fail(connectError(err, target, name, presented)));
      client.on('close', () => fail(new SshError('connect_failed', `connection to ${name} closed during the handshake`)));
      const hostVerifier = (key: Buffer) => {
        presented = { fingerprint: fingerprintOfKeyBlob(key), keyType: keyTypeOfBlob(key) };
        return presented.fingerprint === target.hostKeyFingerprint;
      };
      try {
        client.connect({ ...connectConfig(target, name, timings), hostVerifier });
      } catch (err) {
        fail(err instanceof SshError ? err : new SshError('invalid_settings', `cannot connect to ${name}: ${(err as Error).message}`, { cause: err }));
      }
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Channels of timed-out commands that the server has not closed yet. */
  get lingeringChannels(): number {
    return this.lingering;
  }

  onClose(listener: () => void): void {
    if (this.closedFlag) listener();
    else this.closeListeners.push(listener);
  }

  /**
   * Runs a command with `input` as its standard input; rejects when the connection drops mid-command, or at
   * the timeout. A timed-out command is sent SIGKILL and its channel closed,
   * but OpenSSH ignores signals for sessions without a pty and keeps the
   * channel until the process ends: such a channel is counted in
   * {@link lingeringChannels} so the pool does not exceed the server's
   * session limit.
   */
  exec(command: string, timeoutMs = DEFAULT_EXEC_TIMEOUT_MS, input?: string | Buffer): Promise<ExecResult> {
    return this.openChannel<ClientChannel, ExecResult>(
      'exec',
      (cb) => this.client.exec(command, cb),
      (channel) =>
        new Promise((resolve, reject) => {
          const stdout = new OutputBuffer();
          const stderr = new OutputBuffer();
          let exit: { code: number | null; signal?: string } | undefined;
          let failed = false;
          const stop = (err: SshError) => {
            if (failed) return;
            failed = true;
            reject(err);
            this.lingering++;
            channel.once('close', () => this.lingering--);
            channel.signal('KILL');
            channel.close();
          };
          const timer = setTimeout(
            () => stop(new SshError('timeout', `command timed out after ${timeoutMs} ms on ${this.name}: ${brief(command)}`)),
            timeoutMs,
          );
          const tooMuch = () => new SshError('channel_failed', `command output exceeded the limit on ${this.name}: ${brief(command)}`);
          channel.on('data', (chunk: Buffer) => stdout.push(chunk) || stop(tooMuch()));
          channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk) || stop(tooMuch()));
          channel.on('exit', (code: number | null, signal?: string) => {
            exit = code === null ? { code: null, signal } : { code };
          });
          channel.on('close', () => {
            clearTimeout(timer);
            if (failed) return;
            if (!exit) return reject(new SshError('connection_lost', `connection to ${this.name} lost while running: ${brief(command)}`));
            resolve({ stdout: stdout.text(), stderr: stderr.text(), ...exit });
          });
          channel.end(input); // EOF on stdin, so a command that reads it cannot wait forever
        }),
    );
  }

  sftp(): Promise<SFTPWrapper> {
    return this.openChannel<SFTPWrapper, SFTPWrapper>('sftp', (cb) => this.client.sftp(cb), (sftp) => sftp);
  }

  /** A TCP connection from the server to `host:port` (as seen from the server), as a Duplex stream. */
  forwardOut(host: string, port: number): Promise<ClientChannel> {
    const what = `tunnel to ${host}:${port}`;
    return this.openChannel<ClientChannel, ClientChannel>(what, (cb) => this.client.forwardOut('127.0.0.1', 0, host, port, cb), (c) => c);
  }

  close(): void {
    this.client.end();
  }

  /**
   * Opens a channel and hands it to `use` at once, inside ssh2's callback:
   * the packets that follow the open confirmation may be parsed in the same
   * tick (a fast command's output, exit status and close arrive together
   * when this process was busy), so a listener attached in a promise
   * continuation would miss events such as 'exit'.
   */
  private openChannel<T, R>(
    what: string,
    open: (cb: (err: Error | undefined, channel: T) => void) => void,
    use: (channel: T) => R | PromiseLike<R>,
  ): Promise<R> {
    return new Promise((resolve, reject) => {
      const failed = (err: unknown) =>
        reject(new SshError('channel_failed', `cannot open ${what} on ${this.name}: ${(err as Error).message}`, { cause: err }));
      try {
        open((err, channel) => (err ? failed(err) : resolve(use(channel))));
      } catch (err) {
        failed(err); // ssh2 throws 'Not connected' synchronously once the socket is gone
      }
    });
  }
}

function brief(command: string): string {
  return command.length > 200 ? `${command.slice(0, 200)}…` : command;
}
