package interp

import (
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/intrinsic"
	"github.com/stepd/stepd/query/jsonata"
)

// The Step Functions JSONata functions, with the examples of the AWS
// developer guide ("Transforming data with JSONata in Step Functions",
// section "JSONata functions provided by Step Functions").
func TestStepFunctionsJSONataFunctions(t *testing.T) {
	rng := &intrinsic.SplitMix64{State: 1}
	opts := machineOptions(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), stepFunctions(rng), rng)
	tests := []struct {
		expr, want string
	}{
		{`$partition([1,2,3,4], 2)`, `[[1,2],[3,4]]`},
		{`$partition([1,2,3,4,5], 2)`, `[[1,2],[3,4],[5]]`},
		{`$partition([1,2,3], 2.9)`, `[[1,2],[3]]`},
		{`$range(0, 10, 2)`, `[0,2,4,6,8,10]`},
		{`$range(-1.7, 2, 1)`, `[-1,0,1,2]`},
		{`$range(4, 4, 1)`, `4`},
		{`$range(3, 1, -1)`, `[3,2,1]`},
		{`$random(42)`, `0.7275636800328681`},
		{`$random(0)`, `0.730967787376657`},
		{`$hash("input data", "SHA-1")`, `"aaff4a450a104cd177d28d18d74485e8cae074b7"`},
		{`$hash("input data", "MD5")`, `"812f45842bc6d66ee14572ce20db8e86"`},
		{`$parse('{"a":[1,{"b":null}]}')`, `{"a":[1,{"b":null}]}`},
		{`$parse('"s"')`, `"s"`},
		{`$now()`, `"2024-01-02T03:04:05.000Z"`},
		{`$millis()`, `1704164645000`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			v, ok, err := jsonata.MustCompile(tt.expr).Evaluate(nil, nil, &opts)
			if err != nil || !ok {
				t.Fatalf("%v %v", ok, err)
			}
			if diff := cmp.Diff(tt.want, jsonv.String(v)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	for _, undef := range []string{`$partition([1], 0)`, `$partition([], 2)`, `$range(0, 1, 0)`, `$range(1, 0, 1)`, `$range(0, 5)`, `$hash("x")`} {
		if v, ok, err := jsonata.MustCompile(undef).Evaluate(nil, nil, &opts); ok || err != nil {
			t.Errorf("%s = %v, %v; want nothing", undef, v, err)
		}
	}
	for _, bad := range []string{`$range(0, 1e9, 1)`, `$range(1, 360146, 1)`, `$hash("x", "CRC32")`, `$hash("x", "md5")`, `$parse("{")`, `$partition("a", "b")`} {
		if _, _, err := jsonata.MustCompile(bad).Evaluate(nil, nil, &opts); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, _, _ := jsonata.MustCompile(`$uuid()`).Evaluate(nil, nil, &opts)
	b, _, _ := jsonata.MustCompile(`$uuid()`).Evaluate(nil, nil, &opts)
	if !uuid.MatchString(a.(string)) || a == b {
		t.Errorf("$uuid() gave %v then %v", a, b)
	}
	r, _, _ := jsonata.MustCompile(`$random()`).Evaluate(nil, nil, &opts)
	if f := r.(jsonv.Number).Float64(); f < 0 || f >= 1 {
		t.Errorf("$random() = %v", f)
	}
}

// A path that matches one item gives $partition a single value, which a
// JSONata array parameter takes as an array of one.
func TestPartitionSingleton(t *testing.T) {
	rng := &intrinsic.SplitMix64{State: 1}
	opts := machineOptions(time.Unix(0, 0), stepFunctions(rng), rng)
	v, ok, err := jsonata.MustCompile(`$partition(items, 2)`).Evaluate(jsonv.MustParse(`{"items":[7]}`), nil, &opts)
	if err != nil || !ok || jsonv.String(v) != `[[7]]` {
		t.Errorf("got %s %v %v", jsonv.String(v), ok, err)
	}
	_, ok, err = jsonata.MustCompile(`$partition(nothing, 2)`).Evaluate(jsonv.MustParse(`{}`), nil, &opts)
	if err != nil || ok {
		t.Errorf("undefined array: %v %v", ok, err)
	}
	if _, _, err := jsonata.MustCompile(`$hash(1, 'MD5')`).Evaluate(nil, nil, &opts); err == nil || err.(*jsonata.Error).Code != "T0410" {
		t.Errorf("$hash(1): %v", err)
	}
}
