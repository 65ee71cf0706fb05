// Merger pages through the executions of several state machines at once
// (ListExecutions takes one machine) and hands them out newest first,
// fetching a machine's next page only when its buffer runs dry.
export class Merger {
  // fetchPage(arn, nextToken) resolves to {executions, nextToken}, each
  // page newest first, as ListExecutions returns them.
  constructor(machines, fetchPage) {
    this.streams = machines.map((arn) => ({ arn, buf: [], next: undefined, done: false }));
    this.fetchPage = fetchPage;
  }

  async fill(s) {
    if (s.buf.length || s.done) return;
    const page = await this.fetchPage(s.arn, s.next);
    s.buf = (page.executions || []).slice();
    s.next = page.nextToken;
    s.done = !page.nextToken;
  }

  get exhausted() {
    return this.streams.every((s) => s.done && !s.buf.length);
  }

  // take returns up to n executions. With until (epoch seconds), a stream
  // stops at its first execution started before it: all later ones are
  // older still (the time-range filter's lower bound).
  async take(n, until) {
    const out = [];
    while (out.length < n) {
      await Promise.all(this.streams.map((s) => this.fill(s)));
      let best = null;
      for (const s of this.streams) if (s.buf.length && (!best || s.buf[0].startDate > best.buf[0].startDate)) best = s;
      if (!best) break;
      const item = best.buf.shift();
      if (until != null && item.startDate < until) {
        best.buf = [];
        best.done = true;
        continue;
      }
      out.push(item);
    }
    return out;
  }
}
