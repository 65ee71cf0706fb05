package machine

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/jsonv"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/invalid")

func render(ds asl.Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestCompileInvalid checks the expression diagnostics against golden files.
func TestCompileInvalid(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.asl.json")
	if len(files) < 30 {
		t.Fatalf("want 30+ invalid cases, have %d", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".asl.json"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m, ds := (&Cache{}).Load(data)
			got := render(ds)
			wantFile := strings.TrimSuffix(f, ".asl.json") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test ./machine -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("diagnostics differ (-want +got):\n%s", diff)
			}
			if m != nil || !ds.HasErrors() {
				t.Errorf("an invalid case must fail to compile")
			}
		})
	}
}

func TestCompileValidASLCorpus(t *testing.T) {
	files, _ := filepath.Glob("../asl/testdata/valid/*.asl.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sm, ds := asl.Parse(data)
		if ds.HasErrors() {
			continue
		}
		if _, ds := Compile(sm); ds.HasErrors() {
			t.Errorf("%s: %s", f, render(ds))
		}
	}
}

func TestCacheCompilesOnce(t *testing.T) {
	def := []byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"$.y"},"End":true}}}`)
	var c Cache
	m1, ds := c.Load(def)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	m2, _ := c.Load(def)
	if m1 != m2 || c.Len() != 1 {
		t.Fatalf("cache did not reuse the machine")
	}
	st := m1.Root.States[0]
	out, err := st.Parameters.Eval(jsonv.MustParse(`{"y":[1,2]}`), nil)
	if err != nil || jsonv.String(out) != `{"x":[1,2]}` {
		t.Fatalf("Parameters = %s, %v", jsonv.String(out), err)
	}
}

// GenerateChain returns a definition of n Pass states, each with Parameters
// and ResultPath, for benchmarks.
func GenerateChain(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"StartAt":"S0","States":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"S%d":{"Type":"Pass","InputPath":"$","Parameters":{"n":%d,"v.$":"$.value","f.$":"States.Format('{}-{}', $.value, %d)"},"ResultPath":"$.r%d",`, i, i, i, i%5)
		if i == n-1 {
			b.WriteString(`"End":true}`)
		} else {
			fmt.Fprintf(&b, `"Next":"S%d"}`, i+1)
		}
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}

func BenchmarkCompile100States(b *testing.B) {
	def := GenerateChain(100)
	b.ReportAllocs()
	for b.Loop() {
		sm, ds := asl.Parse(def)
		if ds.HasErrors() {
			b.Fatal(ds)
		}
		if _, ds := Compile(sm); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
}

// TestCompileHandBuiltMachine: a machine built without asl.Parse (so not
// validated) compiles to diagnostics, never to a machine that panics.
func TestCompileHandBuiltMachine(t *testing.T) {
	sm := &asl.StateMachine{StartAt: "A", States: asl.NewStates(
		&asl.Pass{StateCommon: asl.StateCommon{Name: "A", Type: asl.TypePass, Next: "Nope", Pointer: "/States/A"}},
	)}
	m, ds := Compile(sm)
	if m != nil || !ds.HasErrors() || !strings.Contains(ds.Error(), "Missing 'Next' target: Nope") {
		t.Fatalf("Compile = %v, %s", m, ds)
	}
	if _, ds := Compile(nil); !ds.HasErrors() {
		t.Fatalf("Compile(nil) has no error")
	}
}
