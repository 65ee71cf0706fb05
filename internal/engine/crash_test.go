package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/postgres"
	"github.com/stepd/stepd/internal/store/sqlite"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// The crash test re-executes this test binary as child processes running
// an engine, kills them with SIGKILL at random points, restarts them on the
// same database, and finally checks every execution: one node on a SQLite
// file, or two nodes at once sharing a PostgreSQL schema.

const (
	crashChildEnv  = "STEPD_ENGINE_CRASH_CHILD" // "run" or "finish"
	crashDirEnv    = "STEPD_ENGINE_CRASH_DIR"
	crashCountEnv  = "STEPD_ENGINE_CRASH_COUNT"
	crashSchemaEnv = "STEPD_ENGINE_CRASH_SCHEMA" // PostgreSQL instead of SQLite
	crashMachine   = smPrefix + "crash"
	// crashLease is the nodes' task lease on PostgreSQL: a killed node's
	// claims wait for it to expire before another node takes them.
	crashLease = 2 * time.Second
)

// crashStore opens the children's database.
func crashStore(ctx context.Context) (store.Store, error) {
	if schema := os.Getenv(crashSchemaEnv); schema != "" {
		return postgres.Open(ctx, os.Getenv("STEPD_TEST_POSTGRES_URL"), postgres.Options{Schema: schema})
	}
	return sqlite.Open(ctx, filepath.Join(os.Getenv(crashDirEnv), "stepd.db"), sqlite.Options{})
}

// crashDefinition increments $.n in four tasks, with two Waits, a Pass and
// a retried failure on the way.
const crashDefinition = `{"StartAt":"A","States":{
	"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"W1"},
	"W1":{"Type":"Wait","Seconds":1,"Next":"B"},
	"B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":2}],"Next":"P"},
	"P":{"Type":"Pass","Parameters":{"n.$":"$.n"},"Next":"C"},
	"C":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"W2"},
	"W2":{"Type":"Wait","Seconds":1,"Next":"D"},
	"D":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`

func TestMain(m *testing.M) {
	if mode := os.Getenv(crashChildEnv); mode != "" {
		os.Exit(crashChild(mode))
	}
	os.Exit(m.Run())
}

// increment is the child's runner: {"n":k} → {"n":k+1}; state B fails its
// first attempt.
func increment(ctx context.Context, t *runner.Task) (runner.Result, error) {
	if t.StateName == "B" && t.Attempt == 1 {
		return runner.Result{Error: "Flaky", Cause: "first attempt"}, nil
	}
	obj, ok := t.Input.(*jsonv.Object)
	if !ok {
		return runner.Result{Error: "BadInput", Cause: jsonv.String(t.Input)}, nil
	}
	n, _ := obj.Get("n")
	num, _ := n.(jsonv.Number)
	k, _ := num.Int64()
	return runner.Result{Output: jsonv.ObjectOf("n", jsonv.Int(k+1))}, nil
}

func crashChild(mode string) int {
	ctx := context.Background()
	count, _ := strconv.Atoi(os.Getenv(crashCountEnv))
	s, err := crashStore(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	shared := os.Getenv(crashSchemaEnv) != ""
	e := New(Options{Store: s, Runner: &runner.Router{Fallback: runner.Func(increment)}, SingleNode: !shared, TaskLease: crashLease,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err := e.Start(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	err = s.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.StateMachineCreate(ctx, &store.StateMachineCreateParams{ARN: crashMachine, Name: "crash", Type: store.TypeStandard, Definition: crashDefinition, RevisionID: "1", Now: time.Now()})
		if errors.Is(err, store.ErrAlreadyExists) {
			return nil
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println("ready")
	var arns []string
	for i := range count {
		ex, err := e.StartExecution(ctx, &StartParams{StateMachineARN: crashMachine, Name: fmt.Sprintf("e%04d", i), Input: []byte(`{"n":0}`)})
		var ee *Error
		switch {
		case errors.As(err, &ee) && ee.Code == CodeExecutionAlreadyExists:
			arns = append(arns, "arn:aws:states:us-east-1:123456789012:execution:crash:"+fmt.Sprintf("e%04d", i))
		case err != nil:
			fmt.Fprintln(os.Stderr, err)
			return 2
		default:
			arns = append(arns, ex.ARN)
		}
	}
	if mode != "finish" {
		select {} // until killed
	}
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for _, arn := range arns {
		if _, err := e.WaitForClose(wctx, arn); err != nil {
			fmt.Fprintln(os.Stderr, arn, err)
			return 3
		}
	}
	e.Stop()
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

func TestCrashRecovery(t *testing.T) {
	count, kills := 200, 8
	if testing.Short() {
		count, kills = 60, 4
	}
	dir := t.TempDir()
	crashAndFinish(t, []string{crashDirEnv + "=" + dir}, 1, count, kills)
	s := openSQLite(t, filepath.Join(dir, "stepd.db"))
	defer s.Close()
	checkCrashResults(t, s, count)
}

// Two nodes share PostgreSQL and are killed at random, apart: the other
// node carries on, and takes over the killed one's work once its leases
// expire.
func TestCrashRecoveryTwoNodesOnPostgres(t *testing.T) {
	schema := postgresSchema(t)
	count, kills := 200, 6
	if testing.Short() {
		count, kills = 60, 3
	}
	crashAndFinish(t, []string{crashSchemaEnv + "=" + schema}, 2, count, kills)
	s, err := postgres.Open(context.Background(), os.Getenv("STEPD_TEST_POSTGRES_URL"), postgres.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkCrashResults(t, s, count)
}

// crashAndFinish runs nodes children at once, kills each at its own random
// point, kills times over; then one child finishes every execution.
func crashAndFinish(t *testing.T, env []string, nodes, count, kills int) {
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	t.Logf("seed %d", seed)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := func(mode string) (*exec.Cmd, *bufio.Scanner) {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), crashChildEnv+"="+mode, crashCountEnv+"="+strconv.Itoa(count))
		cmd.Env = append(cmd.Env, env...)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		if !lines.Scan() || lines.Text() != "ready" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("child did not start: %q", lines.Text())
		}
		return cmd, lines
	}
	for i := range kills {
		// Kill at a random point: during the starts, mid-Wait, mid-task;
		// with two nodes, one after the other.
		var cmds []*exec.Cmd
		for range nodes {
			cmd, lines := child("run")
			go func() {
				for lines.Scan() {
				}
			}()
			cmds = append(cmds, cmd)
		}
		for _, cmd := range cmds {
			time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
		}
		t.Logf("killed run %d", i+1)
	}
	cmd, lines := child("finish")
	go func() {
		for lines.Scan() {
		}
	}()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("final run: %v", err)
	}
}

func checkCrashResults(t *testing.T, s store.Store, count int) {
	ctx := context.Background()
	e := New(Options{Store: s, Runner: &runner.Router{}})
	var first []string
	for i := range count {
		arn := "arn:aws:states:us-east-1:123456789012:execution:crash:" + fmt.Sprintf("e%04d", i)
		ex, err := e.DescribeExecution(ctx, arn)
		if err != nil {
			t.Fatal(err)
		}
		if ex.Status != store.StatusSucceeded || string(ex.Output) != `{"n":4}` {
			t.Fatalf("%s: %s %s %s", arn, ex.Status, ex.Output, ex.Cause)
		}
		events, err := e.FullHistory(ctx, arn)
		if err != nil {
			t.Fatal(err)
		}
		if err := history.Validate(events); err != nil {
			t.Fatalf("%s: %v", arn, err)
		}
		// The committed snapshot is the fold of the committed history.
		snap, err := decodeSnapshot(ex.Snapshot)
		if err != nil {
			t.Fatal(err)
		}
		m, diags := machine.Load(ex.Definition)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		replayed, err := interp.Replay(m, snap.State.Execution, events)
		if err != nil {
			t.Fatalf("%s: %v", arn, err)
		}
		if replayed.Status != snap.State.Status || replayed.LastEventID != snap.State.LastEventID || replayed.Counter != snap.State.Counter {
			t.Fatalf("%s: replay gives %s/%d/%d, snapshot %s/%d/%d", arn, replayed.Status, replayed.LastEventID, replayed.Counter,
				snap.State.Status, snap.State.LastEventID, snap.State.Counter)
		}
		types := make([]string, len(events))
		for j, ev := range events {
			types[j] = string(ev.Type)
		}
		// Every execution takes the same path: a transition applied twice
		// or lost would change its history.
		if first == nil {
			first = types
			counts := map[string]int{}
			for _, ty := range types {
				counts[ty]++
			}
			if counts["TaskScheduled"] != 5 || counts["TaskSucceeded"] != 4 || counts["TaskFailed"] != 1 || counts["WaitStateExited"] != 2 {
				t.Fatalf("unexpected history %v", types)
			}
		} else if fmt.Sprint(types) != fmt.Sprint(first) {
			t.Fatalf("%s history differs:\n%v\nvs\n%v", arn, types, first)
		}
	}
	err := s.ReadTx(ctx, func(tx store.Tx) error {
		rows, err := tx.TimerNext(ctx, &store.TimerNextParams{Limit: 10})
		if len(rows) != 0 {
			return fmt.Errorf("timers left: %v", rows)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
