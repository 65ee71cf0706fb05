package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata")

type caseOptions struct {
	StopAtSeconds int64 `json:"stopAtSeconds"`
	Redrive       bool  `json:"redrive"`
	StopQuietly   bool  `json:"stopQuietly"`
	// HistoryTail keeps only the last events in want/history.json, for
	// cases whose history is huge.
	HistoryTail int `json:"historyTail"`
}

func readScript(t *testing.T, dir string) Script {
	data, err := os.ReadFile(filepath.Join(dir, "tasks.json"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonv.Parse(data)
	if err != nil {
		t.Fatalf("tasks.json: %v", err)
	}
	script := Script{}
	for _, m := range v.(*jsonv.Object).Members() {
		for _, r := range m.Value.([]jsonv.Value) {
			o := r.(*jsonv.Object)
			var resp Response
			resp.Return, _ = o.Get("Return")
			if e, ok := o.Get("Error"); ok {
				resp.Error = e.(string)
			}
			if c, ok := o.Get("Cause"); ok {
				resp.Cause = c.(string)
			}
			resp.Submitted, _ = o.Get("Submitted")
			if s, ok := o.Get("Silent"); ok {
				resp.Silent = s.(bool)
			}
			if n, ok := o.Get("DelaySeconds"); ok {
				resp.DelaySeconds, _ = n.(jsonv.Number).Int64()
			}
			script[m.Key] = append(script[m.Key], resp)
		}
	}
	return script
}

// historyJSON renders events one per line inside a JSON array.
func historyJSON(t *testing.T, events []history.Event) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, e := range events {
		line, err := history.AppendJSON(nil, e)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("  ")
		b.Write(line)
		if i < len(events)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes()
}

func runCase(t *testing.T, dir string) (*Result, *machine.Machine) {
	return runCaseWith(t, dir, false)
}

func readOptions(t *testing.T, dir string) caseOptions {
	var opts caseOptions
	if data, err := os.ReadFile(filepath.Join(dir, "options.json")); err == nil {
		if err := json.Unmarshal(data, &opts); err != nil {
			t.Fatal(err)
		}
	}
	return opts
}

func runCaseWith(t *testing.T, dir string, roundTrip bool) (*Result, *machine.Machine) {
	def, err := os.ReadFile(filepath.Join(dir, "definition.asl.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, ds := machine.Load(def)
	if ds.HasErrors() {
		t.Fatalf("definition: %s", ds)
	}
	input := jsonv.Value(jsonv.NewObject(0))
	if data, err := os.ReadFile(filepath.Join(dir, "input.json")); err == nil {
		if input, err = jsonv.Parse(data); err != nil {
			t.Fatalf("input.json: %v", err)
		}
	}
	opts := readOptions(t, dir)
	res, err := Run(m, DefaultExecution, input, readScript(t, dir), Options{StopAt: time.Duration(opts.StopAtSeconds) * time.Second, Redrive: opts.Redrive, StopQuietly: opts.StopQuietly, RoundTrip: roundTrip, CheckApply: roundTrip})
	if err != nil {
		t.Fatal(err)
	}
	return res, m
}

func TestCorpus(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*/*")
	var cases []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "definition.asl.json")); err == nil {
			cases = append(cases, d)
		}
	}
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, dir := range cases {
		name := strings.TrimPrefix(filepath.ToSlash(dir), "testdata/")
		t.Run(name, func(t *testing.T) {
			res, m := runCase(t, dir)
			gotHistory := historyJSON(t, res.Events)
			wantHistory := gotHistory
			if tail := readOptions(t, dir).HistoryTail; tail > 0 && len(res.Events) > tail {
				wantHistory = historyJSON(t, res.Events[len(res.Events)-tail:])
			}
			var gotResult []byte
			resultFile := "output.json"
			if res.Status == interp.StatusSucceeded {
				gotResult = append(jsonv.Marshal(res.Output), '\n')
			} else {
				resultFile = "error.json"
				gotResult = append(jsonv.Marshal(jsonv.ObjectOf("status", res.Status, "error", res.Error, "cause", res.Cause)), '\n')
			}
			want := filepath.Join(dir, "want")
			if *update {
				os.RemoveAll(want)
				os.MkdirAll(want, 0o755)
				os.WriteFile(filepath.Join(want, resultFile), gotResult, 0o644)
				os.WriteFile(filepath.Join(want, "history.json"), wantHistory, 0o644)
			} else {
				for file, got := range map[string][]byte{resultFile: gotResult, "history.json": wantHistory} {
					w, err := os.ReadFile(filepath.Join(want, file))
					if err != nil {
						t.Fatalf("%v (run go test ./conformance -update)", err)
					}
					if diff := cmp.Diff(string(w), string(got)); diff != "" {
						t.Errorf("%s differs (-want +got):\n%s", file, diff)
					}
				}
			}
			// Validate the history's chain.
			if err := history.Validate(res.Events); err != nil {
				t.Errorf("history.Validate: %v", err)
			}
			// Replay: the fold of the history is the final state.
			// A Distributed Map that succeeded cannot be replayed: its
			// output is not in the history.
			replayed, err := interp.Replay(m, res.State.Execution, res.Events)
			var re *interp.ReplayError
			switch {
			case errors.As(err, &re) && re.Code == interp.ReplayOutsideHistory:
			case err != nil:
				t.Fatalf("Replay: %v", err)
			default:
				a, _ := json.Marshal(res.State)
				b, _ := json.Marshal(replayed)
				if !bytes.Equal(a, b) {
					t.Errorf("replayed state differs:\n%s\n%s", a, b)
				}
			}
			// Determinism: the same run gives byte-identical events.
			again, _ := runCase(t, dir)
			if !bytes.Equal(historyJSON(t, again.Events), gotHistory) {
				t.Errorf("Decide is not deterministic")
			}
			// Snapshots: a state that goes through JSON between decisions
			// decides the same; and Apply over each decision's events gives
			// the decision's state.
			stored, _ := runCaseWith(t, dir, true)
			if !bytes.Equal(historyJSON(t, stored.Events), gotHistory) {
				t.Errorf("a state restored from its JSON snapshot decides differently")
			}
		})
	}
}
