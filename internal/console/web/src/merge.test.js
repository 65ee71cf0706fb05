import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Merger } from './merge.js';

// pager serves each machine's executions newest first in pages of size,
// recording every request.
function pager(byMachine, size) {
  const calls = [];
  const fetchPage = async (arn, token) => {
    calls.push([arn, token]);
    const all = byMachine[arn];
    const from = token ? Number(token) : 0;
    const executions = all.slice(from, from + size);
    return { executions, nextToken: from + size < all.length ? String(from + size) : undefined };
  };
  return { fetchPage, calls };
}

function machine(name, dates) {
  return dates.sort((a, b) => b - a).map((d, i) => ({ executionArn: `${name}:${i}`, name: `${name}-${i}`, startDate: d }));
}

test('merges several machines newest first, across pages, without losing or repeating one', async () => {
  const data = {
    a: machine('a', [1, 4, 7, 10, 13, 16, 19]),
    b: machine('b', [2, 5, 8, 11]),
    c: machine('c', [3, 6, 9, 12, 15, 18, 21, 24]),
  };
  const { fetchPage } = pager(data, 3);
  const m = new Merger(['a', 'b', 'c'], fetchPage);
  const got = [];
  while (!m.exhausted) got.push(...(await m.take(5)));
  const dates = got.map((x) => x.startDate);
  assert.deepEqual(dates, [...dates].sort((x, y) => y - x));
  assert.equal(got.length, 19);
  assert.equal(new Set(got.map((x) => x.executionArn)).size, 19);
});

test('reads a machine only as deep as the merge needs', async () => {
  const data = { old: machine('old', [1, 2, 3, 4, 5, 6]), recent: machine('recent', [100, 101, 102, 103, 104, 105]) };
  const { fetchPage, calls } = pager(data, 2);
  const m = new Merger(['old', 'recent'], fetchPage);
  const first = await m.take(4);
  assert.deepEqual(first.map((x) => x.startDate), [105, 104, 103, 102]);
  // one page of "old" (to compare), two of "recent"
  assert.equal(calls.filter(([arn]) => arn === 'old').length, 1);
  assert.equal(calls.filter(([arn]) => arn === 'recent').length, 2);
});

test('a lower time bound stops each machine at its first older execution', async () => {
  const data = { a: machine('a', [10, 20, 30, 40]), b: machine('b', [15, 25, 35, 45]) };
  const { fetchPage, calls } = pager(data, 1);
  const m = new Merger(['a', 'b'], fetchPage);
  const got = await m.take(100, 22);
  assert.deepEqual(got.map((x) => x.startDate), [45, 40, 35, 30, 25]);
  assert.ok(m.exhausted);
  // nothing past the first too-old item of each machine was asked for
  assert.equal(calls.length, 7);
});
