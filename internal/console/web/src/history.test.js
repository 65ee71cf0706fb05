import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deriver, branchIndexer } from './history.js';

// The conformance suite's golden histories are real engine output.
const golden = join(dirname(fileURLToPath(import.meta.url)), '../../../../conformance/testdata');

function load(name) {
  const dir = join(golden, name);
  const events = JSON.parse(readFileSync(join(dir, 'want/history.json'), 'utf8'));
  const def = JSON.parse(readFileSync(join(dir, 'definition.asl.json'), 'utf8'));
  return { events, def };
}

// names keeps the by-name entries of a status map (nested path keys have '/').
const names = (status) => Object.fromEntries(Object.entries(status).filter(([k]) => !k.includes('/')));

function derive(name, batch = Infinity) {
  const { events, def } = load(name);
  const d = new Deriver({ branchOf: branchIndexer(def) });
  for (let i = 0; i < events.length; i += batch) d.add(events.slice(i, i + batch));
  return d;
}

test('caught failure: the Task is caught, the handler succeeded', () => {
  const d = derive('catch/catch_all');
  assert.deepEqual(names(d.status), { T: 'caught', Recover: 'succeeded' });
  assert.equal(d.execution.status, 'SUCCEEDED');
  const [t] = d.instancesOf('T');
  assert.equal(t.error, 'E');
  assert.equal(t.cause, 'why');
  assert.equal(t.input, '{"orig":1}');
  assert.equal(t.resource, 'lambda:invoke');
  assert.equal(t.parameters, '{"orig":1}');
});

test('retries are counted and an exhausted retrier fails the state', () => {
  const d = derive('retry/backoff_rate');
  assert.equal(d.status.T, 'failed');
  assert.equal(d.instancesOf('T')[0].attempts - 1, 4);
  assert.equal(d.execution.status, 'FAILED');
  assert.equal(d.current, null);
});

test('stop during a Parallel cancels the running states of every branch', () => {
  const d = derive('stop/during_parallel');
  assert.deepEqual(names(d.status), { P: 'cancelled', T: 'cancelled', W: 'cancelled' });
  assert.equal(d.execution.status, 'ABORTED');
  const kids = d.children('P');
  assert.deepEqual(kids.map((k) => k.kind + k.index), ['branch0', 'branch1']);
});

test('a failing branch fails the Parallel; the sibling is cancelled', () => {
  const d = derive('parallel/branch_failure_aborts_others');
  assert.equal(d.status.Bad, 'failed');
  assert.equal(d.status.Slow, 'cancelled');
  assert.equal(d.status.P, 'failed');
  assert.equal(d.instancesOf('P')[0].error, 'BadThing');
  const byBranch = Object.fromEntries(d.children('P').map((b) => [d.instancesOf('Bad', b).length ? 'bad' : 'slow', d.scopeStatus(b)]));
  assert.deepEqual(byBranch, { bad: 'failed', slow: 'cancelled' });
});

test('Map iterations get their own scopes; a failure caught inside one', () => {
  const d = derive('map/fail_caught_in_iteration');
  assert.deepEqual(names(d.status), { M: 'succeeded', T: 'caught', H: 'succeeded' });
  const its = d.children('M');
  assert.deepEqual(its.map((s) => [s.index, s.status]), [[0, 'succeeded'], [1, 'succeeded']]);
  assert.equal(d.statusIn(its[1]).T, 'succeeded');
  assert.equal(d.statusIn(its[0]).T, 'caught');
  assert.equal(d.statusIn(its[1]).H, 'succeeded'); // not visited there: the overall status stays
  // every event of iteration 1 is filed under it
  const inIt1 = d.events.filter((e) => d.within(e._scope, its[1])).map((e) => e.id);
  assert.deepEqual(inIt1, [8, 9, 16, 17, 18]);
});

test('redrive of a Parallel branch: the re-entered state goes back to its branch', () => {
  const d = derive('redrive/parallel_branch');
  assert.deepEqual(names(d.status), { P: 'succeeded', Good: 'succeeded', Flaky: 'succeeded' });
  const [b0, b1] = d.children('P');
  assert.equal(d.byId.get(16)._scope, b1);
  assert.equal(d.byId.get(4)._scope, b0);
  assert.equal(d.byId.get(21)._scope, d.root);
  assert.equal(d.execution.status, 'SUCCEEDED');
});

test('redrive of Map iterations finishes every iteration', () => {
  const d = derive('redrive/map_iterations');
  assert.equal(d.status.M, 'succeeded');
  assert.equal(d.status.T, 'succeeded');
  assert.ok(d.children('M').every((s) => s.status === 'succeeded'));
});

test('assigned variables come from the StateExited details', () => {
  const d = derive('variables/assign_arguments_reads_var');
  const withVars = [...d.byName.values()].flat().filter((x) => x.assigned);
  assert.ok(withVars.length > 0);
  assert.equal(withVars[0].assigned.id, '"abc"');
});

test('every golden history derives the same, whole or one event at a time', () => {
  const cases = [];
  const walk = (rel) => {
    for (const ent of readdirSync(join(golden, rel), { withFileTypes: true })) {
      if (!ent.isDirectory()) continue;
      const sub = rel ? `${rel}/${ent.name}` : ent.name;
      if (existsSync(join(golden, sub, 'want/history.json')) && existsSync(join(golden, sub, 'definition.asl.json'))) cases.push(sub);
      else walk(sub);
    }
  };
  walk('');
  assert.ok(cases.length > 50, `only ${cases.length} golden cases found`);
  for (const c of cases) {
    const whole = derive(c);
    const step = derive(c, 1);
    assert.deepEqual(step.status, whole.status, c);
    assert.equal(step.current, whole.current, c);
    const end = whole.execution.status;
    if (end && end !== 'RUNNING') {
      // a closed execution leaves nothing running
      assert.equal(whole.inProgress.size, 0, `${c}: ${[...whole.inProgress].map((x) => x.name)}`);
    }
    // every state entered has a status the graph knows
    for (const s of Object.values(whole.status)) assert.ok(['in-progress', 'succeeded', 'failed', 'caught', 'cancelled'].includes(s), `${c}: ${s}`);
  }
});

test('a repeated batch is ignored', () => {
  const { events, def } = load('catch/catch_all');
  const d = new Deriver({ branchOf: branchIndexer(def) });
  d.add(events.slice(0, 5));
  d.add(events.slice(0, 7));
  d.add(events);
  assert.equal(d.events.length, events.length);
  assert.deepEqual(d.events.map((e) => e.id), events.map((e) => e.id));
});

test('nested states are also keyed by their path, as the graph keys repeated names', () => {
  const d = derive('parallel/branch_failure_aborts_others');
  assert.equal(d.status['P/Branch#1/Bad'] ?? d.status['P/Branch#0/Bad'], 'failed');
  const slow = Object.keys(d.status).find((k) => k.endsWith('/Slow'));
  assert.match(slow, /^P\/Branch#\d\/Slow$/);
  assert.equal(d.status[slow], 'cancelled');
  const m = derive('map/fail_caught_in_iteration');
  assert.equal(m.status['M/Processor/T'], 'caught');
});

test('a Distributed Map state knows its Map Run, also after the run is redriven', () => {
  const run = 'arn:aws:states:us-east-1:123456789012:mapRun:Machine/Work:5594b90a-c19d-4413-9ad0-4997cc323ea1';
  for (const batch of [Infinity, 1]) {
    const d = derive('map/distributed_redrive', batch);
    const [m] = d.instancesOf('M');
    assert.equal(m.mapRunArn, run);
    assert.equal(m.status, 'succeeded');
    const started = d.events.find((ev) => ev.type === 'MapRunStarted');
    const redriven = d.events.find((ev) => ev.type === 'MapRunRedriven');
    assert.equal(started._state, 'M');
    assert.equal(redriven._state, 'M');
  }
  // the state's first visit, before MapRunStarted, has no run yet
  const { events, def } = load('map/distributed_redrive');
  const d = new Deriver({ branchOf: branchIndexer(def) });
  d.add(events.slice(0, 3));
  assert.equal(d.instancesOf('M')[0].mapRunArn, null);
  d.add(events.slice(3, 4));
  assert.equal(d.instancesOf('M')[0].mapRunArn, run);
});

test("a Distributed Map state failed by its run shows the run's error, caught", () => {
  const d = derive('map/distributed_threshold_caught');
  const [m] = d.instancesOf('M');
  assert.equal(m.status, 'caught');
  assert.equal(m.error, 'States.ExceedToleratedFailureThreshold');
  assert.equal(m.cause, 'The specified tolerated failure threshold was exceeded');
  assert.equal(d.status.Recover, 'succeeded');
});
