import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CustomStatusKind } from '../../../domain/src/index.js';

/** An app's classification of one of its custom status texts (Tethys `add_custom_*_status`). */
@Entity('custom_statuses')
export class CustomStatusEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  label: string;

  @PrimaryColumn({ type: 'varchar', length: 1024 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CustomStatusKind;
}
