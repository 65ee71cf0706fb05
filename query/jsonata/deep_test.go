package jsonata

import (
	"errors"
	"testing"
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
