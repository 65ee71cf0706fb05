package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/mattn/go-isatty"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/mapitems"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/local"
	"github.com/stepd/stepd/mock"
)

type runCmd struct {
	File       string `arg:"" name:"file" help:"State machine definition (.json, .asl.json, .yaml, .yml)." type:"existingfile"`
	Input      string `help:"Execution input: JSON text, or @FILE to read it from a file." default:"{}"`
	Name       string `help:"Execution name (random when empty)."`
	MockConfig string `help:"Step Functions Local MockConfigFile answering Task states." type:"existingfile" placeholder:"FILE"`
	TestCase   string `help:"Test case of the mock config to run." placeholder:"NAME"`
	Machine    string `help:"State machine name: the key under StateMachines in the mock config (default: its only machine, else the file name)." placeholder:"NAME"`
	History    bool   `help:"Print the execution history, as GetExecutionHistory returns it."`
	SkipWaits  bool   `help:"Run Wait states, retry back-off and timeouts on a fake clock that skips ahead."`
	Format     string `help:"Output format: text, or json for scripts." enum:"text,json" default:"text"`
}

func (c *runCmd) Run(g *Globals) error {
	definition, err := readDefinition(c.File)
	if err != nil {
		return err
	}
	input, err := c.readInput()
	if err != nil {
		return err
	}
	opts := local.Options{Name: c.Name, SkipWaits: c.SkipWaits, StateMachineName: machineNameFromFile(c.File)}
	if c.Machine != "" {
		opts.StateMachineName = c.Machine
	}
	if err := c.loadMocks(&opts); err != nil {
		return err
	}
	// The view and the functions' log lines share stderr from several
	// goroutines.
	stderr := &lockedWriter{w: g.stderr}
	router := &runner.Router{}
	closeRunners, err := g.settings.runners(router, slog.New(slog.NewTextHandler(stderr, nil)), local.RegionDefault, local.AccountDefault)
	if err != nil {
		return err
	}
	defer closeRunners()
	opts.Tasks = localTasks(router)
	mapRunObjects(&opts, router)
	view := newView(stderr, isTerminal(g.stderr) && c.Format == "text")
	opts.OnEvent = view.event
	res, err := local.Run(g.ctx, definition, input, opts)
	if err != nil {
		return err
	}
	if err := c.print(g.stdout, res); err != nil {
		return err
	}
	if res.Status != "SUCCEEDED" {
		return exitError{1}
	}
	return nil
}

// readDefinition returns the definition as JSON, converting YAML.
func readDefinition(file string) ([]byte, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if ext := strings.ToLower(filepath.Ext(file)); ext == ".yaml" || ext == ".yml" {
		js, _, err := yamlToJSON(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return js, nil
	}
	return data, nil
}

func (c *runCmd) readInput() (jsonv.Value, error) {
	text := []byte(c.Input)
	if strings.HasPrefix(c.Input, "@") {
		data, err := os.ReadFile(c.Input[1:])
		if err != nil {
			return nil, fmt.Errorf("--input: %w", err)
		}
		text = data
	}
	v, err := jsonv.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("--input is not valid JSON: %w", err)
	}
	return v, nil
}

// machineNameFromFile turns "path/order-flow.asl.json" into "order-flow".
func machineNameFromFile(file string) string {
	base := filepath.Base(file)
	for _, ext := range []string{".asl.json", ".asl.yaml", ".asl.yml", ".json", ".yaml", ".yml"} {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			return base[:len(base)-len(ext)]
		}
	}
	return base
}

func (c *runCmd) loadMocks(opts *local.Options) error {
	if c.MockConfig == "" {
		if c.TestCase != "" {
			return fmt.Errorf("--test-case needs --mock-config")
		}
		return nil
	}
	if c.TestCase == "" {
		return fmt.Errorf("--mock-config needs --test-case NAME")
	}
	cfg, err := readMockConfig(c.MockConfig)
	if err != nil {
		return err
	}
	if c.Machine == "" {
		if names := cfg.StateMachines(); len(names) == 1 {
			opts.StateMachineName = names[0]
		}
	}
	script, err := cfg.Script(opts.StateMachineName, c.TestCase)
	if err != nil {
		return fmt.Errorf("%s: %w", c.MockConfig, err)
	}
	opts.Mocks = script
	return nil
}

// readMockConfig reads a Step Functions Local MockConfigFile.
func readMockConfig(path string) (*mock.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := mock.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

func (c *runCmd) print(w io.Writer, res *local.Result) error {
	if c.Format == "json" {
		out := jsonv.ObjectOf("executionArn", res.ExecutionArn, "status", res.Status)
		if res.Status == "SUCCEEDED" {
			out.Set("output", res.Output)
		} else {
			out.Set("error", res.Error)
			out.Set("cause", res.Cause)
		}
		if c.History {
			events, err := historyJSON(res.History)
			if err != nil {
				return err
			}
			out.Set("history", events)
		}
		_, err := fmt.Fprintln(w, indent(jsonv.Marshal(out)))
		return err
	}
	if c.History {
		events, err := historyJSON(res.History)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, indent(jsonv.Marshal(jsonv.ObjectOf("events", events))))
	}
	if res.Status == "SUCCEEDED" {
		_, err := fmt.Fprintln(w, indent(jsonv.Marshal(res.Output)))
		return err
	}
	fmt.Fprintf(w, "%s\nError: %s\n", res.Status, res.Error)
	if res.Cause != "" {
		fmt.Fprintf(w, "Cause: %s\n", res.Cause)
	}
	return nil
}

// historyJSON renders events as GetExecutionHistory's "events" array.
func historyJSON(events []history.Event) (jsonv.Value, error) {
	arr := make([]jsonv.Value, 0, len(events))
	for _, e := range events {
		b, err := history.AppendJSON(nil, e)
		if err != nil {
			return nil, err
		}
		v, err := jsonv.Parse(b)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
	return arr, nil
}

// indent pretty-prints compact JSON without reordering keys or touching
// number text.
func indent(compact []byte) string {
	var b bytes.Buffer
	if err := json.Indent(&b, compact, "", "  "); err != nil {
		return string(compact)
	}
	return b.String()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) && os.Getenv("TERM") != "dumb"
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// mapRunObjects lets Distributed Maps read and write Amazon S3 through the
// aws: section's client (without one, they fail saying so).
func mapRunObjects(opts *local.Options, router *runner.Router) {
	objs, _ := router.AWS.(mapitems.Objects)
	opts.ReadItems = func(ctx context.Context, reader jsonv.Value) ([]jsonv.Value, error) {
		return mapitems.Read(ctx, objs, "", reader)
	}
	opts.WriteResults = func(ctx context.Context, writer jsonv.Value, runARN string, children []local.ChildResult) (jsonv.Value, error) {
		list := make([]mapitems.Child, len(children))
		for i, c := range children {
			list[i] = mapitems.Child{ExecutionARN: c.ExecutionArn, Status: c.Status, Input: jsonv.String(c.Input), Error: c.Error, Cause: c.Cause}
			if c.Status == "SUCCEEDED" {
				list[i].Output = jsonv.String(c.Output)
			}
		}
		return mapitems.Write(ctx, objs, "", writer, runARN, list)
	}
}
