import net from 'node:net';
import { pipeline } from 'node:stream';
import type { SchedulerEntity } from '../../../persistence/src/index.js';
import { SchedulerRunners } from '../scheduler-runners.js';
import { SshRunner } from '../ssh/ssh-runner.js';
import { splitDaskAddress, type DaskConnectionSettings } from './dask-scheduler-settings.js';

interface Tunnel {
  /** What the tunnel was opened for: a changed scheduler row gets a new one. */
  identity: string;
  address: Promise<string>;
  server: net.Server;
}

/**
 * The local ends of SSH tunnels to Dask schedulers reached through an SSH
 * server: one TCP listener on 127.0.0.1 per scheduler, each connection to it
 * forwarded (ssh2 `forwardOut`, pooled connections, pinned host key) to the
 * scheduler address as seen from the SSH server. The bridge connects to the
 * local end. Only this process can use it: nothing else listens for it.
 */
export class DaskTunnels {
  private readonly runners: SchedulerRunners;
  private readonly tunnels = new Map<string, Tunnel>();

  constructor(secretsKey: Buffer) {
    this.runners = new SchedulerRunners(secretsKey);
  }

  /** The local address that reaches the scheduler, once a first connection through the SSH server worked. */
  address(scheduler: SchedulerEntity, settings: DaskConnectionSettings): Promise<string> {
    const identity = JSON.stringify([settings, scheduler.username, scheduler.secretEnc, scheduler.hostKeyFingerprint]);
    const open = this.tunnels.get(scheduler.id);
    if (open?.identity === identity) return open.address;
    open?.server.close();
    const tunnel = this.open(scheduler, settings, identity);
    this.tunnels.set(scheduler.id, tunnel);
    // A tunnel that could not be opened is tried again by the next request.
    tunnel.address.catch(() => this.tunnels.get(scheduler.id) === tunnel && this.tunnels.delete(scheduler.id));
    return tunnel.address;
  }

  async close(): Promise<void> {
    for (const tunnel of this.tunnels.values()) tunnel.server.close();
    this.tunnels.clear();
    await this.runners.close();
  }

  private open(scheduler: SchedulerEntity, settings: DaskConnectionSettings, identity: string): Tunnel {
    const remote = splitDaskAddress(settings.address);
    // The SSH server's row view: the runners keep its decrypted secret and its connection pool.
    const ssh = this.runners.runner({ ...scheduler, host: settings.sshTunnel!.host, port: settings.sshTunnel!.port });
    if (!(ssh instanceof SshRunner)) throw new Error(`Dask scheduler "${scheduler.name}": sshTunnel needs an SSH server`);
    const forward = () => ssh.forwardOut(remote.host, remote.port);
    const server = net.createServer((socket) => {
      forward().then(
        (channel) => pipeline(socket, channel, socket, () => undefined),
        () => socket.destroy(), // the Dask client sees the connection close, and retries until its timeout
      );
    });
    const address = (async () => {
      // Fails here, with the SSH reason (host key, authentication, port closed), rather than as a Dask timeout.
      (await forward()).destroy();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    })();
    return { identity, address, server };
  }
}
