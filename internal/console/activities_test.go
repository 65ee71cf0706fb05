package console

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store/sqlite"
	"github.com/stepd/stepd/jsonv"
)

func TestActivitiesShowsPendingTasksAndWorkers(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "stepd.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fc := clock.NewFake(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	acts := runner.NewActivities(st, fc)
	const arn = "arn:aws:states:us-east-1:123456789012:activity:review"
	for _, token := range []string{"t1", "t2", "t3"} {
		if _, err := acts.Run(ctx, &runner.Task{Resource: arn, TaskToken: token, ExecutionARN: "x", Input: jsonv.MustParse(`{}`)}); err != nil {
			t.Fatal(err)
		}
	}
	if task, err := acts.Poll(ctx, arn, "alice"); err != nil || task == nil {
		t.Fatalf("poll: %v %v", task, err)
	}
	fc.Advance(time.Second)
	if task, err := acts.Poll(ctx, arn, "bob"); err != nil || task == nil {
		t.Fatalf("poll: %v %v", task, err)
	}

	rec := httptest.NewRecorder()
	Activities(st, acts).ServeHTTP(rec, httptest.NewRequest("GET", "/console/activities", nil))
	want := `{"activities":[{"activityArn":"` + arn + `","pendingTasks":1,"workers":[{"name":"bob","lastSeen":1772600768},{"name":"alice","lastSeen":1772600767}]}]}`
	if got := strings.TrimSpace(rec.Body.String()); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
}
