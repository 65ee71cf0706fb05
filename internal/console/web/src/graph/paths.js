// SVG path strings for edges and node shapes. Pure, tested with node --test.

const r1 = (v) => Math.round(v * 10) / 10;

// curvePath draws a smooth uniform B-spline through dagre's route points
// (the same curve as d3's curveBasis): it starts and ends exactly at the
// first and last points and bends smoothly in between.
export function curvePath(points) {
  if (!points || points.length === 0) return '';
  const p = points;
  if (p.length < 3) return `M${r1(p[0].x)},${r1(p[0].y)}` + p.slice(1).map((q) => `L${r1(q.x)},${r1(q.y)}`).join('');
  let d = `M${r1(p[0].x)},${r1(p[0].y)}`;
  d += `L${r1((5 * p[0].x + p[1].x) / 6)},${r1((5 * p[0].y + p[1].y) / 6)}`;
  for (let i = 2; i < p.length; i++) {
    const a = p[i - 2];
    const b = p[i - 1];
    const c = p[i];
    d += `C${r1((2 * a.x + b.x) / 3)},${r1((2 * a.y + b.y) / 3)} ${r1((a.x + 2 * b.x) / 3)},${r1((a.y + 2 * b.y) / 3)} ${r1((a.x + 4 * b.x + c.x) / 6)},${r1((a.y + 4 * b.y + c.y) / 6)}`;
  }
  const a = p[p.length - 2];
  const b = p[p.length - 1];
  d += `C${r1((2 * a.x + b.x) / 3)},${r1((2 * a.y + b.y) / 3)} ${r1((a.x + 2 * b.x) / 3)},${r1((a.y + 2 * b.y) / 3)} ${r1(b.x)},${r1(b.y)}`;
  return d;
}

// hexagonPath is the Choice shape, centred on the origin.
export function hexagonPath(w, h) {
  const x = w / 2;
  const y = h / 2;
  const s = Math.min(16, x / 2);
  return `M${-x},0L${-x + s},${-y}L${x - s},${-y}L${x},0L${x - s},${y}L${-x + s},${y}Z`;
}
