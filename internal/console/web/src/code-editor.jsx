// A plain <textarea> (so fill(), undo, IME and screen readers all work) over
// a highlighted copy of its text, with line numbers; lines named by
// diagnostics are marked in both the gutter and the text.
import { useMemo, useRef } from 'preact/hooks';
import { tokenize } from './json.js';

const HIGHLIGHT_LIMIT = 300_000;

// highlightLines splits the highlighted text into one node list per line.
function highlightLines(text) {
  const lines = [[]];
  const push = (s, cls) => {
    const parts = s.split('\n');
    parts.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p) lines[lines.length - 1].push(cls ? <span class={cls}>{p}</span> : p);
    });
  };
  if (text.length > HIGHLIGHT_LIMIT) {
    push(text, null);
    return lines;
  }
  for (const t of tokenize(text)) {
    const s = text.slice(t.s, t.e);
    push(s, t.t === 'ws' || t.t === 'punct' ? null : `j-${t.t}`);
  }
  return lines;
}

export function CodeEditor({ value, onInput, marks = new Map(), testid, label, readOnly = false, apiRef }) {
  const ta = useRef();
  const back = useRef();
  const gutter = useRef();
  const lines = useMemo(() => highlightLines(value), [value]);
  if (apiRef) apiRef.current = {
    // goTo puts the caret at line:col and scrolls it into view
    goTo(line, col = 1) {
      const el = ta.current;
      if (!el) return;
      let off = 0;
      for (let i = 1; i < line; i++) {
        const nl = value.indexOf('\n', off);
        if (nl < 0) break;
        off = nl + 1;
      }
      off = Math.min(off + col - 1, value.length);
      el.focus();
      el.setSelectionRange(off, off);
      const lh = parseFloat(getComputedStyle(el).lineHeight) || 18;
      el.scrollTop = Math.max(0, (line - 5) * lh);
      sync();
    },
  };
  const sync = () => {
    const el = ta.current;
    if (!el) return;
    if (back.current) {
      back.current.scrollTop = el.scrollTop;
      back.current.scrollLeft = el.scrollLeft;
    }
    if (gutter.current) gutter.current.scrollTop = el.scrollTop;
  };
  const onKeyDown = (e) => {
    // Tab indents (two spaces); Escape then Tab leaves the editor, so
    // keyboard users are never trapped
    if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey && !ta.current._escaped) {
      e.preventDefault();
      const el = ta.current;
      const { selectionStart: s, selectionEnd: end } = el;
      el.setRangeText('  ', s, end, 'end');
      onInput(el.value);
    }
    ta.current._escaped = e.key === 'Escape';
  };
  return (
    <div class="editor">
      <div class="editor-gutter mono" ref={gutter} aria-hidden="true">
        {lines.map((_, i) => (
          <div class={marks.has(i + 1) ? `gl mark-${marks.get(i + 1)}` : 'gl'}>{i + 1}</div>
        ))}
      </div>
      <div class="editor-main">
        <pre class="editor-back mono" ref={back} aria-hidden="true">
          {lines.map((l, i) => (
            <div class={marks.has(i + 1) ? `el mark-${marks.get(i + 1)}` : 'el'}>{l.length ? l : '\u200b'}</div>
          ))}
        </pre>
        <textarea
          ref={ta}
          class="editor-input mono"
          spellcheck={false}
          autocomplete="off"
          autocapitalize="off"
          wrap="off"
          aria-label={label}
          readOnly={readOnly}
          data-testid={testid}
          value={value}
          onInput={(e) => {
            onInput(e.currentTarget.value);
            sync();
          }}
          onScroll={sync}
          onKeyDown={onKeyDown}
        />
      </div>
    </div>
  );
}
