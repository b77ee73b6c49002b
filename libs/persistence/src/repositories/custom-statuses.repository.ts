import { DataSource } from 'typeorm';
import type { CustomStatuses, CustomStatusKind } from '../../../domain/src/index.js';
import { CustomStatusEntity } from '../entities/index.js';
import { affected } from './affected.js';

/** Per-app classification of custom status texts. */
export class CustomStatusesRepository {
  constructor(private readonly ds: DataSource) {}

  async forLabel(label: string): Promise<CustomStatuses> {
    const rows = await this.ds.getRepository(CustomStatusEntity).findBy({ label });
    return new Map(rows.map((r) => [r.name, r.kind]));
  }

  async set(label: string, name: string, kind: CustomStatusKind): Promise<void> {
    await this.ds.query(
      `INSERT INTO custom_statuses (label, name, kind) VALUES ($1, $2, $3)
       ON CONFLICT (label, name) DO UPDATE SET kind = EXCLUDED.kind`,
      [label, name, kind],
    );
  }

  async remove(label: string, name: string): Promise<boolean> {
    return affected(await this.ds.query(`DELETE FROM custom_statuses WHERE label = $1 AND name = $2`, [label, name])) > 0;
  }
}
