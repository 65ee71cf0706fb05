// What the Map Run page and a Distributed Map state's panel share: the
// DescribeMapRun poller and the progress bar.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from './api.js';
import { mapRunProgress } from './maprun.js';

// POLL_MS is how often a RUNNING Map Run is described again. The run's
// children report to the parent execution, not to the console's event
// stream, so polling is how the page follows them.
export const POLL_MS = 1500;

// useMapRun describes the run, then again every POLL_MS while it is
// RUNNING, and stops once it has closed (or the component unmounts).
// version counts the descriptions received, so dependants (the children
// list) can refresh in step with it.
export function useMapRun(arn) {
  const [state, setState] = useState({ data: null, error: null, version: 0 });
  const [again, setAgain] = useState(0);
  const timer = useRef(null);
  // after a redrive, keep describing a closed run until its redriveCount
  // moves past this (the run reopens a moment after RedriveExecution returns)
  const follow = useRef(null);
  useEffect(() => {
    if (!arn) return undefined;
    let live = true;
    const ctl = new AbortController();
    let last = null; // the status last seen
    const once = async () => {
      try {
        const data = await call('DescribeMapRun', { mapRunArn: arn }, { signal: ctl.signal });
        if (!live) return;
        last = data.status;
        setState((s) => ({ data, error: null, version: s.version + 1 }));
        const f = follow.current;
        if (f && (data.redriveCount ?? 0) > f.redriveCount) follow.current = null;
        const waiting = follow.current && Date.now() < follow.current.until;
        if (data.status === 'RUNNING' || waiting) timer.current = setTimeout(whenVisible, POLL_MS);
      } catch (error) {
        if (!live || error.name === 'AbortError') return;
        setState((s) => ({ ...s, error }));
        // a network blip while running: keep trying; an API error stops
        if (error.type === 'NetworkError' && last === 'RUNNING') timer.current = setTimeout(whenVisible, POLL_MS * 2);
      }
    };
    // a hidden tab asks nothing; it describes the run again once shown
    const whenVisible = () => {
      if (typeof document !== 'undefined' && document.hidden) timer.current = setTimeout(whenVisible, POLL_MS);
      else once();
    };
    once();
    return () => {
      live = false;
      ctl.abort();
      clearTimeout(timer.current);
    };
  }, [arn, again]);
  // reload describes it now (after an update), restarting the poll;
  // afterRedrive also follows the run until the redrive shows (up to 15 s)
  const reload = ({ afterRedrive = false } = {}) => {
    if (afterRedrive) follow.current = { redriveCount: state.data?.redriveCount ?? 0, until: Date.now() + 15000 };
    setAgain((n) => n + 1);
  };
  return { ...state, reload };
}

// MapRunProgress is a bar of the ended children (by how they ended) and
// the running ones, over the total; pending is the empty rest.
export function MapRunProgress({ counts, label = 'Items', testid = 'maprun-progress' }) {
  const p = mapRunProgress(counts);
  return (
    <div class="maprun-progress">
      <div
        class="progress"
        role="progressbar"
        aria-label={`${label} ended`}
        aria-valuemin={0}
        aria-valuemax={p.total}
        aria-valuenow={p.done}
        aria-valuetext={`${p.done} of ${p.total} ended`}
        data-testid={testid}
        data-percent={p.percent}
      >
        {p.segments.map((s) => (
          <span class={`seg seg-${s.key}`} style={{ width: `${s.share}%` }} title={`${s.label}: ${s.n}`} />
        ))}
      </div>
      <div class="small muted progress-legend">
        <span data-testid={`${testid}-text`}>
          {p.done} of {p.total} ended ({p.percent}%)
        </span>
        {p.segments.map((s) => (
          <span class="legend-item">
            <span class={`swatch seg-${s.key}`} /> {s.label} {s.n}
          </span>
        ))}
      </div>
    </div>
  );
}
