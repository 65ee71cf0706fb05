import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layout, START, END } from './layout.js';
import { statusOf, takenEdges } from './status.js';

const def = {
  StartAt: 'Work',
  States: {
    Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }], Next: 'Route' },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.big', BooleanEquals: true, Next: 'Big' }], Default: 'Small' },
    Big: { Type: 'Pass', Next: 'Done' },
    Small: { Type: 'Pass', Next: 'Done' },
    Recover: { Type: 'Pass', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

const edge = (lay, from, to, kind) => lay.edges.find((e) => e.from === from && e.to === to && e.kind === kind).id;

test('takenEdges follows the statuses of both ends', () => {
  const lay = layout(def);
  const ran = takenEdges(lay, { Work: 'succeeded', Route: 'succeeded', Big: 'succeeded', Done: 'succeeded' });
  assert.deepEqual(
    [...ran].sort(),
    [edge(lay, START, 'Work', 'next'), edge(lay, 'Work', 'Route', 'next'), edge(lay, 'Route', 'Big', 'choice'), edge(lay, 'Big', 'Done', 'next'), edge(lay, 'Done', END, 'next')].sort(),
  );
  const caught = takenEdges(lay, { Work: 'caught', Recover: 'in-progress' });
  assert.deepEqual([...caught].sort(), [edge(lay, START, 'Work', 'next'), edge(lay, 'Work', 'Recover', 'catch')].sort());
  assert.equal(takenEdges(lay, {}).size, 0);
  assert.equal(takenEdges(lay, undefined).size, 0);
});

test('statusOf looks up the key, then the name', () => {
  const n = { key: 'P/Branch#1/Step', name: 'Step' };
  assert.equal(statusOf({ 'P/Branch#1/Step': 'failed', Step: 'succeeded' }, n), 'failed');
  assert.equal(statusOf({ Step: 'succeeded' }, n), 'succeeded');
  assert.equal(statusOf({}, n), 'not-started');
  assert.equal(statusOf(null, { key: 'A', name: 'A' }), 'not-started');
});
