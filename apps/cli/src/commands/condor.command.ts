import { readFileSync } from 'node:fs';
import { invalid } from '../../../../libs/domain/src/index.js';
import { parseEventLog } from '../../../../libs/schedulers/src/condor/event-log.js';
import { parseSubmitOutput } from '../../../../libs/schedulers/src/condor/queue-output.js';

const USAGE = `condor parse-event-log FILE       one JSON line per event of an HTCondor job event log
condor parse-submit-output FILE   the cluster id and job count condor_submit reported`;

/** The parsers the service uses, for operators checking what a scheduler wrote. */
export const condorCommand = {
  summary: 'diagnostics: parse a job event log or condor_submit output as the service does',
  async run(args: string[]): Promise<void> {
    const [sub, file] = args;
    if (sub !== 'parse-event-log' && sub !== 'parse-submit-output') {
      console.log(USAGE);
      process.exitCode = 2;
      return;
    }
    if (!file) throw invalid('FILE', 'is required');
    const data = readFileSync(file);
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
