// Derives, incrementally, what the execution page shows from an execution's
// history events: which scope (root, Map iteration, Parallel branch) each
// event belongs to, which state it concerns, and the status, input, output,
// error, retries and assigned variables of every state instance. Events are
// fed in id order with add(); each call costs only the new events, so a
// 10,000-event history and its live tail stay cheap.

const FAILURE = new Set([
  'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed',
  'ActivityFailed', 'ActivityTimedOut', 'ActivityScheduleFailed',
  'LambdaFunctionFailed', 'LambdaFunctionTimedOut', 'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed',
  'MapStateFailed', 'ParallelStateFailed', 'EvaluationFailed', 'MapRunFailed',
]);
const SUCCESS = new Set(['TaskSucceeded', 'ActivitySucceeded', 'LambdaFunctionSucceeded', 'MapStateSucceeded', 'ParallelStateSucceeded']);
const SCHEDULED = new Set(['TaskScheduled', 'ActivityScheduled', 'LambdaFunctionScheduled', 'MapStateStarted', 'ParallelStateStarted']);
const ABORTED = new Set(['TaskStateAborted', 'WaitStateAborted', 'MapStateAborted', 'ParallelStateAborted']);
// Events that belong to the scope of their previous event even when that
// event closed a child scope (they are the compound's own bookkeeping).
const COMPOUND_OWN = new Set(['MapStateStarted', 'ParallelStateStarted', 'MapRunStarted', 'MapIterationStarted', 'MapIterationSucceeded', 'MapIterationFailed', 'MapIterationAborted']);

// Status precedence when several instances of one state (Map iterations,
// loops, branches) are shown as one graph node.
const RANK = { 'in-progress': 5, failed: 4, caught: 3, cancelled: 2, succeeded: 1, 'not-started': 0 };

// details returns the *EventDetails member of an event, whatever its name.
export function details(ev) {
  for (const k in ev) if (k.endsWith('EventDetails')) return ev[k];
  return null;
}

// branchIndexer builds a lookup (parallelName, stateName) → branch index from a
// parsed definition, looking through nested Parallel and Map states.
export function branchIndexer(definition) {
  const byParallel = new Map();
  const walk = (states) => {
    for (const [name, st] of Object.entries(states || {})) {
      if (!st || typeof st !== 'object') continue;
      if (st.Type === 'Parallel' && Array.isArray(st.Branches)) {
        const idx = new Map();
        st.Branches.forEach((b, i) => {
          for (const n of Object.keys(b?.States || {})) idx.set(n, i);
          walk(b?.States);
        });
        byParallel.set(name, idx);
      }
      if (st.Type === 'Map') walk((st.ItemProcessor || st.Iterator)?.States);
    }
  };
  walk(definition?.States);
  return (parallel, state) => byParallel.get(parallel)?.get(state);
}

export class Deriver {
  constructor({ branchOf } = {}) {
    this.branchOf = branchOf || (() => undefined);
    this.events = [];
    this.byId = new Map();
    this.root = this.newScope(null, 'root', null, 0);
    this.instances = new Map(); // scope.id + '\u0000' + name → instance
    this.byName = new Map(); // name → [instance]
    this.byPath = new Map(); // "Parent/Branch#i/Name" → [instance], nested states only
    this.inProgress = new Set();
    this.status = {}; // name → aggregate status (for the graph)
    this.current = null; // the most recently entered state still running
    this.execution = { status: null, error: null, cause: null, output: null, input: null, startTs: null, stopTs: null };
    this.lastId = 0;
    this.version = 0;
  }

  newScope(parent, kind, compound, index) {
    const s = { id: (this.scopeSeq = (this.scopeSeq || 0) + 1), parent, kind, compound, index, current: null, open: null, status: 'in-progress', depth: parent ? parent.depth + 1 : 0 };
    // where the scope's states sit in the definition, as the graph keys
    // nested states ("Par/Branch#1/Name", "Map/Processor/Name")
    s.path = !parent ? [] : [...parent.path, compound ? compound.name : '?', kind === 'branch' ? `Branch#${index}` : 'Processor'];
    if (compound) compound.children.push(s);
    return s;
  }

  // add appends events (ids must continue the history; repeats are ignored)
  // and returns the instances whose status changed.
  add(events) {
    const changed = new Set();
    for (const ev of events) {
      if (ev.id <= this.lastId) continue;
      this.lastId = ev.id;
      this.events.push(ev);
      this.byId.set(ev.id, ev);
      this.one(ev, changed);
    }
    const names = new Set();
    const keys = new Set();
    for (const inst of changed) {
      names.add(inst.name);
      if (inst.pathKey) keys.add(inst.pathKey);
    }
    for (const name of names) this.aggregate(name, this.byName.get(name));
    for (const key of keys) this.aggregate(key, this.byPath.get(key));
    if (changed.size || events.length) this.version++;
    this.pickCurrent();
    return changed;
  }

  instanceKey(scope, name) {
    return scope.id + '\u0000' + name;
  }

  setStatus(inst, status, changed) {
    if (inst.status === status) return;
    inst.status = status;
    if (status === 'in-progress') this.inProgress.add(inst);
    else this.inProgress.delete(inst);
    changed.add(inst);
  }

  within(scope, ancestor) {
    for (let s = scope; s; s = s.parent) if (s === ancestor) return true;
    return false;
  }

  // closeInside ends every running instance under scope (with self, also
  // those directly in it; without, the scope's own states are left alone): failed when it had failed itself, else `otherwise`.
  closeInside(scope, otherwise, changed, self = false) {
    for (const inst of [...this.inProgress]) {
      if ((self || inst.scope !== scope) && this.within(inst.scope, scope)) this.setStatus(inst, inst.failed ? 'failed' : otherwise, changed);
    }
  }

  scopeFor(ev, prev) {
    const t = ev.type;
    let s = prev ? prev._scope : this.root;
    if (!prev) return this.root;
    if (t.startsWith('Execution')) return this.root;
    // first event of a Map iteration
    if (prev.type === 'MapIterationStarted' && prev._child) return prev._child;
    // first event of a Parallel branch
    if (prev.type === 'ParallelStateStarted' && t.endsWith('StateEntered')) {
      const c = s.open;
      const name = details(ev)?.name;
      let idx = c ? this.branchOf(c.name, name) : undefined;
      if (idx === undefined) idx = c ? c.children.filter((x) => x.started === prev.id).length : 0;
      const b = this.newScope(s, 'branch', c, idx);
      b.started = prev.id;
      b.label = `${c ? c.name : '?'} branch ${idx + 1}`;
      return b;
    }
    // after a redrive the re-entered state chains from ExecutionRedriven:
    // put it back where that state last failed or was cancelled
    if (prev.type === 'ExecutionRedriven' && t.endsWith('StateEntered')) {
      const name = details(ev)?.name;
      const list = this.byName.get(name) || [];
      for (let i = list.length - 1; i >= 0; i--) {
        const inst = list[i];
        if ((inst.status === 'failed' || inst.status === 'cancelled' || inst.status === 'in-progress') && !inst.redriven) {
          inst.redriven = true;
          return inst.scope;
        }
      }
      return this.root;
    }
    if (t === 'MapIterationSucceeded' || t === 'MapIterationFailed' || t === 'MapIterationAborted') {
      const d = details(ev) || {};
      for (let x = s; x; x = x.parent) {
        if (x.kind === 'iteration' && x.compound?.name === d.name && x.index === d.index) {
          ev._iteration = x;
          return x.parent;
        }
      }
      return s;
    }
    if (/^(Map|Parallel)State(Succeeded|Failed|Aborted)$/.test(t) || /^MapRun/.test(t)) {
      if (COMPOUND_OWN.has(prev.type) && s.open) return s;
      const type = t.startsWith('Map') ? 'Map' : 'Parallel';
      for (let x = s, from = null; x; from = x, x = x.parent) {
        if (x.open && x.open.type === type && (from === null || from.compound === x.open)) return x;
      }
      return s;
    }
    return s;
  }

  one(ev, changed) {
    const prev = this.byId.get(ev.previousEventId);
    const scope = this.scopeFor(ev, prev);
    ev._scope = scope;
    const t = ev.type;
    const d = details(ev) || {};
    if (t === 'ExecutionStarted') {
      this.execution.input = d.input ?? null;
      this.execution.startTs = ev.timestamp;
    }
    if (this.execution.startTs == null) this.execution.startTs = ev.timestamp;

    if (t.endsWith('StateEntered')) {
      const name = d.name;
      const key = this.instanceKey(scope, name);
      let inst = this.instances.get(key);
      if (!inst) {
        inst = { name, scope, key, pathKey: scope.path.length ? [...scope.path, name].join('/') : null };
        this.instances.set(key, inst);
        if (!this.byName.has(name)) this.byName.set(name, []);
        this.byName.get(name).push(inst);
        if (inst.pathKey) {
          if (!this.byPath.has(inst.pathKey)) this.byPath.set(inst.pathKey, []);
          this.byPath.get(inst.pathKey).push(inst);
        }
      } else {
        // a state entered again in the same scope (a loop, a redrive):
        // the latest visit is what the panel shows
        const list = this.byName.get(name);
        list.splice(list.indexOf(inst), 1);
        list.push(inst);
      }
      Object.assign(inst, {
        type: t.slice(0, -'StateEntered'.length),
        enteredId: ev.id,
        enteredTs: ev.timestamp,
        exitedId: null,
        exitedTs: null,
        input: d.input ?? null,
        output: null,
        error: null,
        cause: null,
        failed: false,
        attempts: 0,
        resource: null,
        parameters: null,
        assigned: null,
        mapRunArn: null,
        redriven: false,
        status: null,
      });
      scope.current = name;
      this.setStatus(inst, t === 'FailStateEntered' ? 'failed' : 'in-progress', changed);
      if (t === 'FailStateEntered') {
        inst.failed = true;
        inst.exitedTs = ev.timestamp;
      }
      if (t === 'MapStateEntered' || t === 'ParallelStateEntered') {
        scope.open = { name, type: inst.type, children: [], instance: inst, enteredId: ev.id };
        inst.compound = scope.open;
      }
      this.lastEntered = inst;
    }
    const name = scope.current;
    ev._state = t.startsWith('Execution') ? null : name;
    const inst = name != null ? this.instances.get(this.instanceKey(scope, name)) : null;

    if (inst) {
      if (SCHEDULED.has(t)) inst.attempts++;
      if (t === 'TaskScheduled' || t === 'ActivityScheduled' || t === 'LambdaFunctionScheduled') {
        // what the last attempt sent to the resource (after Parameters/Arguments)
        inst.resource = d.resource ? (d.resourceType ? `${d.resourceType}:${d.resource}` : d.resource) : null;
        inst.parameters = d.parameters ?? d.input ?? null;
      }
      if (FAILURE.has(t)) {
        inst.failed = true;
        inst.error = d.error ?? null;
        inst.cause = d.cause ?? null;
        if (t === 'MapStateFailed' || t === 'ParallelStateFailed') {
          // a Distributed Map's failure is its run's (MapRunFailed, just before)
          const before = this.byId.get(ev.previousEventId);
          if (inst.error == null && before?.type === 'MapRunFailed') {
            inst.error = details(before)?.error ?? null;
            inst.cause = details(before)?.cause ?? null;
          }
          // the failure came from a child: take its error for the panel
          const child = this.failureBelow(scope);
          if (child && inst.error == null) {
            inst.error = child.error;
            inst.cause = child.cause;
          }
          this.closeInside(scope, 'cancelled', changed);
        }
      }
      // a Distributed Map state runs as a Map Run: the panel links to it
      if ((t === 'MapRunStarted' || t === 'MapRunRedriven') && d.mapRunArn) inst.mapRunArn = d.mapRunArn;
      if (SUCCESS.has(t)) {
        inst.failed = false;
        inst.error = null;
        inst.cause = null;
      }
      if (ABORTED.has(t)) {
        this.setStatus(inst, 'cancelled', changed);
        if (t === 'MapStateAborted' || t === 'ParallelStateAborted') this.closeInside(scope, 'cancelled', changed);
      }
      if (t.endsWith('StateExited') && d.name === name) {
        inst.exitedId = ev.id;
        inst.exitedTs = ev.timestamp;
        inst.output = d.output ?? null;
        inst.assigned = d.assignedVariables || null;
        this.setStatus(inst, inst.failed ? 'caught' : 'succeeded', changed);
        if (scope.open && scope.open.instance === inst) scope.open = null;
      }
    }
    if (t === 'MapIterationStarted') {
      const c = scope.open;
      const it = this.newScope(scope, 'iteration', c, d.index);
      it.label = `${d.name} #${d.index}`;
      ev._child = it;
    }
    if (ev._iteration) {
      const it = ev._iteration;
      it.status = t === 'MapIterationSucceeded' ? 'succeeded' : t === 'MapIterationFailed' ? 'failed' : 'cancelled';
      if (t !== 'MapIterationSucceeded') this.closeInside(it, 'cancelled', changed, true);
    }
    if (t === 'ExecutionRedriven') {
      this.execution.status = 'RUNNING';
      this.execution.stopTs = null;
      this.execution.error = this.execution.cause = null;
      // compound states left open by the failure run again
      for (const list of this.byName.values()) {
        for (const x of list) if (x.compound && x.exitedId == null && (x.status === 'failed' || x.status === 'cancelled')) this.setStatus(x, 'in-progress', changed);
      }
    }
    if (t === 'ExecutionSucceeded' || t === 'ExecutionFailed' || t === 'ExecutionTimedOut' || t === 'ExecutionAborted') {
      this.execution.status = { ExecutionSucceeded: 'SUCCEEDED', ExecutionFailed: 'FAILED', ExecutionTimedOut: 'TIMED_OUT', ExecutionAborted: 'ABORTED' }[t];
      this.execution.stopTs = ev.timestamp;
      this.execution.error = d.error ?? null;
      this.execution.cause = d.cause ?? null;
      if (t === 'ExecutionSucceeded') this.execution.output = d.output ?? null;
      const end = t === 'ExecutionAborted' ? 'cancelled' : t === 'ExecutionSucceeded' ? 'succeeded' : 'failed';
      for (const x of [...this.inProgress]) {
        if (end === 'failed' && !x.error && !x.failed && t === 'ExecutionTimedOut') {
          x.error = d.error ?? 'States.Timeout';
          x.cause = d.cause ?? null;
        }
        this.setStatus(x, end, changed);
      }
      if (end !== 'succeeded') for (const s of this.allIterations()) if (s.status === 'in-progress') s.status = end;
    }
  }

  *allIterations() {
    for (const list of this.byName.values()) for (const x of list) if (x.compound) yield* x.compound.children;
  }

  failureBelow(scope) {
    let best = null;
    for (const list of this.byName.values()) {
      for (const x of list) {
        if (x.failed && x.error != null && x.scope !== scope && this.within(x.scope, scope) && (!best || x.enteredId > best.enteredId)) best = x;
      }
    }
    return best;
  }

  // aggregate sets status[key] from the instances listed under it (by
  // name, or by nested path for states whose name repeats across branches).
  aggregate(name, list) {
    let best = 'not-started';
    for (const inst of list || []) if (RANK[inst.status] > RANK[best]) best = inst.status;
    if (this.status[name] !== best) this.status = { ...this.status, [name]: best };
  }

  pickCurrent() {
    let cur = null;
    for (const x of this.inProgress) if (!x.compound && (!cur || x.enteredId > cur.enteredId)) cur = x;
    if (!cur) for (const x of this.inProgress) if (!cur || x.enteredId > cur.enteredId) cur = x;
    this.current = cur ? cur.name : null;
  }

  // statusIn computes graph statuses for one scope (a Map iteration or a
  // Parallel branch picked by the user): states with an instance under
  // that scope show that instance, others keep the overall status.
  statusIn(scope) {
    if (!scope || scope === this.root) return this.status;
    const out = { ...this.status };
    const seen = new Set();
    for (const list of this.byName.values()) {
      for (const inst of list) {
        if (!this.within(inst.scope, scope)) continue;
        const prevRank = seen.has(inst.name) ? RANK[out[inst.name]] : -1;
        if (RANK[inst.status] > prevRank) {
          out[inst.name] = inst.status;
          if (inst.pathKey) out[inst.pathKey] = inst.status;
        }
        seen.add(inst.name);
      }
    }
    return out;
  }

  // instancesOf lists the visits of a state (latest last), optionally only
  // those under a scope.
  instancesOf(name, scope) {
    const list = this.byName.get(name) || [];
    return scope && scope !== this.root ? list.filter((x) => this.within(x.scope, scope)) : list;
  }

  // children lists the iterations or branches of the latest visit of a
  // Map or Parallel state.
  children(name, scope) {
    const list = this.instancesOf(name, scope).filter((x) => x.compound);
    return list.length ? list[list.length - 1].compound.children : [];
  }

  // scopeStatus is a Map iteration's recorded end, or for a Parallel branch
  // (which records none) the most telling status of the states it ran.
  scopeStatus(scope) {
    if (scope.kind === 'iteration' && scope.status !== 'in-progress') return scope.status;
    // one pass over the instances per history version, shared by every chip
    if (this.scopeBestVersion !== this.version) {
      this.scopeBestVersion = this.version;
      this.scopeBest = new Map();
      for (const list of this.byName.values()) {
        for (const x of list) {
          const cur = this.scopeBest.get(x.scope);
          if (!cur || RANK[x.status] > RANK[cur]) this.scopeBest.set(x.scope, x.status);
        }
      }
    }
    let best = this.scopeBest.get(scope);
    if (best === 'caught') best = 'succeeded';
    return best || 'not-started';
  }
}
