import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, positions, locate, locationToPointer, parseError, lineStarts, position } from './json.js';

const def = `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Choice", "Choices": [
      { "Variable": "$.x", "IsPresent": true, "Next": "B" }
    ], "Default": "B" },
    "B": { "Type": "Succeed" }
  }
}`;

test('tokenize classifies keys, strings, numbers, literals and errors', () => {
  const toks = tokenize('{"a": [1, -2.5e3, true, null, "s"], "b": @x}');
  const kinds = toks.filter((t) => t.t !== 'ws' && t.t !== 'punct').map((t) => t.t);
  assert.deepEqual(kinds, ['key', 'num', 'num', 'lit', 'lit', 'str', 'key', 'err']);
  const text = '{"a":1}';
  assert.equal(tokenize(text).map((t) => text.slice(t.s, t.e)).join(''), text);
});

test('positions finds every member by JSON pointer', () => {
  const map = positions(def);
  const starts = lineStarts(def);
  assert.deepEqual(position(starts, map.get('/States/A/Choices/0/Next')), { line: 5, col: 47 });
  assert.deepEqual(position(starts, map.get('/States/B')), { line: 7, col: 5 });
  assert.equal(map.get(''), 0);
});

test('AWS locations map to lines, falling back to the enclosing value', () => {
  assert.equal(locationToPointer('/States/A/Choices[0]/Next'), '/States/A/Choices/0/Next');
  assert.equal(locationToPointer('/a~b/c[1][2]'), '/a~0b/c/1/2');
  assert.deepEqual(locate(def, '/States/A/Choices[0]/Next'), { line: 5, col: 47 });
  assert.deepEqual(locate(def, '/States/A/Missing'), { line: 4, col: 5 });
  assert.deepEqual(locate(def, ''), { line: 1, col: 1 });
});

test('positions is tolerant of broken documents', () => {
  const map = positions('{"a": {"b": 1}, "c": ');
  assert.ok(map.has('/a/b'));
  assert.ok(!map.has('/c/x'));
});

test('parseError reports a line and column', () => {
  assert.equal(parseError('{"a": 1}'), null);
  const e = parseError('{\n  "a": 1,\n  "b" 2\n}');
  assert.equal(e.line, 3);
  assert.ok(e.col >= 5 && e.col <= 7, `col ${e.col}`);
});
