import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEventLog } from './event-log.js';
import { applyEvents } from './event-log-status.js';
import { clusterStatus, JobStatus } from './status-map.js';

const events = (lines: string[]) => parseEventLog(Buffer.from(`${lines.join('\n...\n')}\n...\n`), 0).events;

describe('applyEvents', () => {
  test('follows a process through submit, execute, hold by the user, release and termination', () => {
    const log = [
      '000 (010.000.000) 2025-03-01 10:00:00 Job submitted from host: <h>',
      '001 (010.000.000) 2025-03-01 10:00:05 Job executing on host: <h>',
      '012 (010.000.000) 2025-03-01 10:01:00 Job was held.\n\tvia condor_hold (by user alice)\n\tCode 1 Subcode 0',
      '013 (010.000.000) 2025-03-01 10:02:00 Job was released.\n\tvia condor_release (by user alice)',
      '001 (010.000.000) 2025-03-01 10:02:05 Job executing on host: <h>',
      '005 (010.000.000) 2025-03-01 10:03:00 Job terminated.\n\t(1) Normal termination (return value 0)',
    ];
    const seen: string[] = [];
    let states = applyEvents([], []);
    for (const event of events(log)) {
      states = applyEvents(states, [event]);
      seen.push(clusterStatus(states)!.code);
    }
    assert.deepEqual(seen, ['SUB', 'RUN', 'PAS', 'SUB', 'RUN', 'COM']);
    assert.deepEqual(states, [{ clusterId: 10, procId: 0, jobStatus: JobStatus.Completed, exitCode: 0 }]);
  });

  test('a multi-process cluster becomes Various, then Various-Complete', () => {
    const states = applyEvents([], events([
      '000 (011.000.000) 03/01 10:00:00 Job submitted from host: <h>',
      '000 (011.001.000) 03/01 10:00:00 Job submitted from host: <h>',
      '005 (011.000.000) 03/01 10:01:00 Job terminated.\n\t(1) Normal termination (return value 2)',
    ]));
    assert.deepEqual(clusterStatus(states), { code: 'VAR', message: 'process 11.0 exited with code 2' });
    const later = applyEvents(states, events(['009 (011.001.000) 03/01 10:02:00 Job was aborted.\n\tvia condor_rm (by user alice)']));
    assert.equal(clusterStatus(later)?.code, 'VCP');
  });

  test('a system hold keeps its reason and code; a signal ends the job', () => {
    const states = applyEvents([], events([
      '012 (012.000.000) 03/01 10:00:00 Job was held.\n\tError from slot1: out of memory\n\tCode 34 Subcode 0',
      '005 (012.001.000) 03/01 10:00:00 Job terminated.\n\t(0) Abnormal termination (signal 9)\n\t(0) No core file',
    ]));
    assert.deepEqual(states, [
      { clusterId: 12, procId: 0, jobStatus: JobStatus.Held, holdReason: 'Error from slot1: out of memory', holdReasonCode: 34 },
      { clusterId: 12, procId: 1, jobStatus: JobStatus.Completed, exitBySignal: true, exitSignal: 9 },
    ]);
  });

  test('events that do not change the status are ignored', () => {
    assert.deepEqual(applyEvents([], events(['006 (013.000.000) 03/01 10:00:00 Image size of job updated: 1000'])), []);
  });
});
