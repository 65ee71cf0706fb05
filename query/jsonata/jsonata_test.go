package jsonata

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stepd/stepd/jsonv"
)

func eval(t *testing.T, expr string, input string, bindings map[string]jsonv.Value, opts *Options) (jsonv.Value, bool, error) {
	t.Helper()
	e, err := Compile(expr)
	if err != nil {
		return nil, false, err
	}
	var in jsonv.Value = Undefined
	if input != "" {
		in = jsonv.MustParse(input)
	}
	return e.Evaluate(in, bindings, opts)
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name, expr, input string
		bindings          map[string]jsonv.Value
		want              string // JSON text; "" means undefined
	}{
		{"path", "a.b", `{"a":{"b":1}}`, nil, `1`},
		{"integer stays integer", "a", `{"a":12}`, nil, `12`},
		{"numbers as JavaScript doubles", "a", `{"a":12345678901234567890}`, nil, `12345678901234567000`},
		{"number text normalised", "a", `{"a":1.50}`, nil, `1.5`},
		{"computed number", "a * 3", `{"a":0.1}`, nil, `0.30000000000000004`},
		{"missing", "nope", `{"a":1}`, nil, ``},
		{"null", "a", `{"a":null}`, nil, `null`},
		{"binding", "$x + 1", `{}`, map[string]jsonv.Value{"x": jsonv.Int(41)}, `42`},
		{"root array", "$[1]", `[1,2,3]`, nil, `2`},
		{"sum over items", "$sum(items.(price*qty))", `{"items":[{"price":2,"qty":3},{"price":1.5,"qty":2}]}`, nil, `9`},
		{"object constructor order", `{"b":1,"a":2}`, `{}`, nil, `{"b":1,"a":2}`},
		{"group by", `items{type: $sum(v)}`, `{"items":[{"type":"x","v":1},{"type":"y","v":2},{"type":"x","v":3}]}`, nil, `{"x":4,"y":2}`},
		{"parent", `a.b.%.c`, `{"a":{"b":1,"c":2}}`, nil, `2`},
		{"sort", `[3,1,2]^($)`, ``, nil, `[1,2,3]`},
		{"transform", `$ ~> |a|{"c":3}, ["b"]|`, `{"a":{"b":1},"x":1}`, nil, `{"a":{"c":3},"x":1}`},
		{"regex", `$match("ab12cd3", /[0-9]+/).match`, ``, nil, `["12","3"]`},
		{"keep array", `a[]`, `{"a":1}`, nil, `[1]`},
		{"lambda and closure", `($add := function($x){function($y){$x+$y}}; $add(2)(3))`, ``, nil, `5`},
		{"partial", `($f := $substring(?, 1, 2); $f("hello"))`, ``, nil, `"el"`},
		{"chain", `"abc" ~> $uppercase ~> $length`, ``, nil, `3`},
		{"tail recursion", `($loop := function($n, $acc){$n = 0 ? $acc : $loop($n-1, $acc+1)}; $loop(100000, 0))`, ``, nil, `100000`},
		{"conditional", `a > 1 ? "big" : "small"`, `{"a":2}`, nil, `"big"`},
		{"string of float", `$string(1/3)`, ``, nil, `"0.333333333333333"`},
		{"round half even", `[$round(2.5), $round(3.5), $round(1.255, 2)]`, ``, nil, `[2,4,1.26]`},
		{"formatBase", `$formatBase(255, 16)`, ``, nil, `"ff"`},
		{"index binding", `items#$i[$i>0].v`, `{"items":[{"v":1},{"v":2}]}`, nil, `2`},
		{"focus binding", `a@$x.b@$y.($x.k & $y.k)`, `{"a":[{"k":"p"}],"b":[{"k":"q"}]}`, nil, `"pq"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, defined, err := eval(t, tc.expr, tc.input, tc.bindings, nil)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if tc.want == "" {
				if defined {
					t.Fatalf("got %s, want undefined", jsonv.String(got))
				}
				return
			}
			if !defined {
				t.Fatalf("got undefined, want %s", tc.want)
			}
			if diff := cmp.Diff(tc.want, jsonv.String(got)); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, expr, input string
		opts              *Options
		code              string
		pos               int // -2: do not check
	}{
		{"syntax", "a.(", "", nil, "S0203", -2},
		{"unexpected end", "1 +", "", nil, "S0207", -2},
		{"unknown operator", "[1!2]", "", nil, "S0204", -2},
		{"2.1 coalescing rejected", "a ?? b", "", nil, "S0211", -2},
		{"2.1 elvis rejected", "a ?: b", "", nil, "S0211", -2},
		{"type error", `"a" + 1`, "", nil, "T2001", 5},
		{"number cast", `$number("x")`, "", nil, "D3030", -2},
		{"signature", `$uppercase(1)`, "", nil, "T0410", -2},
		{"depth budget", `($f := function($n){$n = 0 ? 0 : 1 + $f($n-1)}; $f(100000))`, "", &Options{MaxDepth: 200}, "U1001", -2},
		{"step budget", `($f := function(){$f()}; $f())`, "", &Options{MaxSteps: 10000}, "U1001", -2},
		{"result budget", `$pad("x", 100000)`, "", &Options{MaxResultBytes: 1000}, "U1003", -2},
		{"result size budget", `[1..1000]`, "", &Options{MaxResultBytes: 100}, "U1003", -2},
		{"error function", `$error("boom")`, "", nil, "D3137", -2},
		{"deep nesting", strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000), "", nil, "U1001", -2},
		{"deep array nesting", strings.Repeat("[", 5000) + "1" + strings.Repeat("]", 5000), "", nil, "U1001", -2},
		{"deep unary", strings.Repeat("-", 5000) + "1", "", nil, "U1001", -2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := eval(t, tc.expr, tc.input, nil, tc.opts)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want *Error %s", err, tc.code)
			}
			if e.Code != tc.code {
				t.Fatalf("code %s (%v), want %s", e.Code, e, tc.code)
			}
			if tc.pos != -2 && e.Position != tc.pos {
				t.Errorf("position %d, want %d", e.Position, tc.pos)
			}
			if e.Message == "" {
				t.Errorf("empty message")
			}
		})
	}
}

func TestInjectedTimeAndRandom(t *testing.T) {
	opts := &Options{NowMillis: 1_700_000_000_123, Random: func() float64 { return 0.25 }}
	got, _, err := eval(t, `[$millis(), $now(), $random(), $now() = $now()]`, "", nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := `[1700000000123,"2023-11-14T22:13:20.123Z",0.25,true]`
	if diff := cmp.Diff(want, jsonv.String(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHostFunctions(t *testing.T) {
	opts := &Options{Functions: map[string]Function{
		"double": {Signature: "<n:n>", Call: func(args []jsonv.Value) (jsonv.Value, bool, error) {
			f := args[0].(jsonv.Number).Float64()
			return jsonv.Float(f * 2), true, nil
		}},
		"nothing": {Call: func(args []jsonv.Value) (jsonv.Value, bool, error) {
			if args[0] != Undefined {
				return nil, false, errors.New("want undefined")
			}
			return nil, false, nil
		}},
	}}
	got, _, err := eval(t, `[$double(21), $map([1,2], $double), $nothing(nope)]`, `{}`, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`[42,2,4]`, jsonv.String(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, _, err = eval(t, `$double("x")`, `{}`, nil, opts)
	var e *Error
	if !errors.As(err, &e) || e.Code != "T0410" {
		t.Errorf("got %v, want T0410", err)
	}
}

func TestConcurrentEvaluate(t *testing.T) {
	e := MustCompile(`$sum(items.(price*qty))`)
	in := jsonv.MustParse(`{"items":[{"price":2,"qty":3},{"price":4,"qty":5}]}`)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				got, _, err := e.Evaluate(in, nil, nil)
				if err != nil || jsonv.String(got) != "26" {
					t.Errorf("got %v %v", got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestTransformDoesNotMutateInput(t *testing.T) {
	in := jsonv.MustParse(`{"a":{"b":1}}`)
	e := MustCompile(`$ ~> |a|{"b":2}|`)
	if _, _, err := e.Evaluate(in, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := jsonv.String(in); got != `{"a":{"b":1}}` {
		t.Errorf("input changed: %s", got)
	}
}

func BenchmarkSumPriceQty(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"items":[`)
	for i := 0; i < 100; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"price":` + jsonv.String(jsonv.Float(float64(i)+0.5)) + `,"qty":` + jsonv.String(jsonv.Int(int64(i%7+1))) + `}`)
	}
	sb.WriteString(`]}`)
	in := jsonv.MustParse(sb.String())
	e := MustCompile(`$sum(items.(price*qty))`)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := e.Evaluate(in, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStatesInputPath(b *testing.B) {
	in := jsonv.MustParse(`{"order":{"id":"o-1","lines":[{"sku":"a","n":2},{"sku":"b","n":1}]},"customer":{"name":"Ada"}}`)
	states := jsonv.ObjectOf("input", in)
	e := MustCompile(`{"id": $states.input.order.id, "who": $states.input.customer.name, "skus": $states.input.order.lines[n > 1].sku}`)
	bindings := map[string]jsonv.Value{"states": states}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := e.Evaluate(nil, bindings, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPathPredicateSort(b *testing.B) {
	in := jsonv.MustParse(`{"Order":[{"Product":[{"SKU":"a","Price":34.45,"Quantity":2},{"SKU":"b","Price":21.67,"Quantity":1}]},{"Product":[{"SKU":"c","Price":34.45,"Quantity":4},{"SKU":"d","Price":107.99,"Quantity":1}]}]}`)
	e := MustCompile(`Order.Product[Price > 30]^(>Price).{"sku": SKU, "total": Price * Quantity}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := e.Evaluate(in, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLookupBindings(t *testing.T) {
	calls := 0
	opts := &Options{Lookup: func(name string) (jsonv.Value, bool) {
		calls++
		if name == "states" {
			return jsonv.ObjectOf("input", jsonv.ObjectOf("n", jsonv.Int(2))), true
		}
		return nil, false
	}}
	got, _, err := eval(t, `$states.input.n * 10 + $count([1])`, "", map[string]jsonv.Value{"x": jsonv.Int(1)}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if s := jsonv.String(got); s != "21" {
		t.Errorf("got %s, want 21", s)
	}
	if calls == 0 {
		t.Errorf("lookup not consulted")
	}
}
