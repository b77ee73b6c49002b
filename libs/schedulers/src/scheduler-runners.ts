import os from 'node:os';
import { decryptSecret, type SchedulerEntity, type SchedulerSecret } from '../../persistence/src/index.js';
import type { CommandRunner } from './runner/command-runner.js';
import { LocalRunner } from './runner/local-runner.js';
import { SshPoolRegistry } from './ssh/ssh-pool-registry.js';
import type { SshPoolOptions } from './ssh/ssh-pool.js';
import { SshRunner } from './ssh/ssh-runner.js';
import type { SshTarget } from './ssh/ssh-target.js';

/**
 * The {@link CommandRunner} of each scheduler, for one worker process: SSH
 * through one bounded connection pool per scheduler, or this machine for a
 * local scheduler. Secrets are decrypted once per stored value and kept in
 * memory, so a busy poll does not pay for AES on every command.
 */
export class SchedulerRunners {
  private readonly pools: SshPoolRegistry;
  private readonly secrets = new Map<string, { stored: string; secret: SchedulerSecret }>();

  constructor(
    private readonly secretsKey: Buffer,
    poolOptions: Partial<SshPoolOptions> = {},
  ) {
    this.pools = new SshPoolRegistry(poolOptions);
  }

  runner(scheduler: SchedulerEntity): CommandRunner {
    if (scheduler.host === null) return new LocalRunner(localDirectory(scheduler));
    return new SshRunner(this.pools.pool(scheduler.id, this.target(scheduler)));
  }

  /** Drops what is kept for a scheduler that was removed. */
  async forget(schedulerId: string): Promise<void> {
    this.secrets.delete(schedulerId);
    await this.pools.forget(schedulerId);
  }

  async close(): Promise<void> {
    this.secrets.clear();
    await this.pools.close();
  }

  private target(s: SchedulerEntity): SshTarget {
    return {
      host: s.host!,
      port: s.port ?? 22,
      username: s.username ?? '',
      hostKeyFingerprint: s.hostKeyFingerprint ?? '', // refused by the connection with a message naming the setting
      ...this.secret(s),
    };
  }

  private secret(s: SchedulerEntity): SchedulerSecret {
    if (!s.secretEnc) return {};
    const cached = this.secrets.get(s.id);
    if (cached?.stored === s.secretEnc) return cached.secret;
    const secret = decryptSecret(this.secretsKey, s.name, s.secretEnc);
    this.secrets.set(s.id, { stored: s.secretEnc, secret });
    return secret;
  }
}

/** A local scheduler works in its configured directory, by default the home directory of the worker's user (as SSH logins do). */
function localDirectory(s: SchedulerEntity): string {
  const dir = s.settings?.directory;
  return typeof dir === 'string' && dir !== '' ? dir : os.homedir();
}
