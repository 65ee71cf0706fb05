// AWS JSON 1.0 client for the stepd API, the same wire form the SDKs use.

export class ApiError extends Error {
  constructor(type, message, status) {
    super(message || type);
    this.type = type;
    this.status = status;
  }
  toString() {
    return this.type ? `${this.type}: ${this.message}` : this.message;
  }
}

// call POSTs one action and returns the decoded response. Failures are thrown
// as ApiError carrying AWS's __type (the part after '#', as SDKs show it).
export async function call(action, body = {}, { signal } = {}) {
  let res;
  try {
    res = await fetch('/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': `AWSStepFunctions.${action}`,
      },
      body: JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('NetworkError', `${action}: ${e.message}`, 0);
  }
  const text = await res.text();
  let data = {};
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError('InternalFailure', `${action}: HTTP ${res.status}: ${text.slice(0, 200)}`, res.status);
    }
  }
  if (!res.ok) {
    const type = String(data.__type || `HTTP${res.status}`).split('#').pop();
    throw new ApiError(type, data.message || data.Message || '', res.status);
  }
  return data;
}

// callAll follows nextToken until the listing ends (or limit items are
// gathered) and returns the concatenated `key` arrays.
export async function callAll(action, body, key, { limit = Infinity, signal } = {}) {
  const items = [];
  let nextToken;
  do {
    const page = await call(action, nextToken ? { ...body, nextToken } : body, { signal });
    items.push(...(page[key] || []));
    nextToken = page.nextToken;
  } while (nextToken && items.length < limit);
  return items;
}

// subscribe opens the console's SSE stream. handlers maps event names
// ("execution", "history", "status") to functions receiving (data, lastEventId).
// EventSource reconnects by itself and resends Last-Event-ID, so history
// batches resume where they stopped. Returns a function that closes it.
export function subscribe(params, handlers) {
  if (typeof EventSource === 'undefined') return () => {};
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v != null && v !== '') qs.set(k, String(v));
  const url = '/console/events' + (qs.toString() ? `?${qs}` : '');
  const es = new EventSource(url);
  for (const [name, fn] of Object.entries(handlers)) {
    if (name === 'onerror' || name === 'onopen') continue;
    es.addEventListener(name, (ev) => {
      let data;
      try {
        data = JSON.parse(ev.data);
      } catch {
        return;
      }
      fn(data, ev.lastEventId);
    });
  }
  if (handlers.onerror) es.onerror = handlers.onerror;
  if (handlers.onopen) es.onopen = handlers.onopen;
  return () => es.close();
}

export const DEFAULT_ROLE = 'arn:aws:iam::123456789012:role/stepd';
