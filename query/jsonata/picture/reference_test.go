package picture

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// testdata/jsonata_reference.json holds calls with the results jsonata-js
// 2.0.6 itself returned for them (see testdata/README.md for how it was made):
// thousands of pictures, values and timezones beyond the official suite.

type referenceCase struct {
	Fn   string `json:"fn"`
	Args []any  `json:"args"`
	Want struct {
		Value     any    `json:"value"`
		Undefined bool   `json:"undefined"`
		NaN       bool   `json:"nan"`
		Code      string `json:"code"`
	} `json:"want"`
}

func TestJSONataReference(t *testing.T) {
	for _, file := range []string{"jsonata_reference.json", "jsonata_random_reference.json", "jsonata_random2_reference.json", "jsonata_invalid_date_reference.json"} {
		t.Run(file, func(t *testing.T) { checkReference(t, "testdata/"+file) })
	}
}

func checkReference(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []referenceCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	// referenceNow is the "now" the reference run used for omitted fields.
	const referenceNow = 1589704200000 // 2020-05-17T08:30:00Z
	failures, knownGaps := 0, 0
	for _, c := range cases {
		arg := func(i int) any {
			if i < len(c.Args) {
				return c.Args[i]
			}
			return nil
		}
		str := func(i int) string { s, _ := arg(i).(string); return s }
		num := func(i int) float64 { f, _ := arg(i).(float64); return f }
		var got any
		var err error
		undefined, isNaN := false, false
		switch c.Fn {
		case "formatNumber":
			var opts *DecimalFormat
			if o, ok := arg(2).(map[string]any); ok {
				opts = &DecimalFormat{}
				for k, v := range o {
					*decimalFormatKeys[k](opts) = v.(string)
				}
			}
			got, err = FormatNumber(num(0), str(1), opts)
		case "formatInteger":
			got, err = FormatInteger(num(0), str(1))
		case "parseInteger":
			var f float64
			f, err = ParseInteger(str(0), str(1))
			got, isNaN = f, math.IsNaN(f)
		case "fromMillis":
			got, err = FormatDateTime(int64(num(0)), str(1), str(2))
		case "toMillis":
			var m int64
			var ok bool
			m, ok, err = ParseDateTimeAt(str(0), str(1), referenceNow)
			got, undefined = float64(m), !ok
		case "formatBase":
			radix := 10.0
			if arg(1) != nil {
				radix = num(1)
			}
			got, err = FormatBase(num(0), radix)
		default:
			t.Fatalf("unknown function %q", c.Fn)
		}
		desc := fmt.Sprintf("$%s%v", c.Fn, c.Args)
		want := c.Want
		switch {
		case strings.HasPrefix(want.Code, "JS "):
			// jsonata-js crashed (TypeError, stack overflow): any error
			// will do.
			if err == nil {
				t.Errorf("%s: got %#v; jsonata-js failed with %s", desc, got, want.Code)
				failures++
			}
		case want.Code != "":
			if code := resultOf("", err).Code; code != want.Code {
				t.Errorf("%s: got %v, %v; jsonata-js raised %s", desc, got, err, want.Code)
				failures++
			}
		case err != nil:
			t.Errorf("%s: got error %v; jsonata-js returned %+v", desc, err, want)
			failures++
		case want.Undefined:
			if !undefined {
				t.Errorf("%s: got %v; jsonata-js returned undefined", desc, got)
				failures++
			}
		case want.NaN:
			// jsonata-js returned NaN; toMillis reports it as undefined.
			if !isNaN && !undefined {
				t.Errorf("%s: got %v; jsonata-js returned NaN", desc, got)
				failures++
			}
		case c.Fn == "toMillis" && str(1) == "" && undefined:
			// Strings outside the ECMAScript format reach V8's fallback
			// date parser, reproduced for a few forms only: elsewhere this
			// package gives undefined, never a different number.
			knownGaps++
		default:
			if undefined || !sameValue(got, want.Value) {
				t.Errorf("%s: got %#v (undefined=%v); jsonata-js returned %#v", desc, got, undefined, want.Value)
				failures++
			}
		}
		if failures > 40 {
			t.Fatal("too many differences")
		}
	}
	t.Logf("%d calls compared with jsonata-js 2.0.6; %d ISO strings only V8's fallback parser reads left undefined", len(cases), knownGaps)
}
