// State machine detail: graph, definition, executions, versions & aliases,
// tags; start an execution.
import { useMemo, useState } from 'preact/hooks';
import { call, callAll } from '../api.js';
import { navigate, paths, setQuery } from '../router.js';
import { Dialog, ErrorBox, Highlight, JsonBlock, Loading, Tabs, useAsync } from '../components.jsx';
import { formatDate, arnName } from '../format.js';
import { parseError, pretty } from '../json.js';
import { tryParse } from '../definition.js';
import { GraphView } from '../graphview.jsx';
import { ExecutionsBrowser } from './executions.jsx';

const TABS = [
  ['graph', 'Graph'],
  ['definition', 'Definition'],
  ['executions', 'Executions'],
  ['versions', 'Versions & aliases'],
  ['tags', 'Tags'],
];

export function StartDialog({ stateMachineArn, onClose, initialInput }) {
  const [input, setInput] = useState(initialInput != null ? pretty(initialInput) : '{\n  \n}');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const inputError = useMemo(() => (input.trim() === '' ? null : parseError(input)), [input]);
  const start = async (e) => {
    e.preventDefault();
    if (inputError) return;
    setBusy(true);
    setError(null);
    try {
      const body = { stateMachineArn, input: input.trim() === '' ? '{}' : input };
      if (name.trim()) body.name = name.trim();
      const out = await call('StartExecution', body);
      onClose();
      navigate(paths.execution(out.executionArn));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Start execution" onClose={onClose} testid="start-dialog">
      <form class="col" onSubmit={start}>
        <label class="field">
          Name (optional; a UUID when empty)
          <input class="input" data-testid="execution-name" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={80} />
        </label>
        <label class="field">
          Input (JSON)
          <textarea
            class="input mono"
            rows={12}
            spellcheck={false}
            data-testid="execution-input"
            value={input}
            onInput={(e) => setInput(e.currentTarget.value)}
            aria-invalid={inputError ? 'true' : 'false'}
          />
        </label>
        {inputError && (
          <div class="error-box small" data-testid="execution-input-error">
            Invalid JSON at line {inputError.line}, column {inputError.col}: {inputError.message}
          </div>
        )}
        <ErrorBox error={error} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn primary" data-testid="start" disabled={busy || !!inputError}>
            {busy ? 'Starting…' : 'Start'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DefinitionView({ text }) {
  const lines = useMemo(() => text.split('\n').length, [text]);
  return (
    <div class="def-view">
      <pre class="code gutter" aria-hidden="true">
        {Array.from({ length: lines }, (_, i) => i + 1).join('\n')}
      </pre>
      <Highlight text={text} data-testid="definition-view" />
    </div>
  );
}

function Versions({ arn }) {
  const data = useAsync(async () => {
    const [versions, aliases] = await Promise.all([
      callAll('ListStateMachineVersions', { stateMachineArn: arn, maxResults: 1000 }, 'stateMachineVersions'),
      callAll('ListStateMachineAliases', { stateMachineArn: arn, maxResults: 100 }, 'stateMachineAliases'),
    ]);
    const described = await Promise.all(aliases.map((a) => call('DescribeStateMachineAlias', { stateMachineAliasArn: a.stateMachineAliasArn }).catch(() => a)));
    return { versions, aliases: described };
  }, [arn]);
  if (data.error) return <ErrorBox error={data.error} />;
  if (!data.data) return <Loading />;
  const { versions, aliases } = data.data;
  return (
    <div class="cols">
      <div>
        <h3>Versions</h3>
        <table class="table" data-testid="versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr data-testid="version-row">
                <td>
                  <a href={paths.stateMachine(v.stateMachineVersionArn)}>{arnName(v.stateMachineVersionArn)}</a>
                </td>
                <td>{formatDate(v.creationDate)}</td>
              </tr>
            ))}
            {versions.length === 0 && (
              <tr>
                <td colSpan={2} class="muted empty">
                  No published versions. Saving from the editor publishes one.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div>
        <h3>Aliases</h3>
        <table class="table" data-testid="aliases">
          <thead>
            <tr>
              <th>Alias</th>
              <th>Routing</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {aliases.map((a) => (
              <tr data-testid="alias-row">
                <td>{a.name || arnName(a.stateMachineAliasArn)}</td>
                <td class="small">
                  {(a.routingConfiguration || []).map((r) => (
                    <div>
                      version {arnName(r.stateMachineVersionArn)}: {r.weight}%
                    </div>
                  ))}
                </td>
                <td>{formatDate(a.creationDate)}</td>
              </tr>
            ))}
            {aliases.length === 0 && (
              <tr>
                <td colSpan={3} class="muted empty">
                  No aliases.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Tags({ arn }) {
  const data = useAsync(() => call('ListTagsForResource', { resourceArn: arn }), [arn]);
  if (data.error) return <ErrorBox error={data.error} />;
  if (!data.data) return <Loading />;
  const tags = data.data.tags || [];
  return (
    <table class="table" data-testid="tags">
      <thead>
        <tr>
          <th>Key</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {tags.map((t) => (
          <tr data-testid="tag-row">
            <td>{t.key}</td>
            <td>{t.value}</td>
          </tr>
        ))}
        {tags.length === 0 && (
          <tr>
            <td colSpan={2} class="muted empty">
              No tags.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function DeleteButton({ arn, name }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState(null);
  const del = async () => {
    try {
      await call('DeleteStateMachine', { stateMachineArn: arn });
      setOpen(false);
      navigate(paths.stateMachines());
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <button type="button" class="btn danger" data-testid="delete-state-machine" onClick={() => setOpen(true)}>
        Delete
      </button>
      {open && (
        <Dialog title="Delete state machine" onClose={() => setOpen(false)}>
          <p>
            Delete <strong>{name}</strong>? Running executions are stopped.
          </p>
          <ErrorBox error={error} />
          <div class="dialog-actions">
            <button type="button" class="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" class="btn danger" data-testid="confirm" onClick={del}>
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

export function StateMachinePage({ arn, query }) {
  const sm = useAsync(() => call('DescribeStateMachine', { stateMachineArn: arn }), [arn]);
  const tab = TABS.some(([id]) => id === query.get('tab')) ? query.get('tab') : 'graph';
  const selected = query.get('state');
  const [starting, setStarting] = useState(false);
  const def = useMemo(() => (sm.data ? tryParse(sm.data.definition) : null), [sm.data]);
  const text = useMemo(() => (sm.data ? pretty(sm.data.definition) : ''), [sm.data]);
  const isVersion = /:\d+$/.test(arn.split(':stateMachine:')[1] || '');
  const baseArn = isVersion ? arn.replace(/:\d+$/, '') : arn;
  if (sm.error) {
    return (
      <div class="page">
        <h1>{arnName(arn)}</h1>
        <ErrorBox error={sm.error} />
      </div>
    );
  }
  if (!sm.data) return <Loading />;
  const d = sm.data;
  const selectedDef = selected && def ? findState(def, selected) : null;
  return (
    <div class="page">
      <div class="page-head">
        <div>
          <div class="sub">
            <a href={paths.stateMachines()}>State machines</a> / {d.type}
            {isVersion ? ` / version ${arnName(arn)}` : ''}
          </div>
          <h1 data-testid="sm-title">{d.name}</h1>
        </div>
        <span class="spacer" />
        <button type="button" class="btn primary" data-testid="start-execution" onClick={() => setStarting(true)}>
          Start execution
        </button>
        {!isVersion && (
          <a class="btn" href={paths.editStateMachine(arn)} data-testid="edit-state-machine">
            Edit
          </a>
        )}
        {!isVersion && <DeleteButton arn={arn} name={d.name} />}
      </div>
      <dl class="facts panel">
        <dt>ARN</dt>
        <dd class="mono small">{d.stateMachineArn || arn}</dd>
        <dt>Type</dt>
        <dd>{d.type}</dd>
        <dt>Role</dt>
        <dd class="mono small">{d.roleArn}</dd>
        <dt>Created</dt>
        <dd>{formatDate(d.creationDate)}</dd>
        {d.revisionId && <dt>Revision</dt>}
        {d.revisionId && <dd class="mono small">{d.revisionId}</dd>}
        {d.description && <dt>Description</dt>}
        {d.description && <dd>{d.description}</dd>}
      </dl>
      <Tabs tabs={TABS} active={tab} onChange={(id) => setQuery({ tab: id === 'graph' ? null : id })} />
      {tab === 'graph' && (
        <div class="row wrap-narrow">
          <div class="grow">
            <GraphView definition={def} selected={selected} onSelect={(name) => setQuery({ state: name })} />
          </div>
          {selectedDef && (
            <div class="side panel" data-testid="state-definition">
              <div class="json-head">
                <h2>{selected}</h2>
                <span class="spacer" />
                <button type="button" class="btn ghost small" aria-label="Close" onClick={() => setQuery({ state: null })}>
                  ×
                </button>
              </div>
              <JsonBlock value={JSON.stringify(selectedDef)} filename={`${selected}.json`} />
            </div>
          )}
        </div>
      )}
      {tab === 'definition' && <DefinitionView text={text} />}
      {tab === 'executions' && <ExecutionsBrowser machineArn={d.type === 'EXPRESS' ? null : baseArn} express={d.type === 'EXPRESS'} fixedMachine />}
      {tab === 'versions' && <Versions arn={baseArn} />}
      {tab === 'tags' && <Tags arn={baseArn} />}
      {starting && <StartDialog stateMachineArn={arn} onClose={() => setStarting(false)} />}
    </div>
  );
}

// findState looks a state up by name, nested ones included.
export function findState(def, name) {
  let found = null;
  const walk = (states) => {
    for (const [n, st] of Object.entries(states || {})) {
      if (found) return;
      if (n === name) {
        found = st;
        return;
      }
      if (st?.Type === 'Parallel') for (const b of st.Branches || []) walk(b?.States);
      if (st?.Type === 'Map') walk((st.ItemProcessor || st.Iterator)?.States);
    }
  };
  walk(def.States);
  return found;
}
