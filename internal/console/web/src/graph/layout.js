// layout(definition) places every state of an ASL definition for the graph.
// Pure (no DOM, no JSX) so `node --test` runs it directly.
//
// Parallel and Map states are laid out bottom-up: each branch / item
// processor is its own dagre graph, laid out first; its size then becomes the
// size of the container node in the enclosing graph. That is much faster than
// dagre's compound mode on big machines, and keeps branches side by side.
//
// Keys: a state is keyed by its name when that name occurs once in the whole
// definition (the usual case: status maps from the history are keyed by name).
// A name that repeats across branches is keyed by its path instead,
// stateKey(["Par", "Branch#0", "Step"]) = "Par/Branch#0/Step" (Map processors
// add "Processor": "MapState/Processor/Step").
import { Graph as DagreGraph, layout as dagreLayout } from '@dagrejs/dagre';
import { shortResource, ruleLabel, catchLabel, truncate } from './labels.js';

export const START = '__start';
export const END = '__end';

// Geometry shared with the renderer.
export const HEADER = 30; // container title bar height
export const PAD = 12; // container inner padding
export const GROUP_LABEL = 18; // branch box caption height
export const CIRCLE = 26; // start / end circle diameter
const NAME_CHAR = 7.2; // approximate width of a 13px character
const SMALL_CHAR = 6.4; // approximate width of an 11px character
const MAX_W = 240;
const LABEL_CHARS = 34; // edge labels longer than this are cut (full text in <title>)
const BUS_MIN = 4; // Catch edges into one state from which on they go on a bus
const BUS_GAP = 14; // between bus lanes
const BIG_LEVEL = 80; // nodes in one dagre graph above which dfsOrder replaces dagre's ordering

export function stateKey(path) {
  return path.join('/');
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const statesOf = (x) => (isObj(x) && isObj(x.States) ? x.States : {});

function subtitleOf(st) {
  switch (st.Type) {
    case 'Task':
      return shortResource(st.Resource);
    case 'Wait':
      if (st.Seconds !== undefined) return typeof st.Seconds === 'number' ? `${st.Seconds} s` : 'seconds (JSONata)';
      if (st.SecondsPath) return `seconds ${st.SecondsPath}`;
      if (st.Timestamp) return 'until timestamp';
      if (st.TimestampPath) return `until ${st.TimestampPath}`;
      return '';
    case 'Fail':
      return typeof st.Error === 'string' ? st.Error : '';
    case 'Map': {
      const proc = st.ItemProcessor || st.Iterator;
      const mode = isObj(proc) && isObj(proc.ProcessorConfig) && proc.ProcessorConfig.Mode === 'DISTRIBUTED';
      return mode ? 'Distributed' : 'Inline';
    }
    default:
      return '';
  }
}

// leafSize is the box size of a non-container state.
function leafSize(type, name, sub) {
  const text = Math.max(name.length * NAME_CHAR, sub.length * SMALL_CHAR);
  switch (type) {
    case 'Task':
      return { width: clamp(text + 28, 150, MAX_W), height: 50 };
    case 'Choice':
      return { width: clamp(text + 44, 120, MAX_W + 20), height: 44 };
    case 'Wait':
      return { width: clamp(text + 48, 130, MAX_W + 20), height: sub ? 46 : 38 };
    case 'Succeed':
    case 'Fail':
      return { width: clamp(text + 32, 110, MAX_W), height: sub ? 44 : 34 };
    default:
      return { width: clamp(text + 28, 120, MAX_W), height: 36 };
  }
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, Math.round(v)));
}

// duplicateNames finds state names used more than once anywhere in the definition.
function duplicateNames(def) {
  const seen = new Set();
  const dup = new Set();
  const walk = (states) => {
    for (const [name, st] of Object.entries(states)) {
      if (seen.has(name)) dup.add(name);
      seen.add(name);
      if (!isObj(st)) continue;
      if (st.Type === 'Parallel' && Array.isArray(st.Branches)) st.Branches.forEach((b) => walk(statesOf(b)));
      if (st.Type === 'Map') walk(statesOf(st.ItemProcessor || st.Iterator));
    }
  };
  walk(statesOf(def));
  return dup;
}

// layoutLevel lays out one graph (the top level, a branch or a Map processor).
// Coordinates in the result are relative to its top-left corner.
function layoutLevel(states, startAt, ctx, parentPath, depth) {
  const top = depth === 0;
  const g = new DagreGraph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 34, edgesep: 14, marginx: top ? 20 : 8, marginy: top ? 20 : 8 });
  g.setDefaultEdgeLabel(() => ({}));

  const out = { nodes: [], edges: [], groups: [] };
  const local = new Map(); // name → node record at this level
  const subs = new Map(); // name → container content (relative coords)

  for (const [name, raw] of Object.entries(states)) {
    const st = isObj(raw) ? raw : {};
    const type = typeof st.Type === 'string' ? st.Type : 'Unknown';
    const path = [...parentPath, name];
    const key = ctx.dup.has(name) ? stateKey(path) : name;
    const subtitle = subtitleOf(st);
    let size;
    let container = false;
    if (type === 'Parallel' || type === 'Map') {
      container = true;
      const c = layoutContainer(st, type, path, ctx, depth + 1);
      subs.set(name, c);
      const head = name.length * NAME_CHAR + (type.length + subtitle.length) * SMALL_CHAR + 48;
      size = { width: Math.max(c.width, Math.round(Math.min(head, MAX_W + 80))), height: c.height };
    } else {
      size = leafSize(type, name, subtitle);
    }
    const maxChars = Math.floor((size.width - (type === 'Choice' ? 40 : 24)) / NAME_CHAR);
    const node = {
      key,
      name,
      type,
      path,
      depth,
      kind: 'state',
      container,
      label: container ? truncate(name, Math.floor((size.width - 90) / NAME_CHAR)) : truncate(name, maxChars),
      subtitle: truncate(subtitle, Math.floor((size.width - 24) / SMALL_CHAR)),
      title: subtitle ? `${name} (${type}: ${subtitle})` : `${name} (${type})`,
      width: size.width,
      height: size.height,
      x: 0,
      y: 0,
    };
    local.set(name, node);
    g.setNode(name, { width: size.width, height: size.height });
  }
  if (top) {
    g.setNode(START, { width: CIRCLE, height: CIRCLE });
    g.setNode(END, { width: CIRCLE, height: CIRCLE });
  }

  // Collect the edges first: catch edges into a shared error handler are
  // routed on a bus beside the graph instead of through dagre (see pickBus).
  const cand = [];
  const want = (from, to, kind, fullLabel) => {
    if (g.hasNode(from) && g.hasNode(to)) cand.push({ from, to, kind, fullLabel }); // dangling Next: the validator reports it
  };
  if (top && typeof startAt === 'string') want(START, startAt, 'next', '');
  for (const [name, raw] of Object.entries(states)) {
    const st = isObj(raw) ? raw : {};
    if (typeof st.Next === 'string') want(name, st.Next, 'next', '');
    if (st.Type === 'Choice') {
      if (Array.isArray(st.Choices)) {
        for (const rule of st.Choices) if (isObj(rule) && typeof rule.Next === 'string') want(name, rule.Next, 'choice', ruleLabel(rule) || 'rule');
      }
      if (typeof st.Default === 'string') want(name, st.Default, 'default', 'Default');
    }
    if (Array.isArray(st.Catch)) {
      for (const c of st.Catch) if (isObj(c) && typeof c.Next === 'string') want(name, c.Next, 'catch', catchLabel(c));
    }
    // Fail states stay unconnected: they are red terminal pills already, and
    // an edge from each of them to the single End node would cross the whole
    // graph (and cost dagre a dummy node per rank it spans).
    if (top && (st.End === true || st.Type === 'Succeed')) want(name, END, 'next', '');
  }

  const bus = pickBus(cand, startAt);
  const edgeMeta = []; // edges dagre routes
  const busMeta = []; // edges routed on a bus
  cand.forEach((c, i) => {
    const label = c.fullLabel ? truncate(c.fullLabel, LABEL_CHARS) : '';
    const m = { id: `e${i}`, from: c.from, to: c.to, kind: c.kind, label, title: c.fullLabel || '', labelW: label ? Math.round(label.length * SMALL_CHAR + 10) : 0, labelH: label ? 16 : 0 };
    if (bus.has(c)) {
      busMeta.push(m);
      return;
    }
    const lab = label ? { width: m.labelW, height: m.labelH, labelpos: 'c' } : {};
    g.setEdge(c.from, c.to, { ...lab, minlen: 1, weight: c.kind === 'catch' ? 1 : 2 }, m.id);
    edgeMeta.push(m);
  });

  // dagre's crossing minimisation dominates on big levels; there the order
  // of a depth-first walk in definition order is good enough for the mostly
  // top-down shape of state machines.
  const chain = top ? null : linearChain(states, startAt, edgeMeta);
  if (chain) {
    stackChain(g, chain, edgeMeta);
  } else {
    dagreLayout(g, g.nodeCount() > BIG_LEVEL ? { customOrder: dfsOrder } : {});
  }
  const gl = g.graph();
  out.width = Math.ceil(gl.width || 0);
  out.height = Math.ceil(gl.height || 0);
  for (const m of edgeMeta) {
    const e = g.edge({ v: m.from, w: m.to, name: m.id });
    m.points = (e.points || []).map((q) => ({ x: q.x, y: q.y }));
    m.labelX = e.x ?? null;
    m.labelY = e.y ?? null;
  }
  let busLeft = 0;
  if (busMeta.length) {
    const r = routeBus(g, busMeta, out.width);
    busLeft = r.left;
    out.width = r.width;
  }

  const keyOf = (name) => (name === START || name === END ? name : local.get(name).key);
  if (top) {
    for (const [id, label] of [
      [START, 'Start'],
      [END, 'End'],
    ]) {
      const p = g.node(id);
      out.nodes.push({ key: id, name: label, type: label, path: [], depth, kind: id === START ? 'start' : 'end', container: false, label, subtitle: '', title: label, width: CIRCLE, height: CIRCLE, x: p.x, y: p.y });
    }
  }
  for (const [name, node] of local) {
    const p = g.node(name);
    node.x = p.x;
    node.y = p.y;
    out.nodes.push(node);
    const c = subs.get(name);
    if (c) {
      // Container content was laid out at the origin: move it under the node.
      const dx = p.x - node.width / 2 + (node.width - c.width) / 2;
      const dy = p.y - node.height / 2;
      shift(c, dx, dy);
      out.nodes.push(...c.nodes);
      out.edges.push(...c.edges);
      out.groups.push(...c.groups);
    }
  }
  for (const m of [...edgeMeta, ...busMeta]) {
    out.edges.push({
      id: `${parentPath.length ? stateKey(parentPath) + '/' : ''}${m.id}`,
      from: keyOf(m.from),
      to: keyOf(m.to),
      kind: m.kind,
      label: m.label,
      title: m.title,
      points: m.points,
      labelX: m.label ? m.labelX : null,
      labelY: m.label ? m.labelY : null,
      labelW: m.labelW,
      labelH: m.labelH,
    });
  }
  if (busLeft) shift(out, busLeft, 0);
  return out;
}

// layoutContainer lays out a Parallel's branches side by side (or a Map's
// item processor) inside a box with a title bar.
function layoutContainer(st, type, path, ctx, depth) {
  let inner;
  if (type === 'Parallel') {
    const branches = Array.isArray(st.Branches) ? st.Branches : [];
    inner = branches.map((b, i) => ({
      key: stateKey([...path, `Branch#${i}`]),
      label: `Branch ${i + 1}`,
      res: layoutLevel(statesOf(b), isObj(b) ? b.StartAt : undefined, ctx, [...path, `Branch#${i}`], depth),
    }));
  } else {
    const proc = st.ItemProcessor || st.Iterator;
    inner = [
      {
        key: stateKey([...path, 'Processor']),
        label: 'Item processor',
        res: layoutLevel(statesOf(proc), isObj(proc) ? proc.StartAt : undefined, ctx, [...path, 'Processor'], depth),
      },
    ];
  }
  const out = { nodes: [], edges: [], groups: [] };
  const boxH = Math.max(40, ...inner.map((b) => b.res.height)) + GROUP_LABEL;
  let x = PAD;
  for (const b of inner) {
    const w = Math.max(b.res.width, b.label.length * SMALL_CHAR + 16, 90);
    const y = HEADER + PAD;
    out.groups.push({ key: b.key, label: b.label, depth, x, y, width: w, height: boxH });
    shift(b.res, x + (w - b.res.width) / 2, y + GROUP_LABEL);
    out.nodes.push(...b.res.nodes);
    out.edges.push(...b.res.edges);
    out.groups.push(...b.res.groups);
    x += w + PAD;
  }
  if (!inner.length) x += 90 + PAD;
  out.width = Math.ceil(x);
  out.height = Math.ceil(HEADER + PAD + boxH + PAD);
  return out;
}

function shift(res, dx, dy) {
  for (const n of res.nodes) {
    n.x += dx;
    n.y += dy;
  }
  for (const e of res.edges) {
    for (const p of e.points) {
      p.x += dx;
      p.y += dy;
    }
    if (e.labelX !== null) {
      e.labelX += dx;
      e.labelY += dy;
    }
  }
  for (const g of res.groups) {
    g.x += dx;
    g.y += dy;
  }
}

// pickBus chooses the catch edges to route on a bus: when BUS_MIN or more
// Catch rules lead to the same state (the usual "every Task → NotifyFailure"
// pattern), dagre would give each its own lane across all the ranks between
// them, making the graph very wide and slow. One of them (the source visited
// last from StartAt) stays in dagre so the handler is placed below it; the
// others are drawn on a vertical bus to the right of the graph.
function pickBus(cand, startAt) {
  const bus = new Set();
  const groups = new Map();
  for (const c of cand) {
    if (c.kind !== 'catch') continue;
    if (!groups.has(c.to)) groups.set(c.to, []);
    groups.get(c.to).push(c);
  }
  let order = null;
  for (const list of groups.values()) {
    if (list.length < BUS_MIN) continue;
    order = order || visitOrder(cand, startAt);
    let anchor = list[0];
    for (const c of list) if ((order.get(c.from) ?? -1) > (order.get(anchor.from) ?? -1)) anchor = c;
    for (const c of list) if (c !== anchor) bus.add(c);
  }
  return bus;
}

// visitOrder numbers states in depth-first order from startAt.
function visitOrder(cand, startAt) {
  const adj = new Map();
  for (const c of cand) {
    if (!adj.has(c.from)) adj.set(c.from, []);
    adj.get(c.from).push(c.to);
  }
  const order = new Map();
  const stack = [startAt];
  while (stack.length) {
    const v = stack.pop();
    if (order.has(v)) continue;
    order.set(v, order.size);
    const next = adj.get(v) || [];
    for (let i = next.length - 1; i >= 0; i--) if (!order.has(next[i])) stack.push(next[i]);
  }
  return order;
}

// routeBus draws bus edges: out of the source's side, along a vertical lane
// (one per handler) beside the graph, then into the handler's side. The lane
// is on the handler's side of the graph (left when it sits in the left half),
// so the last stretch does not cross its neighbours. Labels sit in a column
// between the graph and the lanes. Left lanes get negative x; the caller
// shifts the level by the returned `left`. Returns {left, width}.
function routeBus(g, busMeta, width) {
  const gl = g.graph();
  const labelW = Math.max(0, ...busMeta.map((m) => m.labelW));
  const lanes = new Map();
  let nLeft = 0;
  let nRight = 0;
  for (const m of busMeta) {
    if (lanes.has(m.to)) continue;
    const left = g.node(m.to).x < width / 2;
    lanes.set(m.to, left ? -(labelW + 16 + nLeft++ * BUS_GAP) : width + labelW + 16 + nRight++ * BUS_GAP);
  }
  for (const m of busMeta) {
    const a = g.node(m.from);
    const b = g.node(m.to);
    const x = lanes.get(m.to);
    const s = x < 0 ? -1 : 1; // side of the lane
    const dir = b.y >= a.y ? 1 : -1;
    const ax = a.x + (s * a.width) / 2;
    const bx = b.x + (s * b.width) / 2;
    m.points = [
      { x: ax, y: a.y },
      { x: x - s * 10, y: a.y },
      { x, y: a.y },
      { x, y: a.y + dir * 10 },
      { x, y: b.y - dir * 10 },
      { x, y: b.y },
      { x: x - s * 10, y: b.y },
      { x: bx, y: b.y },
    ];
    m.labelX = s > 0 ? width + 4 + m.labelW / 2 : -4 - m.labelW / 2;
    m.labelY = a.y - 10;
  }
  const left = nLeft ? Math.ceil(labelW + 16 + (nLeft - 1) * BUS_GAP + gl.marginx) : 0;
  const right = nRight ? Math.ceil(labelW + 16 + (nRight - 1) * BUS_GAP + gl.marginx) : 0;
  return { left, width: width + left + right };
}

// linearChain returns the state names in order when a branch is a plain
// sequence (StartAt → Next → … with no other edges), else null. Such
// branches, the common case inside Parallels, are stacked directly: dagre
// would give the same picture at a much higher cost per call.
function linearChain(states, startAt, edges) {
  const names = Object.keys(states);
  if (!names.length || edges.length !== names.length - 1 || typeof startAt !== 'string' || !(startAt in states)) return null;
  const next = new Map();
  for (const e of edges) {
    if (e.kind !== 'next' || next.has(e.from)) return null;
    next.set(e.from, e.to);
  }
  const order = [];
  const seen = new Set();
  for (let v = startAt; v !== undefined; v = next.get(v)) {
    if (seen.has(v)) return null;
    seen.add(v);
    order.push(v);
  }
  return order.length === names.length ? order : null;
}

// stackChain places a linear chain top-down, centred, with the same margins
// and spacing as the dagre settings above, and writes the results where
// dagre would.
function stackChain(g, order, edges) {
  const gl = g.graph();
  const w = Math.max(...order.map((v) => g.node(v).width));
  let y = gl.marginy;
  for (const v of order) {
    const n = g.node(v);
    n.x = gl.marginx + w / 2;
    n.y = y + n.height / 2;
    y += n.height + gl.ranksep;
  }
  gl.width = w + 2 * gl.marginx;
  gl.height = y - gl.ranksep + gl.marginy;
  for (const m of edges) {
    const a = g.node(m.from);
    const b = g.node(m.to);
    g.edge({ v: m.from, w: m.to, name: m.id }).points = [
      { x: a.x, y: a.y + a.height / 2 },
      { x: b.x, y: b.y - b.height / 2 },
    ];
  }
}

// dfsOrder orders each rank by a depth-first walk from the sources, taken in
// insertion (definition) order; a cheap stand-in for dagre's sweeps.
function dfsOrder(g) {
  const seen = new Set();
  const layers = [];
  const visit = (v0) => {
    const stack = [v0];
    while (stack.length) {
      const v = stack.pop();
      if (seen.has(v)) continue;
      seen.add(v);
      const rank = g.node(v).rank;
      (layers[rank] || (layers[rank] = [])).push(v);
      const next = g.successors(v) || [];
      for (let i = next.length - 1; i >= 0; i--) if (!seen.has(next[i])) stack.push(next[i]);
    }
  };
  const nodes = g.nodes();
  for (const v of nodes) if (!(g.predecessors(v) || []).length) visit(v);
  for (const v of nodes) visit(v);
  for (const layer of layers) if (layer) layer.forEach((v, i) => (g.node(v).order = i));
}

const cache = new WeakMap();

// layout returns {nodes, edges, groups, width, height}: nodes are centred at
// (x, y) with width/height, in tree order (a container before its content);
// edges carry dagre's route points and label centre; groups are the branch /
// processor boxes (top-left x, y). Results are memoised per definition object,
// so callers must not mutate them.
export function layout(definition) {
  if (isObj(definition) && cache.has(definition)) return cache.get(definition);
  const ctx = { dup: duplicateNames(definition) };
  const res = layoutLevel(statesOf(definition), isObj(definition) ? definition.StartAt : undefined, ctx, [], 0);
  const out = { nodes: res.nodes, edges: res.edges, groups: res.groups, width: res.width, height: res.height };
  if (isObj(definition)) cache.set(definition, out);
  return out;
}
