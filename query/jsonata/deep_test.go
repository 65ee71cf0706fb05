package jsonata

import (
	"errors"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// Values built by deep recursion hit a counted limit, not the Go stack.
func TestDeeplyNestedValues(t *testing.T) {
	for _, expr := range []string{
		`$reduce([1..50000], function($a, $b){{"a": [$a]}}, 1)`,
		`$reduce([1..50000], function($a, $b){{"a": $a}}, 1) ~> $string`,
	} {
		_, _, err := eval(t, expr, "", nil, nil)
		var e *Error
		if !errors.As(err, &e) || e.Code != "U1001" {
			t.Errorf("%s: got %v, want U1001", expr, err)
		}
	}
}

func TestDeepFunctionChains(t *testing.T) {
	for _, expr := range []string{
		`$reduce([1..100000], function($f, $x){ $f ~> $uppercase }, $lowercase)("a")`,
		`$reduce([1..100000], function($f, $x){ $substring($f(?), 0) }, $string)`,
	} {
		_, _, err := eval(t, expr, "", nil, nil)
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Errorf("%s: got %v", expr, err)
		}
		if e != nil && e.internal {
			t.Errorf("%s: internal error %v", expr, err)
		}
	}
}

func TestDistinctIsNotQuadraticOnScalars(t *testing.T) {
	got, _, err := eval(t, `$count($distinct([1..200000].($ % 1000)))`, "", nil, nil)
	if err != nil || jsonvString(got) != "1000" {
		t.Fatalf("got %v, %v", got, err)
	}
}

func jsonvString(v any) string { return jsonv.String(v) }

func TestStringWorkIsBudgeted(t *testing.T) {
	// quadratic string building: few steps, much copying
	expr := `$reduce([1..200000], function($a, $b){ $a & "0123456789" }, "")`
	_, _, err := eval(t, expr, "", nil, &Options{MaxSteps: 1_000_000})
	var e *Error
	if !errors.As(err, &e) || e.Code != "U1001" {
		t.Errorf("got %v, want U1001", err)
	}
}
