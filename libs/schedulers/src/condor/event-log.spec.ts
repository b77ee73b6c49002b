import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEventLog } from './event-log.js';

/** A job event log as HTCondor writes it (shapes from the manual and condor_event.cpp's formatBody). */
const LOG = [
  '000 (005.000.000) 04/23 08:00:44 Job submitted from host: <158.37.63.80:9618?addrs=158.37.63.80-9618&noUDP&sock=19042_ce7f_4>',
  '...',
  '001 (005.000.000) 04/23 08:00:44 Job executing on host: <158.37.63.80:9618?addrs=158.37.63.80-9618&noUDP&sock=19042_ce7f_5>',
  '...',
  '006 (005.000.000) 04/23 08:00:53 Image size of job updated: 1000',
  '\t1  -  MemoryUsage of job (MB)',
  '\t284  -  ResidentSetSize of job (KB)',
  '...',
  '005 (005.000.000) 04/23 08:01:14 Job terminated.',
  '\t(1) Normal termination (return value 3)',
  '\t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Remote Usage',
  '\t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage',
  '\t0  -  Run Bytes Sent By Job',
  '\tPartitionable Resources :    Usage  Request Allocated',
  '\t   Cpus                 :        0        1         1',
  '...',
  '012 (006.001.000) 04/23 08:02:00 Job was held.',
  '\tvia condor_hold (by user alice)',
  '\tCode 1 Subcode 0',
  '...',
  '013 (006.001.000) 04/23 08:03:00 Job was released.',
  '\tvia condor_release (by user alice)',
  '...',
  '012 (006.002.000) 04/23 08:04:00 Job was held.',
  '\tReason unspecified',
  '\tCode 34 Subcode 102',
  '...',
  '005 (006.003.000) 04/23 08:05:00 Job terminated.',
  '\t(0) Abnormal termination (signal 9)',
  '\t(0) No core file',
  '...',
  '009 (006.004.000) 04/23 08:06:00 Job was aborted.',
  '\tvia condor_rm (by user alice)',
  '...',
  '',
].join('\n');

const NOW = new Date('2025-06-01T00:00:00Z');

describe('parseEventLog', () => {
  const { events, offset, skipped } = parseEventLog(Buffer.from(LOG), 0, { now: NOW });

  test('reads every complete event and consumes the whole text', () => {
    assert.deepEqual(events.map((e) => [e.eventNumber, e.name, `${e.cluster}.${e.proc}.${e.subproc}`]), [
      [0, 'SUBMIT', '5.0.0'],
      [1, 'EXECUTE', '5.0.0'],
      [6, 'IMAGE_SIZE', '5.0.0'],
      [5, 'JOB_TERMINATED', '5.0.0'],
      [12, 'JOB_HELD', '6.1.0'],
      [13, 'JOB_RELEASED', '6.1.0'],
      [12, 'JOB_HELD', '6.2.0'],
      [5, 'JOB_TERMINATED', '6.3.0'],
      [9, 'JOB_ABORTED', '6.4.0'],
    ]);
    assert.equal(offset, Buffer.byteLength(LOG));
    assert.equal(skipped, 0);
  });

  test('old MM/DD timestamps take the year from the reference time', () => {
    assert.equal(events[0].timestamp, '04/23 08:00:44');
    assert.equal(events[0].time.toISOString(), '2025-04-23T08:00:44.000Z');
    assert.match(events[0].summary, /^Job submitted from host: </);
  });

  test('005: return value, or the signal of an abnormal end', () => {
    assert.equal(events[3].returnValue, 3);
    assert.equal(events[3].terminatedBySignal, undefined);
    assert.equal(events[7].terminatedBySignal, 9);
    assert.equal(events[7].returnValue, undefined);
  });

  test('012: hold reason and codes; "Reason unspecified" is no reason', () => {
    assert.deepEqual([events[4].holdReason, events[4].holdReasonCode, events[4].holdReasonSubCode], ['via condor_hold (by user alice)', 1, 0]);
    assert.deepEqual([events[6].holdReason, events[6].holdReasonCode, events[6].holdReasonSubCode], [undefined, 34, 102]);
  });

  test('009 and 013 carry their reason', () => {
    assert.equal(events[5].reason, 'via condor_release (by user alice)');
    assert.equal(events[8].reason, 'via condor_rm (by user alice)');
  });
});

describe('parseEventLog incrementally', () => {
  test('stops at the last complete event; a partial write is read again from the returned offset', () => {
    const data = Buffer.from(LOG);
    const cut = LOG.indexOf('Job was held.') + 5; // in the middle of the first 012 event
    const first = parseEventLog(data.subarray(0, cut), 0, { now: NOW });
    assert.equal(first.events.length, 4);
    assert.equal(first.offset, LOG.indexOf('012 (006.001.000)'));
    const rest = parseEventLog(data.subarray(first.offset), first.offset, { now: NOW });
    assert.equal(rest.events.length, 5);
    assert.equal(rest.offset, data.length);
  });

  test('a separator without its newline is not yet complete', () => {
    const text = '000 (001.000.000) 01/02 03:04:05 Job submitted from host: <h>\n...';
    assert.deepEqual(parseEventLog(Buffer.from(text), 10, { now: NOW }), { events: [], offset: 10, skipped: 0 });
    assert.equal(parseEventLog(Buffer.from(`${text}\n`), 10, { now: NOW }).offset, 10 + text.length + 1);
  });

  test('offsets count bytes, not characters', () => {
    const text = '012 (001.000.000) 01/02 03:04:05 Job was held.\n\tDéjà vu ✓\n\tCode 1 Subcode 0\n...\n';
    const read = parseEventLog(Buffer.from(text), 0, { now: NOW });
    assert.equal(read.events[0].holdReason, 'Déjà vu ✓');
    assert.equal(read.offset, Buffer.byteLength(text));
  });

  test('DAG nodes log: the node name of submit and POST script events, and the POST script result', () => {
    const text = [
      '000 (012.000.000) 2024-01-22 12:09:19 Job submitted from host: <h>', '    DAG Node: B', '...',
      '016 (012.000.000) 2024-01-22 12:09:21 POST Script terminated.', '\t(1) Normal termination (return value 2)', '    DAG Node: B', '...',
      '',
    ].join('\n');
    const [submit, post] = parseEventLog(Buffer.from(text), 0, { now: NOW }).events;
    assert.deepEqual([submit.dagNode, submit.returnValue], ['B', undefined]);
    assert.deepEqual([post.name, post.dagNode, post.returnValue], ['POST_SCRIPT_TERMINATED', 'B', 2]);
  });

  test('CRLF line ends and an unreadable block are handled', () => {
    const text = 'garbage line\r\n...\r\n001 (002.000.000) 01/02 03:04:05 Job executing on host: <h>\r\n...\r\n';
    const read = parseEventLog(Buffer.from(text), 0, { now: NOW });
    assert.equal(read.skipped, 1);
    assert.deepEqual(read.events.map((e) => e.name), ['EXECUTE']);
    assert.equal(read.offset, text.length);
  });
});

describe('event timestamps', () => {
  const cases: [string, string][] = [
    ['2024-01-22 12:09:19', '2024-01-22T12:09:19.000Z'],
    ['2024-01-22 12:09:19.250Z', '2024-01-22T12:09:19.250Z'],
    ['2024-01-22T12:09:19+02:00', '2024-01-22T10:09:19.000Z'],
    ['01/22 12:09:19', '2025-01-22T12:09:19.000Z'],
    ['01/22 12:09:19.5Z', '2025-01-22T12:09:19.500Z'],
    ['12/31 23:59:59', '2024-12-31T23:59:59.000Z'], // later than "now" in 2025: last year
  ];
  for (const [stamp, iso] of cases) {
    test(`${stamp} → ${iso}`, () => {
      const read = parseEventLog(Buffer.from(`001 (001.000.000) ${stamp} Job executing on host: <h>\n...\n`), 0, { now: NOW });
      assert.equal(read.events[0].time.toISOString(), iso);
      assert.equal(read.events[0].timestamp, stamp);
      assert.equal(read.events[0].summary, 'Job executing on host: <h>');
    });
  }
});
