package engine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stepd/stepd/internal/store"
)

// TestExampleNestedWorkflow runs examples/nested-workflow through the
// engine over SQLite: a Map whose iterations each wait on a child with
// startExecution.sync:2.
func TestExampleNestedWorkflow(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "nested-workflow")
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	s := openSQLite(t, filepath.Join(t.TempDir(), "stepd.db"))
	defer s.Close()
	h := newNestedHarness(t, harnessOptions{store: s})
	h.machine("nested-child", store.TypeStandard, read("child.asl.json")) // the ARN parent.asl.json names
	parent := h.machine("nested-parent", store.TypeStandard, read("parent.asl.json"))
	ex := h.start(parent, "run-1", read("input.json"))
	done := h.wait(ex.ARN)
	if done.Status != store.StatusSucceeded || string(done.Output) != `{"greetings":["Hello, Ada!","Hello, Grace!","Hello, Edsger!"]}` {
		t.Fatalf("%s %s %s %s", done.Status, done.Output, done.Error, done.Cause)
	}
	// The iterations run at once: count the task events of each kind.
	count := map[string]int{}
	for _, ty := range taskEvents(h.history(ex.ARN)) {
		count[ty]++
	}
	if len(count) != 4 || count["TaskScheduled"] != 3 || count["TaskStarted"] != 3 || count["TaskSubmitted"] != 3 || count["TaskSucceeded"] != 3 {
		t.Fatalf("task events %v", count)
	}
	var children *store.Page[store.Execution]
	err := s.ReadTx(h.ctx, func(tx store.Tx) error {
		var err error
		children, err = tx.ExecutionList(h.ctx, &store.ExecutionListParams{StateMachineARN: smPrefix + "nested-child"})
		return err
	})
	if err != nil || len(children.Items) != 3 {
		t.Fatal(children, err)
	}
	for _, c := range children.Items {
		if c.Status != store.StatusSucceeded || c.ParentARN != ex.ARN {
			t.Fatalf("child %s: %s, parent %q", c.ARN, c.Status, c.ParentARN)
		}
	}
}
