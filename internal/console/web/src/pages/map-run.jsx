// Map Run detail (a Distributed Map state's run), laid out as AWS's Map
// Run page: a summary (details: status, failure, dates, the concurrency
// and tolerance settings, editable through UpdateMapRun while it runs; the
// Map state's input and output; the item processor's definition), the
// item and child execution counts with a progress bar, the child
// executions (ListExecutions with mapRunArn), and a redrive through the
// parent. While the run is RUNNING the page describes it and lists its
// children every POLL_MS.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '../api.js';
import { paths, setQuery } from '../router.js';
import { Dialog, ErrorBox, ErrorCause, Highlight, JsonBlock, Loading, StatusBadge, Tabs, useAsync } from '../components.jsx';
import { arnName, formatDate, formatDuration, machineOfExecution } from '../format.js';
import { COUNT_KEYS, UPDATABLE, findState, mapRunUpdate, mapStateOfRun, maxConcurrencyText, parseMapRunArn, processorOf } from '../maprun.js';
import { tryParse } from '../definition.js';
import { GraphView } from '../graphview.jsx';
import { MapRunProgress, useMapRun } from '../maprun-view.jsx';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const PAGE = 50;
const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);
const TABS = [
  ['details', 'Details'],
  ['io', 'Input and output'],
  ['definition', 'Definition'],
];
// HISTORY_PAGES bounds how much of the parent's history is read to find
// the Map state (the parent of a Distributed Map is usually short: its
// children hold the work).
const HISTORY_PAGES = 10;

// loadMapState reads the parent execution's history and definition for
// the Map state that started the run: its name, input, output, the run's
// failure and the item processor.
async function loadMapState(parent, arn) {
  const smd = call('DescribeStateMachineForExecution', { executionArn: parent }).catch(() => null);
  const events = [];
  let found = null;
  let nextToken;
  for (let i = 0; i < HISTORY_PAGES; i++) {
    const page = await call('GetExecutionHistory', { executionArn: parent, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    events.push(...(page.events || []));
    found = mapStateOfRun(events, arn);
    nextToken = page.nextToken;
    if (!nextToken || found?.exited) break;
  }
  const d = await smd;
  const def = d ? tryParse(d.definition) : null;
  const proc = found && def ? processorOf(findState(def, found.name)) : null;
  return found ? { ...found, proc } : null;
}

function CountsTable({ run }) {
  const rows = [
    ['items', 'Items', run.itemCounts],
    ['executions', 'Child executions', run.executionCounts],
  ];
  return (
    <table class="table counts" data-testid="maprun-counts">
      <thead>
        <tr>
          <th />
          {COUNT_KEYS.map(([, label]) => (
            <th class="num">{label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([id, label, counts]) => (
          <tr>
            <th scope="row">{label}</th>
            {COUNT_KEYS.map(([key]) => (
              <td class={`num c-${key}${counts?.[key] > 0 ? ' nz' : ''}`} data-testid={`count-${id}-${key}`}>
                {counts?.[key] ?? 0}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EditDialog({ run, onClose, onDone }) {
  const [form, setForm] = useState(() => Object.fromEntries(UPDATABLE.map((f) => [f.key, String(run[f.key] ?? 0)])));
  const [error, setError] = useState(null);
  const [bad, setBad] = useState(null);
  const [busy, setBusy] = useState(false);
  const save = async (e) => {
    e.preventDefault();
    const u = mapRunUpdate(run.mapRunArn, run, form);
    if (u.error) {
      setError({ message: u.error });
      setBad(u.field);
      return;
    }
    setBusy(true);
    setError(null);
    setBad(null);
    try {
      await call('UpdateMapRun', u.request);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Edit Map Run" onClose={onClose} testid="maprun-edit-dialog">
      <form class="col" noValidate onSubmit={save}>
        <p class="muted small">Changes apply to the children started from now on. 0 as max concurrency means no limit of its own.</p>
        <div class="form-row">
          {UPDATABLE.map((f) => (
            <label class="field">
              {f.label}
              <input
                type="number"
                class="input"
                min={f.min}
                max={f.max ?? undefined}
                step={f.integer ? 1 : 'any'}
                value={form[f.key]}
                aria-invalid={bad === f.key}
                data-testid={`maprun-${f.key}`}
                onInput={(e) => setForm({ ...form, [f.key]: e.currentTarget.value })}
              />
            </label>
          ))}
        </div>
        <ErrorBox error={error} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn primary" data-testid="maprun-save" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// RedriveParent redrives the run the way AWS does: by redriving its parent
// execution (RedriveExecution), which redrives the run's unsuccessful
// children. Enabled when the run failed or was aborted and the parent can
// be redriven.
function RedriveParent({ run, parent, onDone }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const enabled = (run.status === 'FAILED' || run.status === 'ABORTED') && parent && REDRIVABLE.has(parent.status) && parent.redriveStatus !== 'NOT_REDRIVABLE';
  const redrive = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('RedriveExecution', { executionArn: parent.executionArn });
      setOpen(false);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const why = enabled
    ? 'Redrive the parent execution, which redrives the unsuccessful children of this run'
    : parent?.redriveStatusReason || 'Only a failed or aborted Map Run whose parent can be redriven';
  return (
    <>
      <button type="button" class="btn" data-testid="maprun-redrive" disabled={!enabled} title={why} onClick={() => setOpen(true)}>
        Redrive
      </button>
      {open && (
        <Dialog title="Redrive Map Run" onClose={() => setOpen(false)} testid="maprun-redrive-dialog">
          <p>
            A Map Run is redriven through its parent: this redrives the execution <strong>{parent.name}</strong>, which runs this Map Run&apos;s
            failed, timed out and aborted children again (and any other unsuccessful state of the parent).
          </p>
          <ErrorBox error={error} />
          <div class="dialog-actions">
            <button type="button" class="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" class="btn primary" data-testid="confirm" disabled={busy} onClick={redrive}>
              Redrive parent
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

// Children lists the run's child executions newest first. Each time the
// run is described again (tick) it lists again as many as are shown, so
// statuses change in place and new children appear at the top.
function Children({ arn, tick, initialStatus, started }) {
  const [status, setStatus] = useState(initialStatus || '');
  const [rows, setRows] = useState([]);
  const [next, setNext] = useState(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);
  const seq = useRef(0);
  const shown = useRef(0);
  shown.current = rows.length;

  const list = async ({ more = false, reset = false } = {}) => {
    const n = ++seq.current;
    const body = { mapRunArn: arn, maxResults: more ? PAGE : Math.min(1000, Math.max(PAGE, reset ? 0 : shown.current)) };
    if (status) body.statusFilter = status;
    if (more) body.nextToken = next;
    if (reset || more) setLoading(true);
    try {
      const page = await call('ListExecutions', body);
      if (n !== seq.current) return;
      const got = page.executions || [];
      setRows((r) => {
        if (!more) return got;
        const seen = new Set(r.map((x) => x.executionArn));
        return [...r, ...got.filter((x) => !seen.has(x.executionArn))];
      });
      setNext(page.nextToken || null);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    setQuery({ status });
    setRows([]);
    setNext(null);
    list({ reset: true });
  }, [arn, status]);
  useEffect(() => {
    if (tick > 1) list();
  }, [tick]);

  const now = Date.now() / 1000;
  // batches (ItemBatcher) give a child several items: show how many
  const batched = rows.some((ex) => ex.itemCount > 1);
  let empty = 'No child executions started yet.';
  if (status) empty = `No child executions are ${status}.`;
  else if (started > 0) empty = 'No child executions listed: ListExecutions does not keep Express children (as on AWS); the counts above include them.';
  return (
    <div class="col">
      <div class="toolbar">
        <h2>Child executions</h2>
        <span class="spacer" />
        <select class="input" aria-label="Status of child executions" data-testid="maprun-status-filter" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option value={s}>{s}</option>
          ))}
        </select>
      </div>
      <ErrorBox error={error} />
      <table class="table" data-testid="maprun-children">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Started</th>
            <th>Stopped</th>
            <th class="num">Duration</th>
            {batched && <th class="num">Items</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((ex) => (
            <tr data-testid="maprun-child" data-name={ex.name} data-status={ex.status} key={ex.executionArn}>
              <td class="mono small">
                <a href={paths.execution(ex.executionArn)}>{ex.name}</a>
              </td>
              <td>
                <StatusBadge status={ex.status} />
              </td>
              <td>{formatDate(ex.startDate)}</td>
              <td>{formatDate(ex.stopDate)}</td>
              <td class="num">{formatDuration(((ex.stopDate || now) - ex.startDate) * 1000)}</td>
              {batched && <td class="num">{ex.itemCount ?? 1}</td>}
            </tr>
          ))}
          {!loading && rows.length === 0 && (
            <tr>
              <td colSpan={6} class="muted empty" data-testid="maprun-children-empty">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {loading && <Loading />}
      {next && !loading && (
        <div>
          <button type="button" class="btn" data-testid="load-more" onClick={() => list({ more: true })}>
            Load more
          </button>
        </div>
      )}
    </div>
  );
}

export function MapRunPage({ arn, query }) {
  const run = useMapRun(arn);
  const [editing, setEditing] = useState(false);
  const r = run.data;
  const parent = r?.executionArn || '';
  // the parent's name and machine for the breadcrumb: from the ARNs, no call
  const parentMachine = parent ? machineOfExecution(parent) : parseMapRunArn(arn)?.machineArn || '';
  const id = parseMapRunArn(arn);
  // read again once the run closes: the Map state's output, the run's
  // failure, and whether the parent can be redriven
  const closed = !!r && r.status !== 'RUNNING';
  const parentDesc = useAsync(() => (parent ? call('DescribeExecution', { executionArn: parent }).catch(() => null) : null), [parent, closed]);
  const state = useAsync(() => (parent ? loadMapState(parent, arn) : null), [parent, closed]);
  const tab = TABS.some(([t]) => t === query.get('tab')) ? query.get('tab') : 'details';

  if (run.error && !r) {
    return (
      <div class="page">
        <h1>Map Run</h1>
        <div class="mono small">{arn}</div>
        <ErrorBox error={run.error} />
      </div>
    );
  }
  if (!r) return <Loading />;
  const running = r.status === 'RUNNING';
  const stop = r.stopDate != null ? r.stopDate : Date.now() / 1000;
  // the parent may itself be a Map Run child (a Distributed Map nested in
  // a child): its breadcrumb then goes through that run, not a state machine
  const childOfMapRun = parentDesc.data?.mapRunArn;
  const m = state.data;
  return (
    <div class="page">
      <div class="page-head">
        <div>
          <div class="sub">
            <a href={paths.executions()}>Executions</a>
            {childOfMapRun ? (
              <>
                {' '}/ <a href={paths.mapRun(childOfMapRun)}>Map Run</a>
              </>
            ) : (
              <>
                {' '}/ <a href={paths.stateMachine(parentMachine)}>{arnName(parentMachine)}</a>
              </>
            )}{' '}
            / <a href={paths.execution(parent)} data-testid="maprun-parent">{arnName(parent)}</a>
          </div>
          <h1>
            Map Run <span class="muted mono h1-id">{id ? `${id.label}:${id.id}` : arnName(arn)}</span>
          </h1>
        </div>
        <StatusBadge status={r.status} testid="maprun-status" live />
        {running && <span class="muted small live-dot" title="Updated every 1.5 s while it runs">live</span>}
        <span class="spacer" />
        <button type="button" class="btn" data-testid="maprun-edit" disabled={!running} title={running ? 'Change max concurrency and failure tolerance (UpdateMapRun)' : 'Only a running Map Run can be changed'} onClick={() => setEditing(true)}>
          Edit
        </button>
        <RedriveParent
          run={r}
          parent={parentDesc.data}
          onDone={() => {
            run.reload({ afterRedrive: true });
            parentDesc.reload();
          }}
        />
      </div>
      {run.error && <ErrorBox error={run.error} />}
      {r.status === 'FAILED' && <ErrorCause error={m?.error} cause={m?.cause} testid="maprun" />}
      <Tabs tabs={TABS} active={tab} onChange={(t) => setQuery({ tab: t === 'details' ? null : t })} />
      {tab === 'details' && (
        <div class="cols">
          <dl class="facts panel">
            <dt>ARN</dt>
            <dd class="mono small" data-testid="maprun-arn">{arn}</dd>
            <dt>Parent execution</dt>
            <dd>
              <a href={paths.execution(parent)}>{arnName(parent)}</a>
            </dd>
            {m && <dt>Map state</dt>}
            {m && (
              <dd>
                <a href={paths.execution(parent, m.name)} data-testid="maprun-state">
                  {m.name}
                </a>
              </dd>
            )}
            {m?.proc && <dt>Child execution type</dt>}
            {m?.proc && <dd data-testid="maprun-child-type">{m.proc.executionType}</dd>}
            <dt>Started</dt>
            <dd data-testid="maprun-start">{formatDate(r.startDate)}</dd>
            <dt>Stopped</dt>
            <dd data-testid="maprun-stop">{r.stopDate != null ? formatDate(r.stopDate) : '—'}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration((stop - r.startDate) * 1000)}</dd>
            {r.redriveCount > 0 && <dt>Redrives</dt>}
            {r.redriveCount > 0 && (
              <dd data-testid="maprun-redrives">
                {r.redriveCount}
                {r.redriveDate != null && <span class="muted"> · last {formatDate(r.redriveDate)}</span>}
              </dd>
            )}
          </dl>
          <dl class="facts panel">
            <dt>Max concurrency</dt>
            <dd data-testid="maprun-max-concurrency">{maxConcurrencyText(r.maxConcurrency)}</dd>
            <dt>Tolerated failure percentage</dt>
            <dd data-testid="maprun-tolerated-percentage">{r.toleratedFailurePercentage ?? 0}%</dd>
            <dt>Tolerated failure count</dt>
            <dd data-testid="maprun-tolerated-count">{r.toleratedFailureCount ?? 0}</dd>
            <dt>Results written</dt>
            <dd>{r.itemCounts?.resultsWritten ?? 0}</dd>
          </dl>
        </div>
      )}
      {tab === 'io' && (
        <div class="cols io">
          <JsonBlock value={m?.input ?? null} title="Map state input" testid="maprun-input" filename="map-input.json" empty={state.loading ? 'Loading…' : 'Not found in the parent history'} />
          <JsonBlock
            value={m?.output ?? null}
            title="Map state output"
            testid="maprun-output"
            filename="map-output.json"
            empty={running ? 'Still running' : m && !m.exited ? 'The Map state has not exited' : 'No output'}
          />
        </div>
      )}
      {tab === 'definition' && (
        <div class="col" data-testid="maprun-definition">
          {m?.proc ? (
            <>
              <GraphView definition={m.proc.definition} />
              <Highlight text={JSON.stringify(m.proc.definition, null, 2)} />
            </>
          ) : (
            <div class="muted">{state.loading ? 'Loading…' : "The item processor was not found in the parent's definition."}</div>
          )}
        </div>
      )}
      <div class="panel col">
        <MapRunProgress counts={r.itemCounts} />
        <CountsTable run={r} />
      </div>
      <Children
        arn={arn}
        tick={run.version}
        initialStatus={query.get('status') || ''}
        started={(r.executionCounts?.total ?? 0) - (r.executionCounts?.pending ?? 0)}
      />
      {editing && (
        <EditDialog
          run={r}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            run.reload();
          }}
        />
      )}
    </div>
  );
}
