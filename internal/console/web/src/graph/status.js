// Status lookups for the graph (pure, tested with node --test).
import { START, END } from './layout.js';

// statusOf finds a node's status: by its key, then (for nested states keyed
// by path) by its plain name; states not in the map have not started.
export function statusOf(status, n) {
  return (status && (status[n.key] || (n.key !== n.name && status[n.name]))) || 'not-started';
}

// takenEdges returns the ids of the edges the execution went along, judged
// from the statuses at both ends: a Next / Choice / Default edge when its
// source succeeded and its target was entered, a Catch edge when its source
// was caught, the Start edge when the first state was entered, an End edge
// when the last state succeeded. (A loop marks every edge it used.)
export function takenEdges(lay, status) {
  const taken = new Set();
  if (!status) return taken;
  const byKey = nodeIndex(lay);
  const st = (key) => (key === START || key === END ? null : statusOf(status, byKey.get(key)));
  for (const e of lay.edges) {
    const to = e.to === END ? null : st(e.to);
    const entered = to !== null && to !== 'not-started';
    if (e.from === START) {
      if (entered) taken.add(e.id);
      continue;
    }
    const from = st(e.from);
    if (e.to === END) {
      if (from === 'succeeded') taken.add(e.id);
    } else if (entered && from === (e.kind === 'catch' ? 'caught' : 'succeeded')) {
      taken.add(e.id);
    }
  }
  return taken;
}

const indexes = new WeakMap();
function nodeIndex(lay) {
  let m = indexes.get(lay);
  if (!m) {
    m = new Map(lay.nodes.map((n) => [n.key, n]));
    indexes.set(lay, m);
  }
  return m;
}
