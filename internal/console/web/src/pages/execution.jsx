// Execution detail: status, dates, input/output, error; the graph coloured
// by state status from the history; the windowed event history; the state
// panel (?state=Name); Map iterations and Parallel branches; live updates
// while RUNNING; stop and redrive.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { call, subscribe } from '../api.js';
import { paths, setQuery } from '../router.js';
import { Dialog, ErrorBox, ErrorCause, JsonBlock, Loading, StatusBadge, useAsync } from '../components.jsx';
import { MapRunProgress, useMapRun } from '../maprun-view.jsx';
import { arnName, formatDate, formatDuration, machineOfExecution } from '../format.js';
import { Deriver, branchIndexer } from '../history.js';
import { tryParse } from '../definition.js';
import { GraphView } from '../graphview.jsx';
import { HistoryTable } from '../history-table.jsx';
import { StartDialog } from './state-machine.jsx';

const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

// useExecution loads the execution, its definition and its whole history,
// then follows it live until it closes. Returns the deriver and a version
// that changes whenever it does.
function useExecution(arn) {
  const [desc, setDesc] = useState(null);
  const [def, setDef] = useState(null);
  const [error, setError] = useState(null);
  const [historyDone, setHistoryDone] = useState(false);
  const [version, setVersion] = useState(0);
  const [liveKey, setLiveKey] = useState(0);
  const deriver = useRef(null);
  const bump = () => setVersion((v) => v + 1);

  useEffect(() => {
    let live = true;
    let close = () => {};
    (async () => {
      try {
        const [d, smd] = await Promise.all([
          call('DescribeExecution', { executionArn: arn }),
          call('DescribeStateMachineForExecution', { executionArn: arn }).catch(() => null),
        ]);
        if (!live) return;
        const parsed = smd ? tryParse(smd.definition) : null;
        setDesc(d);
        setDef(parsed);
        const der = new Deriver({ branchOf: branchIndexer(parsed) });
        deriver.current = der;
        let nextToken;
        do {
          const page = await call('GetExecutionHistory', { executionArn: arn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
          if (!live) return;
          der.add(page.events || []);
          bump();
          nextToken = page.nextToken;
        } while (nextToken);
        setHistoryDone(true);
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => {
      live = false;
      close();
    };
  }, [arn]);

  // live tail: subscribe once the history is in, while the execution runs
  const running = desc?.status === 'RUNNING';
  useEffect(() => {
    if (!historyDone || !running) return;
    const der = deriver.current;
    const close = subscribe(
      { execution: arn, after: der.lastId },
      {
        history: (events) => {
          der.add(events);
          bump();
        },
        status: (s) => {
          setDesc((d) => {
            const next = { ...d, ...s };
            if (s.status === 'RUNNING') delete next.stopDate;
            return next;
          });
        },
      },
    );
    return close;
  }, [historyDone, running, liveKey, arn]);

  const refresh = async () => {
    const d = await call('DescribeExecution', { executionArn: arn });
    setDesc(d);
    setLiveKey((k) => k + 1);
  };
  return { desc, def, error, historyDone, version, deriver: deriver.current, refresh };
}

function useNow(active) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  // the state only drives re-renders: read the clock itself, so a page that
  // starts running again never shows the time it stopped ticking
  return active ? Date.now() : now;
}

function StopButton({ arn, enabled, onDone }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const stop = async () => {
    setBusy(true);
    try {
      await call('StopExecution', { executionArn: arn });
      setOpen(false);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="btn danger" data-testid="stop" disabled={!enabled} onClick={() => setOpen(true)}>
        Stop
      </button>
      {open && (
        <Dialog title="Stop execution" onClose={() => setOpen(false)}>
          <p>Stop this execution? Running tasks are abandoned and the execution ends ABORTED.</p>
          <ErrorBox error={error} />
          <div class="dialog-actions">
            <button type="button" class="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" class="btn danger" data-testid="confirm" disabled={busy} onClick={stop}>
              Stop execution
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function RedriveButton({ arn, enabled, onDone }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const redrive = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('RedriveExecution', { executionArn: arn });
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="btn" data-testid="redrive" disabled={!enabled || busy} onClick={redrive} title="Restart from the failed states (RedriveExecution)">
        Redrive
      </button>
      {error && (
        <div class="full">
          <ErrorBox error={error} />
        </div>
      )}
    </>
  );
}

function StatePanel({ d, name, scope, onScope, onFilter, onClose }) {
  const instances = d.instancesOf(name, scope);
  const [pick, setPick] = useState(null);
  const inst = instances.find((x) => x.key === pick) || instances[instances.length - 1];
  const kids = inst?.compound ? inst.compound.children : [];
  return (
    <div class="side panel" data-testid="state-panel" data-state={name}>
      <div class="json-head">
        <h2>{name}</h2>
        {inst && <span class={`badge st-badge st-${inst.status}`} data-testid="state-status">{inst.status}</span>}
        <span class="spacer" />
        <button type="button" class="btn ghost small" aria-label="Close state panel" onClick={onClose}>
          ×
        </button>
      </div>
      {!inst ? (
        <div class="muted">Not entered{scope && scope !== d.root ? ' in this iteration/branch' : ''}.</div>
      ) : (
        <>
          {instances.length > 1 && (
            <label class="field">
              Visit ({instances.length})
              <select class="input" value={inst.key} onChange={(e) => setPick(e.currentTarget.value)}>
                {instances.map((x, i) => (
                  <option value={x.key}>
                    #{i + 1} {x.scope.label ? `in ${x.scope.label}` : ''} — {x.status}
                  </option>
                ))}
              </select>
            </label>
          )}
          <dl class="facts">
            <dt>Type</dt>
            <dd>{inst.type}</dd>
            <dt>Entered</dt>
            <dd>{formatDate(inst.enteredTs)}</dd>
            {inst.exitedTs != null && <dt>Exited</dt>}
            {inst.exitedTs != null && <dd>{formatDate(inst.exitedTs)}</dd>}
            {inst.exitedTs != null && <dt>Duration</dt>}
            {inst.exitedTs != null && <dd>{formatDuration((inst.exitedTs - inst.enteredTs) * 1000)}</dd>}
            {inst.resource && <dt>Resource</dt>}
            {inst.resource && <dd class="mono small">{inst.resource}</dd>}
            <dt>Retries</dt>
            <dd data-testid="state-retries">{Math.max(0, inst.attempts - 1)}</dd>
            {inst.scope.label && <dt>In</dt>}
            {inst.scope.label && <dd>{inst.scope.label}</dd>}
          </dl>
          {inst.mapRunArn && <MapRunBox arn={inst.mapRunArn} />}
          <div class="toolbar">
            <button type="button" class="btn small" onClick={() => onFilter(name)}>
              Show its events
            </button>
          </div>
          {inst.error != null && (
            <div data-testid="state-error" class="err-line">
              <span class="json-title">Error</span> <code>{inst.error}</code>
            </div>
          )}
          {inst.cause != null && (
            <div data-testid="state-cause">
              <JsonBlock value={inst.cause} title="Cause" filename={`${name}-cause.txt`} />
            </div>
          )}
          <JsonBlock value={inst.input} title="Input" testid="state-input" filename={`${name}-input.json`} empty="No input recorded" />
          {inst.parameters != null && <JsonBlock value={inst.parameters} title="Sent to the resource" testid="state-parameters" filename={`${name}-parameters.json`} />}
          <JsonBlock
            value={inst.output}
            title="Output"
            testid="state-output"
            filename={`${name}-output.json`}
            empty={inst.status === 'in-progress' ? 'Still running' : 'No output'}
          />
          {inst.assigned && Object.keys(inst.assigned).length > 0 && (
            <div data-testid="state-variables">
              <JsonBlock
                value={JSON.stringify(Object.fromEntries(Object.entries(inst.assigned).map(([k, v]) => [k, safeParse(v)])))}
                title="Variables assigned"
                filename={`${name}-variables.json`}
              />
            </div>
          )}
          {kids.length > 0 && (
            <div data-testid="state-children">
              <div class="json-title">{inst.type === 'Map' ? `Iterations (${kids.length})` : `Branches (${kids.length})`}</div>
              <div class="chips">
                {kids.map((k) => {
                  const st = d.scopeStatus(k);
                  return (
                    <button
                      type="button"
                      class={`chip st-${st}${scope === k ? ' active' : ''}`}
                      data-testid={k.kind === 'iteration' ? 'map-iteration' : 'parallel-branch'}
                      data-index={k.index}
                      data-status={st}
                      aria-pressed={scope === k}
                      onClick={() => onScope(scope === k ? null : k)}
                    >
                      {k.kind === 'iteration' ? `#${k.index}` : `branch ${k.index + 1}`}
                    </button>
                  );
                })}
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
}

// MapRunBox is a Distributed Map state's run, in its panel: status and
// progress (followed while it runs) and the link to the Map Run page.
function MapRunBox({ arn }) {
  const run = useMapRun(arn);
  const r = run.data;
  return (
    <div class="maprun-box" data-testid="state-map-run">
      <div class="json-head">
        <span class="json-title">Map Run</span>
        {r && <StatusBadge status={r.status} testid="state-map-run-status" />}
        <span class="spacer" />
        <a href={paths.mapRun(arn)} class="btn small" data-testid="state-map-run-link">
          Open Map Run
        </a>
      </div>
      {r && <MapRunProgress counts={r.itemCounts} testid="state-map-run-progress" />}
      {run.error && <ErrorBox error={run.error} />}
    </div>
  );
}

function safeParse(s) {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export function ExecutionPage({ arn, query }) {
  const x = useExecution(arn);
  const d = x.deriver;
  const selected = query.get('state');
  const [scope, setScope] = useState(null);
  const [filter, setFilter] = useState('');
  const [again, setAgain] = useState(false);
  const running = x.desc?.status === 'RUNNING';
  const now = useNow(running);
  // a Map Run's child: its run names the parent execution
  const mapRunArn = x.desc?.mapRunArn || '';
  const run = useAsync(() => (mapRunArn ? call('DescribeMapRun', { mapRunArn }) : null), [mapRunArn]);
  const parentArn = run.data?.executionArn || '';

  const rows = useMemo(() => {
    if (!d) return [];
    if (!filter && !scope) return d.events.slice();
    return d.events.filter((ev) => (!filter || ev._state === filter) && (!scope || d.within(ev._scope, scope) || ev._child === scope || ev._iteration === scope));
  }, [d, x.version, filter, scope]);
  const status = useMemo(() => (d ? d.statusIn(scope) : {}), [d, x.version, scope]);
  const names = useMemo(() => (d ? [...d.byName.keys()] : []), [d, x.version]);

  if (x.error && !x.desc) {
    return (
      <div class="page">
        <h1>{arnName(arn)}</h1>
        <ErrorBox error={x.error} />
      </div>
    );
  }
  if (!x.desc) return <Loading />;
  const e = x.desc;
  const smArn = e.stateMachineArn || machineOfExecution(arn);
  const stop = e.stopDate != null ? e.stopDate * 1000 : now;
  const canRedrive = REDRIVABLE.has(e.status) && e.redriveStatus !== 'NOT_REDRIVABLE';
  return (
    <div class="page">
      <div class="page-head">
        <div>
          <div class="sub">
            {mapRunArn ? (
              <>
                <a href={paths.executions()}>Executions</a>
                {parentArn && (
                  <>
                    {' '}/ <a href={paths.stateMachine(machineOfExecution(parentArn))}>{arnName(machineOfExecution(parentArn))}</a> /{' '}
                    <a href={paths.execution(parentArn)}>{arnName(parentArn)}</a>
                  </>
                )}{' '}
                / <a href={paths.mapRun(mapRunArn)} data-testid="execution-map-run-crumb">Map Run</a>
              </>
            ) : (
              <>
                <a href={paths.executions()}>Executions</a> / <a href={paths.stateMachine(smArn)}>{arnName(smArn)}</a>
              </>
            )}
          </div>
          <h1>{e.name || arnName(arn)}</h1>
        </div>
        <StatusBadge status={e.status} testid="execution-status" live />
        {running && <span class="muted small live-dot" title="Live updates">live</span>}
        <span class="spacer" />
        {!mapRunArn && (
          <button type="button" class="btn" data-testid="start-again" title="Start a new execution of this state machine with the same input" onClick={() => setAgain(true)}>
            New execution
          </button>
        )}
        <StopButton arn={arn} enabled={running} onDone={x.refresh} />
        <RedriveButton arn={arn} enabled={canRedrive} onDone={x.refresh} />
      </div>
      <dl class="facts panel">
        <dt>ARN</dt>
        <dd class="mono small">{arn}</dd>
        {mapRunArn && <dt>Map Run</dt>}
        {mapRunArn && (
          <dd>
            <a href={paths.mapRun(mapRunArn)} class="mono small" data-testid="execution-map-run">
              {mapRunArn}
            </a>
            {parentArn && (
              <span class="small muted">
                {' '}
                · child of <a href={paths.execution(parentArn)}>{arnName(parentArn)}</a>
              </span>
            )}
          </dd>
        )}
        <dt>Started</dt>
        <dd data-testid="execution-start">{formatDate(e.startDate)}</dd>
        <dt>Stopped</dt>
        <dd data-testid="execution-stop">{e.stopDate != null ? formatDate(e.stopDate) : '—'}</dd>
        <dt>Duration</dt>
        <dd data-testid="execution-duration">{formatDuration(stop - e.startDate * 1000)}</dd>
        {e.stateMachineVersionArn && <dt>Version</dt>}
        {e.stateMachineVersionArn && <dd class="mono small">{e.stateMachineVersionArn}</dd>}
        {e.stateMachineAliasArn && <dt>Alias</dt>}
        {e.stateMachineAliasArn && <dd class="mono small">{e.stateMachineAliasArn}</dd>}
        {e.redriveCount > 0 && <dt>Redrives</dt>}
        {e.redriveCount > 0 && <dd>{e.redriveCount}</dd>}
      </dl>
      <ErrorCause error={e.error} cause={e.cause} testid="execution" />
      <div class="row wrap-narrow">
        <div class="grow col">
          {scope && (
            <div class="toolbar">
              <span class="chip active">Viewing {scope.label}</span>
              <button type="button" class="btn small" onClick={() => setScope(null)}>
                Show all
              </button>
            </div>
          )}
          <GraphView definition={x.def} status={status} current={d?.current ?? null} selected={selected} onSelect={(name) => setQuery({ state: name })} />
        </div>
        {selected && d && (
          <StatePanel
            key={selected}
            d={d}
            name={selected}
            scope={scope}
            onScope={setScope}
            onFilter={setFilter}
            onClose={() => setQuery({ state: null })}
          />
        )}
      </div>
      <div class="cols io">
        <JsonBlock value={e.input ?? d?.execution.input} title="Input" testid="execution-input-view" filename={`${e.name}-input.json`} />
        <JsonBlock value={e.output ?? null} title="Output" testid="execution-output" filename={`${e.name}-output.json`} empty={running ? 'Still running' : 'No output'} />
      </div>
      {again && <StartDialog stateMachineArn={smArn} initialInput={e.input ?? d?.execution.input ?? '{}'} onClose={() => setAgain(false)} />}
      <div class="col">
        <div class="toolbar">
          <h2>Event history</h2>
          <span class="muted small">
            <span data-testid="history-count">{d ? d.events.length : 0}</span> events
            {(filter || scope) && ` · ${rows.length} shown`}
            {!x.historyDone && ' · loading…'}
          </span>
          <span class="spacer" />
          <select class="input" aria-label="Filter events by state" data-testid="history-state-filter" value={filter} onChange={(ev) => setFilter(ev.currentTarget.value)}>
            <option value="">All states</option>
            {names.map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
        </div>
        {x.error && <ErrorBox error={x.error} />}
        {d && (
          <HistoryTable
            events={rows}
            startTs={d.execution.startTs ?? e.startDate}
            selectedState={selected}
            onRow={(ev) => ev._state && setQuery({ state: ev._state })}
          />
        )}
      </div>
    </div>
  );
}
