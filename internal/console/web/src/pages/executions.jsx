// Executions list: status filter (server side), name search and time range
// (client side: the API has neither), "Load more" pagination, and live
// updates from /console/events.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { call, callAll, subscribe } from '../api.js';
import { paths, setQuery } from '../router.js';
import { ErrorBox, Loading, StatusBadge, useAsync } from '../components.jsx';
import { arnName, formatDate, formatDuration, fromLocalInput } from '../format.js';
import { Merger } from '../merge.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const PAGE = 50;

// listPage asks ListExecutions for one page of one machine.
function listPage(arn, status, nextToken) {
  const body = { stateMachineArn: arn, maxResults: PAGE };
  if (status) body.statusFilter = status;
  if (nextToken) body.nextToken = nextToken;
  return call('ListExecutions', body);
}

function matches(ex, f) {
  if (f.status && ex.status !== f.status) return false;
  if (f.q && !ex.name.toLowerCase().includes(f.q.toLowerCase())) return false;
  if (f.from != null && ex.startDate < f.from) return false;
  if (f.to != null && ex.startDate > f.to) return false;
  return true;
}

export function ExecutionsBrowser({ machineArn, express = false, fixedMachine = false, initial = {}, onFilters }) {
  const [status, setStatus] = useState(initial.status || '');
  const [q, setQ] = useState(initial.q || '');
  const [from, setFrom] = useState(initial.from || '');
  const [to, setTo] = useState(initial.to || '');
  const [machine, setMachine] = useState(machineArn || initial.stateMachine || '');
  const machines = useAsync(() => (fixedMachine ? Promise.resolve(null) : callAll('ListStateMachines', { maxResults: 1000 }, 'stateMachines')), [fixedMachine]);
  const [rows, setRows] = useState([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(null);
  const [more, setMore] = useState(false);
  const merger = useRef(null);
  // bumped when the live stream reconnects: notices sent while it was down
  // are lost (the list stream has no ids to resume from), so list again
  const [relist, setRelist] = useState(0);
  const live = useRef(0);
  // the name search re-lists after a pause in typing, not per keystroke
  const [qDebounced, setQDebounced] = useState(q.trim());
  useEffect(() => {
    const t = setTimeout(() => setQDebounced(q.trim()), 300);
    return () => clearTimeout(t);
  }, [q]);
  const filters = { status, q: qDebounced, from: fromLocalInput(from), to: fromLocalInput(to) };
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  useEffect(() => {
    onFilters && onFilters({ status, q, from, to, stateMachine: fixedMachine ? null : machine });
  }, [status, q, from, to, machine]);

  // the set of machines to list: one, or every STANDARD machine
  const targets = useMemo(() => {
    if (express) return [];
    if (machine) return [machine];
    if (fixedMachine) return [];
    return machines.data ? machines.data.filter((m) => m.type !== 'EXPRESS').map((m) => m.stateMachineArn) : null;
  }, [machine, machines.data, express]);

  const loadMore = async (reset) => {
    const gen = live.current;
    setLoading(true);
    setError(null);
    try {
      const m = merger.current;
      const f = filtersRef.current;
      const got = [];
      let scanned = 0;
      // keep reading until a page of matches is found (filters are client side)
      while (got.length < PAGE && !m.exhausted && scanned < 5000) {
        const batch = await m.take(PAGE, f.from);
        scanned += batch.length;
        if (!batch.length) break;
        got.push(...batch.filter((ex) => matches(ex, f)));
      }
      if (gen !== live.current) return;
      setRows((r) => {
        const seen = new Set(reset ? [] : r.map((x) => x.executionArn));
        return [...(reset ? [] : r), ...got.filter((x) => !seen.has(x.executionArn))];
      });
      setMore(!m.exhausted);
    } catch (e) {
      if (gen === live.current) setError(e);
    } finally {
      if (gen === live.current) setLoading(false);
    }
  };

  // (re)start the listing when the server-side inputs change; name and time
  // filters re-list too, since they decide how far to read
  useEffect(() => {
    if (targets == null) return;
    live.current++;
    merger.current = new Merger(targets, (arn, token) => listPage(arn, status, token));
    setRows([]);
    setMore(false);
    if (targets.length) loadMore(true);
    else setLoading(false);
  }, [targets, status, filters.q, filters.from, filters.to, relist]);

  // live: new executions appear and closed ones change status in place
  useEffect(() => {
    let broken = false;
    return subscribe(
      {},
      {
        onerror: () => {
          broken = true;
        },
        onopen: () => {
          if (broken) setRelist((n) => n + 1);
          broken = false;
        },
        execution: (ex) => {
          const f = filtersRef.current;
          const want = machine || machineArn;
          if (want && ex.stateMachineArn !== want) return;
          setRows((r) => {
            const i = r.findIndex((x) => x.executionArn === ex.executionArn);
            if (i >= 0) {
              const copy = r.slice();
              copy[i] = { ...copy[i], ...ex };
              return copy;
            }
            if (!matches(ex, f)) return r;
            return [ex, ...r].sort((a, b) => b.startDate - a.startDate);
          });
        },
      },
    );
  }, [machine, machineArn]);

  const now = Date.now() / 1000;
  return (
    <div class="col">
      <div class="toolbar">
        {!fixedMachine && (
          <select class="input" aria-label="State machine" data-testid="execution-machine-filter" value={machine} onChange={(e) => setMachine(e.currentTarget.value)}>
            <option value="">All state machines</option>
            {(machines.data || []).map((m) => (
              <option value={m.stateMachineArn}>{m.name}</option>
            ))}
          </select>
        )}
        <select class="input" aria-label="Status" data-testid="execution-status-filter" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option value={s}>{s}</option>
          ))}
        </select>
        <input
          type="search"
          class="input"
          placeholder="Search by name"
          aria-label="Search executions by name"
          data-testid="execution-search"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <label class="inline small muted">
          From <input type="datetime-local" class="input" data-testid="execution-from" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="inline small muted">
          To <input type="datetime-local" class="input" data-testid="execution-to" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
      </div>
      {express && <div class="muted small">Express executions are not kept by ListExecutions; the ones started while this page is open appear here.</div>}
      <ErrorBox error={error || machines.error} />
      <table class="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            {!fixedMachine && !machine && <th>State machine</th>}
            <th>Started</th>
            <th>Stopped</th>
            <th class="num">Duration</th>
          </tr>
        </thead>
        <tbody>
          {rows.filter((ex) => !q.trim() || ex.name.toLowerCase().includes(q.trim().toLowerCase())).map((ex) => (
            <tr data-testid="execution-row" data-name={ex.name} data-status={ex.status} key={ex.executionArn}>
              <td>
                <a href={paths.execution(ex.executionArn)}>{ex.name}</a>
              </td>
              <td>
                <StatusBadge status={ex.status} />
              </td>
              {!fixedMachine && !machine && (
                <td>
                  <a href={paths.stateMachine(ex.stateMachineArn)}>{arnName(ex.stateMachineArn)}</a>
                </td>
              )}
              <td>{formatDate(ex.startDate)}</td>
              <td>{formatDate(ex.stopDate)}</td>
              <td class="num">{formatDuration(((ex.stopDate || now) - ex.startDate) * 1000)}</td>
            </tr>
          ))}
          {!loading && rows.length === 0 && (
            <tr>
              <td colSpan={6} class="muted empty">
                No executions{status || q || from || to ? ' match these filters' : ''}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {loading && <Loading />}
      {more && !loading && (
        <div>
          <button type="button" class="btn" data-testid="load-more" onClick={() => loadMore(false)}>
            Load more
          </button>
        </div>
      )}
    </div>
  );
}

export function ExecutionsPage({ query }) {
  const initial = {
    status: query.get('status') || '',
    q: query.get('q') || '',
    from: query.get('from') || '',
    to: query.get('to') || '',
    stateMachine: query.get('stateMachine') || '',
  };
  return (
    <div class="page">
      <div class="page-head">
        <h1>Executions</h1>
      </div>
      <ExecutionsBrowser initial={initial} onFilters={(f) => setQuery(f)} />
    </div>
  );
}
