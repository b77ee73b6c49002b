import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyEntity, ApiKeyScope } from '../entities/index.js';
import { affected } from './affected.js';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface NewApiKey {
  name: string;
  label: string | null;
  admin: boolean;
  scopes: ApiKeyScope[];
}

/** API keys: the secret is shown once at creation; only its SHA-256 is stored. */
export class ApiKeysRepository {
  constructor(private readonly ds: DataSource) {}

  async create(input: NewApiKey): Promise<{ key: string; entity: ApiKeyEntity }> {
    const key = `cja_${randomBytes(24).toString('base64url')}`;
    const entity = await this.ds.getRepository(ApiKeyEntity).save({
      name: input.name,
      label: input.label,
      admin: input.admin,
      scopes: input.scopes,
      prefix: key.slice(0, 12),
      hash: hashApiKey(key),
    });
    return { key, entity };
  }

  async findActiveByKey(key: string): Promise<ApiKeyEntity | null> {
    return this.ds.getRepository(ApiKeyEntity).findOneBy({ hash: hashApiKey(key), revokedAt: IsNull() });
  }

  async findActiveById(id: string): Promise<ApiKeyEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    return this.ds.getRepository(ApiKeyEntity).findOneBy({ id, revokedAt: IsNull() });
  }

  async list(): Promise<ApiKeyEntity[]> {
    return this.ds.getRepository(ApiKeyEntity).find({ order: { id: 'ASC' } });
  }

  async revoke(idOrPrefix: string): Promise<boolean> {
    const byId = /^\d{1,18}$/.test(idOrPrefix);
    const result = await this.ds.query(
      `UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL AND ${byId ? 'id = $1' : 'prefix = $1'}`,
      [idOrPrefix],
    );
    return affected(result) > 0;
  }
}
