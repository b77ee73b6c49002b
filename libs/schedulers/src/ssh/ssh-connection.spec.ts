import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ssh2 from 'ssh2';
import { fingerprintOfKeyBlob } from './host-key.js';
import { SshConnection } from './ssh-connection.js';
import type { SshTarget } from './ssh-target.js';

// ECDSA: ssh2's generated Ed25519 keys are sometimes unreadable by its own parseKey (mscdex/ssh2#1390).
const newKey = () => ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 });

/**
 * An in-process SSH server that answers every command at once with output,
 * exit status 3 and the channel close, corked into one write together with
 * the exec confirmation: the client parses all of it in one go, as a busy
 * client does with a fast command on a real server.
 */
async function startServer(): Promise<{ target: SshTarget; stop: () => void }> {
  const hostKey = newKey();
  let socket: Socket | undefined;
  const ssh = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (ctx) => ctx.accept());
    client.on('session', (accept) =>
      accept().on('exec', (acceptExec) => {
        socket?.cork();
        const channel = acceptExec();
        channel.stderr.write('err\n');
        channel.write('out\n');
        channel.exit(3);
        channel.end();
        socket?.uncork();
      }),
    );
  });
  const server = createServer((s) => ssh.injectSocket((socket = s)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const parsed = ssh2.utils.parseKey(hostKey.public);
  if (parsed instanceof Error) throw parsed;
  const target: SshTarget = {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    username: 'spec',
    hostKeyFingerprint: fingerprintOfKeyBlob(parsed.getPublicSSH()),
    privateKey: newKey().private,
  };
  return { target, stop: () => (socket?.destroy(), server.close()) };
}

describe('SshConnection.exec', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let connection: SshConnection;
  before(async () => {
    server = await startServer();
    connection = await SshConnection.open(server.target, { connectTimeoutMs: 5000, keepaliveIntervalMs: 0 });
  });
  after(() => {
    connection?.close();
    server?.stop();
  });

  test('keeps the exit status when it arrives together with the exec confirmation and the close', async () => {
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await connection.exec('fast'), { stdout: 'out\n', stderr: 'err\n', code: 3 });
    }
  });
});
