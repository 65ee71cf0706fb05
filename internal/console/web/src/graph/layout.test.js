import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layout, stateKey, START, END, HEADER } from './layout.js';
import { bigMachine, countStates } from './fixtures.js';
import { curvePath, hexagonPath } from './paths.js';

const sample = () => ({
  StartAt: 'Fetch',
  States: {
    Fetch: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Route', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Oops' }] },
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.x', NumericEquals: 3, Next: 'Fan' },
        { Condition: '{% $states.input.y %}', Next: 'Loop' },
      ],
      Default: 'Done',
    },
    Fan: {
      Type: 'Parallel',
      Next: 'Loop',
      Branches: [
        { StartAt: 'Send', States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Next: 'Pause' }, Pause: { Type: 'Wait', Seconds: 2, End: true } } },
        { StartAt: 'Check', States: { Check: { Type: 'Pass', End: true } } },
      ],
    },
    Loop: {
      Type: 'Map',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::http:invoke', End: true } } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Oops: { Type: 'Fail', Error: 'Broken' },
  },
});

const byKey = (lay) => new Map(lay.nodes.map((n) => [n.key, n]));
const inside = (n, c) =>
  n.x - n.width / 2 >= c.x - c.width / 2 - 0.01 &&
  n.x + n.width / 2 <= c.x + c.width / 2 + 0.01 &&
  n.y - n.height / 2 >= c.y - c.height / 2 + HEADER - 0.01 &&
  n.y + n.height / 2 <= c.y + c.height / 2 + 0.01;
const overlap = (a, b) => Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2;

test('every state becomes a node with its type, plus Start and End', () => {
  const lay = layout(sample());
  const nodes = byKey(lay);
  const states = lay.nodes.filter((n) => n.kind === 'state');
  assert.deepEqual(states.map((n) => n.name).sort(), ['Call', 'Check', 'Done', 'Fan', 'Fetch', 'Loop', 'Oops', 'Pause', 'Route', 'Send'].sort());
  assert.equal(nodes.get('Fan').type, 'Parallel');
  assert.equal(nodes.get('Fan').container, true);
  assert.equal(nodes.get('Loop').subtitle, 'Distributed');
  assert.equal(nodes.get('Fetch').subtitle, 'Lambda Invoke');
  assert.equal(nodes.get('Pause').subtitle, '2 s');
  assert.deepEqual(nodes.get('Pause').path, ['Fan', 'Branch#0', 'Pause']);
  assert.deepEqual(nodes.get('Call').path, ['Loop', 'Processor', 'Call']);
  assert.equal(nodes.get(START).kind, 'start');
  assert.equal(nodes.get(END).kind, 'end');
  // Start sits above the first state, End below the Succeed.
  assert.ok(nodes.get(START).y < nodes.get('Fetch').y);
  assert.ok(nodes.get(END).y > nodes.get('Done').y);
});

test('edges carry their kind, label and a route from source to target', () => {
  const lay = layout(sample());
  const nodes = byKey(lay);
  const find = (from, to, kind) => lay.edges.filter((e) => e.from === from && e.to === to && e.kind === kind);
  assert.equal(find(START, 'Fetch', 'next').length, 1);
  assert.equal(find('Fetch', 'Route', 'next').length, 1);
  assert.equal(find('Fetch', 'Oops', 'catch')[0].label, 'States.ALL');
  assert.equal(find('Route', 'Fan', 'choice')[0].label, '$.x == 3');
  assert.equal(find('Route', 'Loop', 'choice')[0].label, '$states.input.y');
  assert.equal(find('Route', 'Done', 'default')[0].label, 'Default');
  assert.equal(find('Done', END, 'next').length, 1);
  assert.equal(find('Send', 'Pause', 'next').length, 1, 'edges inside a branch');
  assert.equal(lay.edges.filter((e) => e.from === 'Oops').length, 0, 'Fail states have no outgoing edge');
  for (const e of lay.edges) {
    assert.ok(e.points.length >= 2, `${e.id} has a route`);
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    const first = e.points[0];
    const last = e.points[e.points.length - 1];
    // dagre ends routes on the node borders.
    assert.ok(Math.abs(first.x - a.x) <= a.width / 2 + 1 && Math.abs(first.y - a.y) <= a.height / 2 + 1, `${e.id} starts at ${e.from}`);
    assert.ok(Math.abs(last.x - b.x) <= b.width / 2 + 1 && Math.abs(last.y - b.y) <= b.height / 2 + 1, `${e.id} ends at ${e.to}`);
    if (e.label) assert.ok(Number.isFinite(e.labelX) && Number.isFinite(e.labelY), `${e.id} label placed`);
  }
});

test('nested states sit inside their container, branches side by side', () => {
  const lay = layout(sample());
  const nodes = byKey(lay);
  for (const k of ['Send', 'Pause', 'Check']) assert.ok(inside(nodes.get(k), nodes.get('Fan')), `${k} inside Fan`);
  assert.ok(inside(nodes.get('Call'), nodes.get('Loop')));
  assert.ok(nodes.get('Check').x > nodes.get('Send').x, 'branch 2 right of branch 1');
  const groups = lay.groups.map((g) => g.key).sort();
  assert.deepEqual(groups, ['Fan/Branch#0', 'Fan/Branch#1', 'Loop/Processor']);
  // Siblings never overlap.
  const top = lay.nodes.filter((n) => n.path.length <= 1);
  for (let i = 0; i < top.length; i++) for (let j = i + 1; j < top.length; j++) assert.ok(!overlap(top[i], top[j]), `${top[i].key} / ${top[j].key}`);
  assert.ok(lay.width > 0 && lay.height > 0);
  for (const n of lay.nodes) {
    assert.ok(n.x - n.width / 2 >= 0 && n.x + n.width / 2 <= lay.width + 0.01, `${n.key} within width`);
    assert.ok(n.y - n.height / 2 >= 0 && n.y + n.height / 2 <= lay.height + 0.01, `${n.key} within height`);
  }
});

test('a name repeated across branches is keyed by its path', () => {
  const def = {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        End: true,
        Branches: [0, 1].map(() => ({ StartAt: 'Step', States: { Step: { Type: 'Pass', Next: 'Last' }, Last: { Type: 'Succeed' } } })),
      },
    },
  };
  const lay = layout(def);
  const keys = lay.nodes.filter((n) => n.kind === 'state').map((n) => n.key).sort();
  assert.deepEqual(keys, ['P', 'P/Branch#0/Last', 'P/Branch#0/Step', 'P/Branch#1/Last', 'P/Branch#1/Step']);
  assert.equal(stateKey(['P', 'Branch#1', 'Step']), 'P/Branch#1/Step');
  const e = lay.edges.filter((x) => x.from === 'P/Branch#1/Step');
  assert.equal(e.length, 1);
  assert.equal(e[0].to, 'P/Branch#1/Last');
  assert.equal(new Set(lay.edges.map((x) => x.id)).size, lay.edges.length, 'edge ids unique');
});

test('catch edges into a shared handler go on a bus instead of widening the graph', () => {
  const mk = (k) => {
    const States = {};
    for (let i = 0; i < k; i++) {
      States[`T${i}`] = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }], Next: i + 1 < k ? `T${i + 1}` : 'Done' };
    }
    States.Handle = { Type: 'Fail' };
    States.Done = { Type: 'Succeed' };
    return { StartAt: 'T0', States };
  };
  const small = layout(mk(8));
  const big = layout(mk(40));
  for (const lay of [small, big]) {
    const nodes = byKey(lay);
    const catches = lay.edges.filter((e) => e.kind === 'catch');
    assert.equal(catches.length, lay.nodes.filter((n) => /^T/.test(n.key)).length, 'one catch edge per task');
    const h = nodes.get('Handle');
    for (const e of catches) {
      const a = nodes.get(e.from);
      const first = e.points[0];
      const last = e.points[e.points.length - 1];
      assert.ok(Math.abs(first.x - a.x) <= a.width / 2 + 1 && Math.abs(first.y - a.y) <= a.height / 2 + 1, `${e.from} start`);
      assert.ok(Math.abs(last.x - h.x) <= h.width / 2 + 1 && Math.abs(last.y - h.y) <= h.height / 2 + 1, `${e.from} end`);
      assert.equal(e.label, 'States.ALL');
      assert.ok(e.labelX >= 0 && e.labelX <= lay.width, 'label inside the drawing');
    }
    for (const n of lay.nodes) assert.ok(n.x - n.width / 2 >= 0 && n.x + n.width / 2 <= lay.width + 0.01, `${n.key} within width`);
  }
  // The bus costs a fixed margin: 40 catching tasks are no wider than 8.
  assert.equal(big.width, small.width);
});

test('layout is memoised per definition object', () => {
  const def = sample();
  assert.equal(layout(def), layout(def));
  assert.notEqual(layout(def), layout(sample()));
});

test('broken or partial definitions do not throw', () => {
  for (const def of [null, undefined, 42, 'x', [], {}, { States: null }, { StartAt: 'Nope', States: { A: null, B: { Type: 'Task', Next: 'Missing' } } }, { StartAt: 'M', States: { M: { Type: 'Map' }, P: { Type: 'Parallel', Branches: [null, {}] } } }]) {
    const lay = layout(def);
    assert.ok(Array.isArray(lay.nodes) && Array.isArray(lay.edges));
    for (const n of lay.nodes) assert.ok(Number.isFinite(n.x) && Number.isFinite(n.y), JSON.stringify(def));
  }
  const lay = layout({ StartAt: 'Nope', States: { A: null, B: { Type: 'Task', Next: 'Missing' } } });
  assert.equal(lay.edges.length, 0, 'edges to unknown states are dropped');
  assert.equal(byKey(lay).get('A').type, 'Unknown');
});

test('bigMachine(n) has exactly n states of every kind and lays out', () => {
  for (const n of [1, 7, 50, 200]) assert.equal(countStates(bigMachine(n)), n);
  const def = bigMachine(200);
  assert.deepEqual(bigMachine(200), def, 'deterministic');
  const types = new Set();
  const walk = (states) => {
    for (const st of Object.values(states)) {
      types.add(st.Type);
      if (st.Catch) types.add('Catch');
      if (st.Branches) st.Branches.forEach((b) => walk(b.States));
      if (st.ItemProcessor) walk(st.ItemProcessor.States);
    }
  };
  walk(def.States);
  for (const t of ['Task', 'Choice', 'Parallel', 'Map', 'Wait', 'Pass', 'Succeed', 'Fail', 'Catch']) assert.ok(types.has(t), t);
  const lay = layout(def);
  assert.equal(lay.nodes.filter((n) => n.kind === 'state').length, 200);
  assert.equal(new Set(lay.nodes.map((n) => n.key)).size, lay.nodes.length, 'keys unique');
  const kinds = new Set(lay.edges.map((e) => e.kind));
  assert.deepEqual([...kinds].sort(), ['catch', 'choice', 'default', 'next']);
  for (const e of lay.edges) for (const p of e.points) assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y));
});

test('curvePath and hexagonPath', () => {
  assert.equal(curvePath([]), '');
  assert.equal(curvePath([{ x: 0, y: 0 }, { x: 0, y: 10 }]), 'M0,0L0,10');
  const d = curvePath([{ x: 0, y: 0 }, { x: 6, y: 6 }, { x: 12, y: 0 }]);
  assert.match(d, /^M0,0L1,1C/);
  assert.match(d, /12,0$/, 'ends on the last point');
  assert.equal(hexagonPath(100, 40), 'M-50,0L-34,-20L34,-20L50,0L34,20L-34,20Z');
});
