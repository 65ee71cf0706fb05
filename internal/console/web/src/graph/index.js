// The state machine graph: <Graph> plus its pure helpers.
import './graph.css';

export { Graph } from './graph.jsx';
export { layout, stateKey } from './layout.js';
export { shortResource, ruleLabel } from './labels.js';
