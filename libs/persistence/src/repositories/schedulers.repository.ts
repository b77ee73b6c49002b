import { DataSource } from 'typeorm';
import { conflict } from '../../../domain/src/index.js';
import { SchedulerEntity, SchedulerKind } from '../entities/index.js';
import { encryptSecret, SchedulerSecret } from '../secrets/secret-box.js';

export interface NewScheduler {
  name: string;
  kind: SchedulerKind;
  /** Null for a local scheduler. */
  host: string | null;
  port: number | null;
  username: string | null;
  secret: SchedulerSecret | null;
  hostKeyFingerprint: string | null;
  settings: Record<string, unknown>;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The scheduler registry, for every kind. Secrets are encrypted here with
 * SECRETS_KEY on the way in and never read back by this class.
 */
export class SchedulersRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly secretsKey: Buffer,
  ) {}

  async create(input: NewScheduler): Promise<SchedulerEntity> {
    const { secret, ...fields } = input;
    try {
      return await this.ds.getRepository(SchedulerEntity).save({
        ...fields,
        secretEnc: secret ? encryptSecret(this.secretsKey, input.name, secret) : null,
      });
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw conflict(`a scheduler named "${input.name}" already exists`);
      throw err;
    }
  }

  list(kind?: SchedulerKind): Promise<SchedulerEntity[]> {
    return this.ds.getRepository(SchedulerEntity).find({ where: kind ? { kind } : {}, order: { name: 'ASC' } });
  }

  findByName(name: string): Promise<SchedulerEntity | null> {
    return this.ds.getRepository(SchedulerEntity).findOneBy({ name });
  }

  findById(id: string): Promise<SchedulerEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return Promise.resolve(null);
    return this.ds.getRepository(SchedulerEntity).findOneBy({ id });
  }

  /**
   * Removes a scheduler unless a job still needs it (not finished, waiting
   * for its results, or being deleted). Finished jobs keep their history
   * and lose the link. Returns null when there is no such scheduler.
   */
  async remove(name: string): Promise<SchedulerEntity | null> {
    return this.ds.transaction(async (m) => {
      const [row] = await m.query(`SELECT id FROM schedulers WHERE name = $1 FOR UPDATE`, [name]);
      if (!row) return null;
      const [{ n }] = await m.query(
        `SELECT count(*) AS n FROM jobs
         WHERE scheduler_id = $1 AND (status NOT IN ('COM', 'ERR', 'ABT') OR deleted_at IS NOT NULL)`,
        [row.id],
      );
      if (Number(n) > 0) {
        throw conflict(`scheduler "${name}" is still used by ${n} job(s) that are not finished or are being deleted; stop or delete them first`);
      }
      const entity = await m.getRepository(SchedulerEntity).findOneByOrFail({ id: String(row.id) });
      await m.query(`UPDATE jobs SET scheduler_id = NULL WHERE scheduler_id = $1`, [row.id]);
      await m.query(`DELETE FROM schedulers WHERE id = $1`, [row.id]);
      return entity;
    });
  }
}
