// GraphView frames H5's <Graph> (src/graph) for the pages. Statuses,
// current and selected state are keyed by state name; the graph accepts
// names as well as its nested keys.
import { Graph } from './graph/index.js';

export function GraphView({ definition, status = {}, current = null, selected = null, onSelect }) {
  if (!definition) {
    return (
      <div class="graph-box">
        <div class="graph-placeholder">No parseable definition</div>
      </div>
    );
  }
  return (
    <div class="graph-box">
      <Graph definition={definition} status={status} current={current} selected={selected} onSelect={(name) => onSelect && onSelect(name)} />
    </div>
  );
}
