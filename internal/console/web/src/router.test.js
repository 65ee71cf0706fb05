import { test } from 'node:test';
import assert from 'node:assert/strict';
import { match, paths } from './router.js';
import { formatDuration, machineOfExecution, arnName } from './format.js';

const sm = 'arn:aws:states:us-east-1:123456789012:stateMachine:hello';
const ex = 'arn:aws:states:us-east-1:123456789012:execution:hello:run-1';

test('every route the contract names resolves, ARNs round-trip through the path', () => {
  assert.deepEqual(match('/'), { page: 'state-machines' });
  assert.deepEqual(match('/state-machines'), { page: 'state-machines' });
  assert.deepEqual(match('/state-machines/new'), { page: 'editor' });
  assert.deepEqual(match(paths.stateMachine(sm)), { page: 'state-machine', arn: sm });
  assert.deepEqual(match(paths.editStateMachine(sm)), { page: 'editor', arn: sm });
  assert.deepEqual(match(paths.stateMachine(sm + ':3')), { page: 'state-machine', arn: sm + ':3' });
  assert.deepEqual(match('/executions'), { page: 'executions' });
  assert.deepEqual(match(paths.execution(ex).split('?')[0]), { page: 'execution', arn: ex });
  assert.deepEqual(match('/activities'), { page: 'activities' });
  const run = 'arn:aws:states:us-east-1:123456789012:mapRun:hello/Fan:0b6e3c2a-4f55-4c8e-9a39-3c0d1f2e7a10';
  assert.deepEqual(match(paths.mapRun(run)), { page: 'map-run', arn: run });
  assert.equal(paths.mapRun(run, 'FAILED'), `/map-runs/${encodeURIComponent(run)}?status=FAILED`);
  assert.deepEqual(match('/map-runs'), { page: 'not-found' });
  assert.deepEqual(match('/nope'), { page: 'not-found' });
  assert.deepEqual(match('/state-machines/a/b/c'), { page: 'not-found' });
  // a name with '/'-free but URL-special characters survives
  const odd = 'arn:aws:states:us-east-1:123456789012:execution:hello:a%b?c#d';
  assert.deepEqual(match(paths.execution(odd).split('?')[0]), { page: 'execution', arn: odd });
  assert.equal(paths.execution(ex, 'My State'), `/executions/${encodeURIComponent(ex)}?state=My%20State`);
});

test('format helpers', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(12345), '12.3 s');
  assert.equal(formatDuration(245000), '4 min 05 s');
  assert.equal(formatDuration(2 * 3600e3 + 3 * 60e3), '2 h 03 min');
  assert.equal(machineOfExecution(ex), sm);
  assert.equal(arnName(sm), 'hello');
});
