import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../../../libs/domain/src/index.js';
import { normalizeField, parseTableConfig, titleFor } from './table-config.js';

const problem = (input: unknown) => {
  try {
    parseTableConfig(input);
  } catch (err) {
    assert.ok(err instanceof DomainError);
    return err.message;
  }
  assert.fail('expected a validation error');
};

describe('jobs table settings', () => {
  test('defaults follow the original, newest first', () => {
    const config = parseTableConfig(undefined);
    assert.deepEqual(config.columns.map((c) => c.field), ['name', 'jobType', 'creationTime', 'runTime']);
    assert.deepEqual(config.actions, ['run', 'pause', 'resume', 'resubmit', '|', 'logs', 'monitor', 'results', '|', 'terminate', 'delete']);
    assert.equal(config.orderBy, '-creationTime');
    assert.deepEqual(config.frameAncestors, []);
  });

  test('columns: job fields, snake_case, extended property paths, tuples and titles', () => {
    assert.equal(normalizeField('creation_time', 'f'), 'creationTime');
    assert.equal(normalizeField('extended_properties.model.max_depth', 'f'), 'extendedProperties.model.max_depth');
    assert.equal(titleFor('extendedProperties.model.max_depth'), 'Max Depth');
    assert.equal(titleFor('runTime'), 'Run Time');
    const { columns } = parseTableConfig({ columns: ['status_message', ['Depth', 'extendedProperties.a.b'], { title: 'Who', field: 'user' }] });
    assert.deepEqual(columns, [
      { title: 'Status Message', field: 'statusMessage' }, { title: 'Depth', field: 'extendedProperties.a.b' }, { title: 'Who', field: 'user' },
    ]);
    assert.match(problem({ columns: ['secret'] }), /table\.columns\[0\]: "secret" is not a job field/);
    assert.match(problem({ columns: ['extendedProperties'] }), /not a job field/);
    assert.match(problem({ columns: ['extendedProperties.a b'] }), /not a job field/);
  });

  test('custom actions link only to http(s) URLs of the calling app', () => {
    const { actions } = parseTableConfig({
      actions: ['run', '|', { label: 'Open', url: 'https://portal.example.org/jobs/{id}', statuses: ['terminal'], confirmation: 'Sure?' }],
      linkTarget: '_top',
    });
    assert.deepEqual(actions[2], {
      label: 'Open', url: 'https://portal.example.org/jobs/{id}', target: '_top', confirmation: 'Sure?', statuses: ['terminal'],
    });
    for (const url of ['javascript:alert(1)', 'data:text/html,x', '/relative/{id}', 'ftp://host/x']) {
      assert.match(problem({ actions: [{ label: 'x', url }] }), /table\.actions\[0\]\.url: must be an absolute http\(s\) URL/);
    }
    assert.match(problem({ actions: ['explode'] }), /"explode" is not a default action/);
    assert.match(problem({ actions: [{ label: 'x', url: 'https://a/b', onclick: 'x' }] }), /onclick: is not a custom action setting/);
    assert.match(problem({ monitorUrl: 'javascript:x' }), /table\.monitorUrl/);
  });

  test('frame ancestors are bare origins; unknown settings and oversize configs are refused', () => {
    assert.deepEqual(parseTableConfig({ frameAncestors: ['https://portal.example.org'] }).frameAncestors, ['https://portal.example.org']);
    assert.match(problem({ frameAncestors: ["https://a.org; script-src *"] }), /must be an origin/);
    assert.match(problem({ frameAncestors: ['https://a.org/path'] }), /must be an origin/);
    assert.match(problem({ colour: 'red' }), /table\.colour: is not a table setting/);
    assert.match(problem({ pageSize: 0 }), /table\.pageSize/);
    const many = Array.from({ length: 30 }, (_, i) => ({ label: `action ${i}`, url: `https://portal.example.org/${'x'.repeat(100)}/${i}` }));
    assert.match(problem({ actions: many }), /is too large/);
  });
});
