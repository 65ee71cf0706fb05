package jsonpath

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Malformed paths fail to compile with the problem and its offset.
var compileErrorCases = []struct {
	name   string
	src    string
	offset int
	msg    string
}{
	{"empty", "", 0, "a path must start with '$'"},
	{"no root", "a.b", 0, "a path must start with '$', found 'a'"},
	{"current node outside a filter", "@.a", 0, "a path must start with '$', found '@'"},
	{"trailing dot", "$.", 2, "a name is expected after '.'"},
	{"double dot then nothing", "$..", 3, "a name is expected after '.'"},
	{"blank in a dot name (Jayway asks for brackets)", "$.a b", 3, "blank characters are not allowed in a path; use bracket notation ['my prop'] for a name that contains them"},
	{"unclosed function call", "$.a.length(", 10, "missing ')' to close the function call"},
	{"unclosed bracket", "$['a'", 5, "missing ']'"},
	{"unterminated quoted name", "$['a", 2, "unterminated quoted name"},
	{"empty brackets", "$[]", 2, "unexpected ']' in brackets: expected a quoted name, an index, a slice, '*' or a '?(…)' filter"},
	{"garbage in brackets", "$[a]", 2, "unexpected 'a' in brackets: expected a quoted name, an index, a slice, '*' or a '?(…)' filter"},
	{"garbage after root", "$abc def", 4, "blank characters are not allowed in a path; use bracket notation ['my prop'] for a name that contains them"},
	{"unexpected character", "$!", 1, "unexpected '!': expected '.' or '['"},
	{"index too large", "$[99999999999]", 2, "the index 99999999999 is not a valid integer"},
	{"union with a missing index", "$[0,]", 4, "an index is expected after ','"},
	{"union of names with a number", "$['a',1]", 6, "expected a quoted name after ','"},
	{"filter without parentheses", "$[?@.a]", 3, "expected '(' after '?'"},
	{"filter not closed", "$[?(@.a]", 7, "expected ')' to close the filter"},
	{"filter with a lone literal", "$[?(1)]", 4, "a filter needs a path or a comparison"},
	{"filter missing right operand", "$[?(@.a == )]", 11, "unexpected ')' in filter: expected a path, a literal or a /regex/"},
	{"filter regex without =~", "$[?(@.a == /x/)]", 14, "a /regular expression/ can only follow '=~'"},
	{"filter =~ without regex", "$[?(@.a =~ 'x')]", 14, "'=~' needs a /regular expression/ on its right"},
	{"filter bad regex", "$[?(@.a =~ /(/)]", 11, "invalid regular expression: error parsing regexp: missing closing ): `^(?:()$`"},
	{"filter unknown regex flag", "$[?(@.a =~ /x/q)]", 14, "unknown regular expression flag 'q'"},
	{"filter unterminated regex", "$[?(@.a =~ /x)]", 11, "unterminated regular expression"},
	{"filter list with a path", "$[?(@.a in [@.b])]", 12, "a list may hold only literals"},
	{"filter list not closed", "$[?(@.a in [1 2])]", 14, "expected ',' or ']' in list"},
	{"filter ends early", "$[?(@.a ==", 10, "the filter ends too early"},
	{"filter malformed number", "$[?(@.a == 1.2.3)]", 11, "malformed number 1.2.3"},
	{"filter unbalanced parenthesis", "$[?((@.a)]", 9, "expected ')' to close the filter"},
	{"filter group not closed", "$[?((@.a]", 8, "expected ')'"},
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range compileErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(tc.src)
			ce, ok := err.(*CompileError)
			if !ok {
				t.Fatalf("Compile(%q) = %v, want a *CompileError", tc.src, err)
			}
			got := struct {
				Offset int
				Msg    string
			}{ce.Offset, ce.Msg}
			want := struct {
				Offset int
				Msg    string
			}{tc.offset, tc.msg}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("Compile(%q) (-want +got):\n%s", tc.src, diff)
			}
			if !strings.Contains(ce.Error(), tc.src) {
				t.Errorf("Error() %q should name the path", ce.Error())
			}
		})
	}
}

func TestCompileLimits(t *testing.T) {
	long := "$" + strings.Repeat(".a", maxPathSource)
	if _, err := Compile(long); err == nil {
		t.Error("an overlong path should not compile")
	}
	deep := "$" + strings.Repeat("[?(@", maxNesting+2) + strings.Repeat(")]", maxNesting+2)
	if _, err := Compile(deep); err == nil || !strings.Contains(err.Error(), "levels deep") {
		t.Errorf("deeply nested filters: %v", err)
	}
	parens := "$[?(" + strings.Repeat("(", 100) + "@.a" + strings.Repeat(")", 100) + ")]"
	if _, err := Compile(parens); err == nil || !strings.Contains(err.Error(), "levels deep") {
		t.Errorf("deeply nested parentheses: %v", err)
	}
	nots := "$[?(" + strings.Repeat("!", 100) + "@.a)]"
	if _, err := Compile(nots); err == nil || !strings.Contains(err.Error(), "levels deep") {
		t.Errorf("long negation chain: %v", err)
	}
}

// AWS: reference paths may only use dot and bracket notation; the
// operators @ .. , : ? * are not supported.
var referenceCases = []struct {
	name string
	src  string
	msg  string // empty: valid
	at   int
}{
	{name: "root", src: "$"},
	{name: "field", src: "$.taskresult"},
	{name: "nested fields (ResultPath $.master.detail)", src: "$.master.detail"},
	{name: "bracket name", src: "$['my key']"},
	{name: "index", src: "$.a[0]"},
	{name: "negative index", src: "$.a[-1]"},
	{name: "context object (ItemsPath $$.Execution.Input)", src: "$$.Execution.Input.items"},
	{name: "variable", src: "$items[0].id"},
	{name: "descendant", src: "$..a", msg: "a reference path must identify a single node; '..' is not supported", at: 1},
	{name: "wildcard", src: "$.a.*", msg: "a reference path must identify a single node; '*' is not supported", at: 3},
	{name: "bracket wildcard", src: "$.a[*]", msg: "a reference path must identify a single node; '*' is not supported", at: 3},
	{name: "filter", src: "$.a[?(@.b)]", msg: "a reference path must identify a single node; '?' filters are not supported", at: 3},
	{name: "slice", src: "$.a[0:1]", msg: "a reference path must identify a single node; ':' slices are not supported", at: 3},
	{name: "function (AWS: functions such as length() aren't supported)", src: "$.a.length()", msg: "a reference path must identify a single node; functions such as length() are not supported", at: 3},
	{name: "index union", src: "$.a[0,1]", msg: "a reference path must identify a single node; ',' unions are not supported", at: 3},
	{name: "name union", src: "$['a','b']", msg: "a reference path must identify a single node; ',' unions are not supported", at: 1},
}

func TestCompileReference(t *testing.T) {
	for _, tc := range referenceCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := CompileReference(tc.src)
			if tc.msg == "" {
				if err != nil || !p.IsReference() {
					t.Fatalf("CompileReference(%q) = %v", tc.src, err)
				}
				return
			}
			ce, ok := err.(*CompileError)
			if !ok {
				t.Fatalf("CompileReference(%q) = %v, want a *CompileError", tc.src, err)
			}
			if ce.Msg != tc.msg || ce.Offset != tc.at {
				t.Fatalf("got %d %q, want %d %q", ce.Offset, ce.Msg, tc.at, tc.msg)
			}
			if _, err := Compile(tc.src); err != nil {
				t.Errorf("Compile(%q) should accept what CompileReference rejects: %v", tc.src, err)
			}
		})
	}
}
