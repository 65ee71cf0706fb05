package jsonv

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRoundTrip(t *testing.T) {
	for _, in := range []string{
		`null`, `true`, `false`, `0`, `-1`, `1e3`, `10.50`, `1.0`, `-0`, `1E+2`,
		`12345678901234567890123`, `"a\"b\\c\n\u0001é😀"`, `[]`, `{}`,
		`{"z":1,"a":2,"m":[1,{"y":null,"b":true}]}`,
		`"<html>&"`,
	} {
		v, err := Parse([]byte(in))
		if err != nil {
			t.Fatalf("Parse(%s): %v", in, err)
		}
		if got := String(v); got != in {
			t.Errorf("round trip %s = %s", in, got)
		}
		if Size(v) != len(Marshal(v)) {
			t.Errorf("Size(%s) = %d, want %d", in, Size(v), len(Marshal(v)))
		}
	}
}

func TestCanonicalCompact(t *testing.T) {
	got := String(MustParse(" { \"b\" : [ 1 , 2 ] ,\n \"a\" : \"\\u0041\" } "))
	if want := `{"b":[1,2],"a":"A"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestDuplicateKeyKeepsFirstPositionLastValue(t *testing.T) {
	got := String(MustParse(`{"a":1,"b":2,"a":3}`))
	if want := `{"a":3,"b":2}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{``, "line 1, column 1: empty input"},
		{`{"a":1`, "line 1, column 7: unexpected end of JSON input"},
		{"{\n  \"a\": tru\n}", "line 2, column 11"},
		{`[1,]`, "line 1, column 3"},
		{`{} {}`, "line 1, column 4: invalid character after top-level value"},
		{"\"\xff\"", "line 1, column 2"},
	} {
		_, err := Parse([]byte(tc.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want SyntaxError", tc.in, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error = %q, want prefix %q", tc.in, err, tc.want)
		}
	}
}

func TestVisitPointers(t *testing.T) {
	src := "{\n \"a\": [10, {\"b~/\": true}],\n \"c\": null\n}"
	var got []string
	_, err := ParseVisit([]byte(src), func(p string, off int64) {
		line, col := LineCol([]byte(src), off)
		got = append(got, fmt.Sprintf("%s@%d:%d", p, line, col))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"@1:1", "/a@2:7", "/a/0@2:8", "/a/1@2:12", "/a/1/b~0~1@2:20", "/c@3:7"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pointers (-want +got):\n%s", diff)
	}
}

func TestEqual(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{`1`, `1.0`, true},
		{`1`, `"1"`, false},
		{`{"a":1,"b":2}`, `{"b":2,"a":1}`, true},
		{`[1,2]`, `[2,1]`, false},
		{`null`, `null`, true},
		{`{"a":null}`, `{}`, false},
	} {
		if got := Equal(MustParse(tc.a), MustParse(tc.b)); got != tc.want {
			t.Errorf("Equal(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
}

func TestObjectSetDeleteIndexed(t *testing.T) {
	o := NewObject(0)
	for i := 0; i < 40; i++ {
		o.Set(fmt.Sprint("k", i), Int(int64(i)))
	}
	o.Delete("k3")
	o.Set("k5", "five")
	if v, _ := o.Get("k5"); v != "five" {
		t.Errorf("k5 = %v", v)
	}
	if o.Has("k3") || o.Len() != 39 {
		t.Errorf("delete failed: len %d", o.Len())
	}
	if v, _ := o.Get("k39"); v != Number("39") {
		t.Errorf("k39 = %v", v)
	}
	if o.Keys()[3] != "k4" {
		t.Errorf("order lost: %v", o.Keys()[:5])
	}
}

func TestFloatFormatsLikeJavaScript(t *testing.T) {
	tenth := 0.1
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{1, "1"}, {-2.5, "-2.5"}, {tenth + 2*tenth, "0.30000000000000004"}, {1e21, "1e+21"},
		{1.5e-7, "1.5e-7"}, {123456789012, "123456789012"}, {1e300, "1e+300"},
		{math.Copysign(0, -1), "0"}, {0.000001, "0.000001"},
	} {
		if got := string(Float(tc.f)); got != tc.want {
			t.Errorf("Float(%v) = %s, want %s", tc.f, got, tc.want)
		}
	}
}

func TestNumberInt64(t *testing.T) {
	for _, tc := range []struct {
		n    Number
		want int64
		ok   bool
	}{{"3", 3, true}, {"3.0", 3, true}, {"1e3", 1000, true}, {"2.5", 0, false}} {
		got, ok := tc.n.Int64()
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s.Int64() = %d, %v", tc.n, got, ok)
		}
	}
}

var benchDoc = func() []byte {
	var b strings.Builder
	b.WriteString(`{"orders":[`)
	for i := 0; i < 200; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"order-%d","price":%d.25,"qty":%d,"tags":["a","b"],"customer":{"name":"N %d","vip":%v}}`, i, i, i%7, i, i%2 == 0)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}()

func BenchmarkDecode(b *testing.B) {
	b.SetBytes(int64(len(benchDoc)))
	for b.Loop() {
		if _, err := Parse(benchDoc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeEncodingJSON(b *testing.B) {
	b.SetBytes(int64(len(benchDoc)))
	for b.Loop() {
		var v any
		if err := json.Unmarshal(benchDoc, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	v := MustParse(string(benchDoc))
	b.SetBytes(int64(len(benchDoc)))
	buf := make([]byte, 0, len(benchDoc))
	for b.Loop() {
		buf = Append(buf[:0], v)
	}
}

func BenchmarkEncodeEncodingJSON(b *testing.B) {
	var v any
	json.Unmarshal(benchDoc, &v)
	b.SetBytes(int64(len(benchDoc)))
	for b.Loop() {
		if _, err := json.Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}
