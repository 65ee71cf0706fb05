package jsonpath

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stepd/stepd/jsonv"
)

// awsPathsDoc is the input of the AWS developer guide's "Paths" page.
const awsPathsDoc = `{"foo": 123, "bar": ["a", "b", "c"], "car": {"cdr": true}}`

// bookstore is Goessner's store, the example of Jayway JsonPath, which AWS
// uses to evaluate paths.
const bookstore = `{
 "store": {
  "book": [
   {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
   {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
   {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
   {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
  ],
  "bicycle": {"color": "red", "price": 19.95}
 },
 "expensive": 10
}`

// inputPathDoc is the input of the guide's InputPath example.
const inputPathDoc = `{"comment": "Example for InputPath.",
 "dataset1": {"val1": 1, "val2": 2, "val3": 3},
 "dataset2": {"val1": "a", "val2": "b", "val3": "c"}}`

const misc = `{"a": [1, 2, 3, 4, 5], "n": null, "s": "text", "o": {"k": "v", "x y": 1, "a.b": 2, "it's": 3},
 "items": [{"id": 1, "tags": ["x"], "on": true}, {"id": 2, "tags": [], "on": false}, {"id": "2", "name": "two"}],
 "nested": {"a": {"a": {"a": 1}}}, "detail-type": "Scheduled Event", "num": 1.5e3, "big": 12345678901234567890}`

type pathCase struct {
	name string // the AWS or Jayway rule or example the case traces to
	src  string
	in   string
	want string // JSON; empty when err is set
	err  string // the exact cause of the States.Runtime error
}

var pathCases = []pathCase{
	// AWS guide, "Paths": $.foo, $.bar, $.car.cdr on the documented input.
	{name: "aws paths doc: $.foo", src: "$.foo", in: awsPathsDoc, want: `123`},
	{name: "aws paths doc: $.bar", src: "$.bar", in: awsPathsDoc, want: `["a","b","c"]`},
	{name: "aws paths doc: $.car.cdr", src: "$.car.cdr", in: awsPathsDoc, want: `true`},
	{name: "aws paths doc: $ is the whole input", src: "$", in: awsPathsDoc, want: awsPathsDoc},
	{name: "aws paths doc: bracket name", src: "$['foo']", in: awsPathsDoc, want: `123`},
	{name: "aws paths doc: double-quoted bracket name", src: `$["car"]["cdr"]`, in: awsPathsDoc, want: `true`},
	{name: "aws paths doc: index", src: "$.bar[1]", in: awsPathsDoc, want: `"b"`},
	{name: "aws paths doc: negative index counts from the end (Jayway)", src: "$.bar[-1]", in: awsPathsDoc, want: `"c"`},
	{name: "aws paths doc: wildcard on an array", src: "$.bar[*]", in: awsPathsDoc, want: `["a","b","c"]`},
	{name: "aws paths doc: wildcard on the root object", src: "$.*", in: awsPathsDoc, want: `[123,["a","b","c"],{"cdr":true}]`},
	{name: "aws paths doc: missing leaf", src: "$.baz", in: awsPathsDoc, err: `Invalid path '$.baz' : No results for path: $['baz']`},

	// AWS guide, InputPath example.
	{name: "aws InputPath example: $.dataset2", src: "$.dataset2", in: inputPathDoc, want: `{"val1":"a","val2":"b","val3":"c"}`},
	{name: "aws InputPath example: $.dataset1.val2", src: "$.dataset1.val2", in: inputPathDoc, want: `2`},

	// Jayway README examples on the bookstore.
	{name: "jayway: authors of all books", src: "$.store.book[*].author", in: bookstore, want: `["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]`},
	{name: "jayway: all authors", src: "$..author", in: bookstore, want: `["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]`},
	{name: "jayway: all things in store", src: "$.store.*", in: bookstore, want: `[[{"category":"reference","author":"Nigel Rees","title":"Sayings of the Century","price":8.95},{"category":"fiction","author":"Evelyn Waugh","title":"Sword of Honour","price":12.99},{"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553-21311-3","price":8.99},{"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord of the Rings","isbn":"0-395-19395-8","price":22.99}],{"color":"red","price":19.95}]`},
	{name: "jayway: price of everything", src: "$.store..price", in: bookstore, want: `[8.95,12.99,8.99,22.99,19.95]`},
	{name: "jayway: third book title", src: "$..book[2].title", in: bookstore, want: `["Moby Dick"]`},
	{name: "jayway: second to last book title", src: "$..book[-2].title", in: bookstore, want: `["Moby Dick"]`},
	{name: "jayway: first two books", src: "$..book[0,1].title", in: bookstore, want: `["Sayings of the Century","Sword of Honour"]`},
	{name: "jayway: books 0 to 2 exclusive", src: "$..book[:2].title", in: bookstore, want: `["Sayings of the Century","Sword of Honour"]`},
	{name: "jayway: books 1 to 2 exclusive", src: "$..book[1:2].title", in: bookstore, want: `["Sword of Honour"]`},
	{name: "jayway: last two books", src: "$..book[-2:].title", in: bookstore, want: `["Moby Dick","The Lord of the Rings"]`},
	{name: "jayway: book 2 from tail", src: "$..book[2:].title", in: bookstore, want: `["Moby Dick","The Lord of the Rings"]`},
	{name: "jayway: books with isbn", src: "$..book[?(@.isbn)].title", in: bookstore, want: `["Moby Dick","The Lord of the Rings"]`},
	{name: "jayway: books cheaper than 10", src: "$.store.book[?(@.price < 10)].title", in: bookstore, want: `["Sayings of the Century","Moby Dick"]`},
	{name: "jayway: books not expensive, $ inside a filter", src: "$..book[?(@.price <= $['expensive'])].title", in: bookstore, want: `["Sayings of the Century","Moby Dick"]`},
	{name: "jayway: regex with i flag", src: "$..book[?(@.author =~ /.*REES/i)].title", in: bookstore, want: `["Sayings of the Century"]`},
	{name: "jayway: everything; the scan applies * to a node before descending", src: "$..*", in: `{"a":{"b":1},"c":[2]}`, want: `[{"b":1},[2],1,2]`},

	// Filters: Jayway operators.
	{name: "filter ==", src: "$.store.book[?(@.category == 'reference')].author", in: bookstore, want: `["Nigel Rees"]`},
	{name: "filter == double quotes", src: `$.store.book[?(@.category == "reference")].author`, in: bookstore, want: `["Nigel Rees"]`},
	{name: "filter !=", src: "$.store.book[?(@.category != 'fiction')].author", in: bookstore, want: `["Nigel Rees"]`},
	{name: "filter >", src: "$.store.book[?(@.price > 20)].title", in: bookstore, want: `["The Lord of the Rings"]`},
	{name: "filter >=", src: "$.store.book[?(@.price >= 12.99)].price", in: bookstore, want: `[12.99,22.99]`},
	{name: "filter <=", src: "$.store.book[?(@.price <= 8.99)].price", in: bookstore, want: `[8.95,8.99]`},
	{name: "filter &&", src: "$.store.book[?(@.category == 'fiction' && @.price < 10)].title", in: bookstore, want: `["Moby Dick"]`},
	{name: "filter ||", src: "$.store.book[?(@.price < 9 || @.price > 20)].price", in: bookstore, want: `[8.95,8.99,22.99]`},
	{name: "filter ! with parentheses", src: "$.store.book[?(!(@.price < 10))].price", in: bookstore, want: `[12.99,22.99]`},
	{name: "filter parentheses group", src: "$.store.book[?((@.price < 9 || @.price > 20) && @.isbn)].price", in: bookstore, want: `[8.99,22.99]`},
	{name: "filter in", src: "$.store.book[?(@.author in ['Nigel Rees','Herman Melville'])].price", in: bookstore, want: `[8.95,8.99]`},
	{name: "filter nin", src: "$.store.book[?(@.category nin ['fiction'])].price", in: bookstore, want: `[8.95]`},
	{name: "filter in with a list from the input", src: "$.items[?(@.id in $.wanted)].id", in: `{"items":[{"id":1},{"id":2},{"id":3}],"wanted":[3,1]}`, want: `[1,3]`},
	{name: "filter comparing two fields of the element", src: "$[?(@.a < @.b)].a", in: `[{"a":1,"b":2},{"a":3,"b":2}]`, want: `[1]`},
	{name: "filter on a variable", src: "$[?(@ == $v)]", in: `[1,2,3]`, want: `[]`},
	{name: "filter size of array", src: "$.items[?(@.tags size 1)].id", in: misc, want: `[1]`},
	{name: "filter size of string", src: "$.items[?(@.name size 3)].id", in: misc, want: `["2"]`},
	{name: "filter empty true", src: "$.items[?(@.tags empty true)].id", in: misc, want: `[2]`},
	{name: "filter empty false", src: "$.items[?(@.tags empty false)].id", in: misc, want: `[1]`},
	{name: "filter subsetof", src: "$.items[?(@.tags subsetof ['x','y'])].id", in: misc, want: `[1,2]`},
	{name: "filter anyof", src: "$.items[?(@.tags anyof ['x'])].id", in: misc, want: `[1]`},
	{name: "filter noneof", src: "$.items[?(@.tags noneof ['x'])].id", in: misc, want: `[2]`},
	{name: "filter boolean literal", src: "$.items[?(@.on == true)].id", in: misc, want: `[1]`},
	{name: "filter existence of a false value is true", src: "$.items[?(@.on)].id", in: misc, want: `[1,2]`},
	{name: "filter number equals numeric string (Jayway converts)", src: "$.items[?(@.id == '2')].id", in: misc, want: `[2,"2"]`},
	{name: "filter string equals number (Jayway converts)", src: "$.items[?(@.id == 2)].id", in: misc, want: `[2,"2"]`},
	{name: "filter missing field != is true", src: "$.items[?(@.name != 'two')].id", in: misc, want: `[1,2]`},
	{name: "filter missing field < is false", src: "$.items[?(@.missing < 3)].id", in: misc, want: `[]`},
	{name: "filter null literal", src: "$[?(@.n == null)].s", in: `[{"n":null,"s":1},{"s":2},{"n":0,"s":3}]`, want: `[1]`},
	{name: "filter literal on the left", src: "$.a[?(3 < @)]", in: misc, want: `[4,5]`},
	{name: "filter @ is the element", src: "$.a[?(@ > 3)]", in: misc, want: `[4,5]`},
	{name: "filter string ordering", src: "$[?(@ < 'b')]", in: `["a","b","c"]`, want: `["a"]`},
	{name: "filter number vs string ordering is false", src: "$[?(@ < 'b')]", in: `[1,2]`, want: `[]`},
	{name: "filter on an object tests the object itself", src: "$.store.bicycle[?(@.color == 'red')].price", in: bookstore, want: `[19.95]`},
	{name: "filter with no match", src: "$.store.book[?(@.price > 100)]", in: bookstore, want: `[]`},
	{name: "filter regex without flag is case-sensitive", src: "$.store.book[?(@.author =~ /.*rees/)].title", in: bookstore, want: `[]`},
	{name: "filter regex must match the whole string", src: "$.store.book[?(@.author =~ /Rees/)].title", in: bookstore, want: `[]`},
	{name: "filter nested path", src: "$[?(@.a.b == 1)].id", in: `[{"a":{"b":1},"id":"x"},{"a":{"b":2},"id":"y"},{"a":3,"id":"z"}]`, want: `["x"]`},
	{name: "filter nested filter", src: "$[?(@.tags[?(@ == 'x')])].id", in: `[{"tags":["x"],"id":1},{"tags":["y"],"id":2}]`, want: `[1,2]`},
	{name: "filter on context object", src: "$.a[?(@ == $$.Map.Item.Value)]", in: misc, want: `[3]`},
	{name: "filter numbers compare by value", src: "$[?(@ == 1.0)]", in: `[1, 1.0, 2]`, want: `[1,1.0]`},
	{name: "filter number with exponent", src: "$[?(@ == 1e3)]", in: `[1000, 10]`, want: `[1000]`},
	{name: "filter negative number", src: "$[?(@ > -2)]", in: `[-3, -1, 0]`, want: `[-1,0]`},
	{name: "filter spaces everywhere", src: "$.a[?( @ >= 2 && @ <= 3 )]", in: misc, want: `[2,3]`},
	{name: "filter then index", src: "$.store.book[?(@.isbn)][0]", in: bookstore, want: `[]`},
	{name: "scan then filter", src: "$..[?(@.color)].color", in: bookstore, want: `["red"]`},

	// Definite paths: one value or Jayway's failure.
	{name: "nested fields", src: "$.nested.a.a.a", in: misc, want: `1`},
	{name: "null value is found", src: "$.n", in: misc, want: `null`},
	{name: "name with blank in brackets", src: "$.o['x y']", in: misc, want: `1`},
	{name: "name with dot in brackets", src: "$.o['a.b']", in: misc, want: `2`},
	{name: "escaped quote in brackets", src: `$.o['it\'s']`, in: misc, want: `3`},
	{name: "name with hyphen in dot notation (EventBridge detail-type)", src: "$.detail-type", in: misc, want: `"Scheduled Event"`},
	{name: "number keeps its text", src: "$.num", in: misc, want: `1.5e3`},
	{name: "big integer keeps its text", src: "$.big", in: misc, want: `12345678901234567890`},
	{name: "index on root array", src: "$[0]", in: `[7,8]`, want: `7`},
	{name: "index then field", src: "$.items[1].id", in: misc, want: `2`},
	{name: "negative index beyond length", src: "$.a[-6]", in: misc, err: `Invalid path '$.a[-6]' : No results for path: $['a'][-6]`},
	{name: "index out of range", src: "$.a[5]", in: misc, err: `Invalid path '$.a[5]' : No results for path: $['a'][5]`},
	{name: "missing property in the middle", src: "$.store.nope.x", in: bookstore, err: `Invalid path '$.store.nope.x' : Missing property in path $['store']['nope']`},
	{name: "property of a string", src: "$.s.x", in: misc, err: `Invalid path '$.s.x' : Expected to find an object with property ['x'] in path $['s'] but found 'com.fasterxml.jackson.databind.node.TextNode'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.`},
	{name: "property of null", src: "$.n.x", in: misc, err: `Invalid path '$.n.x' : Expected to find an object with property ['x'] in path $['n'] but found 'com.fasterxml.jackson.databind.node.NullNode'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.`},
	{name: "index on an object", src: "$.o[0]", in: misc, err: `Invalid path '$.o[0]' : Filter: [0] can only be applied to arrays. Current context is: {"k":"v","x y":1,"a.b":2,"it's":3}`},
	{name: "index on null", src: "$.n[0]", in: misc, err: `Invalid path '$.n[0]' : Filter: [0] can only be applied to arrays. Current context is: null`},
	{name: "property of the root string", src: "$.x", in: `"str"`, err: `Invalid path '$.x' : Expected to find an object with property ['x'] in path $ but found 'com.fasterxml.jackson.databind.node.TextNode'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.`},
	{name: "property of a number names Jackson's IntNode", src: "$.a[0].x", in: misc, err: `Invalid path '$.a[0].x' : Expected to find an object with property ['x'] in path $['a'][0] but found 'com.fasterxml.jackson.databind.node.IntNode'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.`},
	{name: "property of a decimal names Jackson's DoubleNode", src: "$.num.x", in: misc, err: `Invalid path '$.num.x' : Expected to find an object with property ['x'] in path $['num'] but found 'com.fasterxml.jackson.databind.node.DoubleNode'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.`},
	{name: "property of an array names Jackson's ArrayNode", src: "$.a.x", in: misc, err: `Invalid path '$.a.x' : Expected to find an object with property ['x'] in path $['a'] but found 'com.fasterxml.jackson.databind.node.ArrayNode'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.`},
	{name: "multi-property leaf merges into an object (Jayway)", src: "$['foo','car']", in: awsPathsDoc, want: `{"foo":123,"car":{"cdr":true}}`},
	{name: "multi-property leaf skips missing names", src: "$.o['k','zz']", in: misc, want: `{"k":"v"}`},
	{name: "multi-property leaf after a wildcard merges each match (Jayway)", src: "$.store.book[*]['author','isbn']", in: bookstore, want: `[{"author":"Nigel Rees"},{"author":"Evelyn Waugh"},{"author":"Herman Melville","isbn":"0-553-21311-3"},{"author":"J. R. R. Tolkien","isbn":"0-395-19395-8"}]`},
	{name: "scanning multi-property picks objects with all the names (Jayway)", src: "$..['author','isbn']", in: bookstore, want: `[{"author":"Herman Melville","isbn":"0-553-21311-3"},{"author":"J. R. R. Tolkien","isbn":"0-395-19395-8"}]`},
	{name: "multi-property not at the leaf is indefinite", src: "$['dataset1','dataset2'].val1", in: inputPathDoc, want: `[1,"a"]`},

	// Jayway functions: AWS accepts them but they never match.
	{name: "function length() is never found", src: "$.a.length()", in: misc, err: `Invalid path '$.a.length()' : No results for path: $['a'].length()`},
	{name: "function with arguments is never found", src: "$.a.concat('x', \"y)\")", in: misc, err: `Invalid path '$.a.concat('x', "y)")' : No results for path: $['a'].concat()`},
	{name: "function after a wildcard matches nothing", src: "$.items[*].length()", in: misc, want: `[]`},

	// Indefinite paths: arrays of matches, missing parts skipped.
	{name: "wildcard then missing field skips", src: "$.items[*].name", in: misc, want: `["two"]`},
	{name: "wildcard on object values", src: "$.o.*", in: misc, want: `["v",1,2,3]`},
	{name: "wildcard on a scalar matches nothing", src: "$.s[*]", in: misc, want: `[]`},
	{name: "bracket wildcard on object", src: "$.dataset1[*]", in: inputPathDoc, want: `[1,2,3]`},
	{name: "scan for a name at every depth, pre-order", src: "$..a", in: `{"a":{"a":{"a":1}}}`, want: `[{"a":{"a":1}},{"a":1},1]`},
	{name: "scan with bracket name", src: "$..['cdr']", in: awsPathsDoc, want: `[true]`},
	{name: "scan with index", src: "$..[0]", in: `{"x":[1,[2,3]],"y":{"z":[4]}}`, want: `[1,2,4]`},
	{name: "scan with wildcard", src: "$.car..*", in: awsPathsDoc, want: `[true]`},
	{name: "scan finds nothing", src: "$..nothing", in: bookstore, want: `[]`},
	{name: "index union skips out of range", src: "$.a[0,9,-1]", in: misc, want: `[1,5]`},
	{name: "slice with negative end", src: "$.a[1:-1]", in: misc, want: `[2,3,4]`},
	{name: "slice beyond length clamps", src: "$.a[3:100]", in: misc, want: `[4,5]`},
	{name: "slice with reversed bounds is empty", src: "$.a[3:1]", in: misc, want: `[]`},
	{name: "slice on an object is empty", src: "$.o[0:1]", in: misc, want: `[]`},
	{name: "empty array wildcard", src: "$[*]", in: `[]`, want: `[]`},
	{name: "wildcard of wildcards", src: "$[*][*]", in: `[[1,2],[3],{"a":4}]`, want: `[1,2,3,4]`},
	{name: "whitespace inside brackets", src: "$[ 'a' ][ 0 , 1 ]", in: misc, want: `[1,2]`},
}

func TestPathEval(t *testing.T) {
	env := &Env{
		Context: jsonv.MustParse(`{"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:m:e","Input":{"k":1}},"Map":{"Item":{"Index":2,"Value":3}}}`),
	}
	for _, tc := range pathCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile(tc.src)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tc.src, err)
			}
			got, err := p.Eval(jsonv.MustParse(tc.in), env)
			checkResult(t, got, err, tc.want, tc.err)
		})
	}
}

func checkResult(t *testing.T, got jsonv.Value, err error, want, wantErr string) {
	t.Helper()
	if wantErr != "" {
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("got %s, %v; want error %q", jsonv.String(got), err, wantErr)
		}
		if diff := cmp.Diff(wantErr, e.Cause); diff != "" {
			t.Fatalf("cause (-want +got):\n%s", diff)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if w := jsonv.MustParse(want); !jsonv.Equal(w, got) || jsonv.String(w) != jsonv.String(got) {
		t.Fatalf("got  %s\nwant %s", jsonv.String(got), jsonv.String(w))
	}
}

// Context object and variable paths: AWS guide, "Accessing the context
// object" and "Passing data between states with variables".
func TestPathRoots(t *testing.T) {
	ctx := jsonv.MustParse(`{"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:m:e","Input":{"k":1},"Name":"e","StartTime":"2019-03-26T20:14:13.192Z"},"State":{"EnteredTime":"2019-03-26T20:14:13.192Z","Name":"Test","RetryCount":0},"StateMachine":{"Id":"arn:sm","Name":"m"},"Task":{"Token":"h7XRiCdLtd/83p1E0dMccoxlzFhglsdkzpK9mBVKZsp7d9yrT1W"},"Map":{"Item":{"Index":0,"Value":{"who":"bob"}}}}`)
	vars := map[string]jsonv.Value{
		"productName": "Widget",
		"order":       jsonv.MustParse(`{"id":42,"lines":[{"sku":"a"},{"sku":"b"}]}`),
	}
	env := &Env{Context: ctx, Vars: func(n string) (jsonv.Value, bool) { v, ok := vars[n]; return v, ok }}
	cases := []pathCase{
		{name: "context: $$.Execution.Id", src: "$$.Execution.Id", want: `"arn:aws:states:us-east-1:123456789012:execution:m:e"`},
		{name: "context: $$.Execution.Input", src: "$$.Execution.Input", want: `{"k":1}`},
		{name: "context: $$.State.Name", src: "$$.State.Name", want: `"Test"`},
		{name: "context: $$.State.RetryCount", src: "$$.State.RetryCount", want: `0`},
		{name: "context: $$.Task.Token", src: "$$.Task.Token", want: `"h7XRiCdLtd/83p1E0dMccoxlzFhglsdkzpK9mBVKZsp7d9yrT1W"`},
		{name: "context: $$.Map.Item.Index", src: "$$.Map.Item.Index", want: `0`},
		{name: "context: $$.Map.Item.Value", src: "$$.Map.Item.Value", want: `{"who":"bob"}`},
		{name: "context: $$.Map.Item.Value.who", src: "$$.Map.Item.Value.who", want: `"bob"`},
		{name: "context: whole object", src: "$$.StateMachine", want: `{"Id":"arn:sm","Name":"m"}`},
		{name: "context: missing field", src: "$$.Execution.RoleArn", err: `Invalid path '$$.Execution.RoleArn' : No results for path: $$['Execution']['RoleArn']`},
		{name: "context: wildcard", src: "$$.Execution.Input.*", want: `[1]`},
		{name: "variable: $productName", src: "$productName", want: `"Widget"`},
		{name: "variable: field", src: "$order.id", want: `42`},
		{name: "variable: index then field", src: "$order.lines[1].sku", want: `"b"`},
		{name: "variable: wildcard", src: "$order.lines[*].sku", want: `["a","b"]`},
		{name: "variable: bracket", src: "$order['id']", want: `42`},
		{name: "variable: undefined", src: "$nope", err: `Invalid path '$nope' : The variable 'nope' is not defined`},
		{name: "variable: missing field", src: "$order.x", err: `Invalid path '$order.x' : No results for path: $order['x']`},
		{name: "variable name with digits and underscore", src: "$order_2", err: `Invalid path '$order_2' : The variable 'order_2' is not defined`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile(tc.src)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tc.src, err)
			}
			got, err := p.Eval(jsonv.MustParse(`{"input":true}`), env)
			checkResult(t, got, err, tc.want, tc.err)
		})
	}
}

func TestPathLookup(t *testing.T) {
	p := MustCompile("$.a.b")
	in := jsonv.MustParse(`{"a":{"c":1}}`)
	if _, found, err := p.Lookup(in, nil); found || err != nil {
		t.Fatalf("Lookup of a missing path: found=%v err=%v", found, err)
	}
	v, found, err := MustCompile("$.a.c").Lookup(in, nil)
	if !found || err != nil || v != jsonv.Number("1") {
		t.Fatalf("Lookup = %v %v %v", v, found, err)
	}
}

func TestPathProperties(t *testing.T) {
	cases := []struct {
		src                         string
		definite, reference, isRoot bool
		root                        Root
	}{
		{"$", true, true, true, RootInput},
		{"$$", true, true, true, RootContext},
		{"$v", true, true, true, RootVariable},
		{"$.a[0].b", true, true, false, RootInput},
		{"$.a[-1]", true, true, false, RootInput},
		{"$['a','b']", true, false, false, RootInput},
		{"$.a[*]", false, false, false, RootInput},
		{"$..a", false, false, false, RootInput},
		{"$.a[1:2]", false, false, false, RootInput},
		{"$.a[0,1]", false, false, false, RootInput},
		{"$.a[?(@.b)]", false, false, false, RootInput},
		{"$$.Map.Item.Value", true, true, false, RootContext},
	}
	for _, tc := range cases {
		p := MustCompile(tc.src)
		got := [4]any{p.IsDefinite(), p.IsReference(), p.IsRoot(), p.Root()}
		want := [4]any{tc.definite, tc.reference, tc.isRoot, tc.root}
		if got != want {
			t.Errorf("%s: definite/reference/root/Root = %v, want %v", tc.src, got, want)
		}
		if p.String() != tc.src {
			t.Errorf("String() = %q, want %q", p.String(), tc.src)
		}
	}
	if f, ok := MustCompile("$.a.b").Fields(); !ok || !cmp.Equal(f, []string{"a", "b"}) {
		t.Errorf("Fields = %v %v", f, ok)
	}
	if _, ok := MustCompile("$.a[0]").Fields(); ok {
		t.Errorf("Fields of an indexed path should be false")
	}
}
