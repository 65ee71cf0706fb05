// Activities: ListActivities, and what DescribeActivity adds. Pending tasks
// and recent workers come from the console-only endpoint when the server has
// it (/console/activities); AWS has no API for them.
import { useEffect, useState } from 'preact/hooks';
import { call, callAll } from '../api.js';
import { ErrorBox, Loading, useAsync } from '../components.jsx';
import { formatDate } from '../format.js';

// consoleActivities returns the extra figures by activity ARN, null when the
// server has none to give, or false when it has no such endpoint at all.
async function consoleActivities() {
  try {
    const res = await fetch('/console/activities', { headers: { Accept: 'application/json' } });
    if (res.status === 404) return false;
    if (!res.ok || !(res.headers.get('Content-Type') || '').includes('json')) return null;
    const body = await res.json();
    const byArn = {};
    for (const a of body.activities || []) byArn[a.activityArn] = a;
    return byArn;
  } catch {
    return null;
  }
}

export function ActivitiesPage() {
  // DescribeActivity adds the encryption configuration to what the list has
  const list = useAsync(async () => {
    const items = await callAll('ListActivities', { maxResults: 1000 }, 'activities');
    return Promise.all(items.map((a) => call('DescribeActivity', { activityArn: a.activityArn }).then((d) => ({ ...a, ...d }), () => a)));
  }, []);
  const [extra, setExtra] = useState(null);
  useEffect(() => {
    let live = true;
    let t;
    const load = () =>
      consoleActivities().then((x) => {
        if (!live) return;
        setExtra(x || null);
        // no endpoint: do not keep asking
        if (x !== false) t = setTimeout(load, 5000);
      });
    load();
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, []);
  return (
    <div class="page">
      <div class="page-head">
        <h1>Activities</h1>
      </div>
      <p class="muted small">
        Workers poll an activity with GetActivityTask and answer with SendTaskSuccess, SendTaskFailure or SendTaskHeartbeat.
      </p>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>ARN</th>
              <th>Created</th>
              <th>Encryption</th>
              {extra && <th class="num">Pending tasks</th>}
              {extra && <th>Recent workers</th>}
            </tr>
          </thead>
          <tbody>
            {(list.data || []).map((a) => {
              const x = extra?.[a.activityArn];
              return (
                <tr data-testid="activity-row" data-name={a.name} key={a.activityArn}>
                  <td>{a.name}</td>
                  <td class="mono small">{a.activityArn}</td>
                  <td>{formatDate(a.creationDate)}</td>
                  <td class="small">{a.encryptionConfiguration?.type || 'AWS_OWNED_KEY'}</td>
                  {extra && <td class="num">{x?.pendingTasks ?? 0}</td>}
                  {extra && (
                    <td class="small">
                      {(x?.workers || []).map((w) => (
                        <div>
                          {w.name || '(unnamed)'} <span class="muted">{formatDate(w.lastSeen)}</span>
                        </div>
                      ))}
                    </td>
                  )}
                </tr>
              );
            })}
            {list.data?.length === 0 && (
              <tr>
                <td colSpan={extra ? 6 : 4} class="muted empty">
                  No activities. Create one with CreateActivity (e.g. <code>aws stepfunctions create-activity --name …</code>).
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
