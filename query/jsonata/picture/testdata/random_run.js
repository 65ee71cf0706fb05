const jsonata = require('jsonata');
const cases = require(process.cwd() + '/cases.json');
(async () => {
  const out = [];
  for (const c of cases) {
    let r;
    try {
      if (c.fn === 'roundtrip') {
        const s = await jsonata('$fromMillis($a0, $a1)').evaluate({}, {a0: c.args[0], a1: c.args[1]});
        c.fn = 'toMillis'; c.args = [s, c.args[1]];
      }
      const list = c.args.map((a, i) => a === null ? '()' : '$a' + i).join(', ');
      const b = {}; c.args.forEach((a, i) => { if (a !== null) b['a' + i] = a; });
      const v = await jsonata('$' + c.fn + '(' + list + ')').evaluate({}, b);
      if (v === undefined) r = {undefined: true};
      else if (typeof v === 'number' && isNaN(v)) r = {nan: true};
      else r = {value: v};
    } catch (e) { r = {code: e.code || ('JS ' + e.name + ': ' + e.message)}; }
    if (c.fn === 'roundtrip') continue; // formatting failed: nothing to parse
    out.push(Object.assign({}, c, {want: r}));
  }
  require('fs').writeFileSync('reference.json', JSON.stringify(out, null, 0).replace(/\},\{"fn"/g, '},\n{"fn"'));
})();
