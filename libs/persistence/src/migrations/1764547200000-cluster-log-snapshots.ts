import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finds the jobs that name a snapshot of a cluster's logs, so unreferenced snapshots can be removed. */
export class ClusterLogSnapshots1764547200000 implements MigrationInterface {
  name = 'ClusterLogSnapshots1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX jobs_cluster_logs ON jobs ((runtime->>'clusterLogs')) WHERE runtime->>'clusterLogs' IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS jobs_cluster_logs`);
  }
}
