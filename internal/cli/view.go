package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/stepd/stepd/history"
)

// view shows an execution's progress on stderr while it runs. On a terminal
// it keeps a compact table of states, redrawn in place; elsewhere it writes
// one plain line per step, which reads well in CI logs.
type view struct {
	w     io.Writer
	live  bool
	rows  []*viewRow
	byKey map[string]*viewRow
	drawn int // lines of the last live drawing
	start time.Time
}

type viewRow struct {
	name    string
	status  string // running, succeeded, failed, retrying
	entered time.Time
	took    time.Duration
	runs    int // how many times the state was entered (loops, Map iterations)
	retries int
	detail  string
}

func newView(w io.Writer, live bool) *view {
	return &view{w: w, live: live, byKey: map[string]*viewRow{}}
}

// liveRows bounds the live table so long workflows do not scroll away.
const liveRows = 20

func (v *view) event(e history.Event) {
	if v.start.IsZero() {
		v.start = e.Timestamp
	}
	switch e.Type.Kind() {
	case history.KindStateEntered:
		row := v.row(e.StateName())
		row.status, row.entered, row.runs = "running", e.Timestamp, row.runs+1
		v.line(e, "→ %s", row.name)
	case history.KindStateExited:
		row := v.row(e.StateName())
		row.took = e.Timestamp.Sub(row.entered)
		if row.status == "failed" {
			// Leaving a failed state means a Catch took the error.
			row.status = "caught"
			v.line(e, "↪ %s caught %s (%s)", row.name, row.detail, row.took)
			return
		}
		row.status, row.detail = "succeeded", ""
		v.line(e, "✓ %s (%s)", row.name, row.took)
	case history.KindTask, history.KindActivity, history.KindLambda:
		// A task scheduled again after a failure is a retry.
		if strings.HasSuffix(string(e.Type), "Scheduled") {
			if row := v.current(); row != nil && row.status == "failed" {
				row.status, row.retries = "retrying", row.retries+1
				v.line(e, "↻ %s (retry %d)", row.name, row.retries)
			}
			return
		}
		v.failure(e)
	default:
		v.failure(e)
	}
}

// failure shows the error of a failure, time-out or abort event.
func (v *view) failure(e history.Event) {
	errName, cause, failed := e.Failure()
	if !failed {
		return
	}
	if e.Type.Kind() == history.KindExecution {
		v.line(e, "✗ execution %s: %s", strings.TrimPrefix(string(e.Type), "Execution"), errName)
		return
	}
	row := v.current()
	if row == nil {
		return
	}
	row.status, row.detail = "failed", errName
	if cause != "" {
		row.detail += ": " + oneLine(cause, 60)
	}
	v.line(e, "✗ %s: %s", row.name, row.detail)
}

func (v *view) row(name string) *viewRow {
	row, ok := v.byKey[name]
	if !ok {
		row = &viewRow{name: name}
		v.byKey[name] = row
		v.rows = append(v.rows, row)
	}
	return row
}

// current is the most recently entered state still running or failing.
func (v *view) current() *viewRow {
	for i := len(v.rows) - 1; i >= 0; i-- {
		if r := v.rows[i]; r.status != "succeeded" && r.status != "caught" {
			return r
		}
	}
	return nil
}

func (v *view) line(e history.Event, format string, args ...any) {
	if v.live {
		v.redraw()
		return
	}
	fmt.Fprintf(v.w, "%8s  %s\n", e.Timestamp.Sub(v.start).Round(time.Millisecond), fmt.Sprintf(format, args...))
}

var statusIcons = map[string]string{
	"running":   "\x1b[36m●\x1b[0m",
	"succeeded": "\x1b[32m✓\x1b[0m",
	"failed":    "\x1b[31m✗\x1b[0m",
	"retrying":  "\x1b[33m↻\x1b[0m",
	"caught":    "\x1b[33m↪\x1b[0m",
}

func (v *view) redraw() {
	var b strings.Builder
	if v.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", v.drawn)
	}
	rows := v.rows
	if len(rows) > liveRows {
		rows = rows[len(rows)-liveRows:]
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "\x1b[2K%s %-30s", statusIcons[r.status], oneLine(r.name, 30))
		if r.status != "running" {
			fmt.Fprintf(&b, " %8s", r.took.Round(time.Millisecond))
		}
		if r.runs > 1 {
			fmt.Fprintf(&b, "  ×%d", r.runs)
		}
		if r.retries > 0 {
			fmt.Fprintf(&b, "  retries %d", r.retries)
		}
		if r.detail != "" && r.status != "succeeded" {
			fmt.Fprintf(&b, "  %s", r.detail)
		}
		b.WriteString("\n")
	}
	v.drawn = len(rows)
	io.WriteString(v.w, b.String())
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}
