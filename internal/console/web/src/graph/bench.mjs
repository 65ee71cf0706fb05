// Layout timing outside the browser: node src/graph/bench.mjs [states] [runs]
// Prints the first (cold JIT) and the median of the following runs, in ms.
import { layout } from './layout.js';
import { bigMachine } from './fixtures.js';

const n = Number(process.argv[2] || 200);
const runs = Number(process.argv[3] || 10);
const times = [];
for (let i = 0; i < runs; i++) {
  const def = bigMachine(n); // a new object each run: layout() memoises per object
  const t = performance.now();
  const lay = layout(def);
  times.push(performance.now() - t);
  if (i === 0) console.log(`${n} states: ${lay.nodes.length} nodes, ${lay.edges.length} edges, ${lay.width}x${lay.height}`);
}
const rest = times.slice(1).sort((a, b) => a - b);
console.log(`layout cold ${times[0].toFixed(1)} ms, median ${(rest[Math.floor(rest.length / 2)] ?? times[0]).toFixed(1)} ms over ${runs - 1} runs`);
