// Create or edit a state machine: the definition is validated as you type
// (ValidateStateMachineDefinition, debounced), diagnostics are listed with
// line:col and marked in the editor, and the graph follows the last
// definition that parsed. Saving publishes a new version.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { call, DEFAULT_ROLE } from '../api.js';
import { navigate, paths } from '../router.js';
import { ErrorBox, Loading } from '../components.jsx';
import { CodeEditor } from '../code-editor.jsx';
import { GraphView } from '../graphview.jsx';
import { lineStarts, locate, parseError, positions, pretty } from '../json.js';
import { tryParse } from '../definition.js';
import { arnName } from '../format.js';

const TEMPLATE = `{
  "Comment": "A new state machine",
  "StartAt": "Hello",
  "States": {
    "Hello": {
      "Type": "Pass",
      "Result": { "greeting": "hello" },
      "Next": "World"
    },
    "World": {
      "Type": "Succeed"
    }
  }
}
`;

// useValidation asks the server about text 250 ms after the last change and
// places each diagnostic at a line.
function useValidation(text, type) {
  const [result, setResult] = useState({ pending: true, diagnostics: [], ok: false, error: null });
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    setResult((r) => ({ ...r, pending: true }));
    const t = setTimeout(async () => {
      try {
        const out = await call('ValidateStateMachineDefinition', { definition: text, type });
        if (n !== seq.current) return;
        const cache = { map: positions(text), starts: lineStarts(text) };
        const jsonErr = parseError(text);
        const diagnostics = (out.diagnostics || []).map((d) => {
          const at = jsonErr && (d.code === 'INVALID_JSON_DESCRIPTION' || !d.location) ? { line: jsonErr.line, col: jsonErr.col } : locate(text, d.location, cache);
          return { ...d, ...at };
        });
        if (jsonErr && !diagnostics.length) diagnostics.push({ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: jsonErr.message, line: jsonErr.line, col: jsonErr.col });
        setResult({ pending: false, diagnostics, ok: out.result === 'OK', error: null });
      } catch (e) {
        if (n === seq.current) setResult({ pending: false, diagnostics: [], ok: false, error: e });
      }
    }, 250);
    return () => clearTimeout(t);
  }, [text, type]);
  return result;
}

function Form({ existing }) {
  const creating = !existing;
  const [name, setName] = useState(existing?.name || '');
  const [type, setType] = useState(existing?.type || 'STANDARD');
  const [role, setRole] = useState(existing?.roleArn || '');
  const [text, setText] = useState(existing ? pretty(existing.definition) : TEMPLATE);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState(null);
  const editor = useRef();
  const v = useValidation(text, type);
  const parsed = useMemo(() => tryParse(text), [text]);
  const [graphDef, setGraphDef] = useState(parsed);
  // lay the graph out again only after a pause, and only when the parsed
  // definition really changed (whitespace edits keep the same graph)
  const shown = useRef(parsed ? JSON.stringify(parsed) : '');
  useEffect(() => {
    if (!parsed) return;
    const t = setTimeout(() => {
      const s = JSON.stringify(parsed);
      if (s !== shown.current) {
        shown.current = s;
        setGraphDef(parsed);
      }
    }, 300);
    return () => clearTimeout(t);
  }, [parsed]);
  const marks = useMemo(() => {
    const m = new Map();
    for (const d of v.diagnostics) if (m.get(d.line) !== 'error') m.set(d.line, d.severity === 'WARNING' ? 'warning' : 'error');
    return m;
  }, [v.diagnostics]);
  const save = async (e) => {
    e.preventDefault();
    setSaving(true);
    setSaveError(null);
    try {
      let arn;
      if (creating) {
        const out = await call('CreateStateMachine', { name: name.trim(), definition: text, roleArn: role.trim() || DEFAULT_ROLE, type, publish: true });
        arn = out.stateMachineArn;
      } else {
        const body = { stateMachineArn: existing.stateMachineArn, definition: text, publish: true };
        if (role.trim() && role.trim() !== existing.roleArn) body.roleArn = role.trim();
        await call('UpdateStateMachine', body);
        arn = existing.stateMachineArn;
      }
      navigate(paths.stateMachine(arn));
    } catch (err) {
      setSaveError(err);
      setSaving(false);
    }
  };
  const hasErrors = v.diagnostics.some((d) => d.severity !== 'WARNING');
  return (
    <form class="col" onSubmit={save}>
      <div class="form-row">
        <label class="field">
          Name
          <input
            class="input"
            data-testid="sm-name"
            value={name}
            required
            maxLength={80}
            readOnly={!creating}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          Type
          <select class="input" data-testid="sm-type" value={type} disabled={!creating} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="STANDARD">STANDARD</option>
            <option value="EXPRESS">EXPRESS</option>
          </select>
        </label>
        <label class="field wide">
          Role ARN (optional)
          <input class="input mono" data-testid="sm-role" value={role} placeholder={DEFAULT_ROLE} onInput={(e) => setRole(e.currentTarget.value)} />
        </label>
      </div>
      <div class="editor-layout">
        <div class="col">
          <CodeEditor value={text} onInput={setText} marks={marks} testid="definition-editor" label="Definition (Amazon States Language JSON)" apiRef={editor} />
          <div class="diagnostics" aria-live="polite">
            {v.error && <ErrorBox error={v.error} />}
            {!v.pending && !v.error && v.ok && v.diagnostics.length === 0 && (
              <div class="ok-box" data-testid="diagnostics-ok">
                Definition is valid.
              </div>
            )}
            {!v.error &&
              v.diagnostics.map((d) => (
                <button
                  type="button"
                  class={d.severity === 'WARNING' ? 'diagnostic warning' : 'diagnostic'}
                  data-testid="diagnostic"
                  data-line={d.line}
                  onClick={() => editor.current?.goTo(d.line, d.col)}
                >
                  <span class="where">
                    line {d.line}:{d.col}
                  </span>
                  <span class="dcode">{d.code}</span>
                  {d.message}
                  {d.location ? <span class="muted"> (at {d.location})</span> : null}
                </button>
              ))}
            {v.pending && <div class="muted small">Validating…</div>}
          </div>
        </div>
        <div class="col">
          <GraphView definition={graphDef} />
          {!parsed && graphDef && <div class="muted small">Showing the last definition that parsed.</div>}
        </div>
      </div>
      <ErrorBox error={saveError} />
      <div class="toolbar">
        <button type="submit" class="btn primary" data-testid="save" disabled={saving || !name.trim()} title={hasErrors ? 'The definition has errors: the server will refuse it' : undefined}>
          {saving ? 'Saving…' : creating ? 'Create (publish version 1)' : 'Save as new version'}
        </button>
        <a class="btn" href={existing ? paths.stateMachine(existing.stateMachineArn) : paths.stateMachines()}>
          Cancel
        </a>
      </div>
    </form>
  );
}

export function EditorPage({ arn }) {
  const [existing, setExisting] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!arn) return;
    call('DescribeStateMachine', { stateMachineArn: arn }).then(setExisting, setError);
  }, [arn]);
  return (
    <div class="page">
      <div class="page-head">
        <div>
          <div class="sub">
            <a href={paths.stateMachines()}>State machines</a>
            {arn && (
              <>
                {' / '}
                <a href={paths.stateMachine(arn)}>{arnName(arn)}</a>
              </>
            )}
          </div>
          <h1>{arn ? `Edit ${arnName(arn)}` : 'Create state machine'}</h1>
        </div>
      </div>
      <ErrorBox error={error} />
      {arn && !existing && !error ? <Loading /> : !error && <Form existing={existing} />}
    </div>
  );
}
