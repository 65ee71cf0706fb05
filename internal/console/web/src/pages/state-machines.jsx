// State machines list: name, type, created, running executions; search by name.
import { useEffect, useState } from 'preact/hooks';
import { call, callAll, subscribe } from '../api.js';
import { paths, navigate } from '../router.js';
import { ErrorBox, Loading, useAsync } from '../components.jsx';
import { formatDate } from '../format.js';

// runningCounts asks ListExecutions(RUNNING) per machine, a few at a time so
// a long list does not flood the server; a full page means "at least 1000".
async function runningCounts(machines, onCount, isLive) {
  let next = 0;
  const worker = async () => {
    while (isLive() && next < machines.length) {
      const sm = machines[next++];
      if (sm.type === 'EXPRESS') {
        // ListExecutions does not list Express executions
        onCount(sm.stateMachineArn, '—');
        continue;
      }
      try {
        const page = await call('ListExecutions', { stateMachineArn: sm.stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000 });
        onCount(sm.stateMachineArn, page.executions.length + (page.nextToken ? '+' : ''));
      } catch {
        onCount(sm.stateMachineArn, '?');
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}

export function StateMachinesPage() {
  const [q, setQ] = useState('');
  const list = useAsync(() => callAll('ListStateMachines', { maxResults: 1000 }, 'stateMachines'), []);
  const [counts, setCounts] = useState({});
  useEffect(() => {
    if (!list.data) return;
    let live = true;
    runningCounts(list.data, (arn, n) => live && setCounts((c) => ({ ...c, [arn]: n })), () => live);
    return () => {
      live = false;
    };
  }, [list.data]);
  // running counts follow the live stream: a machine whose executions start
  // or close is counted again (once per burst)
  useEffect(() => {
    if (!list.data) return;
    const timers = new Map();
    const known = new Map(list.data.map((sm) => [sm.stateMachineArn, sm]));
    const close = subscribe(
      {},
      {
        execution: (ex) => {
          const sm = known.get(ex.stateMachineArn);
          if (!sm || timers.has(sm.stateMachineArn)) return;
          timers.set(
            sm.stateMachineArn,
            setTimeout(() => {
              timers.delete(sm.stateMachineArn);
              runningCounts([sm], (arn, n) => setCounts((c) => ({ ...c, [arn]: n })), () => true);
            }, 300),
          );
        },
      },
    );
    return () => {
      close();
      for (const t of timers.values()) clearTimeout(t);
    };
  }, [list.data]);
  const needle = q.trim().toLowerCase();
  const rows = (list.data || []).filter((sm) => !needle || sm.name.toLowerCase().includes(needle));
  return (
    <div class="page">
      <div class="page-head">
        <h1>State machines</h1>
        <span class="spacer" />
        <button type="button" class="btn primary" data-testid="create-state-machine" onClick={() => navigate(paths.newStateMachine())}>
          Create state machine
        </button>
      </div>
      <div class="toolbar">
        <input
          type="search"
          class="input"
          placeholder="Search by name"
          aria-label="Search state machines by name"
          data-testid="sm-search"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <span class="muted small">{list.data ? `${rows.length} of ${list.data.length}` : ''}</span>
      </div>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Created</th>
              <th class="num">Running</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((sm) => (
              <tr data-testid="sm-row" data-name={sm.name} key={sm.stateMachineArn}>
                <td>
                  <a href={paths.stateMachine(sm.stateMachineArn)}>{sm.name}</a>
                </td>
                <td>{sm.type}</td>
                <td>{formatDate(sm.creationDate)}</td>
                <td class="num">
                  {counts[sm.stateMachineArn] == null ? (
                    <span class="muted">…</span>
                  ) : (
                    <a href={`/executions?stateMachine=${encodeURIComponent(sm.stateMachineArn)}&status=RUNNING`}>{counts[sm.stateMachineArn]}</a>
                  )}
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} class="muted empty">
                  {list.data?.length ? 'No state machine matches.' : 'No state machines yet.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
