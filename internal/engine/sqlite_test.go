package engine

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlite"
	"github.com/stepd/stepd/jsonv"
)

func openSQLite(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSQLiteTaskPassWaitRetry(t *testing.T) {
	s := openSQLite(t, filepath.Join(t.TempDir(), "stepd.db"))
	defer s.Close()
	taskPassWaitRetry(t, s)
}

// TestRestartResumesTimersAndTasks stops an engine with work pending,
// reopens the database and checks a new engine finishes everything: timers
// from the reloaded index, tasks from the outbox (claims of the old process
// released at start).
func TestRestartResumesTimersAndTasks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stepd.db")
	s := openSQLite(t, path)
	h := newHarness(t, harnessOptions{store: s, noStart: true})
	w := h.machine("w", store.TypeStandard, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"Next":"T"},
		"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`)
	var arns []string
	for i := range 10 {
		arns = append(arns, h.start(w, "e"+string(rune('a'+i)), `{}`).ARN)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := openSQLite(t, path)
	defer s2.Close()
	h2 := newHarness(t, harnessOptions{store: s2, noStart: true})
	h2.e.opts.SingleNode = true
	for range 10 {
		h2.script.Return("T", jsonv.MustParse(`"done"`))
	}
	h2.clock.Set(h.clock.Now().Add(time.Minute)) // the timers are late now
	if err := h2.e.Start(h2.ctx); err != nil {
		t.Fatal(err)
	}
	defer h2.e.Stop()
	for _, arn := range arns {
		done := h2.wait(arn)
		if done.Status != store.StatusSucceeded || string(done.Output) != `"done"` {
			t.Fatalf("%s: %s %s", arn, done.Status, done.Output)
		}
		h2.history(arn)
	}
}
