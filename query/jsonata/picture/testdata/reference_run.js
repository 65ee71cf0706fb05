const jsonata = require('jsonata');
const cases = require(process.cwd() + '/cases.json');
(async () => {
  const out = [];
  const now = Date.UTC(2020, 4, 17, 8, 30);
  for (const c of cases) {
    const names = c.args.map((_, i) => '$a' + i);
    const args = c.args.map(a => a === null ? undefined : a);
    // an absent (null) argument is passed as () so optional parameters stay absent
    const list = c.args.map((a, i) => a === null ? '()' : '$a' + i).join(', ');
    const expr = jsonata('$' + c.fn + '(' + list + ')');
    const b = {}; args.forEach((a, i) => { if (a !== undefined) b['a' + i] = a; });
    let r;
    try {
      const v = await expr.evaluate({}, b);
      if (v === undefined) r = {undefined: true};
      else if (typeof v === 'number' && isNaN(v)) r = {nan: true};
      else r = {value: v};
    } catch (e) { r = {code: e.code || ('JS ' + e.name + ': ' + e.message)}; }
    out.push(Object.assign({}, c, {want: r}));
  }
  require('fs').writeFileSync('reference.json', JSON.stringify(out, null, 0).replace(/\},\{"fn"/g, '},\n{"fn"'));
})();
