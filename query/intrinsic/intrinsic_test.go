package intrinsic_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/intrinsic"
	"github.com/stepd/stepd/query/jsonpath"
)

const nine = `{"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]}`

type evalCase struct {
	name  string // the AWS example or rule the case traces to
	src   string
	input string
	want  string // JSON
	err   string // the exact cause of the States.Runtime error
}

var evalCases = []evalCase{
	// States.Format — AWS guide examples.
	{name: "aws Format: literal template", src: "States.Format('Hello, my name is {}.', $.name)", input: `{"name": "Arnav", "template": "Hello, my name is {}."}`, want: `"Hello, my name is Arnav."`},
	{name: "aws Format: template from a path", src: "States.Format($.template, $.name)", input: `{"name": "Arnav", "template": "Hello, my name is {}."}`, want: `"Hello, my name is Arnav."`},
	{name: "aws reserved characters: \\' is a quote", src: `States.Format('Name: \'{}\'', $.name)`, input: `{"name": "Gabriel"}`, want: `"Name: 'Gabriel'"`},
	{name: "aws reserved characters: \\{ \\} are literal braces, not a placeholder", src: `States.Format('\{\} {}', $.a)`, input: `{"a": "x"}`, want: `"{} x"`},
	{name: "aws reserved characters: \\\\ is a backslash", src: `States.Format('C:\\dir\\{}', $.f)`, input: `{"f": "file"}`, want: `"C:\\dir\\file"`},
	{name: "Format: several placeholders of mixed scalars (AWS-run conformance)", src: "States.Format('{} {} {}', $.a, $.b, $.c)", input: `{"a": "x", "b": 2, "c": true}`, want: `"x 2 true"`},
	{name: "Format: no placeholders", src: "States.Format('no placeholders')", input: `{}`, want: `"no placeholders"`},
	{name: "Format: keeps surrounding whitespace", src: "States.Format('  {}  ', $.a)", input: `{"a": "x"}`, want: `"  x  "`},
	{name: "Format: null renders as null (AWS-run conformance)", src: "States.Format('{}|{}', $.n, $.b)", input: `{"n": null, "b": false}`, want: `"null|false"`},
	{name: "Format: numbers keep their text", src: "States.Format('{}/{}', $.i, $.f)", input: `{"i": 9007199254740991, "f": 3.5}`, want: `"9007199254740991/3.5"`},
	{name: "Format: nested JsonToString (AWS-run conformance)", src: "States.Format('arn:{}:{}', $.svc, States.JsonToString($.obj))", input: `{"svc": "lambda", "obj": {"k": 1}}`, want: `"arn:lambda:{\"k\":1}"`},
	{name: "Format: context object argument (AWS-run conformance)", src: "States.Format('{}:{}', $.name, $$.Execution.Input.suffix)", input: `{"name": "job"}`, want: `"job:run"`},
	{name: "Format: literal number and boolean arguments", src: "States.Format('{}-{}-{}', 1.50, true, null)", input: `{}`, want: `"1.50-true-null"`},
	{name: "Format: object argument renders as JSON", src: "States.Format('{}', $.o)", input: `{"o": {"a": [1]}}`, want: `"{\"a\":[1]}"`},
	{name: "Format: placeholder count must match (too few)", src: "States.Format('{} {}', $.a)", input: `{"a": "x"}`, err: "Invalid arguments in States.Format"},
	{name: "Format: placeholder count must match (too many)", src: "States.Format('{}', $.a, $.b)", input: `{"a": "x", "b": "y"}`, err: "Invalid arguments in States.Format"},
	{name: "Format: a non-string template fails", src: "States.Format($.template, $.name)", input: `{"template": 123, "name": "Ada"}`, err: "Invalid arguments in States.Format"},
	{name: "Format: an unmatched { fails (AWS-run observation)", src: "States.Format('Hello {', $.a)", input: `{"a": "x"}`, err: "Invalid arguments in States.Format"},
	{name: "Format: {{}} fails (AWS-run observation)", src: "States.Format('Hello {{}}', $.a)", input: `{"a": "x"}`, err: "Invalid arguments in States.Format"},
	{name: "Format: a lone } fails (AWS-run observation)", src: "States.Format('}')", input: `{}`, err: "Invalid arguments in States.Format"},
	{name: "Format: a template from a path with a lone brace fails", src: "States.Format($.t)", input: `{"t": "a { b"}`, err: "Invalid arguments in States.Format"},

	// States.StringToJson / States.JsonToString — AWS guide examples.
	{name: "aws StringToJson", src: "States.StringToJson($.escapedJsonString)", input: `{"escapedJsonString": "{\"foo\": \"bar\"}"}`, want: `{"foo":"bar"}`},
	{name: "StringToJson of a number text", src: "States.StringToJson($.s)", input: `{"s": "12.50"}`, want: `12.50`},
	{name: "StringToJson of an array text keeps order", src: "States.StringToJson('[3,1,{\"b\":1,\"a\":2}]')", input: `{}`, want: `[3,1,{"b":1,"a":2}]`},
	{name: "StringToJson of the empty string is null (AWS-run observation)", src: "States.StringToJson($.s)", input: `{"s": ""}`, want: `null`},
	{name: "StringToJson with surrounding blanks (AWS-run conformance)", src: "States.StringToJson($.s)", input: `{"s": " {\"a\":1} "}`, want: `{"a":1}`},
	{name: "StringToJson rejects undefined (AWS-run conformance)", src: "States.StringToJson($.s)", input: `{"s": "undefined"}`, err: "Invalid arguments in States.StringToJson"},
	{name: "StringToJson rejects truncated JSON (AWS-run conformance)", src: "States.StringToJson($.s)", input: `{"s": "{\"a\":1"}`, err: "Invalid arguments in States.StringToJson"},
	{name: "StringToJson rejects an array (AWS-run conformance)", src: "States.StringToJson($.s)", input: `{"s": [1, 2]}`, err: "Invalid arguments in States.StringToJson"},
	{name: "StringToJson of invalid JSON fails", src: "States.StringToJson($.s)", input: `{"s": "{bad json}"}`, err: "Invalid arguments in States.StringToJson"},
	{name: "StringToJson of a non-string fails", src: "States.StringToJson($.s)", input: `{"s": {"a": 1}}`, err: "Invalid arguments in States.StringToJson"},
	{name: "aws JsonToString", src: "States.JsonToString($.unescapedJson)", input: `{"unescapedJson": {"foo": "bar"}}`, want: `"{\"foo\":\"bar\"}"`},
	{name: "JsonToString of a mixed array (AWS-run conformance)", src: "States.JsonToString($.probe)", input: `{"probe": [null, "", " ", 0, 1, true, false, [0, 1, false]]}`, want: `"[null,\"\",\" \",0,1,true,false,[0,1,false]]"`},
	{name: "JsonToString of a string quotes it", src: "States.JsonToString($.s)", input: `{"s": "a\"b"}`, want: `"\"a\\\"b\""`},
	{name: "StringToJson undoes JsonToString", src: "States.StringToJson(States.JsonToString($.o))", input: `{"o": {"x": [1, 2.0, "y"]}}`, want: `{"x":[1,2.0,"y"]}`},

	// States.Array — AWS guide example and rules.
	{name: "aws Array", src: "States.Array($.Id)", input: `{"Id": 123456}`, want: `[123456]`},
	{name: "Array of no arguments", src: "States.Array()", input: `{}`, want: `[]`},
	{name: "Array of mixed literals", src: "States.Array('a', 1, true, null, -2.5e3)", input: `{}`, want: `["a",1,true,null,-2.5e3]`},
	{name: "Array of nested calls", src: "States.Array(States.Array(1), States.ArrayLength($.a))", input: `{"a": [1, 2]}`, want: `[[1],2]`},

	// States.ArrayPartition — AWS guide example and AWS-run conformance.
	{name: "aws ArrayPartition", src: "States.ArrayPartition($.inputArray, 4)", input: nine, want: `[[1,2,3,4],[5,6,7,8],[9]]`},
	{name: "ArrayPartition by 1", src: "States.ArrayPartition($.a, 1)", input: `{"a": [1, 2, 3]}`, want: `[[1],[2],[3]]`},
	{name: "ArrayPartition evenly", src: "States.ArrayPartition($.a, 2)", input: `{"a": [1, 2, 3, 4]}`, want: `[[1,2],[3,4]]`},
	{name: "ArrayPartition larger than the array", src: "States.ArrayPartition($.a, 10)", input: `{"a": [1, 2, 3]}`, want: `[[1,2,3]]`},
	{name: "ArrayPartition of an empty array", src: "States.ArrayPartition($.a, 3)", input: `{"a": []}`, want: `[]`},
	{name: "ArrayPartition keeps nested arrays", src: "States.ArrayPartition($.a, 2)", input: `{"a": [[1], [2], [3], [4]]}`, want: `[[[1],[2]],[[3],[4]]]`},
	{name: "ArrayPartition truncates 2.6 to 2 (AWS-run conformance)", src: "States.ArrayPartition($.a, 2.6)", input: `{"a": [1, 2, 3, 4, 5]}`, want: `[[1,2],[3,4],[5]]`},
	{name: "ArrayPartition truncates 2.4 to 2", src: "States.ArrayPartition($.a, 2.4)", input: `{"a": [1, 2, 3, 4, 5]}`, want: `[[1,2],[3,4],[5]]`},
	{name: "ArrayPartition rejects 0.6 (AWS-run conformance)", src: "States.ArrayPartition($.a, 0.6)", input: `{"a": [1]}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "ArrayPartition rejects 0", src: "States.ArrayPartition($.a, 0)", input: `{"a": [1]}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "ArrayPartition rejects -1", src: "States.ArrayPartition($.a, -1)", input: `{"a": [1]}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "ArrayPartition rejects -0.4", src: "States.ArrayPartition($.a, -0.4)", input: `{"a": [1]}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "ArrayPartition rejects a non-array", src: "States.ArrayPartition('not-array', 2)", input: `{}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "ArrayPartition rejects a string size", src: "States.ArrayPartition($.a, '2')", input: `{"a": [1]}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "ArrayPartition rejects a null size", src: "States.ArrayPartition($.a, null)", input: `{"a": [1]}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "ArrayPartition of a nested call (AWS-run conformance)", src: "States.ArrayPartition(States.Array(1,2,3,4,5), 2)", input: `{}`, want: `[[1,2],[3,4],[5]]`},
	{name: "ArrayPartition with a huge size (AWS-run conformance)", src: "States.ArrayPartition($.a, 2147483647)", input: `{"a": [1, 2, 3]}`, want: `[[1,2,3]]`},
	{name: "ArrayPartition with a size from the context", src: "States.ArrayPartition($.a, $$.Execution.Input.chunkSize)", input: `{"a": [1, 2, 3, 4, 5]}`, want: `[[1,2],[3,4],[5]]`},

	// States.ArrayContains — AWS guide example.
	{name: "aws ArrayContains", src: "States.ArrayContains($.inputArray, $.lookingFor)", input: `{"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5}`, want: `true`},
	{name: "ArrayContains not found", src: "States.ArrayContains($.inputArray, 10)", input: nine, want: `false`},
	{name: "ArrayContains: reordered object members do not match (AWS-run observation)", src: "States.ArrayContains($.a, $.o)", input: `{"a": [{"x": 1, "y": 2}], "o": {"y": 2, "x": 1}}`, want: `false`},
	{name: "ArrayContains an equal object (AWS-run conformance)", src: "States.ArrayContains($.arr, $.target)", input: `{"arr": [{"a": 1}, {"b": 2}], "target": {"a": 1}}`, want: `true`},
	{name: "ArrayContains: an extra member does not match (AWS-run conformance)", src: "States.ArrayContains($.arr, $.target)", input: `{"arr": [{"a": 1}], "target": {"a": 1, "extra": null}}`, want: `false`},
	{name: "ArrayContains a nested array (AWS-run conformance)", src: "States.ArrayContains($.arr, $.target)", input: `{"arr": [null, "", " ", 0, 1, true, false, [0, 1, false]], "target": [0, 1, false]}`, want: `true`},
	{name: "ArrayContains null (AWS-run conformance)", src: "States.ArrayContains($.arr, null)", input: `{"arr": [1, null, 3]}`, want: `true`},
	{name: "ArrayContains: false does not match 0 (AWS-run conformance)", src: "States.ArrayContains($.arr, false)", input: `{"arr": [0, 1, -1, -1.5]}`, want: `false`},
	{name: "ArrayContains: true matches the string true (AWS-run observation)", src: "States.ArrayContains($.arr, true)", input: `{"arr": ["true", "false", "maybe"]}`, want: `true`},
	{name: "ArrayContains: a number matches its text (AWS-run observation)", src: "States.ArrayContains($.arr, $.target)", input: `{"arr": ["-1", "9007199254740991"], "target": 9007199254740991}`, want: `true`},
	{name: "ArrayContains in an empty array (AWS-run conformance)", src: "States.ArrayContains($.arr, 1)", input: `{"arr": []}`, want: `false`},
	{name: "ArrayContains a string", src: "States.ArrayContains($.a, 'b')", input: `{"a": ["a", "b"]}`, want: `true`},
	{name: "ArrayContains rejects a non-array", src: "States.ArrayContains($.a, 1)", input: `{"a": "abc"}`, err: "Invalid arguments in States.ArrayContains"},

	// States.ArrayRange — AWS guide example and AWS-run conformance.
	{name: "aws ArrayRange(1, 9, 2)", src: "States.ArrayRange(1, 9, 2)", input: `{}`, want: `[1,3,5,7,9]`},
	{name: "ArrayRange unit step", src: "States.ArrayRange(1, 5, 1)", input: `{}`, want: `[1,2,3,4,5]`},
	{name: "ArrayRange crossing zero", src: "States.ArrayRange(-2, 2, 2)", input: `{}`, want: `[-2,0,2]`},
	{name: "ArrayRange truncates fractions (AWS-run conformance)", src: "States.ArrayRange(1.4, 5.6, 2.2)", input: `{}`, want: `[1,3,5]`},
	{name: "ArrayRange truncates 1.6 and 1.4 to 1 (AWS-run conformance)", src: "States.ArrayRange(1.6, 1.4, 1)", input: `{}`, want: `[1]`},
	{name: "ArrayRange truncates descending fractions (AWS-run conformance)", src: "States.ArrayRange(5.4, -0.6, -2.4)", input: `{}`, want: `[5,3,1]`},
	{name: "ArrayRange equal bounds", src: "States.ArrayRange(3, 3, 1)", input: `{}`, want: `[3]`},
	{name: "ArrayRange equal bounds negative step", src: "States.ArrayRange(3, 3, -1)", input: `{}`, want: `[3]`},
	{name: "ArrayRange descending", src: "States.ArrayRange(5, 1, -2)", input: `{}`, want: `[5,3,1]`},
	{name: "ArrayRange descending with a positive step is empty", src: "States.ArrayRange(5, 1, 1)", input: `{}`, want: `[]`},
	{name: "ArrayRange ascending with a negative step is empty", src: "States.ArrayRange(1, 5, -1)", input: `{}`, want: `[]`},
	{name: "aws ArrayRange rejects step 0", src: "States.ArrayRange(1, 10, 0)", input: `{}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "ArrayRange rejects a step truncated to 0", src: "States.ArrayRange(1, 10, 0.49)", input: `{}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "ArrayRange rejects a string start", src: "States.ArrayRange('a', 5, 1)", input: `{}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "ArrayRange rejects a string end", src: "States.ArrayRange(1, 'b', 1)", input: `{}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "ArrayRange rejects a string step", src: "States.ArrayRange(1, 5, 'c')", input: `{}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "aws ArrayRange: 1001 elements is too many", src: "States.ArrayRange(1, 1001, 1)", input: `{}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "ArrayRange: 1001 descending elements is too many", src: "States.ArrayRange(1001, 1, -1)", input: `{}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "ArrayRange of nested MathAdd (AWS-run conformance)", src: "States.ArrayRange(States.MathAdd($.base, 1), States.MathAdd($.base, 5), 2)", input: `{"base": 0}`, want: `[1,3,5]`},

	// States.ArrayGetItem — AWS guide example.
	{name: "aws ArrayGetItem", src: "States.ArrayGetItem($.inputArray, $.index)", input: `{"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5}`, want: `6`},
	{name: "ArrayGetItem first", src: "States.ArrayGetItem($.inputArray, 0)", input: nine, want: `1`},
	{name: "ArrayGetItem returns objects", src: "States.ArrayGetItem($.a, 1)", input: `{"a": [{}, {"b": [1]}]}`, want: `{"b":[1]}`},
	{name: "ArrayGetItem out of range", src: "States.ArrayGetItem($.inputArray, 9)", input: nine, err: "Invalid arguments in States.ArrayGetItem"},
	{name: "ArrayGetItem negative index", src: "States.ArrayGetItem($.inputArray, -1)", input: nine, err: "Invalid arguments in States.ArrayGetItem"},
	{name: "ArrayGetItem truncates a fractional index (AWS-run conformance)", src: "States.ArrayGetItem($.arr, 1.2)", input: `{"arr": [10, 20, 30]}`, want: `20`},
	{name: "ArrayGetItem index equal to the length fails (AWS-run conformance)", src: "States.ArrayGetItem($.arr, 3)", input: `{"arr": [10, 20, 30]}`, err: "Invalid arguments in States.ArrayGetItem"},
	{name: "ArrayGetItem on an empty array gives null (AWS-run observation)", src: "States.ArrayGetItem($.arr, 999)", input: `{"arr": []}`, want: `null`},
	{name: "ArrayGetItem returns a null item", src: "States.ArrayGetItem($.arr, 0)", input: `{"arr": [null]}`, want: `null`},
	{name: "ArrayGetItem rejects a string index (AWS-run conformance)", src: "States.ArrayGetItem($.arr, '1')", input: `{"arr": [10]}`, err: "Invalid arguments in States.ArrayGetItem"},
	{name: "ArrayGetItem of a non-array", src: "States.ArrayGetItem($.s, 0)", input: `{"s": "abc"}`, err: "Invalid arguments in States.ArrayGetItem"},

	// States.ArrayLength / States.ArrayUnique — AWS guide examples.
	{name: "aws ArrayLength", src: "States.ArrayLength($.inputArray)", input: nine, want: `9`},
	{name: "ArrayLength of an empty array", src: "States.ArrayLength($.a)", input: `{"a": []}`, want: `0`},
	{name: "ArrayLength of an object fails", src: "States.ArrayLength($.a)", input: `{"a": {}}`, err: "Invalid arguments in States.ArrayLength"},
	{name: "aws ArrayUnique", src: "States.ArrayUnique($.inputArray)", input: `{"inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]}`, want: `[1,2,3,4]`},
	{name: "ArrayUnique: reordered object members are duplicates (AWS-run conformance)", src: "States.ArrayUnique($.arr)", input: `{"arr": [{"a": 1, "b": 2}, {"b": 2, "a": 1}]}`, want: `[{"a":1,"b":2}]`},
	{name: "ArrayUnique keeps strings apart from numbers (AWS-run conformance)", src: "States.ArrayUnique($.arr)", input: `{"arr": [1, "1", 1, "01"]}`, want: `[1,"1","01"]`},
	{name: "ArrayUnique of nulls (AWS-run conformance)", src: "States.ArrayUnique($.arr)", input: `{"arr": [null, null, 1, null]}`, want: `[null,1]`},
	{name: "ArrayUnique comes out in Java HashSet order: booleans (AWS-run observation)", src: "States.ArrayUnique($.a)", input: `{"a": [true, false, true, false]}`, want: `[false,true]`},
	{name: "ArrayUnique comes out in Java HashSet order: nested arrays (AWS-run observation)", src: "States.ArrayUnique($.a)", input: `{"a": [[1, 2], [1, 2], [2, 1]]}`, want: `[[2,1],[1,2]]`},
	{name: "ArrayUnique of strings (AWS-run conformance)", src: "States.ArrayUnique($.a)", input: `{"a": ["a", "b", "a", "c", "b"]}`, want: `["a","b","c"]`},
	{name: "ArrayUnique of equal objects (AWS-run conformance)", src: "States.ArrayUnique($.a)", input: `{"a": [{"nested": {"x": 1}}, {"nested": {"x": 1}}]}`, want: `[{"nested":{"x":1}}]`},
	{name: "ArrayUnique of numbers in bucket order (AWS-run conformance)", src: "States.ArrayUnique($.a)", input: `{"a": [1, 2, 1, 3, 2, 4]}`, want: `[1,2,3,4]`},
	{name: "ArrayUnique: an integer and a decimal are different Jackson nodes (1.0 hashes to bucket 0)", src: "States.ArrayUnique($.a)", input: `{"a": [1, 1.0]}`, want: `[1.0,1]`},
	{name: "ArrayUnique of 20 values sizes the table as new HashSet(list) does", src: "States.ArrayUnique($.a)", input: `{"a": [40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21]}`, want: `[32,33,34,35,36,37,38,39,40,21,22,23,24,25,26,27,28,29,30,31]`},
	{name: "ArrayUnique of a nested call (AWS-run conformance)", src: "States.ArrayUnique(States.Array(1, 2, 2, 3, 3))", input: `{}`, want: `[1,2,3]`},
	{name: "ArrayUnique of a string fails", src: "States.ArrayUnique($.a)", input: `{"a": "aa"}`, err: "Invalid arguments in States.ArrayUnique"},

	// States.Base64Encode / States.Base64Decode — AWS guide examples.
	{name: "aws Base64Encode", src: "States.Base64Encode($.input)", input: `{"input": "Data to encode"}`, want: `"RGF0YSB0byBlbmNvZGU="`},
	{name: "aws Base64Decode", src: "States.Base64Decode($.base64)", input: `{"base64": "RGF0YSB0byBlbmNvZGU="}`, want: `"Data to encode"`},
	{name: "Base64Encode of UTF-8", src: "States.Base64Encode('héllo')", input: `{}`, want: `"aMOpbGxv"`},
	{name: "Base64 round trip", src: "States.Base64Decode(States.Base64Encode($.s))", input: `{"s": "{\"a\": [1]}"}`, want: `"{\"a\": [1]}"`},
	{name: "Base64Encode of the empty string", src: "States.Base64Encode('')", input: `{}`, want: `""`},
	{name: "Base64Decode skips characters outside the alphabet (AWS-run observation: AWS decodes this)", src: "States.Base64Decode(' YWJjZA== ')", input: `{}`, want: `"abcd"`},
	{name: "Base64Decode without padding (AWS-run observation: AWS decodes this)", src: "States.Base64Decode('YWJjZA')", input: `{}`, want: `"abcd"`},
	{name: "Base64Decode stops at the first padding (AWS-run observation: AWS decodes this)", src: "States.Base64Decode('YQ==YWJj')", input: `{}`, want: `"a"`},
	{name: "Base64Decode of nothing decodable is empty", src: "States.Base64Decode('***')", input: `{}`, want: `""`},
	{name: "Base64Decode of the empty string (AWS-run conformance)", src: "States.Base64Decode('')", input: `{}`, want: `""`},
	{name: "Base64Decode of UTF-8 (AWS-run conformance)", src: "States.Base64Decode('44GT44KT44Gr44Gh44Gv')", input: `{}`, want: `"こんにちは"`},
	{name: "Base64Decode keeps NUL (AWS-run conformance)", src: "States.Base64Decode($.s)", input: `{"s": "YWJjAGRlZg=="}`, want: `"abc\u0000def"`},
	{name: "Base64Decode of invalid UTF-8 replaces it", src: "States.Base64Decode('/w==')", input: `{}`, want: `"\ufffd"`},
	{name: "Base64Decode rejects a number (AWS-run conformance)", src: "States.Base64Decode(123)", input: `{}`, err: "Invalid arguments in States.Base64Decode"},
	{name: "Base64Decode rejects an object (AWS-run conformance)", src: "States.Base64Decode($.o)", input: `{"o": {}}`, err: "Invalid arguments in States.Base64Decode"},
	{name: "Base64Encode of a number fails", src: "States.Base64Encode(12)", input: `{}`, err: "Invalid arguments in States.Base64Encode"},

	// States.Hash — AWS guide example and its algorithms.
	{name: "aws Hash SHA-1", src: "States.Hash($.Data, $.Algorithm)", input: `{"Data": "input data", "Algorithm": "SHA-1"}`, want: `"aaff4a450a104cd177d28d18d74485e8cae074b7"`},
	{name: "Hash MD5", src: "States.Hash('input data', 'MD5')", input: `{}`, want: `"812f45842bc6d66ee14572ce20db8e86"`},
	{name: "Hash SHA-256", src: "States.Hash('input data', 'SHA-256')", input: `{}`, want: `"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"`},
	{name: "Hash SHA-384 of the empty string", src: "States.Hash('', 'SHA-384')", input: `{}`, want: `"38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"`},
	{name: "Hash SHA-512 of the empty string", src: "States.Hash('', 'SHA-512')", input: `{}`, want: `"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"`},
	{name: "Hash rejects an unknown algorithm", src: "States.Hash('x', 'SHA-3')", input: `{}`, err: "Invalid arguments in States.Hash"},
	{name: "Hash algorithm names are case-sensitive", src: "States.Hash('x', 'sha-1')", input: `{}`, err: "Invalid arguments in States.Hash"},
	{name: "Hash of an object hashes its JSON text (AWS-run conformance: AWS accepts object data)", src: "States.Hash($.d, 'MD5')", input: `{"d": {"a": 1}}`, want: `"bb6cb5c68df4652941caf652a366f2d8"`},
	{name: "Hash of a number hashes its text (AWS-run conformance: AWS accepts numeric data)", src: "States.Hash(123, 'SHA-256')", input: `{}`, want: `"a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3"`},
	{name: "Hash MD5 of hello (AWS-run conformance)", src: "States.Hash('hello', 'MD5')", input: `{}`, want: `"5d41402abc4b2a76b9719d911017c592"`},
	{name: "Hash SHA-256 of an astral character (AWS-run conformance)", src: "States.Hash('🚀', 'SHA-256')", input: `{}`, want: `"ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5"`},
	{name: "Hash of a string with NUL (AWS-run conformance)", src: "States.Hash($.s, 'MD5')", input: `{"s": "abc\u0000def"}`, want: `"a5e4d5963ae44c1f4bfb37b1a3d55a3c"`},
	{name: "Hash rejects a numeric algorithm (AWS-run conformance)", src: "States.Hash('hello', 123)", input: `{}`, err: "Invalid arguments in States.Hash"},
	{name: "Hash rejects SHA256 without hyphen (AWS-run conformance)", src: "States.Hash('data', 'SHA256')", input: `{}`, err: "Invalid arguments in States.Hash"},
	{name: "Hash rejects a blank algorithm (AWS-run conformance)", src: "States.Hash('data', '')", input: `{}`, err: "Invalid arguments in States.Hash"},
	{name: "StringSplit on a delimiter set drops empties (AWS-run conformance)", src: "States.StringSplit($.str, '.,')", input: `{"str": "a.,,b"}`, want: `["a","b"]`},
	{name: "StringSplit on a character set, not a substring (AWS-run conformance)", src: "States.StringSplit($.str, 'ab')", input: `{"str": "1a2b3ab4"}`, want: `["1","2","3","4"]`},
	{name: "StringSplit of a delimiter-only string (AWS-run conformance)", src: "States.StringSplit(',', ',')", input: `{}`, want: `[]`},
	{name: "StringSplit rejects a null (AWS-run conformance)", src: "States.StringSplit($.s, ',')", input: `{"s": null}`, err: "Invalid arguments in States.StringSplit"},
	{name: "StringSplit rejects an array delimiter (AWS-run conformance)", src: "States.StringSplit('a,b', $.d)", input: `{"d": [","]}`, err: "Invalid arguments in States.StringSplit"},
	{name: "MathRandom truncates 1.6..5.4 to [1, 5) (AWS-run conformance)", src: "States.MathRandom(1.6, 5.4, 1)", input: `{}`, want: `3`},
	{name: "MathRandom rejects 1.49..1.49 (AWS-run conformance)", src: "States.MathRandom(1.49, 1.49)", input: `{}`, err: "Invalid arguments in States.MathRandom"},
	{name: "MathRandom rejects a null seed (AWS-run conformance)", src: "States.MathRandom(1, 10, null)", input: `{}`, err: "Invalid arguments in States.MathRandom"},
	{name: "MathRandom near the int32 maximum (AWS-run conformance)", src: "States.MathRandom($.start, $.end, $.seed)", input: `{"start": 2147483640, "end": 2147483647, "seed": 1}`, want: `2147483644`},
	{name: "MathRandom with a negative seed (pinned java.util.Random output)", src: "States.MathRandom(1, 10, -10)", input: `{}`, want: `1`},

	// States.JsonMerge — AWS guide example and rules.
	{name: "aws JsonMerge (shallow: json2's a replaces json1's a)", src: "States.JsonMerge($.json1, $.json2, false)", input: `{"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}`, want: `{"a":{"a3":1,"a4":2},"b":2,"c":3}`},
	{name: "JsonMerge with an empty object", src: "States.JsonMerge($.a, $.b, false)", input: `{"a": {"x": 1}, "b": {}}`, want: `{"x":1}`},
	{name: "aws JsonMerge rejects deep merging", src: "States.JsonMerge($.a, $.b, true)", input: `{"a": {}, "b": {}}`, err: "Invalid arguments in States.JsonMerge"},
	{name: "JsonMerge treats a non-boolean flag as shallow (AWS-run conformance)", src: "States.JsonMerge($.a, $.b, $.deep)", input: `{"a": {"x": 1}, "b": {"y": 2}, "deep": "false"}`, want: `{"x":1,"y":2}`},
	{name: "JsonMerge: colliding keys take the right value in place (AWS-run conformance)", src: "States.JsonMerge($.a, $.b, false)", input: `{"a": {"x": 1, "y": 2}, "b": {"y": 3, "z": 4}}`, want: `{"x":1,"y":3,"z":4}`},
	{name: "JsonMerge: null replaces a nested object (AWS-run conformance)", src: "States.JsonMerge($.a, $.b, false)", input: `{"a": {"nested": {"left": true}, "keep": 1}, "b": {"nested": null}}`, want: `{"nested":null,"keep":1}`},
	{name: "JsonMerge of the context defaults (AWS-run conformance)", src: "States.JsonMerge($.a, $$.Execution.Input.defaults, false)", input: `{"a": {"value": 1}}`, want: `{"value":2,"fallback":true}`},
	{name: "JsonMerge of nested StringToJson (AWS-run conformance)", src: "States.JsonMerge(States.StringToJson($.a), States.StringToJson($.b), false)", input: `{"a": "{\"left\":1}", "b": "{\"right\":2}"}`, want: `{"left":1,"right":2}`},
	{name: "JsonMerge rejects null", src: "States.JsonMerge($.a, $.b, false)", input: `{"a": null, "b": {}}`, err: "Invalid arguments in States.JsonMerge"},
	{name: "JsonMerge rejects non-objects", src: "States.JsonMerge($.a, $.b, false)", input: `{"a": [1], "b": {}}`, err: "Invalid arguments in States.JsonMerge"},

	// States.MathAdd — AWS guide example and AWS-recorded rounding.
	{name: "aws MathAdd", src: "States.MathAdd($.value1, $.step)", input: `{"value1": 111, "step": -1}`, want: `110`},
	{name: "MathAdd -9 + 3 (AWS recorded)", src: "States.MathAdd($.fst, $.snd)", input: `{"fst": -9, "snd": 3}`, want: `-6`},
	{name: "MathAdd rounds 1.49 + 1.5 to 3 (AWS recorded)", src: "States.MathAdd($.fst, $.snd)", input: `{"fst": 1.49, "snd": 1.5}`, want: `3`},
	{name: "MathAdd rounds 1.5 + 1.51 to 4 (AWS recorded)", src: "States.MathAdd($.fst, $.snd)", input: `{"fst": 1.5, "snd": 1.51}`, want: `4`},
	{name: "MathAdd rounds -1.49 + -1.5 to -2 (AWS recorded)", src: "States.MathAdd($.fst, $.snd)", input: `{"fst": -1.49, "snd": -1.5}`, want: `-2`},
	{name: "MathAdd rounds -1.5 + -1.51 to -3 (AWS recorded)", src: "States.MathAdd($.fst, $.snd)", input: `{"fst": -1.5, "snd": -1.51}`, want: `-3`},
	{name: "MathAdd of literals", src: "States.MathAdd(1, 2)", input: `{}`, want: `3`},
	{name: "MathAdd rejects a string", src: "States.MathAdd($.a, 1)", input: `{"a": "NOT A NUMBER"}`, err: "Invalid arguments in States.MathAdd"},
	{name: "MathAdd rounds 1.6 + 2.7 to 5 (AWS-run conformance)", src: "States.MathAdd($.a, $.b)", input: `{"a": 1.6, "b": 2.7}`, want: `5`},
	{name: "MathAdd rounds 0.1 + 0.2 to 0 (AWS-run conformance)", src: "States.MathAdd($.a, $.b)", input: `{"a": 0.1, "b": 0.2}`, want: `0`},
	{name: "MathAdd accepts the int32 maximum (AWS-run conformance)", src: "States.MathAdd(2147483647, 0)", input: `{}`, want: `2147483647`},
	{name: "MathAdd accepts the int32 minimum (AWS-run conformance)", src: "States.MathAdd(-2147483648, 0)", input: `{}`, want: `-2147483648`},
	{name: "MathAdd reaches the int32 maximum (AWS-run conformance)", src: "States.MathAdd(2147483646, 1)", input: `{}`, want: `2147483647`},
	{name: "MathAdd rejects int32 overflow (AWS-run conformance)", src: "States.MathAdd(2147483647, 1)", input: `{}`, err: "Invalid arguments in States.MathAdd"},
	{name: "MathAdd rejects int32 underflow (AWS-run conformance)", src: "States.MathAdd(-2147483648, -1)", input: `{}`, err: "Invalid arguments in States.MathAdd"},
	{name: "MathAdd rejects an operand beyond int32 (AWS-run conformance)", src: "States.MathAdd(3000000000, 1)", input: `{}`, err: "Invalid arguments in States.MathAdd"},
	{name: "MathAdd rejects a numeric string (AWS-run conformance)", src: "States.MathAdd('-1', 2)", input: `{}`, err: "Invalid arguments in States.MathAdd"},
	{name: "MathAdd rejects a boolean (AWS-run conformance)", src: "States.MathAdd(true, 1)", input: `{}`, err: "Invalid arguments in States.MathAdd"},
	{name: "MathAdd rejects an array (AWS-run conformance)", src: "States.MathAdd(-1, $.probe)", input: `{"probe": [0]}`, err: "Invalid arguments in States.MathAdd"},
	{name: "MathAdd nested (AWS-run conformance)", src: "States.MathAdd(States.MathAdd($.x, 1), 2)", input: `{"x": 5}`, want: `8`},

	// States.MathRandom with a seed is deterministic (java.util.Random).
	{name: "MathRandom seeded", src: "States.MathRandom(0, 10, 42)", input: `{}`, want: `0`},
	{name: "MathRandom seeded power-of-two bound", src: "States.MathRandom(0, 16, 0)", input: `{}`, want: `11`},
	{name: "MathRandom seeded with an offset (java.util.Random(7).nextInt(100) + 100)", src: "States.MathRandom(100, 200, 7)", input: `{}`, want: `136`},
	{name: "MathRandom rejects start == end after truncation (AWS-run conformance)", src: "States.MathRandom(1.4, 1.6)", input: `{}`, err: "Invalid arguments in States.MathRandom"},
	{name: "MathRandom rejects start > end", src: "States.MathRandom(5, 1)", input: `{}`, err: "Invalid arguments in States.MathRandom"},
	{name: "MathRandom rejects a string", src: "States.MathRandom('a', 1)", input: `{}`, err: "Invalid arguments in States.MathRandom"},
	{name: "MathRandom rejects a string seed", src: "States.MathRandom(1, 5, 's')", input: `{}`, err: "Invalid arguments in States.MathRandom"},

	// States.StringSplit — AWS guide examples.
	{name: "aws StringSplit on ','", src: "States.StringSplit($.inputString, $.splitter)", input: `{"inputString": "1,2,3,4,5", "splitter": ","}`, want: `["1","2","3","4","5"]`},
	{name: "aws StringSplit on a set of characters", src: "States.StringSplit($.inputString, $.splitter)", input: `{"inputString": "This.is+a,test=string", "splitter": ".+,="}`, want: `["This","is","a","test","string"]`},
	{name: "StringSplit drops empty pieces", src: "States.StringSplit('a,,b,', ',')", input: `{}`, want: `["a","b"]`},
	{name: "StringSplit without a separator present", src: "States.StringSplit('abc', '/')", input: `{}`, want: `["abc"]`},
	{name: "StringSplit of the empty string", src: "States.StringSplit('', ',')", input: `{}`, want: `[]`},
	{name: "StringSplit on a multibyte separator", src: "States.StringSplit('a→b', '→')", input: `{}`, want: `["a","b"]`},
	{name: "StringSplit rejects a number", src: "States.StringSplit(12, ',')", input: `{}`, err: "Invalid arguments in States.StringSplit"},

	// Arity: AWS accepts the definition and fails the call at run time.
	{name: "arity: Format needs a template (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.Format()", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.Format"},
	{name: "arity: StringToJson (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.StringToJson()", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.StringToJson"},
	{name: "arity: JsonToString (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.JsonToString($.a, $.b)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.JsonToString"},
	{name: "arity: ArrayPartition missing size (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.ArrayPartition($.arr)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "arity: ArrayPartition extra (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.ArrayPartition($.arr, 2, 999)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.ArrayPartition"},
	{name: "arity: ArrayContains (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.ArrayContains($.a)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.ArrayContains"},
	{name: "arity: ArrayRange missing step (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.ArrayRange(1, 5)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "arity: ArrayRange extra (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.ArrayRange(1, 5, 1, 99)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.ArrayRange"},
	{name: "arity: ArrayGetItem (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.ArrayGetItem($.a)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.ArrayGetItem"},
	{name: "arity: ArrayLength (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.ArrayLength()", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.ArrayLength"},
	{name: "arity: ArrayUnique (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.ArrayUnique($.a, $.b)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.ArrayUnique"},
	{name: "arity: Base64Encode (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.Base64Encode()", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.Base64Encode"},
	{name: "arity: Base64Decode (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.Base64Decode('a', 'b')", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.Base64Decode"},
	{name: "arity: Hash (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.Hash('a')", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.Hash"},
	{name: "arity: JsonMerge needs the false flag (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.JsonMerge($.a, $.b)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.JsonMerge"},
	{name: "arity: MathRandom (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.MathRandom(1)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.MathRandom"},
	{name: "arity: MathRandom too many (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.MathRandom(1, 2, 3, 4)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.MathRandom"},
	{name: "arity: MathAdd (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.MathAdd(1)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.MathAdd"},
	{name: "arity: StringSplit (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.StringSplit('a')", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.StringSplit"},
	{name: "arity: UUID takes none (AWS-run conformance: AWS fails wrong arity at run time)", src: "States.UUID(1)", input: `{"a": [1], "b": 2, "arr": [1]}`, err: "Invalid arguments in States.UUID"},

	// Nesting: the AWS guide's myArn example with nine nested functions.
	{name: "aws nested intrinsics (myArn)", src: "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2))",
		input: `{"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/myrecipe/1.0.3"}}`, want: `"1.0.3"`},

	// Arguments: paths of every form, blanks, literals.
	{name: "path argument with brackets and a comma inside quotes", src: "States.Array($['a,b'], $.c[0])", input: `{"a,b": 1, "c": [2]}`, want: `[1,2]`},
	{name: "path argument with a filter", src: "States.ArrayLength($.items[?(@.on == true)])", input: `{"items": [{"on": true}, {"on": false}, {"on": true}]}`, want: `2`},
	{name: "path argument with a quoted filter literal", src: "States.ArrayLength($.items[?(@.name == 'a, b)')])", input: `{"items": [{"name": "a, b)"}, {"name": "c"}]}`, want: `1`},
	{name: "variable argument", src: "States.Array($v, $v.k)", input: `{}`, want: `[{"k":"x"},"x"]`},
	{name: "blanks around arguments", src: "States.Array(  1 ,\t'a' , $.x  )", input: `{"x": null}`, want: `[1,"a",null]`},
	{name: "a missing path argument fails with its path", src: "States.Array($.nope)", input: `{}`, err: "Invalid path '$.nope' : No results for path: $['nope']"},
}

func env() *jsonpath.Env {
	return &jsonpath.Env{
		Context: jsonv.MustParse(`{"Execution": {"Input": {"suffix": "run", "chunkSize": 2, "defaults": {"fallback": true, "value": 2}}}}`),
		Vars: func(n string) (jsonv.Value, bool) {
			if n == "v" {
				return jsonv.ObjectOf("k", "x"), true
			}
			return nil, false
		},
		Rand: &intrinsic.SplitMix64{State: 7},
	}
}

func TestEval(t *testing.T) {
	for _, tc := range evalCases {
		t.Run(tc.name, func(t *testing.T) {
			call, err := jsonpath.CompileIntrinsic(tc.src)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tc.src, err)
			}
			if call.String() != tc.src {
				t.Errorf("String() = %q", call.String())
			}
			got, err := call.Eval(jsonv.MustParse(tc.input), env())
			if tc.err != "" {
				e, ok := err.(*intrinsic.Error)
				if !ok {
					t.Fatalf("got %s, %v; want error %q", jsonv.String(got), err, tc.err)
				}
				if diff := cmp.Diff([2]string{intrinsic.ErrRuntime, tc.err}, [2]string{e.Name, e.Cause}); diff != "" {
					t.Fatalf("(-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if w := jsonv.MustParse(tc.want); jsonv.String(w) != jsonv.String(got) {
				t.Fatalf("got  %s\nwant %s", jsonv.String(got), jsonv.String(w))
			}
		})
	}
}

var compileErrorCases = []struct {
	name string
	src  string
	msg  string
}{
	{"unknown function", "States.Nope()", "unknown intrinsic function 'States.Nope'"},
	{"names are case-sensitive", "States.format('x')", "unknown intrinsic function 'States.format'"},
	{"not a States. call", "Foo.Bar()", "expected an intrinsic function name starting with 'States.'"},
	{"missing parenthesis", "States.UUID", "expected '(' after States.UUID"},
	{"unclosed call", "States.Array(1", "missing ')' to close States.Array"},
	{"trailing comma (AWS-run conformance: malformed)", "States.ArrayPartition($.arr, )", "missing argument"},
	{"leading comma", "States.Array(,1)", "missing argument"},
	{"garbage after the call", "States.UUID() x", "unexpected 'x' after the end of the call"},
	{"aws: an open escape backslash is an error", `States.Format('a\b')`, `open escape: '\b' is not one of \' \{ \} \\`},
	{"backslash at the end", `States.Format('a\`, `open escape: '\' at the end of the string`},
	{"unterminated string", "States.Format('abc", "unterminated string literal"},
	{"double-quoted strings are not literals", `States.Format("x")`, `unexpected '"': an argument is a 'string', a number, true, false, null, a path or an intrinsic function call`},
	{"bad number", "States.Array(1.)", "malformed number: digits expected after '.'"},
	{"leading zero", "States.Array(01)", "malformed number: leading zero"},
	{"number followed by letters", "States.Array(1abc)", "malformed number"},
	{"bad path argument", "States.Array($.a[)", "invalid path $.a[): invalid JSONPath '$.a[)' at offset 4: unexpected ')' in brackets: expected a quoted name, an index, a slice, '*' or a '?(…)' filter"},
	{"unknown bare word", "States.Array(foo)", "unexpected 'f': an argument is a 'string', a number, true, false, null, a path or an intrinsic function call"},
	{"aws: nesting deeper than 10", strings.Repeat("States.Array(", 11) + strings.Repeat(")", 11), "intrinsic functions nest more than 10 levels deep"},
}

// Check reports the arity problems that only fail at run time.
var arityCases = []struct {
	name string
	src  string
	msg  string
}{
	{"arity: Format needs a template", "States.Format()", "States.Format takes at least 1 argument, but 0 were given"},
	{"arity: StringToJson", "States.StringToJson()", "States.StringToJson takes exactly 1 argument, but 0 were given"},
	{"arity: JsonToString", "States.JsonToString($.a, $.b)", "States.JsonToString takes exactly 1 argument, but 2 were given"},
	{"arity: ArrayPartition missing size (AWS-run conformance)", "States.ArrayPartition($.arr)", "States.ArrayPartition takes exactly 2 arguments, but 1 were given"},
	{"arity: ArrayPartition extra (AWS-run conformance)", "States.ArrayPartition($.arr, 2, 999)", "States.ArrayPartition takes exactly 2 arguments, but 3 were given"},
	{"arity: ArrayContains", "States.ArrayContains($.a)", "States.ArrayContains takes exactly 2 arguments, but 1 were given"},
	{"arity: ArrayRange missing step (AWS-run conformance)", "States.ArrayRange(1, 5)", "States.ArrayRange takes exactly 3 arguments, but 2 were given"},
	{"arity: ArrayRange extra (AWS-run conformance)", "States.ArrayRange(1, 5, 1, 99)", "States.ArrayRange takes exactly 3 arguments, but 4 were given"},
	{"arity: ArrayGetItem", "States.ArrayGetItem($.a)", "States.ArrayGetItem takes exactly 2 arguments, but 1 were given"},
	{"arity: ArrayLength", "States.ArrayLength()", "States.ArrayLength takes exactly 1 argument, but 0 were given"},
	{"arity: ArrayUnique", "States.ArrayUnique($.a, $.b)", "States.ArrayUnique takes exactly 1 argument, but 2 were given"},
	{"arity: Base64Encode", "States.Base64Encode()", "States.Base64Encode takes exactly 1 argument, but 0 were given"},
	{"arity: Base64Decode", "States.Base64Decode('a', 'b')", "States.Base64Decode takes exactly 1 argument, but 2 were given"},
	{"arity: Hash", "States.Hash('a')", "States.Hash takes exactly 2 arguments, but 1 were given"},
	{"arity: JsonMerge needs the false flag", "States.JsonMerge($.a, $.b)", "States.JsonMerge takes exactly 3 arguments, but 2 were given"},
	{"arity: MathRandom", "States.MathRandom(1)", "States.MathRandom takes 2 or 3 arguments, but 1 were given"},
	{"arity: MathRandom too many", "States.MathRandom(1, 2, 3, 4)", "States.MathRandom takes 2 or 3 arguments, but 4 were given"},
	{"arity: MathAdd", "States.MathAdd(1)", "States.MathAdd takes exactly 2 arguments, but 1 were given"},
	{"arity: StringSplit", "States.StringSplit('a')", "States.StringSplit takes exactly 2 arguments, but 1 were given"},
	{"arity: UUID takes none", "States.UUID(1)", "States.UUID takes exactly 0 arguments, but 1 were given"},
	{"arity: nested", "States.Array(States.MathAdd(1))", "States.MathAdd takes exactly 2 arguments, but 1 were given"},
}

func TestCheckArity(t *testing.T) {
	for _, tc := range arityCases {
		t.Run(tc.name, func(t *testing.T) {
			call, err := jsonpath.CompileIntrinsic(tc.src)
			if err != nil {
				t.Fatalf("a wrong argument count must compile (AWS fails it at run time): %v", err)
			}
			ce, ok := call.Check().(*intrinsic.CompileError)
			if !ok {
				t.Fatalf("Check() = %v, want a *CompileError", call.Check())
			}
			if diff := cmp.Diff(tc.msg, ce.Msg); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
	call, _ := jsonpath.CompileIntrinsic("States.Array(States.MathAdd(1, 2))")
	if err := call.Check(); err != nil {
		t.Errorf("Check() of a correct call = %v", err)
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range compileErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := jsonpath.CompileIntrinsic(tc.src)
			ce, ok := err.(*intrinsic.CompileError)
			if !ok {
				t.Fatalf("got %v, want a *CompileError", err)
			}
			if diff := cmp.Diff(tc.msg, ce.Msg); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNestingLimit(t *testing.T) {
	ten := strings.Repeat("States.Array(", 10) + "1" + strings.Repeat(")", 10)
	call, err := jsonpath.CompileIntrinsic(ten)
	if err != nil {
		t.Fatalf("ten nested calls are allowed: %v", err)
	}
	got, _ := call.Eval(nil, nil)
	if jsonv.String(got) != "[[[[[[[[[[1]]]]]]]]]]" {
		t.Errorf("got %s", jsonv.String(got))
	}
	huge := strings.Repeat("States.Array(", 100000)
	if _, err := jsonpath.CompileIntrinsic(huge); err == nil {
		t.Error("a huge call must fail, not overflow")
	}
}

func TestInputLimits(t *testing.T) {
	ok := strings.Repeat("a", intrinsic.MaxEncodeInput)
	over := ok + "a"
	for _, fn := range []string{"States.Base64Encode($.s)", "States.Hash($.s, 'MD5')"} {
		call, err := jsonpath.CompileIntrinsic(fn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := call.Eval(jsonv.ObjectOf("s", ok), nil); err != nil {
			t.Errorf("%s of %d characters: %v", fn, len(ok), err)
		}
		if _, err := call.Eval(jsonv.ObjectOf("s", over), nil); err == nil {
			t.Errorf("%s of %d characters should fail", fn, len(over))
		}
	}
	// Characters are counted as Java does (UTF-16 units), not bytes.
	wide := strings.Repeat("é", intrinsic.MaxEncodeInput)
	call, _ := jsonpath.CompileIntrinsic("States.Base64Encode($.s)")
	if _, err := call.Eval(jsonv.ObjectOf("s", wide), nil); err != nil {
		t.Errorf("10000 two-byte characters are within the limit: %v", err)
	}
	dec, _ := jsonpath.CompileIntrinsic("States.Base64Decode($.s)")
	if _, err := dec.Eval(jsonv.ObjectOf("s", strings.Repeat("QUFB", 2501)), nil); err == nil {
		t.Error("Base64Decode input over 10000 characters should fail")
	}
	rng, _ := jsonpath.CompileIntrinsic("States.ArrayRange(1, 1000, 1)")
	v, err := rng.Eval(nil, nil)
	if a, _ := v.([]jsonv.Value); err != nil || len(a) != 1000 || a[999] != jsonv.Number("1000") {
		t.Errorf("ArrayRange(1, 1000, 1) should give 1000 elements: %v", err)
	}
}

// Values share subtrees, so a short call can describe a huge text; the
// text-building intrinsics stop at MaxTextResult instead of allocating it.
func TestTextBudget(t *testing.T) {
	big := jsonv.ObjectOf("s", strings.Repeat("x", 100_000))
	args := strings.Repeat("$, ", 50) + "$"
	for _, src := range []string{
		"States.Format('" + strings.Repeat("{}", 20) + "'" + strings.Repeat(", $", 20) + ")",
		"States.JsonToString(States.Array(" + args + "))",
		"States.Format('{}', States.Array(" + args + "))",
		"States.Hash(States.Array(" + args + "), 'MD5')",
	} {
		call, err := jsonpath.CompileIntrinsic(src)
		if err != nil {
			t.Fatal(err)
		}
		_, err = call.Eval(big, nil)
		if e, ok := err.(*intrinsic.Error); !ok || e.Name != intrinsic.ErrRuntime {
			t.Errorf("%.40s…: got %v, want a States.Runtime error", src, err)
		}
	}
	small, _ := jsonpath.CompileIntrinsic("States.JsonToString(States.Array($, $))")
	if _, err := small.Eval(big, nil); err != nil {
		t.Errorf("a text within the budget: %v", err)
	}
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRandomness(t *testing.T) {
	uuid, _ := jsonpath.CompileIntrinsic("States.UUID()")
	a, err := uuid.Eval(nil, env())
	if err != nil || !uuidPattern.MatchString(a.(string)) {
		t.Fatalf("UUID = %v, %v; want a version 4 UUID", a, err)
	}
	b, _ := uuid.Eval(nil, env())
	if a != b {
		t.Errorf("the same random source must give the same UUID: %v %v", a, b)
	}
	e := env()
	c, _ := uuid.Eval(nil, e)
	d, _ := uuid.Eval(nil, e)
	if c == d {
		t.Errorf("successive UUIDs from one source must differ")
	}
	if _, err := uuid.Eval(nil, nil); err == nil {
		t.Error("UUID without a random source must fail")
	}

	rnd, _ := jsonpath.CompileIntrinsic("States.MathRandom($.start, $.end)")
	e = env()
	for i := 0; i < 200; i++ {
		// AWS guide: start is inclusive, end exclusive; fractional bounds
		// truncate (AWS recorded 12.5..44.51 and negative ranges succeeding).
		v, err := rnd.Eval(jsonv.MustParse(`{"start": -3, "end": 4.9}`), e)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := v.(jsonv.Number).Int64()
		if n < -3 || n >= 4 {
			t.Fatalf("MathRandom(-3, 4.9) = %d", n)
		}
	}
	seeded, _ := jsonpath.CompileIntrinsic("States.MathRandom(1, 999, $.seed)")
	x, _ := seeded.Eval(jsonv.MustParse(`{"seed": 3}`), env())
	y, _ := seeded.Eval(jsonv.MustParse(`{"seed": 3}`), &jsonpath.Env{Rand: &intrinsic.SplitMix64{State: 99}})
	if x != y {
		t.Errorf("a seeded MathRandom ignores the random source: %v %v", x, y)
	}
}

func TestNames(t *testing.T) {
	names := intrinsic.Names()
	if len(names) != 18 {
		t.Fatalf("%d names, want the 18 AWS intrinsics", len(names))
	}
	for _, n := range names {
		if _, err := jsonpath.CompileIntrinsic(n + "()"); err != nil && strings.Contains(err.Error(), "unknown") {
			t.Errorf("%s is listed but unknown", n)
		}
	}
	if !intrinsic.IsCall("  States.UUID()") || intrinsic.IsCall("$.States") {
		t.Error("IsCall")
	}
}
