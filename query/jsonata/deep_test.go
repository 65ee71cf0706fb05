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
