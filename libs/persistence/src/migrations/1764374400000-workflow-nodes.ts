import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Nodes of CONDORWORKFLOW jobs: the requested node, and what the scheduler last showed of it. */
export class WorkflowNodes1764374400000 implements MigrationInterface {
  name = 'WorkflowNodes1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_nodes (
        job_id bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        name varchar(200) NOT NULL,
        position int NOT NULL,
        parents text[] NOT NULL DEFAULT '{}',
        spec jsonb NOT NULL,
        status char(3) NOT NULL DEFAULT 'PEN' CHECK (status IN ('PEN','SUB','RUN','PAS','COM','ERR','ABT')),
        cluster_id bigint,
        exit_code int,
        message varchar(2048),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, name)
      )`);
    await q.query(`CREATE UNIQUE INDEX workflow_nodes_position ON workflow_nodes (job_id, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS workflow_nodes`);
  }
}
