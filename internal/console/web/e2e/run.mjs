// Browser tests of the stepd console: Playwright (playwright-core) drives
// headless Chromium against a running `stepd serve`.
//
//   STEPD_URL=http://127.0.0.1:8083 SCREENSHOT_DIR=/tmp/shots node e2e/run.mjs
//
// internal/console/e2e_test.go builds stepd, starts it on an empty data
// directory and runs this. Environment: STEPD_URL (required), SCREENSHOT_DIR,
// CHROMIUM (default /usr/bin/chromium), RESULTS_FILE (measured figures are
// written there as JSON), E2E_ONLY (comma-separated scenario names).
// Scenarios use the test ids of the console contract. Timings are measured
// and reported, never asserted beyond generous sanity bounds.

import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = (process.env.STEPD_URL || '').replace(/\/$/, '');
if (!BASE) {
  console.error('run.mjs: STEPD_URL is required (the address stepd serve printed)');
  process.exit(2);
}
const SHOTS = process.env.SCREENSHOT_DIR || mkdtempSync(join(tmpdir(), 'stepd-shots-'));
mkdirSync(SHOTS, { recursive: true });
const ONLY = (process.env.E2E_ONLY || '').split(',').map((s) => s.trim()).filter(Boolean);
const ROLE = 'arn:aws:iam::123456789012:role/stepd-e2e';
const results = {};

// api calls the AWS JSON 1.0 API as an SDK does.
async function api(action, body) {
  const res = await fetch(BASE + '/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${action}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : {};
  if (!res.ok) throw new Error(`${action}: ${data.__type || res.status}: ${data.message || text}`);
  return data;
}

async function createMachine(name, definition, type = 'STANDARD') {
  const { stateMachineArn } = await api('CreateStateMachine', {
    name, type, roleArn: ROLE, definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
  });
  return stateMachineArn;
}

async function historyCount(executionArn) {
  let n = 0;
  let nextToken;
  do {
    const page = await api('GetExecutionHistory', { executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    n += page.events.length;
    nextToken = page.nextToken;
  } while (nextToken);
  return n;
}

async function waitStatus(executionArn, want, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await api('DescribeExecution', { executionArn });
    if (d.status === want) return d;
    if (Date.now() > end) throw new Error(`${executionArn}: status ${d.status}, want ${want}`);
    await sleep(100);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const enc = encodeURIComponent;

function check(cond, message) {
  if (!cond) throw new Error(message);
}

// waitText polls a locator's text until it matches re.
async function waitText(locator, re, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  let last = null;
  for (;;) {
    try {
      last = (await locator.first().textContent({ timeout: 1000 }))?.trim() ?? null;
    } catch {
      last = null;
    }
    if (last !== null && re.test(last)) return last;
    if (Date.now() > end) throw new Error(`waited ${timeoutMs} ms for ${locator} to match ${re}; last text: ${JSON.stringify(last)}`);
    await sleep(50);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + '.png') });
}

const node = (page, state, status) =>
  page.locator(`[data-testid="node"][data-state="${state}"]` + (status ? `[data-status="${status}"]` : ''));

// ---------------------------------------------------------------- scenarios

const showcase = {
  Comment: 'Order workflow (stepd console browser test)',
  StartAt: 'Validate',
  States: {
    Validate: { Type: 'Pass', Next: 'Route' },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.priority', StringEquals: 'high', Next: 'Express lane' }],
      Default: 'Fan out',
    },
    'Express lane': { Type: 'Pass', Next: 'Done' },
    'Fan out': {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Reserve stock', States: { 'Reserve stock': { Type: 'Pass', End: true } } },
        { StartAt: 'Charge card', States: { 'Charge card': { Type: 'Pass', End: true } } },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

// editor: a definition with a mistake shows a diagnostic, fixing it clears
// it, and saving creates the state machine.
async function editor(page) {
  await page.goto(BASE + '/state-machines/new');
  await page.getByTestId('sm-name').fill('e2e-editor');
  const ed = page.getByTestId('definition-editor');
  const broken = JSON.stringify({ ...showcase, StartAt: 'Nowhere' }, null, 2);
  await ed.fill(broken);
  await page.getByTestId('diagnostic').first().waitFor({ timeout: 10000 });
  const text = await page.getByTestId('diagnostic').first().textContent();
  check(/Nowhere|StartAt/.test(text) && /\d/.test(text), `diagnostic should name the bad StartAt and its line: ${JSON.stringify(text)}`);
  await shot(page, 'editor-diagnostic');
  await ed.fill(JSON.stringify(showcase, null, 2));
  await page.getByTestId('diagnostics-ok').waitFor({ timeout: 10000 });
  check((await page.getByTestId('diagnostic').count()) === 0, 'diagnostics left after the fix');
  await ed.press('Control+Home').catch(() => {}); // show the top of the definition
  await sleep(300); // let the graph preview settle for the screenshot
  await shot(page, 'console-editor');
  await page.getByTestId('save').click();
  await page.waitForURL(/\/state-machines\/arn/, { timeout: 10000 });
  const list = await api('ListStateMachines', {});
  check(list.stateMachines.some((s) => s.name === 'e2e-editor'), 'saved state machine not listed by ListStateMachines');
}

// live: start an execution from the console (the input is checked as JSON)
// and watch it run: the Wait state (5 s) is in progress, then everything
// succeeds, without reloading the page.
async function live(page) {
  const sm = await createMachine('e2e-live', {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: { ready: true }, ResultPath: '$.prep', Next: 'Wait a bit' },
      'Wait a bit': { Type: 'Wait', Seconds: 5, Next: 'Route' },
      Route: { Type: 'Choice', Choices: [{ Variable: '$.order', NumericGreaterThan: 10, Next: 'Big order' }], Default: 'Small order' },
      'Big order': { Type: 'Pass', Next: 'Done' },
      'Small order': { Type: 'Pass', Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  });
  const streams = [];
  page.on('request', (r) => {
    if (r.url().includes('/console/events')) streams.push(r.url());
  });
  await page.goto(BASE + '/state-machines/' + enc(sm));
  await page.getByTestId('start-execution').click();
  const input = page.getByTestId('execution-input');
  await input.fill('{"order": 42,');
  await page.getByTestId('execution-input-error').waitFor({ timeout: 5000 });
  await input.fill('{"order": 42}');
  await page.getByTestId('execution-input-error').waitFor({ state: 'hidden', timeout: 5000 });
  await page.getByTestId('execution-name').fill('live-1');
  await page.getByTestId('start').click();
  await page.waitForURL(/\/executions\/arn/, { timeout: 10000 });
  const navigations = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations.push(f.url());
  });
  await waitText(page.getByTestId('execution-status'), /^RUNNING$/);
  await node(page, 'Wait a bit', 'in-progress').waitFor({ timeout: 10000 });
  await node(page, 'Prepare', 'succeeded').waitFor({ timeout: 5000 });
  await sleep(200);
  await shot(page, 'console-execution');
  await waitText(page.getByTestId('execution-status'), /^SUCCEEDED$/, 20000);
  await node(page, 'Wait a bit', 'succeeded').waitFor({ timeout: 5000 });
  await node(page, 'Big order', 'succeeded').waitFor({ timeout: 5000 });
  const arn = decodeURIComponent(new URL(page.url()).pathname.replace(/^\/executions\//, ''));
  const want = await historyCount(arn);
  await waitText(page.getByTestId('history-count'), new RegExp(`^${want}\\b`), 5000);
  check((await page.getByTestId('history-row').count()) > 0, 'no history rows');
  check(navigations.length === 0, `the page reloaded while the execution ran: ${navigations}`);
  check(streams.some((u) => u.includes('execution=')), `the execution page opened no live stream: ${streams}`);
  await shot(page, 'execution-succeeded');
}

// redrive: an activity worker (this script, through the API) fails the
// first attempt; the console shows the error and cause, the failed state's
// panel, and redrives the execution, which then succeeds.
async function redrive(page) {
  const { activityArn } = await api('CreateActivity', { name: 'e2e-flaky' });
  const sm = await createMachine('e2e-redrive', {
    StartAt: 'Call worker',
    States: {
      'Call worker': { Type: 'Task', Resource: activityArn, Next: 'Record' },
      Record: { Type: 'Pass', End: true },
    },
  });
  const { executionArn } = await api('StartExecution', { stateMachineArn: sm, name: 'flaky-1', input: '{"job":7}' });
  let task = await api('GetActivityTask', { activityArn, workerName: 'e2e' });
  await api('SendTaskFailure', { taskToken: task.taskToken, error: 'Flaky', cause: 'the first attempt fails on purpose' });
  await waitStatus(executionArn, 'FAILED');

  await page.goto(BASE + '/executions/' + enc(executionArn));
  await waitText(page.getByTestId('execution-status'), /^FAILED$/);
  await waitText(page.getByTestId('execution-error'), /Flaky/);
  await waitText(page.getByTestId('execution-cause'), /first attempt fails on purpose/);
  await node(page, 'Call worker', 'failed').waitFor({ timeout: 10000 });
  await node(page, 'Call worker').first().click();
  await page.getByTestId('state-panel').waitFor({ timeout: 5000 });
  await waitText(page.getByTestId('state-error'), /Flaky/, 5000);
  check(/[?&]state=Call(\+|%20)worker/.test(page.url()), `selecting a state should be in the URL: ${page.url()}`);
  await shot(page, 'execution-failed');

  await page.getByTestId('redrive').click();
  const confirm = page.getByTestId('confirm');
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await waitText(page.getByTestId('execution-status'), /^RUNNING$/);
  task = await api('GetActivityTask', { activityArn, workerName: 'e2e' });
  check(task.taskToken, 'no task after the redrive');
  await api('SendTaskSuccess', { taskToken: task.taskToken, output: '{"ok":true}' });
  await waitText(page.getByTestId('execution-status'), /^SUCCEEDED$/);
  await node(page, 'Record', 'succeeded').waitFor({ timeout: 5000 });
  const d = await api('DescribeExecution', { executionArn });
  check(d.redriveCount === 1, `redriveCount ${d.redriveCount}, want 1`);
}

// stop: a running execution is stopped from the console, after confirming.
async function stop(page) {
  const sm = await createMachine('e2e-stop', { StartAt: 'Wait long', States: { 'Wait long': { Type: 'Wait', Seconds: 300, End: true } } });
  const { executionArn } = await api('StartExecution', { stateMachineArn: sm, name: 'stop-1' });
  await page.goto(BASE + '/executions/' + enc(executionArn));
  await waitText(page.getByTestId('execution-status'), /^RUNNING$/);
  await page.getByTestId('stop').click();
  await page.getByTestId('confirm').click();
  await waitText(page.getByTestId('execution-status'), /^ABORTED$/);
  const d = await api('DescribeExecution', { executionArn });
  check(d.status === 'ABORTED', `DescribeExecution says ${d.status}`);
}

// lists: the executions list shows what ran, filters by status, and a new
// execution appears without a reload.
async function lists(page) {
  const sm = await createMachine('e2e-lists', { StartAt: 'P', States: { P: { Type: 'Wait', Seconds: 2, End: true } } });
  const { executionArn } = await api('StartExecution', { stateMachineArn: sm, name: 'listed-stopped' });
  await api('StopExecution', { executionArn });
  await page.goto(BASE + '/executions');
  await page.getByTestId('execution-row').first().waitFor({ timeout: 10000 });
  await api('StartExecution', { stateMachineArn: sm, name: 'listed-live' });
  await page.locator('[data-testid="execution-row"][data-name="listed-live"]').waitFor({ timeout: 10000 });
  await page.locator('[data-testid="execution-row"][data-name="listed-live"][data-status="SUCCEEDED"]').waitFor({ timeout: 15000 });
  await page.getByTestId('execution-status-filter').selectOption('ABORTED');
  await page.locator('[data-testid="execution-row"][data-status="ABORTED"]').first().waitFor({ timeout: 10000 });
  await sleep(300);
  const statuses = await page.getByTestId('execution-row').evaluateAll((rows) => rows.map((r) => r.dataset.status));
  check(statuses.length > 0 && statuses.every((s) => s === 'ABORTED'), `status filter left ${statuses}`);
  await page.goto(BASE + '/state-machines');
  await page.getByTestId('sm-search').fill('e2e-lis');
  await page.locator('[data-testid="sm-row"][data-name="e2e-lists"]').waitFor({ timeout: 5000 });
  await sleep(300);
  const names = await page.getByTestId('sm-row').evaluateAll((rows) => rows.map((r) => r.dataset.name));
  check(names.length === 1 && names[0] === 'e2e-lists', `search left ${names}`);
}

// activities: the Activities page shows an activity's pending tasks and
// the worker that polled it.
async function activities(page) {
  const { activityArn } = await api('CreateActivity', { name: 'e2e-review' });
  const sm = await createMachine('e2e-review-flow', { StartAt: 'Review', States: { Review: { Type: 'Task', Resource: activityArn, End: true } } });
  for (const name of ['review-1', 'review-2', 'review-3']) await api('StartExecution', { stateMachineArn: sm, name });
  // Each start queues its task once its transition commits: wait for the first.
  let task = {};
  for (let i = 0; i < 50 && !task.taskToken; i++) task = await api('GetActivityTask', { activityArn, workerName: 'e2e-reviewer' });
  check(task.taskToken, 'no activity task to take');
  await page.goto(BASE + '/activities');
  const row = page.locator('[data-testid="activity-row"][data-name="e2e-review"]');
  await row.waitFor({ timeout: 10000 });
  await waitText(row, /e2e-reviewer/, 15000);
  await waitText(row.locator("td.num"), /^2$/, 15000);
}

// bigMachine is n states: a chain of Pass states with a Choice every tenth
// state that may skip ahead, so the layout has branches and joins.
function bigMachine(n) {
  const states = {};
  for (let i = 0; i < n; i++) {
    const name = `S${String(i).padStart(3, '0')}`;
    const next = i + 1 < n ? `S${String(i + 1).padStart(3, '0')}` : null;
    if (i % 10 === 5 && i + 3 < n) {
      states[name] = {
        Type: 'Choice',
        Choices: [{ Variable: '$.skip', BooleanEquals: true, Next: `S${String(i + 3).padStart(3, '0')}` }],
        Default: next,
      };
    } else if (next) {
      states[name] = { Type: 'Pass', Next: next };
    } else {
      states[name] = { Type: 'Succeed' };
    }
  }
  return { StartAt: 'S000', States: states };
}

// perfGraph: a 200-state machine renders; the graph reports its layout and
// render time (data-render-ms), recorded.
async function perfGraph(page) {
  const sm = await createMachine('e2e-big-graph', bigMachine(200));
  const t0 = Date.now();
  await page.goto(BASE + '/state-machines/' + enc(sm));
  const graph = page.getByTestId('graph').first();
  await graph.waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="node"]').length >= 200, null, { timeout: 20000 });
  const wall = Date.now() - t0;
  const nodes = await page.getByTestId('node').count();
  const ms = Number(await graph.getAttribute('data-render-ms'));
  check(nodes === 200, `${nodes} nodes rendered, want 200`);
  check(Number.isFinite(ms) && ms > 0 && ms < 10000, `data-render-ms ${ms}`);
  results.graph200RenderMs = ms;
  results.graph200PageToNodesMs = wall;
  await shot(page, 'graph-200');
  await page.getByTestId('graph-fit').click();
  await sleep(200);
  await shot(page, 'graph-200-fit');
}

// perfHistory: an execution of ~10,000 events (a Map over 2,500 items)
// opens in the console; the time from navigation start to the history
// count showing them all is recorded.
async function perfHistory(page) {
  const sm = await createMachine('e2e-10k', {
    StartAt: 'Each',
    States: {
      Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Touch', States: { Touch: { Type: 'Pass', End: true } } }, End: true },
    },
  });
  const items = Array.from({ length: 2500 }, (_, i) => i);
  const { executionArn } = await api('StartExecution', { stateMachineArn: sm, name: 'ten-k', input: JSON.stringify({ items }) });
  await waitStatus(executionArn, 'SUCCEEDED', 120000);
  const want = await historyCount(executionArn);
  check(want >= 10000, `the execution has ${want} events, want ≥ 10000`);
  results.bigHistoryEvents = want;
  const runs = [];
  for (let i = 0; i < 3; i++) {
    await page.goto('about:blank');
    await page.goto(BASE + '/executions/' + enc(executionArn));
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="history-count"]')?.textContent.trim().startsWith(String(n)),
      want,
      { timeout: 30000, polling: 'raf' },
    );
    runs.push(Math.round(await page.evaluate(() => performance.now())));
  }
  results.bigHistoryOpenMs = runs;
  check(Math.min(...runs) < 30000, `opening ${want} events took ${runs} ms`);
  await shot(page, 'history-10k');
}

// responsive: while a running execution streams batches of events into its
// page, clicking graph nodes still opens their panel quickly. The click →
// panel times are recorded (Playwright's round trip included).
async function responsive(page) {
  const sm = await createMachine('e2e-stream', {
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: 0, ResultPath: '$.i', Next: 'Tick' },
      Tick: { Type: 'Wait', Seconds: 1, Next: 'Work' },
      Work: {
        Type: 'Map', ItemsPath: '$.items', ResultPath: null,
        ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } }, Next: 'Count',
      },
      Count: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)', 'items.$': '$.items' }, Next: 'Again' },
      Again: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: 15, Next: 'Tick' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    },
  });
  const items = Array.from({ length: 100 }, (_, i) => i);
  const { executionArn } = await api('StartExecution', { stateMachineArn: sm, name: 'stream-1', input: JSON.stringify({ items }) });
  await page.goto(BASE + '/executions/' + enc(executionArn));
  await waitText(page.getByTestId('execution-status'), /^RUNNING$/);
  const count = async () => parseInt((await page.getByTestId('history-count').textContent()) || '0', 10);
  const first = await count();
  const times = [];
  const targets = ['Tick', 'Count', 'Again', 'Init'];
  for (let i = 0; i < 16; i++) {
    const state = targets[i % targets.length];
    const t0 = Date.now();
    await node(page, state).first().click();
    await page.getByTestId('state-panel').filter({ hasText: state }).first().waitFor({ timeout: 5000 });
    times.push(Date.now() - t0);
    await sleep(250);
  }
  const later = await count();
  check(later > first, `no events streamed in while clicking (${first} → ${later})`);
  times.sort((a, b) => a - b);
  results.streamingClickToPanelMs = { median: times[Math.floor(times.length / 2)], max: times[times.length - 1], samples: times.length };
  results.streamingEventsDuringClicks = later - first;
  check(times[times.length - 1] < 5000, `click → panel took up to ${times[times.length - 1]} ms`);
  await api('StopExecution', { executionArn });
}

// theme: the OS preference picks the theme until the toggle switches it;
// the choice survives a reload.
async function theme(page) {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(BASE + '/state-machines');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check((await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark', 'a dark OS preference did not pick the dark theme');
  const darkBg = await bg();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light', null, { timeout: 5000 });
  check((await bg()) !== darkBg, `the light theme kept the dark background ${darkBg}`);
  const scheme = () => page.evaluate(() => document.documentElement.dataset.theme || getComputedStyle(document.documentElement).colorScheme);
  const before = await scheme();
  await page.getByTestId('theme-toggle').click();
  const after = await scheme();
  check(after !== before, `theme toggle changed nothing (${before})`);
  await page.reload();
  check((await scheme()) === after, 'the theme did not survive a reload');
  await shot(page, 'state-machines-' + String(after).replace(/\W+/g, '-'));
}

// maprun: a Distributed Map (MaxConcurrency 2) over twelve items. The parent
// execution's MapRunStarted row and the Map state's panel link to the Map
// Run page (the row's link is followed with the keyboard); that page
// edits the run (MaxConcurrency 3) and follows it live until every child
// succeeded, never shows more than three running, lists the children (with a status filter), stops polling
// once the run closed, and opens a child, whose page links back.
async function maprun(page) {
  const sm = await createMachine('e2e-maprun', {
    StartAt: 'Fan out',
    States: {
      'Fan out': {
        Type: 'Map',
        Label: 'Orders',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Prepare',
          States: { Prepare: { Type: 'Pass', Next: 'Hold' }, Hold: { Type: 'Wait', Seconds: 1, End: true } },
        },
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  });
  const items = Array.from({ length: 12 }, (_, i) => ({ order: i + 1 }));
  const { executionArn } = await api('StartExecution', { stateMachineArn: sm, name: 'fan-1', input: JSON.stringify({ items }) });
  const described = [];
  page.on('request', (r) => {
    if (r.headers()['x-amz-target'] === 'AWSStepFunctions.DescribeMapRun') described.push(Date.now());
  });

  await page.goto(BASE + '/executions/' + enc(executionArn));
  await waitText(page.getByTestId('execution-status'), /^RUNNING$/);
  const rowLink = page.locator('[data-testid="history-row"][data-type="MapRunStarted"] [data-testid="history-map-run-link"]');
  await rowLink.waitFor({ timeout: 10000 });
  const { mapRuns } = await api('ListMapRuns', { executionArn });
  check(mapRuns.length === 1, `ListMapRuns gave ${mapRuns.length} runs`);
  const runArn = mapRuns[0].mapRunArn;
  const runPath = '/map-runs/' + enc(runArn);
  check((await rowLink.getAttribute('href')) === runPath, `the MapRunStarted row links to ${await rowLink.getAttribute('href')}, want ${runPath}`);
  // the Map node holds its processor's nodes: select it with the keyboard
  await node(page, 'Fan out').first().focus();
  await page.keyboard.press('Enter');
  const panelLink = page.getByTestId('state-map-run-link');
  await panelLink.waitFor({ timeout: 5000 });
  check((await panelLink.getAttribute('href')) === runPath, `the Map state's panel links to ${await panelLink.getAttribute('href')}`);
  await page.getByTestId('state-map-run-progress').waitFor({ timeout: 5000 });
  await shot(page, 'maprun-parent');

  // keyboard: the row's link takes focus and Enter follows it
  await rowLink.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === runPath, { timeout: 10000 });
  check(decodeURIComponent(new URL(page.url()).pathname.slice('/map-runs/'.length)) === runArn, `Map Run page URL ${page.url()}`);
  await waitText(page.getByTestId('maprun-max-concurrency'), /^2$/);
  await waitText(page.getByTestId('count-items-total'), /^12$/);
  await waitText(page.getByTestId('maprun-parent'), /^fan-1$/);

  // edit it while it runs: a bad value is refused naming the field, good
  // ones reach UpdateMapRun and show at once
  await page.getByTestId('maprun-edit').click();
  await page.getByTestId('maprun-toleratedFailurePercentage').fill('150');
  await page.getByTestId('maprun-save').click();
  await waitText(page.locator('[data-testid="maprun-edit-dialog"] [role="alert"]'), /Tolerated failure percentage must be between 0 and 100/, 5000);
  await page.getByTestId('maprun-toleratedFailurePercentage').fill('10');
  await page.getByTestId('maprun-maxConcurrency').fill('3');
  await page.keyboard.press('Enter');
  await page.getByTestId('maprun-edit-dialog').waitFor({ state: 'hidden', timeout: 5000 });
  await waitText(page.getByTestId('maprun-max-concurrency'), /^3$/, 5000);
  await waitText(page.getByTestId('maprun-tolerated-percentage'), /^10%$/, 5000);
  const updated = await api('DescribeMapRun', { mapRunArn: runArn });
  check(updated.maxConcurrency === 3 && updated.toleratedFailurePercentage === 10, `UpdateMapRun did not apply: ${JSON.stringify(updated)}`);

  // follow it live: record what the page shows until everything succeeded
  const seen = [];
  let shotTaken = false;
  const end = Date.now() + 40000;
  for (;;) {
    const [st, ok, running] = await Promise.all([
      page.getByTestId('maprun-status').textContent(),
      page.getByTestId('count-items-succeeded').textContent(),
      page.getByTestId('count-executions-running').textContent(),
    ]);
    seen.push([st.trim(), Number(ok), Number(running)]);
    check(Number(running) <= 3, `${running} children running at once, MaxConcurrency is 3`);
    if (!shotTaken && Number(ok) >= 4 && st.trim() === 'RUNNING') {
      await page.evaluate(() => document.activeElement?.blur()); // no focus ring on Edit in the picture
      await shot(page, 'maprun-running');
      shotTaken = true;
    }
    if (st.trim() === 'SUCCEEDED' && Number(ok) === 12) break;
    check(Date.now() < end, `the Map Run page did not reach 12 succeeded: ${JSON.stringify(seen.slice(-3))}`);
    await sleep(200);
  }
  check(seen.some(([st, ok]) => st === 'RUNNING' && ok > 0 && ok < 12), `the page never showed the run part-way: ${JSON.stringify(seen)}`);
  for (const k of ['pending', 'running', 'failed', 'timedOut', 'aborted']) await waitText(page.getByTestId(`count-executions-${k}`), /^0$/, 5000);
  await waitText(page.getByTestId('count-executions-succeeded'), /^12$/, 5000);
  await waitText(page.getByTestId('maprun-progress-text'), /12 of 12 ended \(100%\)/, 5000);
  check((await page.getByTestId('maprun-stop').textContent()).trim() !== '—', 'no stop date once SUCCEEDED');
  await page.locator('[data-testid="maprun-child"][data-status="SUCCEEDED"]').nth(11).waitFor({ timeout: 5000 });
  check((await page.getByTestId('maprun-child').count()) === 12, 'the children list should show the 12 children');
  check(await page.getByTestId('maprun-edit').isDisabled(), 'a closed Map Run should not be editable');

  // polling stops once the run closed
  const before = described.length;
  await sleep(3500);
  check(described.length === before, `DescribeMapRun called ${described.length - before} times after the run closed`);

  // the summary names the Map state and shows its input, output and item
  // processor, as AWS's Map Run page does
  await waitText(page.getByTestId('maprun-state'), /^Fan out$/);
  await waitText(page.getByTestId('maprun-child-type'), /^STANDARD$/);
  await page.getByTestId('tab-io').click();
  await waitText(page.getByTestId('maprun-input'), /"order": 12/);
  await waitText(page.getByTestId('maprun-output'), /"order": 12/);
  await page.getByTestId('tab-definition').click();
  await node(page, 'Hold').first().waitFor({ timeout: 5000 });
  await shot(page, 'maprun-definition');
  await page.getByTestId('tab-details').click();

  // the status filter asks the server
  await page.getByTestId('maprun-status-filter').selectOption('FAILED');
  await page.locator('[data-testid="maprun-children"] td.empty').waitFor({ timeout: 5000 });
  check(/status=FAILED/.test(page.url()), `the status filter should be in the URL: ${page.url()}`);
  await page.getByTestId('maprun-status-filter').selectOption('SUCCEEDED');
  await page.locator('[data-testid="maprun-child"]').nth(11).waitFor({ timeout: 5000 });
  await page.getByTestId('maprun-status-filter').selectOption('');
  await page.locator('[data-testid="maprun-child"]').nth(11).waitFor({ timeout: 5000 });
  await shot(page, 'console-maprun');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await sleep(200);
  await shot(page, 'console-maprun-dark');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));

  // a child: its page names the run and links back
  const child = page.locator('[data-testid="maprun-child"] a').first();
  const childName = (await child.textContent()).trim();
  await child.click();
  await page.waitForURL(/\/executions\/arn/, { timeout: 10000 });
  await waitText(page.getByTestId('execution-status'), /^SUCCEEDED$/);
  check(decodeURIComponent(page.url()).endsWith(':' + childName), `child page ${page.url()} is not ${childName}`);
  await waitText(page.getByTestId('execution-map-run'), new RegExp(runArn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await node(page, 'Hold', 'succeeded').waitFor({ timeout: 5000 });
  check((await page.getByTestId('start-again').count()) === 0, 'a Map Run child cannot be started again on its own');
  await shot(page, 'maprun-child');
  await page.getByTestId('execution-map-run').click();
  await page.waitForURL((u) => u.pathname === runPath, { timeout: 10000 });
  await waitText(page.getByTestId('maprun-status'), /^SUCCEEDED$/);
  // the page's URL is a deep link: it loads on its own, filter included
  await page.goto(BASE + runPath + '?status=SUCCEEDED');
  await waitText(page.getByTestId('maprun-status'), /^SUCCEEDED$/);
  check((await page.getByTestId('maprun-status-filter').inputValue()) === 'SUCCEEDED', 'the status filter did not come from the URL');
  await page.locator('[data-testid="maprun-child"]').nth(11).waitFor({ timeout: 5000 });
  const parent = await waitStatus(executionArn, 'SUCCEEDED', 10000);
  check(JSON.parse(parent.output).length === 12, `parent output ${parent.output}`);
}

// maprunRedrive: one child of a Distributed Map fails its first attempt
// (its input is not JSON until the execution is redriven), so the run fails;
// the Map Run page shows the failure, filters the failed child, and
// redrives the run through its parent, after which everything succeeded.
async function maprunRedrive(page) {
  const sm = await createMachine('e2e-maprun-redrive', {
    StartAt: 'Fan out',
    States: {
      'Fan out': {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Parse',
          States: { Parse: { Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson(States.ArrayGetItem($.tries, $$.Execution.RedriveCount))' }, End: true } },
        },
        End: true,
      },
    },
  });
  const items = [{ tries: ['1'] }, { tries: ['not json', '2'] }, { tries: ['3'] }];
  const { executionArn } = await api('StartExecution', { stateMachineArn: sm, name: 'flaky-fan', input: JSON.stringify({ items }) });
  await waitStatus(executionArn, 'FAILED');
  const { mapRuns } = await api('ListMapRuns', { executionArn });
  const runPath = '/map-runs/' + enc(mapRuns[0].mapRunArn);
  await page.goto(BASE + runPath);
  await waitText(page.getByTestId('maprun-status'), /^FAILED$/);
  await waitText(page.getByTestId('count-executions-failed'), /^1$/);
  await waitText(page.getByTestId('count-executions-succeeded'), /^2$/);
  await waitText(page.getByTestId('maprun-error'), /^States\.ExceedToleratedFailureThreshold$/);
  await page.getByTestId('maprun-status-filter').selectOption('FAILED');
  await page.locator('[data-testid="maprun-child"][data-status="FAILED"]').waitFor({ timeout: 5000 });
  await sleep(300);
  check((await page.getByTestId('maprun-child').count()) === 1, 'the FAILED filter should leave one child');
  await shot(page, 'maprun-failed');

  await page.getByTestId('maprun-redrive').click();
  await page.getByTestId('maprun-redrive-dialog').waitFor({ timeout: 5000 });
  await page.getByTestId('confirm').click();
  await waitText(page.getByTestId('maprun-status'), /^SUCCEEDED$/, 20000);
  await page.getByTestId('maprun-error').waitFor({ state: 'detached', timeout: 5000 });
  await page.getByTestId('maprun-status-filter').selectOption('');
  await waitText(page.getByTestId('count-executions-succeeded'), /^3$/, 5000);
  await waitText(page.getByTestId('count-executions-failed'), /^0$/, 5000);
  await page.locator('[data-testid="maprun-child"][data-status="SUCCEEDED"]').nth(2).waitFor({ timeout: 5000 });
  await waitText(page.getByTestId('maprun-redrives'), /^1\b/, 5000);
  check(await page.getByTestId('maprun-redrive').isDisabled(), 'a succeeded Map Run should not offer a redrive');
  const parent = await waitStatus(executionArn, 'SUCCEEDED', 10000);
  check(parent.redriveCount === 1, `parent redriveCount ${parent.redriveCount}`);
}

const scenarios = { editor, live, redrive, stop, lists, activities, perfGraph, perfHistory, responsive, theme, maprun, maprunRedrive };

// ---------------------------------------------------------------- runner

// Playwright launches Chromium with a fresh temporary profile (it refuses
// --user-data-dir: that is launchPersistentContext's job) and removes it.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const failures = [];
try {
  for (const [name, fn] of Object.entries(scenarios)) {
    if (ONLY.length && !ONLY.includes(name)) continue;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const t0 = Date.now();
    try {
      await fn(page);
      check(errors.length === 0, `uncaught errors in the page: ${errors.join('; ')}`);
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failures.push(name);
      console.log(`FAIL ${name} (${Date.now() - t0} ms): ${e.message}`);
      await page.screenshot({ path: join(SHOTS, `failed-${name}.png`) }).catch(() => {});
    }
    await context.close();
  }
} finally {
  await browser.close();
}
if (process.env.RESULTS_FILE) writeFileSync(process.env.RESULTS_FILE, JSON.stringify(results, null, 2));
console.log(`measured: ${JSON.stringify(results)}`);
console.log(`screenshots: ${SHOTS}`);
if (failures.length) {
  console.log(`${failures.length} scenario(s) failed: ${failures.join(', ')}`);
  process.exit(1);
}
