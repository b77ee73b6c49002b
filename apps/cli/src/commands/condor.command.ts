import { readFileSync } from 'node:fs';
import { invalid, notFound } from '../../../../libs/domain/src/index.js';
import { JobsRepository, WorkflowNodesRepository } from '../../../../libs/persistence/src/index.js';
import { parseEventLog } from '../../../../libs/schedulers/src/condor/event-log.js';
import { parseSubmitOutput } from '../../../../libs/schedulers/src/condor/queue-output.js';
import { nodeSpecOf, WorkflowLayout, type WorkflowSpec } from '../../../../libs/schedulers/src/condor/workflow/index.js';
import { withDatabase } from './database.js';

const USAGE = `condor parse-event-log FILE       one JSON line per event of an HTCondor job event log
condor parse-submit-output FILE   the cluster id and job count condor_submit reported
condor render-dag JOB_ID          the DAG file the service submits for a CONDORWORKFLOW job (needs DATABASE_URL)`;

/** The parsers and writers the service uses, for operators checking what a scheduler read or wrote. */
export const condorCommand = {
  summary: 'diagnostics: parse a job event log or condor_submit output, render a workflow\'s DAG file',
  async run(args: string[]): Promise<void> {
    const [sub, arg] = args;
    if (sub === 'render-dag') return renderDag(arg);
    if (sub !== 'parse-event-log' && sub !== 'parse-submit-output') {
      console.log(USAGE);
      process.exitCode = 2;
      return;
    }
    if (!arg) throw invalid('FILE', 'is required');
    const data = readFileSync(arg);
    if (sub === 'parse-submit-output') {
      console.log(JSON.stringify(parseSubmitOutput(data.toString('utf8'))));
      return;
    }
    const read = parseEventLog(data, 0);
    for (const event of read.events) console.log(JSON.stringify(event));
    const unread = data.length - read.offset;
    if (read.skipped || unread) console.error(`${read.skipped} unreadable event(s) skipped; ${unread} byte(s) after the last complete event`);
  },
};

/** Prints the DAG file of a workflow from its stored spec and nodes, as the worker writes it. */
async function renderDag(jobId: string | undefined): Promise<void> {
  if (!jobId) throw invalid('JOB_ID', 'is required');
  const text = await withDatabase(async (ds) => {
    const job = await new JobsRepository(ds).findById(jobId);
    if (!job || job.jobType !== 'CONDORWORKFLOW') throw notFound(`CONDORWORKFLOW job ${jobId}`);
    const nodes = (await new WorkflowNodesRepository(ds).list(jobId)).map(nodeSpecOf);
    const layout = new WorkflowLayout(job.name, job.spec as unknown as WorkflowSpec, nodes);
    return layout.files({ jobsApiId: job.id, jobsApiToken: 'render' }).get(layout.dagFile)!;
  });
  process.stdout.write(text);
}
