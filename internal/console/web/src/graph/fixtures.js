// bigMachine(n) builds a valid ASL definition with exactly n states (nested
// ones included) mixing Tasks with Catch, Choices, Waits, Parallels and Maps.
// Used by the graph's unit tests and by the browser performance test.
// Deterministic: the same n always gives the same definition.

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const SQS = 'arn:aws:states:::sqs:sendMessage';

// Segment kinds, cycled in this order; each returns how many states it adds.
const KINDS = ['task', 'choice', 'parallel', 'wait', 'map', 'task'];
const COST = { task: 2, choice: 3, parallel: 5, wait: 1, map: 4 };

export function bigMachine(n = 200) {
  if (n < 1) throw new Error('bigMachine: n must be at least 1');
  const States = {};
  let used = 1; // the final Succeed
  let i = 0;
  const segs = [];
  while (true) {
    const kind = KINDS[i % KINDS.length];
    if (used + COST[kind] > n) break;
    segs.push(kind);
    used += COST[kind];
    i++;
  }
  const fillers = n - used; // the rest as Pass states
  const names = segs.map((k, j) => `${k[0].toUpperCase()}${k.slice(1)}${j + 1}`);
  const entry = (j) => (j < names.length ? names[j] : fillers > 0 ? 'Filler1' : 'Done');

  segs.forEach((kind, j) => {
    const name = names[j];
    const next = entry(j + 1);
    switch (kind) {
      case 'task':
        States[name] = {
          Type: 'Task',
          Resource: j % 2 ? SQS : LAMBDA,
          Parameters: j % 2 ? { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', 'MessageBody.$': '$' } : { FunctionName: 'fn', 'Payload.$': '$' },
          Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: `${name}Failed` }],
          Next: next,
        };
        States[`${name}Failed`] = { Type: 'Fail', Error: 'TaskFailed', Cause: `${name} failed` };
        break;
      case 'choice':
        States[name] = {
          Type: 'Choice',
          Choices: [
            { Variable: '$.n', NumericGreaterThan: j, Next: `${name}High` },
            { And: [{ Variable: '$.s', StringMatches: 'a*' }, { Not: { Variable: '$.b', IsNull: true } }], Next: `${name}Low` },
          ],
          Default: next,
        };
        States[`${name}High`] = { Type: 'Pass', Next: next };
        States[`${name}Low`] = { Type: 'Pass', Next: next };
        break;
      case 'parallel':
        States[name] = {
          Type: 'Parallel',
          Branches: [0, 1].map((b) => ({
            StartAt: `${name}B${b}Work`,
            States: {
              [`${name}B${b}Work`]: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'fn', 'Payload.$': '$' }, Next: `${name}B${b}Done` },
              [`${name}B${b}Done`]: { Type: 'Pass', End: true },
            },
          })),
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: next }],
          Next: next,
        };
        break;
      case 'wait':
        States[name] = { Type: 'Wait', Seconds: 1, Next: next };
        break;
      case 'map':
        States[name] = {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            ProcessorConfig: j % 4 === 0 ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } : { Mode: 'INLINE' },
            StartAt: `${name}Item`,
            States: {
              [`${name}Item`]: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'fn', 'Payload.$': '$' }, Next: `${name}Check` },
              [`${name}Check`]: {
                Type: 'Choice',
                Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: `${name}Keep` }],
                Default: `${name}Keep`,
              },
              [`${name}Keep`]: { Type: 'Pass', End: true },
            },
          },
          Next: next,
        };
        break;
    }
  });
  for (let f = 1; f <= fillers; f++) {
    States[`Filler${f}`] = { Type: 'Pass', Next: f < fillers ? `Filler${f + 1}` : 'Done' };
  }
  States.Done = { Type: 'Succeed' };
  return { Comment: `generated machine with ${n} states`, StartAt: entry(0), States };
}

// countStates counts every state of a definition, nested ones included.
export function countStates(def) {
  let c = 0;
  const walk = (states) => {
    for (const st of Object.values(states || {})) {
      c++;
      if (st.Type === 'Parallel') for (const b of st.Branches || []) walk(b.States);
      if (st.Type === 'Map') walk((st.ItemProcessor || st.Iterator || {}).States);
    }
  };
  walk(def.States);
  return c;
}
