package jsonata

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// seedExpressions adds a sample of the suite's expressions as fuzz seeds.
func seedExpressions(f *testing.F, add func(expr string)) {
	for _, s := range []string{
		"a.b[0]", "$sum(items.(price*qty))", "[1..5]", "{'a': 1}.a", "**", "%.a",
		"a ~> |b|{'c':1}|", "$match('abc', /b/)", "function($x){$x+1}(2)", "a^(>b)",
		"a@$x#$i", "($f := function($n){$n<1?0:$f($n-1)}; $f(10))", "/[/", "\"\\u12\"",
	} {
		add(s)
	}
	dirs, _ := filepath.Glob(filepath.Join(suiteDir, "groups", "*"))
	for i, d := range dirs {
		if i%4 != 0 {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(d, "case00*.json"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				continue
			}
			if v, err := jsonv.Parse(data); err == nil {
				if o, ok := v.(*jsonv.Object); ok {
					if e, ok := o.Get("expr"); ok {
						if s, ok := e.(string); ok {
							add(s)
						}
					}
				}
			}
		}
	}
}

func FuzzCompile(f *testing.F) {
	seedExpressions(f, func(s string) { f.Add(s) })
	f.Fuzz(func(t *testing.T, expr string) {
		e, err := Compile(expr)
		if err == nil && e == nil {
			t.Fatal("nil expression without error")
		}
		if err != nil {
			je, ok := err.(*Error)
			if !ok {
				t.Fatalf("non-jsonata error %T: %v", err, err)
			}
			if je.internal {
				t.Fatalf("panic recovered: %v", err)
			}
		}
	})
}

func FuzzEvaluate(f *testing.F) {
	input := `{"a":{"b":[1,2,{"c":"x"}]},"items":[{"price":1.5,"qty":2},{"price":3,"qty":1}],"s":"hello","n":null}`
	seedExpressions(f, func(s string) { f.Add(s, input) })
	f.Fuzz(func(t *testing.T, expr, data string) {
		e, err := Compile(expr)
		if err != nil {
			return
		}
		in, err := jsonv.Parse([]byte(data))
		if err != nil {
			in = Undefined
		}
		opts := &Options{MaxDepth: 200, MaxSteps: 20000, MaxResultBytes: 1 << 16}
		_, _, err = e.Evaluate(in, nil, opts)
		if err != nil {
			if je, ok := err.(*Error); ok && je.internal {
				t.Fatalf("panic recovered: %v", err)
			}
		}
	})
}
