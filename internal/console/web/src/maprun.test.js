import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findState, mapRunProgress, mapRunUpdate, mapStateOfRun, maxConcurrencyText, parseMapRunArn, processorOf } from './maprun.js';

const run = 'arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:6d1c3c7e-1b7a-4d3e-9f3b-2a1e9e0a4b11';

test('progress: ended children fill the bar, running next, pending is the rest', () => {
  const p = mapRunProgress({ pending: 1, running: 2, succeeded: 4, failed: 2, timedOut: 0, aborted: 1, total: 10 });
  assert.equal(p.total, 10);
  assert.equal(p.done, 7);
  assert.equal(p.percent, 70);
  assert.deepEqual(
    p.segments.map((s) => [s.key, s.n, s.share]),
    [['succeeded', 4, 40], ['failed', 2, 20], ['aborted', 1, 10], ['running', 2, 20]],
  );
});

test('progress: floors so 100% means every child ended; empty and missing counts are zero', () => {
  assert.equal(mapRunProgress({ succeeded: 2, running: 1, total: 3 }).percent, 66);
  assert.equal(mapRunProgress({ succeeded: 199, running: 1, total: 200 }).percent, 99);
  assert.deepEqual(mapRunProgress({ total: 0 }), { total: 0, done: 0, percent: 0, segments: [] });
  assert.deepEqual(mapRunProgress(undefined), { total: 0, done: 0, percent: 0, segments: [] });
});

test('Map Run ARNs: machine, label and id; other ARNs are not', () => {
  assert.deepEqual(parseMapRunArn(run), {
    machine: 'orders',
    label: 'Fan',
    id: '6d1c3c7e-1b7a-4d3e-9f3b-2a1e9e0a4b11',
    machineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
  });
  assert.equal(parseMapRunArn('arn:aws:states:us-east-1:123456789012:execution:orders:r1'), null);
  assert.equal(parseMapRunArn('arn:aws:states:us-east-1:123456789012:mapRun:orders:x'), null);
  assert.equal(parseMapRunArn(''), null);
});

test('max concurrency 0 reads as no limit', () => {
  assert.equal(maxConcurrencyText(0), '0 (no limit: up to 10,000 at once)');
  assert.equal(maxConcurrencyText(2), '2');
});

test('UpdateMapRun request: only changed fields, bad values name the field', () => {
  const cur = { maxConcurrency: 2, toleratedFailurePercentage: 0, toleratedFailureCount: 0 };
  assert.deepEqual(mapRunUpdate(run, cur, { maxConcurrency: '5', toleratedFailurePercentage: '0', toleratedFailureCount: '0' }), {
    request: { mapRunArn: run, maxConcurrency: 5 },
  });
  assert.deepEqual(mapRunUpdate(run, cur, { maxConcurrency: '2', toleratedFailurePercentage: '12.5', toleratedFailureCount: '3' }), {
    request: { mapRunArn: run, toleratedFailurePercentage: 12.5, toleratedFailureCount: 3 },
  });
  assert.deepEqual(mapRunUpdate(run, cur, { maxConcurrency: '2', toleratedFailurePercentage: '0', toleratedFailureCount: '0' }), { error: 'Nothing changed', field: null });
  assert.deepEqual(mapRunUpdate(run, cur, { maxConcurrency: '-1', toleratedFailurePercentage: '0', toleratedFailureCount: '0' }), {
    error: 'Max concurrency must be 0 or more',
    field: 'maxConcurrency',
  });
  assert.deepEqual(mapRunUpdate(run, cur, { maxConcurrency: '2', toleratedFailurePercentage: '101', toleratedFailureCount: '0' }), {
    error: 'Tolerated failure percentage must be between 0 and 100',
    field: 'toleratedFailurePercentage',
  });
  assert.deepEqual(mapRunUpdate(run, cur, { maxConcurrency: '2', toleratedFailurePercentage: '0', toleratedFailureCount: '1.5' }), {
    error: 'Tolerated failure count must be a whole number',
    field: 'toleratedFailureCount',
  });
  assert.deepEqual(mapRunUpdate(run, cur, { maxConcurrency: '', toleratedFailurePercentage: '0', toleratedFailureCount: '0' }), {
    error: 'Max concurrency is required',
    field: 'maxConcurrency',
  });
});

test('the Map state of a run: name and input before MapRunStarted, output at its exit', async () => {
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const dir = fileURLToPath(new URL('../../../../conformance/testdata/map/distributed_redrive/', import.meta.url));
  const events = JSON.parse(readFileSync(dir + 'want/history.json', 'utf8'));
  const def = JSON.parse(readFileSync(dir + 'definition.asl.json', 'utf8'));
  const arn = events.find((e) => e.type === 'MapRunStarted').mapRunStartedEventDetails.mapRunArn;
  const m = mapStateOfRun(events, arn);
  assert.equal(m.name, 'M');
  assert.equal(m.input, events[1].stateEnteredEventDetails.input);
  assert.equal(m.exited, true);
  assert.equal(m.output, events.find((e) => e.type === 'MapStateExited').stateExitedEventDetails.output);
  // before it exits, no output; another run's ARN is not found
  assert.equal(m.error, null, 'the run succeeded once redriven');
  // before the redrive: the failure; before the run ends: no output
  const failed = events.find((e) => e.type === 'MapRunFailed').mapRunFailedEventDetails;
  assert.deepEqual(mapStateOfRun(events.slice(0, 7), arn), { name: 'M', input: m.input, output: null, exited: false, error: failed.error ?? null, cause: failed.cause ?? null });
  assert.deepEqual(mapStateOfRun(events.slice(0, 9), arn).error, null);
  assert.deepEqual(mapStateOfRun(events.slice(0, 4), arn), { name: 'M', input: m.input, output: null, exited: false, error: null, cause: null });
  assert.equal(mapStateOfRun(events, arn.replace(/.$/, '0')), null);
  const st = findState(def, 'M');
  assert.equal(processorOf(st).executionType, 'STANDARD');
  assert.equal(processorOf(st).definition.StartAt, 'Work');
});

test("a caught run failure is the run's error, and the state still exits", async () => {
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const dir = fileURLToPath(new URL('../../../../conformance/testdata/map/distributed_threshold_caught/', import.meta.url));
  const events = JSON.parse(readFileSync(dir + 'want/history.json', 'utf8'));
  const arn = events.find((e) => e.type === 'MapRunStarted').mapRunStartedEventDetails.mapRunArn;
  const m = mapStateOfRun(events, arn);
  assert.equal(m.error, 'States.ExceedToleratedFailureThreshold');
  assert.equal(m.cause, 'The specified tolerated failure threshold was exceeded');
  assert.equal(m.exited, true);
});

test('findState looks through Parallel branches and Map processors', () => {
  const def = {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }, {
          StartAt: 'Outer',
          States: { Outer: { Type: 'Map', ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, End: true } } }, End: true } },
        }],
        End: true,
      },
    },
  };
  assert.equal(processorOf(findState(def, 'Inner')).executionType, 'EXPRESS');
  assert.equal(findState(def, 'X').Type, 'Pass');
  assert.equal(findState(def, 'Nope'), null);
  assert.equal(processorOf(findState(def, 'A')), null);
  assert.equal(findState(null, 'A'), null);
});
