package sfnapi

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"a", true},
		{"Hello-World_1.2", true},
		{"émoji✓", true},
		{strings.Repeat("x", 80), true},
		{strings.Repeat("x", 81), false},
		{"", false},
		{"a b", false},
		{"a\tb", false},
		{"a\u00a0b", false},
		{"a\u0085b", false},
		{"a\x7fb", false},
		{"a<b", false}, {"a>b", false}, {"a{b", false}, {"a}b", false}, {"a[b", false}, {"a]b", false},
		{"a?b", false}, {"a*b", false}, {`a"b`, false}, {"a#b", false}, {"a%b", false}, {`a\b`, false},
		{"a^b", false}, {"a|b", false}, {"a~b", false}, {"a`b", false}, {"a$b", false}, {"a&b", false},
		{"a,b", false}, {"a;b", false}, {"a:b", false}, {"a/b", false},
		{"a\xffb", false},
	} {
		if got := validName(tc.name); got != tc.want {
			t.Errorf("validName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestParseARN(t *testing.T) {
	p := "arn:aws:states:us-east-1:123456789012:"
	for _, tc := range []struct {
		arn  string
		want parsedARN
	}{
		{p + "stateMachine:M", parsedARN{Kind: arnStateMachine, Machine: "M"}},
		{p + "stateMachine:M:3", parsedARN{Kind: arnVersion, Machine: "M", Qualifier: "3", Version: 3}},
		{p + "stateMachine:M:prod", parsedARN{Kind: arnAlias, Machine: "M", Qualifier: "prod"}},
		{p + "stateMachine:M:03", parsedARN{Kind: arnAlias, Machine: "M", Qualifier: "03"}},
		{p + "execution:M:e", parsedARN{Kind: arnExecution, Machine: "M", Qualifier: "e"}},
		{p + "express:M:e:uuid", parsedARN{Kind: arnExpress, Machine: "M", Qualifier: "e"}},
		{p + "activity:A", parsedARN{Kind: arnActivity, Machine: "A"}},
		{p + "mapRun:M/map:id", parsedARN{Kind: arnMapRun, Machine: "M/map"}},
		{p + "activity:A:x", parsedARN{}},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", parsedARN{}},
		{"nope", parsedARN{}},
	} {
		if diff := cmp.Diff(tc.want, parseARN(tc.arn)); diff != "" {
			t.Errorf("parseARN(%q) (-want +got):\n%s", tc.arn, diff)
		}
	}
	if got := unqualified(p + "stateMachine:M:prod"); got != p+"stateMachine:M" {
		t.Errorf("unqualified = %s", got)
	}
}

func TestTokens(t *testing.T) {
	h := &handler{key: []byte("k")}
	tok := h.sealToken("scope", "cursor\x00with nul")
	got, err := h.openToken("scope", *tok)
	if err != nil || got != "cursor\x00with nul" {
		t.Fatalf("open = %q, %v", got, err)
	}
	if h.sealToken("scope", "") != nil {
		t.Fatal("empty cursor sealed")
	}
	for _, bad := range []string{*tok + "x", "x" + *tok, "abc", "a.b", strings.Repeat("a", 2000)} {
		if _, err := h.openToken("scope", bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	if _, err := h.openToken("other", *tok); err == nil {
		t.Error("token moved to another listing")
	}
	other := &handler{key: []byte("other key")}
	if _, err := other.openToken("scope", *tok); err == nil {
		t.Error("token accepted under another key")
	}
}

func FuzzValidName(f *testing.F) {
	for _, s := range []string{"a", "a b", "émoji", strings.Repeat("x", 81), "a\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if validName(s) && (strings.ContainsAny(s, " \t\n<>{}[]?*\"#%\\^|~`$&,;:/") || s == "") {
			t.Fatalf("accepted %q", s)
		}
	})
}
