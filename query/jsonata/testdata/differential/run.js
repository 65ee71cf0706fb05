// Evaluates cases with the reference jsonata-js and prints the outcomes.
// stdin: JSON array of {expr, input?, bindings?}; stdout: JSON array of
// {result?, undefined?, code?} in the same order.
'use strict';
const jsonata = require('jsonata');

async function main() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const cases = JSON.parse(text);
  const out = [];
  for (const c of cases) {
    try {
      const expr = jsonata(c.expr);
      const res = await expr.evaluate(c.input, c.bindings || {});
      if (res === undefined) out.push({ undefined: true });
      else out.push({ result: JSON.stringify(res) });
    } catch (e) {
      out.push({ code: e.code || 'JSERROR', message: e.message, position: e.position }); // JavaScript's own errors carry no code
    }
  }
  process.stdout.write(JSON.stringify(out));
}
main();
