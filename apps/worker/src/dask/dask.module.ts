import { Logger } from '@nestjs/common';
import { JobsRepository } from '../../../../libs/persistence/src/index.js';
import { DaskBackend } from '../../../../libs/schedulers/src/index.js';
import { recordFailure } from '../runtime/failures.js';
import type { JobTypeModule } from '../runtime/job-type-module.js';
import { StatusReporter } from '../runtime/status-reporter.js';
import type { WorkerServices } from '../runtime/worker-services.js';
import { ClusterLogSnapshots } from './cluster-log-snapshots.js';
import { DaskCluster } from './dask-cluster.js';
import { daskLogs } from './dask-logs.js';
import { resultsHandler } from './dask-results.js';
import { taskHandlers } from './dask-submission.js';
import { DaskTracker } from './dask-tracker.js';

/**
 * DASK jobs: a callable run on a Dask cluster through the Python bridge this
 * worker process owns (started once, restarted if it dies). Task ends are
 * pushed by the bridge and written at once; the batched poll per scheduler
 * is the safety net and re-attaches to tasks after a restart.
 */
export function daskModule(services: WorkerServices): JobTypeModule {
  const logger = new Logger('Dask');
  // The queue prefix names the deployment: it keeps task keys apart on a shared cluster.
  const backend = new DaskBackend(services.config.queuePrefix, { secretsKey: services.config.secretsKey });
  const jobs = new JobsRepository(services.ds);
  const snapshots = new ClusterLogSnapshots(services.config.workspacesRoot, services.ds);
  const cluster = new DaskCluster(backend, services.ds, services.queues, services.config.pollIntervalMs, snapshots);
  const tracker = new DaskTracker(cluster, new StatusReporter(services.ds, services.queues), services.ds);
  backend.on('log', (line) => logger.warn(`bridge: ${line}`));
  backend.on('ended', (end) => {
    tracker.onEnded(end).catch((err: Error) => {
      // The next poll reports the same end; say why this one was not written.
      logger.warn(`job=${end.jobId} key=${end.key} ${end.report.code} not recorded yet: ${err.message}`);
    });
  });
  return {
    type: 'DASK',
    schedulerKind: 'dask',
    handlers: { ...taskHandlers(cluster, tracker), 'process-results': resultsHandler(cluster) },
    onFailed: recordFailure,
    logs: (jobId, path) => daskLogs(cluster, jobs, jobId, path),
    async poll(schedulerId) {
      await tracker.poll(schedulerId);
      await snapshots.sweep().catch((err: Error) => logger.warn(`removing old snapshots of cluster logs: ${err.message}`));
    },
    start: () => backend.start(),
    stop: () => backend.close(),
  };
}
