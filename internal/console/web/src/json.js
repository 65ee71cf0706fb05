// A tiny JSON tokenizer: syntax highlighting, and the position (line:col) of
// every value by JSON pointer, so diagnostics that name a location
// ("/States/A/Next", AWS's notation) can be shown at a line. No library.

const WS = /[ \t\r\n]+/y;
const STR = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUM = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LIT = /true|false|null/y;

// tokenize splits text into tokens {t, s, e}: t is one of ws, str, key, num,
// lit, punct, err. Strings followed by ':' are keys. It never throws: an
// unexpected character becomes an err token and scanning goes on.
export function tokenize(text) {
  const toks = [];
  let i = 0;
  const n = text.length;
  const re = (r) => {
    r.lastIndex = i;
    return r.test(text) ? r.lastIndex : -1;
  };
  while (i < n) {
    const c = text[i];
    let e;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      e = re(WS);
      toks.push({ t: 'ws', s: i, e });
    } else if (c === '"') {
      e = re(STR);
      if (e < 0) {
        // unterminated or bad string: run to the end of the line
        e = text.indexOf('\n', i);
        if (e < 0) e = n;
        toks.push({ t: 'err', s: i, e });
      } else toks.push({ t: 'str', s: i, e });
    } else if (c === '{' || c === '}' || c === '[' || c === ']' || c === ':' || c === ',') {
      e = i + 1;
      toks.push({ t: 'punct', s: i, e });
    } else if ((e = re(NUM)) > 0) {
      toks.push({ t: 'num', s: i, e });
    } else if ((e = re(LIT)) > 0) {
      toks.push({ t: 'lit', s: i, e });
    } else {
      e = i + 1;
      while (e < n && !/[\s{}\[\]:,"]/.test(text[e])) e++;
      toks.push({ t: 'err', s: i, e });
    }
    i = e;
  }
  // mark keys: a string whose next non-space token is ':'
  for (let k = 0; k < toks.length; k++) {
    if (toks[k].t !== 'str') continue;
    let j = k + 1;
    while (j < toks.length && toks[j].t === 'ws') j++;
    if (j < toks.length && toks[j].t === 'punct' && text[toks[j].s] === ':') toks[k].t = 'key';
  }
  return toks;
}

// lineStarts returns the offset of the start of each line.
export function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

// position converts an offset to a 1-based {line, col}.
export function position(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo] + 1 };
}

function escapePointer(key) {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

// positions maps JSON pointers to the offset where each value's member
// starts (the key for object members, the value for array items). It is
// tolerant: on a syntax error it keeps what it found so far.
export function positions(text, toks = tokenize(text)) {
  const map = new Map();
  const sig = toks.filter((t) => t.t !== 'ws');
  let k = 0;
  const peek = () => sig[k];
  const ch = (t) => (t && t.t === 'punct' ? text[t.s] : '');
  function value(ptr, at) {
    const t = sig[k];
    if (!t) throw 0;
    if (!map.has(ptr)) map.set(ptr, at ?? t.s);
    const c = ch(t);
    if (c === '{') {
      k++;
      if (ch(peek()) === '}') {
        k++;
        return;
      }
      for (;;) {
        const key = sig[k];
        if (!key || key.t !== 'key') throw 0;
        let name;
        try {
          name = JSON.parse(text.slice(key.s, key.e));
        } catch {
          throw 0;
        }
        k++;
        if (ch(peek()) !== ':') throw 0;
        k++;
        value(ptr + '/' + escapePointer(name), key.s);
        const sep = ch(peek());
        k++;
        if (sep === '}') return;
        if (sep !== ',') throw 0;
      }
    } else if (c === '[') {
      k++;
      if (ch(peek()) === ']') {
        k++;
        return;
      }
      for (let i = 0; ; i++) {
        value(ptr + '/' + i);
        const sep = ch(peek());
        k++;
        if (sep === ']') return;
        if (sep !== ',') throw 0;
      }
    } else if (t.t === 'str' || t.t === 'num' || t.t === 'lit') {
      k++;
    } else throw 0;
  }
  try {
    value('');
  } catch {
    /* partial map */
  }
  return map;
}

// locationToPointer converts AWS's diagnostic location notation
// ("/States/C/Choices[0]/Next") to a JSON pointer ("/States/C/Choices/0/Next").
export function locationToPointer(loc) {
  if (!loc) return '';
  let out = '';
  for (const seg of loc.split('/').slice(1)) {
    const m = /^(.*?)((?:\[\d+\])+)$/.exec(seg);
    if (m) {
      out += '/' + escapePointer(m[1]);
      for (const idx of m[2].match(/\d+/g)) out += '/' + idx;
    } else out += '/' + escapePointer(seg);
  }
  return out;
}

// locate returns {line, col} for an AWS location in text, falling back to the
// nearest enclosing value found, and to 1:1.
export function locate(text, loc, cache) {
  const map = cache?.map || positions(text);
  const starts = cache?.starts || lineStarts(text);
  let ptr = locationToPointer(loc);
  while (ptr && !map.has(ptr)) ptr = ptr.slice(0, ptr.lastIndexOf('/'));
  const off = map.get(ptr) ?? 0;
  return position(starts, off);
}

// parseError returns null when text is valid JSON, or {message, line, col}.
export function parseError(text) {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const starts = lineStarts(text);
    const msg = String(e.message || e);
    let m = /line (\d+) column (\d+)/.exec(msg);
    if (m) return { message: msg, line: +m[1], col: +m[2] };
    m = /position (\d+)/.exec(msg);
    if (m) return { message: msg, ...position(starts, +m[1]) };
    if (/end of (JSON|data)/i.test(msg) || /Unexpected end/.test(msg)) {
      return { message: msg, ...position(starts, text.length) };
    }
    const bad = tokenize(text).find((t) => t.t === 'err');
    return { message: msg, ...position(starts, bad ? bad.s : 0) };
  }
}

// pretty re-indents a JSON document given as text; text that is not JSON is
// returned as it is.
export function pretty(text) {
  if (text == null) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text);
  }
}
