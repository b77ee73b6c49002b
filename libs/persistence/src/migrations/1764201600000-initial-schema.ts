import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764201600000 implements MigrationInterface {
  name = 'InitialSchema1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE schedulers (
        id bigserial PRIMARY KEY,
        name varchar(255) NOT NULL UNIQUE,
        kind varchar(16) NOT NULL CHECK (kind IN ('condor', 'dask', 'slurm')),
        host varchar(1024),
        port int,
        username varchar(255),
        secret_enc text,
        host_key_fingerprint varchar(255),
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE jobs (
        id bigserial PRIMARY KEY,
        name varchar(1024) NOT NULL,
        description varchar(2048) NOT NULL DEFAULT '',
        user_id varchar(255) NOT NULL,
        label varchar(255) NOT NULL,
        job_type varchar(32) NOT NULL,
        creation_time timestamptz(3) NOT NULL DEFAULT now(),
        execute_time timestamptz,
        start_time timestamptz,
        completion_time timestamptz,
        workspace varchar(1024) NOT NULL,
        extended_properties jsonb NOT NULL DEFAULT '{}'::jsonb,
        status char(3) NOT NULL DEFAULT 'PEN'
          CHECK (status IN ('PEN','SUB','RUN','VAR','PAS','COM','ERR','ABT','VCP','RES','OTH')),
        status_message varchar(2048),
        process_results_function varchar(1024),
        results_attempts int NOT NULL DEFAULT 0,
        spec jsonb NOT NULL DEFAULT '{}'::jsonb,
        runtime jsonb NOT NULL DEFAULT '{}'::jsonb,
        result jsonb,
        scheduler_id bigint REFERENCES schedulers(id) ON DELETE RESTRICT,
        attempt int NOT NULL DEFAULT 0,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX jobs_label_user_created ON jobs (label, user_id, creation_time, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX jobs_label_created ON jobs (label, creation_time, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX jobs_label_user_id ON jobs (label, user_id, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX jobs_label_id ON jobs (label, id) WHERE deleted_at IS NULL`);
    await q.query(
      `CREATE INDEX jobs_tracking ON jobs (job_type, scheduler_id) WHERE status IN ('SUB','RUN','VAR','PAS','OTH')`,
    );
    await q.query(`
      CREATE TABLE job_groups (
        job_id bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        group_name varchar(255) NOT NULL,
        label varchar(255) NOT NULL,
        creation_time timestamptz(3) NOT NULL,
        PRIMARY KEY (job_id, group_name)
      )`);
    await q.query(`CREATE INDEX job_groups_label_group_created ON job_groups (label, group_name, creation_time, job_id)`);
    await q.query(`CREATE INDEX job_groups_label_group_id ON job_groups (label, group_name, job_id)`);
    await q.query(`
      CREATE TABLE job_events (
        id bigserial PRIMARY KEY,
        job_id bigint NOT NULL,
        label varchar(255) NOT NULL,
        user_id varchar(255) NOT NULL,
        groups text[] NOT NULL DEFAULT '{}',
        type varchar(16) NOT NULL,
        from_status char(3),
        to_status char(3),
        status varchar(1024),
        message text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX job_events_label_id ON job_events (label, id)`);
    await q.query(`CREATE INDEX job_events_job_id ON job_events (job_id, id)`);
    await q.query(`
      CREATE FUNCTION notify_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('job_events', NEW.label || ':' || NEW.id);
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER job_events_notify AFTER INSERT ON job_events FOR EACH ROW EXECUTE FUNCTION notify_job_event()`,
    );
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        job_id bigint NOT NULL,
        queue varchar(64) NOT NULL,
        action varchar(32) NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        enqueued_at timestamptz,
        done_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_pending ON outbox (queue, available_at) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX outbox_job ON outbox (job_id)`);
    await q.query(`
      CREATE TABLE api_keys (
        id bigserial PRIMARY KEY,
        name varchar(255) NOT NULL,
        prefix varchar(16) NOT NULL,
        hash char(64) NOT NULL UNIQUE,
        label varchar(255),
        admin boolean NOT NULL DEFAULT false,
        scopes text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK (admin OR label IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE custom_statuses (
        label varchar(255) NOT NULL,
        name varchar(1024) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('pre-running', 'running', 'active', 'terminal')),
        PRIMARY KEY (label, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['custom_statuses', 'api_keys', 'outbox', 'job_events', 'job_groups', 'jobs', 'schedulers']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS notify_job_event()`);
  }
}
