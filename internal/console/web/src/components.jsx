// Small building blocks shared by the pages.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { tokenize } from './json.js';

// Highlight renders JSON text with token colours. Very large documents are
// shown plain: a span per token would cost more than it helps.
const HIGHLIGHT_LIMIT = 200_000;

export function highlightNodes(text) {
  if (text.length > HIGHLIGHT_LIMIT) return text;
  const toks = tokenize(text);
  return toks.map((t) => {
    const s = text.slice(t.s, t.e);
    return t.t === 'ws' || t.t === 'punct' ? s : <span class={`j-${t.t}`}>{s}</span>;
  });
}

export function Highlight({ text, ...rest }) {
  const nodes = useMemo(() => highlightNodes(text || ''), [text]);
  return (
    <pre class="code" {...rest}>
      {nodes}
    </pre>
  );
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // http on a non-localhost address: the old way
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
}

// JsonBlock shows a JSON payload (pretty-printed when it parses) with copy
// and download buttons.
export function JsonBlock({ value, title, filename = 'data.json', testid, empty = 'No data' }) {
  const [text, isJson] = useMemo(() => {
    if (value == null) return ['', false];
    try {
      return [JSON.stringify(JSON.parse(value), null, 2), true];
    } catch {
      return [String(value), false];
    }
  }, [value]);
  const [copied, setCopied] = useState(false);
  if (value == null) {
    return (
      <div class="json-block" data-testid={testid}>
        {title && <div class="json-head"><span class="json-title">{title}</span></div>}
        <div class="muted small">{empty}</div>
      </div>
    );
  }
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: isJson ? 'application/json' : 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const copy = async () => {
    try {
      await copyText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch {
      /* clipboard refused: nothing to do */
    }
  };
  return (
    <div class="json-block" data-testid={testid}>
      <div class="json-head">
        {title && <span class="json-title">{title}</span>}
        <span class="spacer" />
        <button type="button" class="btn small" data-testid="copy-json" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" class="btn small" data-testid="download-json" onClick={download}>
          Download
        </button>
      </div>
      {isJson ? <Highlight text={text} /> : <pre class="code wrap">{text}</pre>}
    </div>
  );
}

// ErrorCause shows an execution's or a run's error and cause; testid
// prefixes their data-testid ("execution" gives execution-error).
export function ErrorCause({ error, cause, testid }) {
  if (!error && !cause) return null;
  return (
    <div class="error-box">
      {error && (
        <div>
          <strong>Error: </strong>
          <code data-testid={`${testid}-error`}>{error}</code>
        </div>
      )}
      {cause && (
        <div>
          <strong>Cause: </strong>
          <span data-testid={`${testid}-cause`}>{cause}</span>
        </div>
      )}
    </div>
  );
}

export function ErrorBox({ error }) {
  if (!error) return null;
  const type = error.type || error.name;
  return (
    <div class="error-box" role="alert">
      {type && <strong>{type}</strong>}
      {type && error.message ? ': ' : ''}
      {error.message || String(error)}
    </div>
  );
}

export function Loading({ what = 'Loading' }) {
  return <div class="muted loading">{what}…</div>;
}

// StatusBadge shows an AWS execution status; with live, screen readers hear
// it change.
export function StatusBadge({ status, testid, live = false }) {
  return (
    <span class={`badge s-${String(status || '').toLowerCase()}`} data-testid={testid} role={live ? 'status' : undefined} aria-live={live ? 'polite' : undefined}>
      {status}
    </span>
  );
}

// Dialog is a modal with a focus on its first field; Escape or the backdrop
// closes it.
export function Dialog({ title, onClose, children, testid }) {
  const ref = useRef();
  useEffect(() => {
    const prev = document.activeElement;
    const el = ref.current?.querySelector('textarea, input, select, button:not(.dialog-close)');
    el?.focus();
    const onKey = (e) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      prev?.focus?.();
    };
  }, []);
  return (
    <div class="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-label={title} ref={ref} data-testid={testid}>
        <div class="dialog-head">
          <h2>{title}</h2>
          <button type="button" class="btn ghost dialog-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

export function Tabs({ tabs, active, onChange }) {
  return (
    <div class="tabs" role="tablist">
      {tabs.map(([id, label]) => (
        <button
          type="button"
          role="tab"
          aria-selected={active === id}
          class={active === id ? 'tab active' : 'tab'}
          data-testid={`tab-${id}`}
          onClick={() => onChange(id)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

// useAsync runs fn when deps change and returns {data, error, loading, reload}.
export function useAsync(fn, deps) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    Promise.resolve()
      .then(fn)
      .then(
        (data) => live && setState({ data, error: null, loading: false }),
        (error) => live && setState({ data: undefined, error, loading: false }),
      );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1), set: (data) => setState((s) => ({ ...s, data })) };
}
