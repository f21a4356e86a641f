import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Platform-wide key/value settings that must be shared by every process (e.g. webhook secrets). */
@Entity({ name: 'platform_setting' })
export class PlatformSetting {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_platform_setting' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
