// Path-based routing on the history API. Links are real <a href> so that
// middle-click, copy link and reload all work; plain left clicks are
// intercepted and turned into pushState navigations.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();

function notify() {
  for (const fn of listeners) fn(location.pathname + location.search);
}

export function navigate(href, { replace = false } = {}) {
  if (href === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', href);
  notify();
  if (!replace) window.scrollTo(0, 0);
}

// setQuery updates search parameters of the current URL without a new
// history entry (filters, the selected state).
export function setQuery(params) {
  const qs = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(params)) {
    if (v == null || v === '') qs.delete(k);
    else qs.set(k, v);
  }
  const s = qs.toString();
  navigate(location.pathname + (s ? `?${s}` : ''), { replace: true });
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', notify);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest && e.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (a.pathname.startsWith('/console/')) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
}

export function useLocation() {
  const [loc, setLoc] = useState(location.pathname + location.search);
  useEffect(() => {
    listeners.add(setLoc);
    return () => listeners.delete(setLoc);
  }, []);
  return loc;
}

// match maps a path to a route: {page, arn?}. ARNs are URL-encoded as one
// path segment.
export function match(pathname) {
  const parts = pathname.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length === 0) return { page: 'state-machines' };
  const [top, id, sub] = parts;
  if (top === 'state-machines') {
    if (!id) return { page: 'state-machines' };
    if (id === 'new' && parts.length === 2) return { page: 'editor' };
    if (sub === 'edit' && parts.length === 3) return { page: 'editor', arn: id };
    if (parts.length === 2) return { page: 'state-machine', arn: id };
  }
  if (top === 'executions') {
    if (!id) return { page: 'executions' };
    if (parts.length === 2) return { page: 'execution', arn: id };
  }
  if (top === 'map-runs' && id && parts.length === 2) return { page: 'map-run', arn: id };
  if (top === 'activities' && parts.length === 1) return { page: 'activities' };
  return { page: 'not-found' };
}

export const paths = {
  stateMachines: () => '/state-machines',
  stateMachine: (arn) => `/state-machines/${encodeURIComponent(arn)}`,
  editStateMachine: (arn) => `/state-machines/${encodeURIComponent(arn)}/edit`,
  newStateMachine: () => '/state-machines/new',
  executions: (sm) => (sm ? `/executions?stateMachine=${encodeURIComponent(sm)}` : '/executions'),
  execution: (arn, state) => `/executions/${encodeURIComponent(arn)}` + (state ? `?state=${encodeURIComponent(state)}` : ''),
  mapRun: (arn, status) => `/map-runs/${encodeURIComponent(arn)}` + (status ? `?status=${encodeURIComponent(status)}` : ''),
  activities: () => '/activities',
};
