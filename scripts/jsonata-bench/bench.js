#!/usr/bin/env node
// Times jsonata-js on exactly the suite cases stepd measured.
//
//   node bench.js --suite DIR --cases FILE [--n 1000] [--batched]
//
// FILE is what `STEPD_JSONATA_BENCH_OUT` made the Go side write: one line per
// case, tab-separated: name, case file (relative to the suite root), index in
// that file (-1 for a single-case file), stepd's total ns for the N runs.
// Each expression is compiled once, then evaluated N times, awaiting every
// call as a user would (evaluate returns a Promise in jsonata 2.x); only the
// evaluations are timed. With --batched it also times starting the N calls
// back to back and awaiting them together, which removes the per-call await
// round trip from the figure (reported, not used for the ratio).
//
// Prints machine-readable lines:
//   JSONATA_SUITE_BENCH impl=node cases=C n=N total_ns=T
//   JSONATA_SUITE_BENCH impl=node-batched cases=C n=N total_ns=T   (--batched)
//   JSONATA_SUITE_RATIO stepd_ns=S node_ns=T ratio=S/T
// followed by the cases where stepd loses the most time relative to node.
'use strict';

const fs = require('fs');
const path = require('path');
const jsonata = require('jsonata');

function parseArgs(argv) {
  const args = { n: 1000, batched: false, top: 15 };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--suite') args.suite = argv[++i];
    else if (a === '--cases') args.cases = argv[++i];
    else if (a === '--n') args.n = parseInt(argv[++i], 10);
    else if (a === '--top') args.top = parseInt(argv[++i], 10);
    else if (a === '--batched') args.batched = true;
    else throw new Error('unknown argument ' + a);
  }
  if (!args.suite || !args.cases || !(args.n > 0)) {
    throw new Error('usage: node bench.js --suite DIR --cases FILE [--n N] [--batched] [--top K]');
  }
  return args;
}

function loadCases(suite, listFile) {
  const files = new Map();
  const datasets = new Map();
  const readJSON = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
  const lines = fs.readFileSync(listFile, 'utf8').split('\n').filter((l) => l !== '');
  return lines.map((line) => {
    const [name, file, index, stepdNs] = line.split('\t');
    if (!files.has(file)) files.set(file, readJSON(path.join(suite, file)));
    const idx = parseInt(index, 10);
    const tc = idx < 0 ? files.get(file) : files.get(file)[idx];
    let expr = tc.expr;
    if (tc['expr-file'] !== undefined) {
      expr = fs.readFileSync(path.join(suite, path.dirname(file), tc['expr-file']), 'utf8');
    }
    let input;
    if (tc.dataset) {
      if (!datasets.has(tc.dataset)) {
        datasets.set(tc.dataset, readJSON(path.join(suite, 'datasets', tc.dataset + '.json')));
      }
      input = datasets.get(tc.dataset);
    } else {
      input = tc.data;
    }
    return { name, expr, input, bindings: tc.bindings || {}, stepdNs: BigInt(stepdNs) };
  });
}

async function timeAwaited(compiled, c, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    await compiled.evaluate(c.input, c.bindings);
  }
  return process.hrtime.bigint() - start;
}

async function timeBatched(compiled, c, n) {
  const pending = new Array(n);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) pending[i] = compiled.evaluate(c.input, c.bindings);
  await Promise.all(pending);
  return process.hrtime.bigint() - start;
}

function us(ns, n) {
  return (Number(ns) / n / 1e3).toFixed(1);
}

async function main() {
  const args = parseArgs(process.argv);
  const cases = loadCases(args.suite, args.cases);
  let total = 0n;
  let batchedTotal = 0n;
  let stepdTotal = 0n;
  const rows = [];
  for (const c of cases) {
    let compiled;
    try {
      compiled = jsonata(c.expr);
      await compiled.evaluate(c.input, c.bindings); // fail fast, outside the timing
    } catch (err) {
      throw new Error(`${c.name}: jsonata-js failed on a case stepd passes: ${err.message}`);
    }
    const ns = await timeAwaited(compiled, c, args.n);
    total += ns;
    stepdTotal += c.stepdNs;
    if (args.batched) batchedTotal += await timeBatched(compiled, c, args.n);
    rows.push({ name: c.name, node: ns, stepd: c.stepdNs });
  }
  const n = args.n;
  console.log(`JSONATA_SUITE_BENCH impl=node cases=${cases.length} n=${n} total_ns=${total}`);
  if (args.batched) {
    console.log(`JSONATA_SUITE_BENCH impl=node-batched cases=${cases.length} n=${n} total_ns=${batchedTotal}`);
  }
  const ratio = Number(stepdTotal) / Number(total);
  console.log(`JSONATA_SUITE_RATIO stepd_ns=${stepdTotal} node_ns=${total} ratio=${ratio.toFixed(3)}`);
  // The total is dominated by the two cases of the suite's performance
  // group; these show the rest of the suite too.
  const rest = rows.filter((r) => !r.name.startsWith('performance/'));
  const sum = (rs, k) => rs.reduce((acc, r) => acc + r[k], 0n);
  const restRatio = Number(sum(rest, 'stepd')) / Number(sum(rest, 'node'));
  console.log(`ratio without the performance group (${rest.length} cases): ${restRatio.toFixed(3)}`);
  const logSum = rows.reduce((acc, r) => acc + Math.log(Number(r.stepd) / Number(r.node)), 0);
  console.log(`geometric mean of per-case ratios: ${Math.exp(logSum / rows.length).toFixed(3)}`);
  const faster = rows.filter((r) => r.stepd <= r.node).length;
  console.log(`stepd is at least as fast as node on ${faster} of ${rows.length} cases`);
  rows.sort((a, b) => Number(b.stepd - b.node) - Number(a.stepd - a.node));
  console.log(`cases where stepd loses the most (µs per evaluation, stepd vs node):`);
  for (const r of rows.slice(0, args.top)) {
    if (r.stepd <= r.node) break;
    console.log(`  ${r.name.padEnd(44)} ${us(r.stepd, n).padStart(10)} ${us(r.node, n).padStart(10)}`);
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
