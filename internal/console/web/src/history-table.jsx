// The event history table, windowed: only the rows in view (plus a margin)
// are in the DOM, so 10,000 events scroll as fast as 10. Rows have a fixed
// height; an expanded row adds a fixed-height details block, so positions
// stay computable without measuring.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { details } from './history.js';
import { formatDate, formatDuration } from './format.js';
import { paths } from './router.js';
import { highlightNodes } from './components.jsx';

const ROW = 30;
const DETAILS = 220;
const OVERSCAN = 12;

function detailsText(ev) {
  const d = details(ev);
  if (!d) return '(no details)';
  // payload fields are JSON strings: show them as JSON
  const shown = {};
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'string' && /^(input|output|parameters|result)$/.test(k)) {
      try {
        shown[k] = JSON.parse(v);
        continue;
      } catch {
        /* not JSON: keep the string */
      }
    }
    shown[k] = v;
  }
  return JSON.stringify(shown, null, 2);
}

// mapRunOf is the Map Run an event is about (MapRunStarted, MapRunRedriven).
function mapRunOf(ev) {
  return (ev.type === 'MapRunStarted' || ev.type === 'MapRunRedriven') && details(ev)?.mapRunArn;
}

export function HistoryTable({ events, startTs, selectedState, onRow, height = 520 }) {
  const box = useRef();
  const [scrollTop, setScrollTop] = useState(0);
  const [expanded, setExpanded] = useState(() => new Set());
  // offsets of the expanded rows, in row order
  const openIdx = useMemo(() => {
    const out = [];
    events.forEach((ev, i) => expanded.has(ev.id) && out.push(i));
    return out;
  }, [events, expanded]);
  const top = (i) => {
    let extra = 0;
    for (const j of openIdx) if (j < i) extra += DETAILS;
    return i * ROW + extra;
  };
  const total = events.length * ROW + openIdx.length * DETAILS;
  // first visible row: top() is increasing, so binary search
  let lo = 0;
  let hi = Math.max(0, events.length - 1);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (top(mid) <= scrollTop) lo = mid;
    else hi = mid - 1;
  }
  const first = Math.max(0, lo - OVERSCAN);
  const rows = [];
  for (let i = first; i < events.length; i++) {
    const y = top(i);
    if (y > scrollTop + height + OVERSCAN * ROW) break;
    rows.push([i, y]);
  }
  useEffect(() => {
    const el = box.current;
    if (el && el.scrollTop > total) el.scrollTop = 0;
  }, [events]);
  const toggle = (ev, e) => {
    // a link inside the row (a Map Run's) navigates; it does not expand
    if (e && e.target.closest && e.target.closest('a')) return;
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(ev.id)) n.delete(ev.id);
      else n.add(ev.id);
      return n;
    });
    onRow && onRow(ev);
  };
  return (
    <div class="history" role="table" aria-label="Execution event history" aria-rowcount={events.length}>
      <div class="history-head" role="row">
        <span role="columnheader" class="h-id">ID</span>
        <span role="columnheader" class="h-type">Type</span>
        <span role="columnheader" class="h-state">State</span>
        <span role="columnheader" class="h-time">Timestamp</span>
        <span role="columnheader" class="h-el">Elapsed</span>
      </div>
      <div class="history-body" ref={box} style={{ height: `${Math.min(height, Math.max(total, 4 * ROW))}px` }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div style={{ height: `${total}px`, position: 'relative' }}>
          {rows.map(([i, y]) => {
            const ev = events[i];
            const open = expanded.has(ev.id);
            const failed = /Failed|TimedOut|Aborted/.test(ev.type);
            return (
              <div key={ev.id} class="history-item" style={{ top: `${y}px` }}>
                <div
                  role="row"
                  tabIndex={0}
                  aria-expanded={open}
                  aria-rowindex={i + 1}
                  class={`history-row${failed ? ' bad' : ''}${selectedState && ev._state === selectedState ? ' sel' : ''}`}
                  data-testid="history-row"
                  data-type={ev.type}
                  data-id={ev.id}
                  onClick={(e) => toggle(ev, e)}
                  onKeyDown={(e) => {
                    if (e.target !== e.currentTarget) return; // keys on the row's own link
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      toggle(ev);
                    }
                  }}
                >
                  <span role="cell" class="h-id">
                    <span class="caret">{open ? '▾' : '▸'}</span>
                    {ev.id}
                  </span>
                  <span role="cell" class="h-type">
                    {ev.type}
                    {mapRunOf(ev) && (
                      <a class="row-link small" href={paths.mapRun(mapRunOf(ev))} data-testid="history-map-run-link" title="Open the Map Run">
                        Map Run ↗
                      </a>
                    )}
                  </span>
                  <span role="cell" class="h-state" title={ev._scope?.label || ''}>
                    {ev._state || ''}
                    {ev._scope?.label ? <span class="muted small"> · {ev._scope.label}</span> : null}
                  </span>
                  <span role="cell" class="h-time">
                    {formatDate(ev.timestamp)}
                  </span>
                  <span role="cell" class="h-el">
                    {formatDuration((ev.timestamp - startTs) * 1000)}
                  </span>
                </div>
                {open && (
                  <pre class="code history-details" data-testid="history-details" style={{ height: `${DETAILS - 6}px` }}>
                    {highlightNodes(detailsText(ev))}
                  </pre>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
