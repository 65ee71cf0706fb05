// <Graph>: the state machine drawn as SVG from layout(definition), with
// status colours, selection, zoom / pan / fit and keyboard access.
import { Component } from 'preact';
import { useMemo, useRef, useState, useLayoutEffect, useEffect, useCallback } from 'preact/hooks';
import { layout, HEADER, GROUP_LABEL } from './layout.js';
import { curvePath, hexagonPath } from './paths.js';
import { statusOf, takenEdges } from './status.js';

const MIN_K = 0.05;
const MAX_K = 3;
const FIT_MARGIN = 16;
const READABLE_K = 0.5;
const PAN_STEP = 60;
const DRAG_SLOP = 4; // px before a press becomes a drag (and not a click)

let instances = 0; // unique marker ids when several graphs share a page

const isIt = (v, n) => v != null && (v === n.key || v === n.name);

export function Graph({ definition, status, current = null, selected = null, onSelect }) {
  const svgRef = useRef(null);
  const started = useRef({ def: undefined, t: 0, measured: false });
  if (started.current.def !== definition) started.current = { def: definition, t: performance.now(), measured: false };

  const lay = useMemo(() => layout(definition), [definition]);
  const [view, setView] = useState(null); // {k, x, y}; null until fitted
  const viewRef = useRef(view);
  viewRef.current = view;
  const moved = useRef(false); // the user panned or zoomed since the last fit

  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;
  const dragged = useRef(false);
  const select = useCallback((n) => {
    if (dragged.current) return; // the click that ends a drag is not a selection
    if (selectRef.current) selectRef.current(n.name, n.path);
  }, []);

  const ids = useMemo(() => `sg${++instances}`, []);

  // fit shows the whole graph. With readable=true (first render) the scale
  // does not drop below READABLE_K unless the width needs it: a tall machine
  // then opens at its Start, readable, instead of as a thin unreadable strip.
  const fit = useCallback(
    (readable) => {
      const svg = svgRef.current;
      if (!svg) return;
      const w = svg.clientWidth || 600;
      const h = svg.clientHeight || 400;
      const kw = (w - 2 * FIT_MARGIN) / Math.max(1, lay.width);
      const kh = (h - 2 * FIT_MARGIN) / Math.max(1, lay.height);
      moved.current = false;
      let k = Math.min(1, kw, kh);
      if (readable === true && k < READABLE_K) k = Math.min(1, kw, READABLE_K);
      k = clampK(k);
      setView({ k, x: (w - lay.width * k) / 2, y: Math.max(FIT_MARGIN / 2, (h - lay.height * k) / 2) });
    },
    [lay],
  );

  // A new layout is fitted (unless the user has panned or zoomed: in the
  // editor the definition changes with every edit), and the time layout + DOM
  // took is recorded.
  useLayoutEffect(() => {
    if (!viewRef.current || !moved.current) fit(true);
    const s = started.current;
    if (!s.measured && svgRef.current) {
      s.measured = true;
      svgRef.current.setAttribute('data-render-ms', (performance.now() - s.t).toFixed(1));
    }
  }, [lay]);

  // Until the user pans or zooms, the graph re-fits when its box resizes
  // (a side panel opening, the window changing).
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || typeof ResizeObserver === 'undefined') return undefined;
    let last = `${svg.clientWidth}x${svg.clientHeight}`;
    const ro = new ResizeObserver(() => {
      const size = `${svg.clientWidth}x${svg.clientHeight}`;
      if (size === last) return;
      last = size;
      if (!moved.current) fit(true);
    });
    ro.observe(svg);
    return () => ro.disconnect();
  }, [fit]);

  const zoomAt = useCallback((factor, cx, cy) => {
    const v = viewRef.current;
    if (!v) return;
    moved.current = true;
    const k = clampK(v.k * factor);
    const f = k / v.k;
    setView({ k, x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f });
  }, []);
  const zoomCentre = (factor) => {
    const svg = svgRef.current;
    if (svg) zoomAt(factor, svg.clientWidth / 2, svg.clientHeight / 2);
  };

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const onWheel = (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      zoomAt(Math.exp(-dy * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [zoomAt]);

  const press = useRef(null);
  const onPointerDown = (e) => {
    if (e.button !== 0 || !viewRef.current) return;
    dragged.current = false;
    press.current = { id: e.pointerId, sx: e.clientX, sy: e.clientY, vx: viewRef.current.x, vy: viewRef.current.y, captured: false };
  };
  const onPointerMove = (e) => {
    const p = press.current;
    if (!p || p.id !== e.pointerId) return;
    if (!p.captured && e.buttons === 0) {
      press.current = null; // released outside the graph before it became a drag
      return;
    }
    const dx = e.clientX - p.sx;
    const dy = e.clientY - p.sy;
    if (!p.captured) {
      if (Math.abs(dx) < DRAG_SLOP && Math.abs(dy) < DRAG_SLOP) return;
      // Capture only once it is a drag, so a plain click still reaches the node.
      p.captured = true;
      dragged.current = true;
      moved.current = true;
      svgRef.current.setPointerCapture?.(e.pointerId);
    }
    setView((v) => v && { ...v, x: p.vx + dx, y: p.vy + dy });
  };
  const onPointerUp = (e) => {
    const p = press.current;
    if (!p || p.id !== e.pointerId) return;
    press.current = null;
    if (p.captured) svgRef.current.releasePointerCapture?.(e.pointerId);
    // dragged stays true until the click event that follows has been ignored.
    if (p.captured) setTimeout(() => (dragged.current = false), 0);
  };

  const onKeyDown = (e) => {
    const v = viewRef.current;
    if (!v) return;
    const pan = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] }[e.key];
    if (pan) {
      e.preventDefault();
      moved.current = true;
      setView({ ...v, x: v.x + pan[0], y: v.y + pan[1] });
    } else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      zoomCentre(1.25);
    } else if (e.key === '-' || e.key === '_') {
      e.preventDefault();
      zoomCentre(0.8);
    } else if (e.key === '0') {
      e.preventDefault();
      fit(false);
    }
  };

  // The scene only changes with the layout or the status props; pan and zoom
  // re-render just the transform (Preact skips an identical vnode).
  const scene = useMemo(
    () => <Scene lay={lay} status={status} current={current} selected={selected} select={select} ids={ids} />,
    [lay, status, current, selected, select, ids],
  );

  const t = view || { k: 1, x: 0, y: 0 };
  return (
    <div class="sg-graph">
      <svg
        ref={svgRef}
        data-testid="graph"
        class="sg-svg"
        tabindex="0"
        role="group"
        aria-label="State machine graph. Arrow keys pan, plus and minus zoom, 0 fits."
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={onKeyDown}
      >
        <defs>
          {['next', 'choice', 'default', 'catch', 'taken'].map((k) => (
            <marker id={`${ids}-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">
              <path d="M0,0L10,5L0,10z" class={`sg-arrow sg-arrow-${k}`} />
            </marker>
          ))}
        </defs>
        <g transform={`translate(${r2(t.x)},${r2(t.y)}) scale(${r4(t.k)})`} style={view ? undefined : 'visibility:hidden'}>
          {scene}
        </g>
      </svg>
      <div class="sg-tools">
        <button type="button" data-testid="graph-zoom-in" title="Zoom in (+)" aria-label="Zoom in" onClick={() => zoomCentre(1.25)}>
          +
        </button>
        <button type="button" data-testid="graph-zoom-out" title="Zoom out (-)" aria-label="Zoom out" onClick={() => zoomCentre(0.8)}>
          −
        </button>
        <button type="button" data-testid="graph-fit" title="Fit (0)" aria-label="Fit to view" onClick={() => fit(false)}>
          ⤢
        </button>
      </div>
    </div>
  );
}

const clampK = (k) => Math.max(MIN_K, Math.min(MAX_K, k));
const r2 = (v) => Math.round(v * 100) / 100;
const r4 = (v) => Math.round(v * 10000) / 10000;

function Scene({ lay, status, current, selected, select, ids }) {
  const containers = lay.nodes.filter((n) => n.container);
  const taken = takenEdges(lay, status);
  return (
    <>
      <g class="sg-back">
        {containers.map((n) => (
          <rect class="sg-container-bg" x={n.x - n.width / 2} y={n.y - n.height / 2} width={n.width} height={n.height} rx="10" />
        ))}
        {lay.groups.map((g) => (
          <g class="sg-group">
            <rect x={g.x} y={g.y} width={g.width} height={g.height} rx="8" />
            <text x={g.x + 8} y={g.y + GROUP_LABEL / 2 + 1}>
              {g.label}
            </text>
          </g>
        ))}
      </g>
      <Edges lay={lay} ids={ids} taken={taken} sig={[...taken].join(' ')} />
      <g class="sg-nodes">
        {lay.nodes.map((n) => (
          <NodeView n={n} status={statusOf(status, n)} current={isIt(current, n)} selected={isIt(selected, n)} select={select} />
        ))}
      </g>
    </>
  );
}

// Edges and nodes skip re-rendering unless their own inputs change: a live
// execution updates the status map often, touching only a few nodes.
class Edges extends Component {
  shouldComponentUpdate(p) {
    return p.lay !== this.props.lay || p.ids !== this.props.ids || p.sig !== this.props.sig;
  }
  render({ lay, ids, taken }) {
    return (
      <g class="sg-edges">
        {lay.edges.map((e) => (
          <EdgeView e={e} ids={ids} taken={taken.has(e.id)} />
        ))}
      </g>
    );
  }
}

class EdgeView extends Component {
  shouldComponentUpdate(p) {
    return p.e !== this.props.e || p.ids !== this.props.ids || p.taken !== this.props.taken;
  }
  render(props) {
    return <Edge {...props} />;
  }
}

class NodeView extends Component {
  shouldComponentUpdate(p) {
    const o = this.props;
    return p.n !== o.n || p.status !== o.status || p.current !== o.current || p.selected !== o.selected || p.select !== o.select;
  }
  render(props) {
    return <Node {...props} />;
  }
}

function Edge({ e, ids, taken }) {
  return (
    <g class={`sg-edge sg-edge-${e.kind}${taken ? ' sg-taken' : ''}`}>
      <path
        data-testid="edge"
        data-kind={e.kind}
        data-from={e.from}
        data-to={e.to}
        data-taken={taken ? 'true' : undefined}
        d={curvePath(e.points)}
        marker-end={`url(#${ids}-${taken && e.kind !== 'catch' ? 'taken' : e.kind})`}
      >
        {e.title && <title>{e.title}</title>}
      </path>
      {e.label && e.labelX !== null && (
        <g class="sg-elabel" transform={`translate(${r2(e.labelX)},${r2(e.labelY)})`}>
          <title>{e.kind === 'catch' ? `Catch: ${e.title}` : e.title}</title>
          <rect x={-e.labelW / 2} y={-e.labelH / 2} width={e.labelW} height={e.labelH} rx="3" />
          <text>{e.label}</text>
        </g>
      )}
    </g>
  );
}

function Node({ n, status, current, selected, select }) {
  const w = n.width;
  const h = n.height;
  if (n.kind === 'start' || n.kind === 'end') {
    return (
      <g class={`sg-term sg-${n.kind}`} data-testid={`graph-${n.kind}`} transform={`translate(${r2(n.x)},${r2(n.y)})`}>
        <title>{n.label}</title>
        <circle r={w / 2} class="sg-shape" />
        {n.kind === 'start' ? <path d="M-3,-5L5,0L-3,5Z" class="sg-glyph" /> : <circle r={w / 2 - 6} class="sg-glyph" />}
      </g>
    );
  }
  const onKeyDown = (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      select(n);
    }
  };
  const onClick = (e) => {
    e.stopPropagation();
    select(n);
  };
  const cls = `sg-node sg-t-${n.type}${current ? ' sg-current' : ''}${selected ? ' sg-selected' : ''}${n.container ? ' sg-container' : ''}`;
  return (
    <g
      class={cls}
      data-testid="node"
      data-state={n.name}
      data-key={n.key}
      data-type={n.type}
      data-status={status}
      transform={`translate(${r2(n.x)},${r2(n.y)})`}
      tabindex="0"
      role="button"
      aria-pressed={selected ? 'true' : 'false'}
      aria-label={`${n.name}, ${n.type}, ${status.replace('-', ' ')}`}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      <title>{n.title}</title>
      {selected && <rect class="sg-sel" x={-w / 2 - 5} y={-h / 2 - 5} width={w + 10} height={h + 10} rx="12" />}
      {n.container ? <ContainerShape n={n} /> : <LeafShape n={n} />}
    </g>
  );
}

function ContainerShape({ n }) {
  const w = n.width;
  const h = n.height;
  const x = -w / 2;
  const y = -h / 2;
  const kind = n.type === 'Map' ? `Map · ${n.subtitle}` : 'Parallel';
  return (
    <>
      <rect class="sg-shape sg-outline" x={x} y={y} width={w} height={h} rx="10" />
      <path class="sg-shape sg-header" d={`M${x},${y + HEADER}V${y + 10}a10,10 0 0 1 10,-10H${x + w - 10}a10,10 0 0 1 10,10V${y + HEADER}Z`} />
      <text class="sg-name sg-left" x={x + 12} y={y + HEADER / 2 + 1}>
        {n.label}
      </text>
      <text class="sg-sub sg-right" x={x + w - 12} y={y + HEADER / 2 + 1}>
        {kind}
      </text>
    </>
  );
}

function LeafShape({ n }) {
  const w = n.width;
  const h = n.height;
  const two = !!n.subtitle;
  let shape;
  let tx = 0;
  switch (n.type) {
    case 'Choice':
      shape = <path class="sg-shape" d={hexagonPath(w, h)} />;
      break;
    case 'Succeed':
    case 'Fail':
      shape = <rect class="sg-shape" x={-w / 2} y={-h / 2} width={w} height={h} rx={h / 2} />;
      break;
    case 'Pass':
      shape = <rect class="sg-shape" x={-w / 2} y={-h / 2} width={w} height={h} rx="3" />;
      break;
    case 'Wait':
      tx = 10;
      shape = (
        <>
          <rect class="sg-shape" x={-w / 2} y={-h / 2} width={w} height={h} rx="8" />
          <g class="sg-clock" transform={`translate(${-w / 2 + 16},0)`}>
            <circle r="7" />
            <path d="M0,-4V0L3,2" />
          </g>
        </>
      );
      break;
    case 'Task':
      shape = <rect class="sg-shape" x={-w / 2} y={-h / 2} width={w} height={h} rx="8" />;
      break;
    default:
      shape = <rect class="sg-shape sg-unknown" x={-w / 2} y={-h / 2} width={w} height={h} rx="4" />;
  }
  return (
    <>
      {shape}
      <text class="sg-name" x={tx} y={two ? -7 : 1}>
        {n.label}
      </text>
      {two && (
        <text class="sg-sub" x={tx} y={11}>
          {n.subtitle}
        </text>
      )}
    </>
  );
}
