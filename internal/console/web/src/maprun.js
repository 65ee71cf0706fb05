// Pure helpers for the Map Run views: reading a Map Run ARN and turning
// DescribeMapRun's counts into the progress bar's segments.

// The counts DescribeMapRun reports for items and child executions, in the
// order the page shows them.
export const COUNT_KEYS = [
  ['pending', 'Pending'],
  ['running', 'Running'],
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
  ['timedOut', 'Timed out'],
  ['aborted', 'Aborted'],
  ['total', 'Total'],
];

// Segments of the progress bar, left to right: what has ended first, then
// what runs. Pending is the unfilled rest.
const SEGMENTS = [
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
  ['timedOut', 'Timed out'],
  ['aborted', 'Aborted'],
  ['running', 'Running'],
];

const num = (v) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : 0);

// mapRunProgress summarises counts ({pending, running, succeeded, …,
// total}): how many ended, the percentage ended (floored, so 100 means all
// of them), and the non-empty segments with their share of the total.
export function mapRunProgress(counts) {
  const c = counts || {};
  const total = num(c.total);
  const done = num(c.succeeded) + num(c.failed) + num(c.timedOut) + num(c.aborted);
  const percent = total ? Math.floor((Math.min(done, total) * 100) / total) : 0;
  const segments = [];
  for (const [key, label] of SEGMENTS) {
    const n = num(c[key]);
    if (n && total) segments.push({ key, label, n, share: (n * 100) / total });
  }
  return { total, done, percent, segments };
}

// parseMapRunArn splits arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID
// into its parts; null when the ARN is not a Map Run's.
export function parseMapRunArn(arn) {
  const p = String(arn || '').split(':');
  if (p.length !== 8 || p[0] !== 'arn' || p[5] !== 'mapRun') return null;
  const slash = p[6].lastIndexOf('/');
  if (slash < 0) return null;
  return { machine: p[6].slice(0, slash), label: p[6].slice(slash + 1), id: p[7], machineArn: [...p.slice(0, 5), 'stateMachine', p[6].slice(0, slash)].join(':') };
}

// maxConcurrencyText renders MaxConcurrency: 0 means no limit of its own
// (AWS then runs up to 10,000 children at once).
export function maxConcurrencyText(n) {
  if (n == null) return '';
  return Number(n) === 0 ? '0 (no limit: up to 10,000 at once)' : String(n);
}

// UPDATABLE lists UpdateMapRun's fields and the bounds AWS checks.
export const UPDATABLE = [
  { key: 'maxConcurrency', label: 'Max concurrency', min: 0, max: null, integer: true },
  { key: 'toleratedFailurePercentage', label: 'Tolerated failure percentage', min: 0, max: 100, integer: false },
  { key: 'toleratedFailureCount', label: 'Tolerated failure count', min: 0, max: null, integer: true },
];

// mapRunUpdate builds an UpdateMapRun request from form text (field →
// string): only the fields that changed from current are sent. Returns
// {request} or {error, field}.
export function mapRunUpdate(arn, current, form) {
  const request = { mapRunArn: arn };
  for (const f of UPDATABLE) {
    const text = String(form[f.key] ?? '').trim();
    if (text === '') return { error: `${f.label} is required`, field: f.key };
    const v = Number(text);
    if (!Number.isFinite(v) || (f.integer && !Number.isInteger(v))) return { error: `${f.label} must be ${f.integer ? 'a whole number' : 'a number'}`, field: f.key };
    if (v < f.min || (f.max != null && v > f.max)) return { error: `${f.label} must be ${f.max != null ? `between ${f.min} and ${f.max}` : `${f.min} or more`}`, field: f.key };
    if (v !== Number(current?.[f.key])) request[f.key] = v;
  }
  if (Object.keys(request).length === 1) return { error: 'Nothing changed', field: null };
  return { request };
}

// mapStateOfRun finds, in the parent execution's history (events in id
// order), the Distributed Map state visit that started the run: its name
// and input (MapStateEntered, two events before MapRunStarted), the error
// and cause of the run's latest failure (MapRunFailed, which follows the
// run's MapRunStarted or MapRunRedriven) and, once the state has exited,
// its output. null when the run is not in these events.
export function mapStateOfRun(events, runArn) {
  const byId = new Map();
  const runEvents = new Set(); // ids of this run's MapRunStarted / MapRunRedriven
  let found = null;
  for (const ev of events || []) {
    byId.set(ev.id, ev);
    if (!found) {
      if (ev.type !== 'MapRunStarted' || ev.mapRunStartedEventDetails?.mapRunArn !== runArn) continue;
      const started = byId.get(ev.previousEventId);
      const entered = started && byId.get(started.previousEventId);
      const d = entered?.stateEnteredEventDetails;
      if (entered?.type !== 'MapStateEntered' || !d) return null;
      found = { name: d.name, input: d.input ?? null, output: null, exited: false, error: null, cause: null };
      runEvents.add(ev.id);
      continue;
    }
    if (ev.type === 'MapRunRedriven' && ev.mapRunRedrivenEventDetails?.mapRunArn === runArn) {
      runEvents.add(ev.id);
      found.error = found.cause = null;
    }
    if (ev.type === 'MapRunFailed' && runEvents.has(ev.previousEventId)) {
      found.error = ev.mapRunFailedEventDetails?.error ?? null;
      found.cause = ev.mapRunFailedEventDetails?.cause ?? null;
    }
    // state names are unique in a machine: the first exit of that name
    // after the run started is this visit's
    if (ev.type === 'MapStateExited' && ev.stateExitedEventDetails?.name === found.name) {
      found.output = ev.stateExitedEventDetails.output ?? null;
      found.exited = true;
      break;
    }
  }
  return found;
}

// findState looks a state up by name anywhere in a parsed definition,
// through Parallel branches and Map processors.
export function findState(definition, name) {
  const walk = (states) => {
    for (const [n, st] of Object.entries(states || {})) {
      if (!st || typeof st !== 'object') continue;
      if (n === name) return st;
      const inner = st.Type === 'Parallel' ? (st.Branches || []).map((b) => b?.States) : st.Type === 'Map' ? [(st.ItemProcessor || st.Iterator)?.States] : [];
      for (const s of inner) {
        const got = walk(s);
        if (got) return got;
      }
    }
    return null;
  };
  return walk(definition?.States);
}

// processorOf is a Map state's item processor (ItemProcessor, or the older
// Iterator) and the children's execution type (STANDARD unless EXPRESS).
export function processorOf(state) {
  const p = state?.ItemProcessor || state?.Iterator || null;
  if (!p) return null;
  return { definition: p, executionType: p.ProcessorConfig?.ExecutionType || 'STANDARD' };
}
