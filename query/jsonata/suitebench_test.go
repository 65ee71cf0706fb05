package jsonata

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stepd/stepd/jsonv"
)

// The suite benchmark measures stepd against jsonata-js on the whole
// official suite (scripts/jsonata-bench/run.sh drives both). It is a test
// gated by an environment variable rather than a testing.B benchmark
// because the suite loader needs a *testing.T, and because the figure wanted
// is one fixed workload (every case evaluated N times), not ns/op.
//
//	STEPD_JSONATA_BENCH=1          enables it
//	STEPD_JSONATA_BENCH_N=1000     evaluations per case
//	STEPD_JSONATA_BENCH_OUT=FILE   writes one line per measured case:
//	                               name, case file (relative to the suite
//	                               root), index in that file (-1 for a
//	                               single-case file), total ns of the N runs
//	STEPD_JSONATA_BENCH_MATCH=S    measures only cases whose name contains S
//	                               (for profiling one group)
//
// It prints one machine-readable line:
//
//	JSONATA_SUITE_BENCH impl=stepd cases=C n=N total_ns=T
const suiteBenchEnv = "STEPD_JSONATA_BENCH"

// benchCase is a suite case ready to evaluate: compiled, with its input and
// bindings decoded once so that only evaluation is timed.
type benchCase struct {
	name     string
	file     string // relative to suiteDir
	index    int    // -1 when the file holds one case
	expr     *Expression
	input    jsonv.Value
	bindings map[string]jsonv.Value
}

// benchOptions are the options the suite test evaluates with, so the
// measured cases compute what the suite checks.
var benchOptions = &Options{NowMillis: 1_700_000_000_000}

// benchable reports whether a case belongs in the measured set: cases with
// a time or depth limit measure budgets, not speed, and error cases measure
// the error path of one implementation or the other.
func benchable(c suiteCase) bool {
	if c.Timelimit > 0 || c.Depth > 0 {
		return false
	}
	if c.Code != "" || (c.Error != nil && c.Error.Code != "") {
		return false
	}
	return true
}

// caseLocation recovers the file and index a case name came from
// (loadSuite names cases "group/base" or "group/base_NNN").
func caseLocation(name string) (file string, index int) {
	group, base, _ := strings.Cut(name, "/")
	if i := strings.LastIndexByte(base, '_'); i >= 0 && len(base)-i == 4 {
		if n, err := strconv.Atoi(base[i+1:]); err == nil {
			if _, err := os.Stat(filepath.Join(suiteDir, "groups", group, base+".json")); err != nil {
				return filepath.Join("groups", group, base[:i]+".json"), n
			}
		}
	}
	return filepath.Join("groups", group, base+".json"), -1
}

func prepareBenchCases(t *testing.T) (cases []benchCase, skipped int) {
	for _, c := range loadSuite(t) {
		if !benchable(c) {
			skipped++
			continue
		}
		// Only cases stepd gets right: a wrong answer may be cheap for the
		// wrong reason, and jsonata-js must succeed on the same list.
		if ok, _ := runCase(c); !ok {
			skipped++
			continue
		}
		expr, err := Compile(c.Expr)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		var input jsonv.Value = Undefined
		if c.Dataset != "" {
			input = datasetCache[c.Dataset] // filled by runCase
		} else if len(c.Data) > 0 {
			input = jsonv.MustParse(string(c.Data))
		}
		bindings := map[string]jsonv.Value{}
		for k, raw := range c.Bindings {
			bindings[k] = jsonv.MustParse(string(raw))
		}
		file, index := caseLocation(c.Name)
		cases = append(cases, benchCase{name: c.Name, file: file, index: index, expr: expr, input: input, bindings: bindings})
	}
	return cases, skipped
}

func TestSuiteBench(t *testing.T) {
	if os.Getenv(suiteBenchEnv) != "1" {
		t.Skip("set " + suiteBenchEnv + "=1 to measure the whole suite (scripts/jsonata-bench/run.sh)")
	}
	n := 1000
	if s := os.Getenv(suiteBenchEnv + "_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			t.Fatalf("%s_N=%q: want a positive integer", suiteBenchEnv, s)
		}
		n = v
	}
	cases, skipped := prepareBenchCases(t)
	if match := os.Getenv(suiteBenchEnv + "_MATCH"); match != "" {
		kept := cases[:0]
		for _, c := range cases {
			if strings.Contains(c.name, match) {
				kept = append(kept, c)
			}
		}
		cases = kept
	}
	perCase := make([]time.Duration, len(cases))
	var total time.Duration
	for i, c := range cases {
		start := time.Now()
		for range n {
			if _, _, err := c.expr.Evaluate(c.input, c.bindings, benchOptions); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		perCase[i] = time.Since(start)
		total += perCase[i]
	}
	if out := os.Getenv(suiteBenchEnv + "_OUT"); out != "" {
		var b strings.Builder
		for i, c := range cases {
			fmt.Fprintf(&b, "%s\t%s\t%d\t%d\n", c.name, filepath.ToSlash(c.file), c.index, perCase[i].Nanoseconds())
		}
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	order := make([]int, len(cases))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return perCase[order[a]] > perCase[order[b]] })
	for _, i := range order[:min(10, len(order))] {
		t.Logf("slowest: %-40s %8.1f µs/eval", cases[i].name, float64(perCase[i].Nanoseconds())/float64(n)/1e3)
	}
	t.Logf("skipped %d cases (time/depth limits, expected errors, not passing)", skipped)
	fmt.Printf("JSONATA_SUITE_BENCH impl=stepd cases=%d n=%d total_ns=%d\n", len(cases), n, total.Nanoseconds())
}

func TestCaseLocation(t *testing.T) {
	if _, err := os.Stat(suiteDir); err != nil {
		t.Skipf("suite not present: %v", err)
	}
	for _, c := range loadSuite(t) {
		file, index := caseLocation(c.Name)
		if _, err := os.Stat(filepath.Join(suiteDir, file)); err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if index >= 0 && !strings.HasSuffix(c.Name, fmt.Sprintf("_%03d", index)) {
			t.Fatalf("%s: index %d", c.Name, index)
		}
	}
}
