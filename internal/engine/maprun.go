package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// Distributed Map runs are durable the way nested executions are
// (nested.go), through outbox rows and without polling:
//
//   - The parent's transaction that records MapRunStarted creates the
//     store.MapRun (its payload is a mapRunRecord: the children's inputs,
//     settings and per-child status) and a step row keyed on the run.
//   - A step (runMapRunStep) runs under the parent execution's lock: it
//     applies what the row reports (a child's end, an abort, an update),
//     starts children while MaxConcurrency allows, and decides whether the
//     run ended. Children are named after the run and their index, so a
//     step taken again after a crash finds the children it started.
//   - A child's closing transaction inserts a step row for its run
//     carrying its outcome (for an Express child, whose store is another,
//     right after its commit).
//   - When the run ends, the same transaction updates the run and hands
//     the parent MapRunEnded; an aborted or failed run writes nested-stop
//     rows (nested.go) that stop its running children.
//
// Step rows live under the run's ARN rather than the parent's, so the
// parent closing (which deletes its own rows) does not take them along.

// mapRunLink ties a child execution to its Map Run.
type mapRunLink struct {
	RunARN    string `json:"runArn"`
	ParentARN string `json:"parentArn"`
	Index     int    `json:"index"`
}

func (l *mapRunLink) runARN() string {
	if l == nil {
		return ""
	}
	return l.RunARN
}

// Child statuses in mapRunRecord.Status.
const (
	childPending = iota
	childRunning
	childSucceeded
	childFailed
	childTimedOut
	childAborted
	// childPendingRedrive: a child that did not succeed, to run again
	// because the run was redriven.
	childPendingRedrive
)

// mapRunRecord is a run's bookkeeping, kept in store.MapRun.Payload.
type mapRunRecord struct {
	ParentARN     string            `json:"parentArn"`
	StateName     string            `json:"stateName"`
	ExecutionType string            `json:"executionType"`
	RoleArn       string            `json:"roleArn,omitempty"`
	Definition    string            `json:"definition"`
	Inputs        []json.RawMessage `json:"inputs"`
	Items         []int             `json:"items"`
	// Status, Outputs and Children are per child, by index.
	Status   []int             `json:"status"`
	Outputs  []json.RawMessage `json:"outputs"`
	Children []string          `json:"children"`

	MaxConcurrency                int     `json:"maxConcurrency"`
	ToleratedFailureCount         int64   `json:"toleratedFailureCount"`
	ToleratedFailureCountSet      bool    `json:"toleratedFailureCountSet,omitempty"`
	ToleratedFailurePercentage    float64 `json:"toleratedFailurePercentage"`
	ToleratedFailurePercentageSet bool    `json:"toleratedFailurePercentageSet,omitempty"`

	ItemReader   json.RawMessage `json:"itemReader,omitempty"`
	ResultWriter json.RawMessage `json:"resultWriter,omitempty"`
	// ResultsWritten says the ResultWriter wrote the children's results.
	ResultsWritten bool      `json:"resultsWritten,omitempty"`
	Error          string    `json:"error,omitempty"`
	Cause          string    `json:"cause,omitempty"`
	RedriveCount   int       `json:"redriveCount,omitempty"`
	RedriveDate    time.Time `json:"redriveDate,omitempty"`
}

// Step row keys (rows of kind task under the run's ARN).
const (
	mapRunRowPrefix  = "maprun:"
	mapRunStartKey   = mapRunRowPrefix + "start"
	mapRunAbortKey   = mapRunRowPrefix + "abort"
	mapRunChildKey   = mapRunRowPrefix + "child:"   // + index + ":" + the child's closing event id
	mapRunUpdateKey  = mapRunRowPrefix + "update:"  // + the run's version
	mapRunRedriveKey = mapRunRowPrefix + "redrive:" // + the run's redrive count
	// mapRunCheckKey (+ when it is due) looks, once the Express limit has
	// passed, for Express children whose end never reached the run: their
	// report is written after their commit, so a crash can lose it, and
	// they do not survive a restart.
	mapRunCheckKey = mapRunRowPrefix + "check:"
)

func isMapRunRow(row store.OutboxRow) bool { return strings.HasPrefix(row.Key, mapRunRowPrefix) }

// mapRunStepRow is a step row's payload.
type mapRunStepRow struct {
	Parent string `json:"parent"`
	// A child's end: its index, status and result.
	Index  int             `json:"index,omitempty"`
	Status string          `json:"status,omitempty"`
	Output json.RawMessage `json:"output,omitempty"`
	Error  string          `json:"error,omitempty"`
	Cause  string          `json:"cause,omitempty"`
}

func mapRunRow(runARN, parent, key string, step *mapRunStepRow) store.OutboxRow {
	if step == nil {
		step = &mapRunStepRow{}
	}
	step.Parent = parent
	payload, _ := json.Marshal(step)
	return store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: runARN, Key: key, Payload: payload}
}

// newMapRunRecord is the record of a run the interpreter asked for.
func newMapRunRecord(parent, role string, r interp.StartMapRun) *mapRunRecord {
	rec := &mapRunRecord{
		ParentARN: parent, StateName: r.StateName, ExecutionType: r.ExecutionType, RoleArn: role,
		Definition: string(r.Definition), Items: r.Items, MaxConcurrency: r.MaxConcurrency,
		ToleratedFailureCount: r.ToleratedFailureCount, ToleratedFailureCountSet: r.ToleratedFailureCountSet,
		ToleratedFailurePercentage: r.ToleratedFailurePercentage, ToleratedFailurePercentageSet: r.ToleratedFailurePercentageSet,
		Status: make([]int, len(r.Inputs)), Outputs: make([]json.RawMessage, len(r.Inputs)), Children: make([]string, len(r.Inputs)),
	}
	for _, in := range r.Inputs {
		rec.Inputs = append(rec.Inputs, jsonv.Marshal(in))
	}
	if r.ItemReader != nil {
		rec.ItemReader = jsonv.Marshal(r.ItemReader)
	}
	if r.ResultWriter != nil {
		rec.ResultWriter = jsonv.Marshal(r.ResultWriter)
	}
	return rec
}

// planMapRun adds a run the decision starts to the plan: its record and
// its first step row (written with the rows for other executions).
func (p *plan) planMapRun(r interp.StartMapRun, role string) error {
	payload, err := json.Marshal(newMapRunRecord(p.arn, role, r))
	if err != nil {
		return err
	}
	p.mapRuns = append(p.mapRuns, store.MapRunCreateParams{ARN: r.MapRunARN, ExecutionARN: p.arn, StateMachineARN: r.StateMachineARN, Payload: payload})
	p.nested = append(p.nested, mapRunRow(r.MapRunARN, p.arn, mapRunStartKey, nil))
	return nil
}

// writeMapRuns creates the runs a decision started.
func (p *plan) writeMapRuns(ctx context.Context, tx store.Tx, now time.Time) error {
	for i := range p.mapRuns {
		r := p.mapRuns[i]
		r.Now = now
		if _, err := tx.MapRunCreate(ctx, &r); err != nil && !errors.Is(err, store.ErrAlreadyExists) {
			return err
		}
	}
	return nil
}

// planMapRunChild adds the step row that reports a closing child to its
// run: in this transaction when the run lives in the same store, else
// right after it (an Express child of a Standard run).
func (c *core) planMapRunChild(p *plan, link *mapRunLink, after *interp.State) {
	if p.close == nil || link == nil {
		return
	}
	step := &mapRunStepRow{Index: link.Index, Status: p.close.Status, Error: p.close.Error, Cause: p.close.Cause}
	if p.close.Status == interp.StatusSucceeded {
		step.Output = jsonv.Marshal(p.close.Output)
	}
	row := mapRunRow(link.RunARN, link.ParentARN, mapRunChildKey+strconv.Itoa(link.Index)+":"+strconv.FormatInt(after.LastEventID, 10), step)
	if c.e.coreFor(link.ParentARN) == c {
		p.nested = append(p.nested, row)
	} else {
		p.elsewhere = append(p.elsewhere, row)
	}
}

// deliverElsewhere writes the rows a decision owes another store.
func (c *core) deliverElsewhere(rows []store.OutboxRow) {
	for _, r := range rows {
		home := c.e.coreFor(mapRunParent(r))
		ctx := context.Background()
		var inserted []store.OutboxRow
		err := home.store.Tx(ctx, func(tx store.Tx) error {
			var err error
			inserted, err = tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: []store.OutboxRow{r}, Now: c.e.clock.Now()})
			if errors.Is(err, store.ErrAlreadyExists) {
				return nil
			}
			return err
		})
		if err != nil {
			c.e.log.Error("engine: reporting a child execution's end to its Map Run", "mapRun", r.ExecutionARN, "err", err)
			continue
		}
		home.committed(r.ExecutionARN, &plan{}, inserted)
	}
}

func mapRunParent(r store.OutboxRow) string {
	var s mapRunStepRow
	_ = json.Unmarshal(r.Payload, &s)
	return s.Parent
}

// runMapRunStep takes one step row of a run (the caller holds a dispatch
// slot and runs this off the dispatcher's loop).
func (c *core) runMapRunStep(ctx context.Context, row store.OutboxRow) error {
	var step mapRunStepRow
	if err := json.Unmarshal(row.Payload, &step); err != nil || step.Parent == "" {
		c.e.log.Error("dispatcher: bad Map Run row", "id", row.ID, "err", err)
		return c.store.Tx(ctx, func(tx store.Tx) error { return deleteRow(row.ID)(ctx, tx) })
	}
	if !strings.HasPrefix(row.Key, mapRunChildKey) {
		return c.withLive(step.Parent, func(l *live) error { return c.mapRunStepLocked(ctx, l, []mapRunReport{{row, step}}) })
	}
	// Children closing together report together: whichever step gets the
	// parent's lock first takes every report queued by then, so a burst
	// costs one rewrite of the run's record, not one per child.
	run := row.ExecutionARN
	c.reports.add(run, mapRunReport{row, step})
	return c.withLive(step.Parent, func(l *live) error {
		batch := c.reports.take(run)
		if !slices.ContainsFunc(batch, func(r mapRunReport) bool { return r.row.ID == row.ID }) {
			c.reports.putBack(run, batch) // not ours to take: ours went with another step's batch
			return nil
		}
		err := c.mapRunStepLocked(ctx, l, batch)
		if err != nil {
			c.reports.putBack(run, batch)
		}
		return err
	})
}

// mapRunReport is a step row with its payload.
type mapRunReport struct {
	row  store.OutboxRow
	step mapRunStepRow
}

// mapRunReports queues the child reports of each run (by ARN) until a
// step under the parent's lock takes them.
type mapRunReports struct {
	mu   sync.Mutex
	runs map[string][]mapRunReport
}

func (q *mapRunReports) add(run string, r mapRunReport) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.runs == nil {
		q.runs = map[string][]mapRunReport{}
	}
	q.runs[run] = append(q.runs[run], r)
}

func (q *mapRunReports) take(run string) []mapRunReport {
	q.mu.Lock()
	defer q.mu.Unlock()
	batch := q.runs[run]
	delete(q.runs, run)
	return batch
}

func (q *mapRunReports) putBack(run string, batch []mapRunReport) {
	if len(batch) == 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.runs == nil {
		q.runs = map[string][]mapRunReport{}
	}
	q.runs[run] = append(q.runs[run], batch...)
}

// mapRunStepLocked takes step rows of one run: one row, or several child
// reports.
func (c *core) mapRunStepLocked(ctx context.Context, l *live, batch []mapRunReport) error {
	runARN := batch[0].row.ExecutionARN
	deleteRows := func(ctx context.Context, tx store.Tx) error {
		for _, r := range batch {
			if err := deleteRow(r.row.ID)(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	}
	var run *store.MapRun
	err := c.store.ReadTx(ctx, func(tx store.Tx) error {
		var err error
		run, err = tx.MapRunGet(ctx, &store.MapRunGetParams{ARN: runARN})
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return c.store.Tx(ctx, func(tx store.Tx) error { return deleteRows(ctx, tx) })
	}
	if err != nil {
		return err
	}
	var rec mapRunRecord
	if err := json.Unmarshal(run.Payload, &rec); err != nil {
		return fmt.Errorf("engine: map run %s: bad record: %w", run.ARN, err)
	}
	status := run.Status
	for _, r := range batch {
		row, step := r.row, &r.step
		switch {
		case strings.HasPrefix(row.Key, mapRunChildKey):
			if step.Index >= 0 && step.Index < len(rec.Status) && rec.Status[step.Index] <= childRunning {
				rec.Status[step.Index] = childStatus(step.Status)
				if step.Status == interp.StatusSucceeded {
					rec.Outputs[step.Index] = step.Output
				} else {
					rec.Outputs[step.Index], _ = json.Marshal(map[string]string{"Error": step.Error, "Cause": step.Cause})
				}
			}
		case row.Key == mapRunAbortKey:
			if status == store.MapRunRunning {
				status = store.MapRunAborted
			}
		case strings.HasPrefix(row.Key, mapRunCheckKey):
			c.checkExpressChildren(ctx, &rec)
		case strings.HasPrefix(row.Key, mapRunRedriveKey):
			if status == store.MapRunFailed || status == store.MapRunAborted {
				status, run.StopDate = store.MapRunRunning, time.Time{}
				rec.Error, rec.Cause = "", ""
				rec.RedriveCount++
				rec.RedriveDate = c.e.clock.Now()
				for i, s := range rec.Status {
					if s >= childFailed && s != childPendingRedrive {
						rec.Status[i], rec.Outputs[i] = childPendingRedrive, nil
					}
				}
			}
		}
	}
	var ended *interp.MapRunEnded
	var check []store.OutboxRow
	if status == store.MapRunRunning && rec.ItemReader != nil {
		if !l.loaded {
			if err := c.load(ctx, l); err != nil {
				return err
			}
		}
		if err := c.loadItems(ctx, l, run.ARN, &rec); err != nil {
			rec.Error, rec.Cause = interp.ErrorItemReaderFailed, err.Error()
		}
	}
	if status == store.MapRunRunning {
		if rec.Error == "" && rec.exceeded() {
			rec.Error, rec.Cause = interp.ErrorExceedToleratedFailureThreshold, interp.CauseExceedToleratedFailureThreshold
			_, _ = c.writeResults(ctx, run.ARN, &rec) // AWS writes what there is; the run fails anyway
		}
		if rec.Error == "" && !rec.done() {
			started, err := c.startChildren(ctx, run, &rec)
			if err != nil {
				return err
			}
			if started > 0 && rec.ExecutionType == "EXPRESS" {
				due := c.e.clock.Now().Add(c.e.opts.ExpressLimit + time.Minute)
				check = append(check, mapRunRow(run.ARN, rec.ParentARN, mapRunCheckKey+strconv.FormatInt(due.UnixNano(), 10), nil))
				check[len(check)-1].DueAt = due
			}
		}
		switch {
		case rec.Error != "":
			status = store.MapRunFailed
			ended = &interp.MapRunEnded{MapRunARN: run.ARN, Status: interp.StatusFailed, Error: rec.Error, Cause: rec.Cause}
		case rec.done(): // possibly as the children were being started
			out, err := c.writeResults(ctx, run.ARN, &rec)
			if err != nil {
				status = store.MapRunFailed
				rec.Error, rec.Cause = interp.ErrorResultWriterFailed, err.Error()
				ended = &interp.MapRunEnded{MapRunARN: run.ARN, Status: interp.StatusFailed, Error: rec.Error, Cause: rec.Cause}
				break
			}
			if out == nil {
				if out, err = rec.output(); err != nil {
					return err
				}
			}
			status = store.MapRunSucceeded
			ended = &interp.MapRunEnded{MapRunARN: run.ARN, Status: interp.StatusSucceeded, Output: out}
		}
	}
	var stops []store.OutboxRow
	if status == store.MapRunFailed || status == store.MapRunAborted {
		for i, s := range rec.Status {
			if s == childRunning && rec.Children[i] != "" {
				payload, _ := json.Marshal(nestedRow{Child: rec.Children[i]})
				stops = append(stops, store.OutboxRow{Kind: store.OutboxKindTask, ExecutionARN: rec.Children[i],
					Key: nestedStopKey + run.ARN + ":" + strconv.Itoa(i), Payload: payload})
			}
		}
	}
	var stopDate time.Time
	if status != store.MapRunRunning {
		stopDate = run.StopDate
		if stopDate.IsZero() {
			stopDate = c.e.clock.Now()
		}
	}
	payload, err := json.Marshal(&rec)
	if err != nil {
		return err
	}
	var inserted []store.OutboxRow
	extra := func(ctx context.Context, tx store.Tx) error {
		inserted = nil
		if _, err := tx.MapRunUpdate(ctx, &store.MapRunUpdateParams{ARN: run.ARN, ExpectedVersion: run.Version, Status: status, StopDate: stopDate, Payload: payload}); err != nil {
			return err
		}
		if rows := append(stops[:len(stops):len(stops)], check...); len(rows) > 0 {
			rows, err := tx.OutboxInsert(ctx, &store.OutboxInsertParams{Rows: rows, Now: c.e.clock.Now()})
			if err != nil && !errors.Is(err, store.ErrAlreadyExists) {
				return err
			}
			inserted = rows
		}
		return deleteRows(ctx, tx)
	}
	if ended != nil {
		err = c.transitionLocked(ctx, l, func(*machine.Machine, *interp.State) []interp.Input { return []interp.Input{*ended} }, extra)
	} else {
		err = c.store.Tx(ctx, func(tx store.Tx) error { return extra(ctx, tx) })
	}
	if err == nil && len(inserted) > 0 {
		c.committed(run.ARN, &plan{}, inserted)
	}
	return err
}

func childStatus(s string) int {
	switch s {
	case interp.StatusSucceeded:
		return childSucceeded
	case interp.StatusTimedOut:
		return childTimedOut
	case interp.StatusAborted:
		return childAborted
	}
	return childFailed
}

// exceeded reports whether the run's failed items are more than it
// tolerates.
func (r *mapRunRecord) exceeded() bool {
	failed, total := 0, 0
	for i, s := range r.Status {
		total += r.Items[i]
		if s >= childFailed && s != childPendingRedrive {
			failed += r.Items[i]
		}
	}
	return interp.ToleranceExceeded(r.ToleratedFailureCount, r.ToleratedFailureCountSet, r.ToleratedFailurePercentage, r.ToleratedFailurePercentageSet, failed, total)
}

// done reports whether every child has closed.
func (r *mapRunRecord) done() bool {
	for _, s := range r.Status {
		if s <= childRunning || s == childPendingRedrive {
			return false
		}
	}
	return true
}

// output is the Map state's result: the children's outputs in item order
// (a failed child, within the tolerance, gives {"Error","Cause"}).
func (r *mapRunRecord) output() (jsonv.Value, error) {
	out := make([]jsonv.Value, len(r.Outputs))
	for i, o := range r.Outputs {
		if len(o) == 0 {
			continue
		}
		v, err := jsonv.Parse(o)
		if err != nil {
			return nil, fmt.Errorf("engine: map run output %d: %w", i, err)
		}
		out[i] = v
	}
	return out, nil
}

// startChildren starts pending children, in item order, while fewer than
// MaxConcurrency run.
func (c *core) startChildren(ctx context.Context, run *store.MapRun, rec *mapRunRecord) (started int, err error) {
	running := 0
	for _, s := range rec.Status {
		if s == childRunning {
			running++
		}
	}
	target := c.e.standard
	typ := store.TypeStandard
	if rec.ExecutionType == "EXPRESS" {
		target, typ = c.e.express, store.TypeExpress
	}
	limit := rec.MaxConcurrency
	if limit <= 0 {
		limit = interp.MapRunConcurrencyDefault
	}
	for i, s := range rec.Status {
		if running >= limit {
			break
		}
		if s == childPendingRedrive {
			if c.redriveChild(ctx, run, rec, i, target, typ) {
				running++
				started++
			}
			continue
		}
		if s != childPending {
			continue
		}
		name := childName(run.ARN, strconv.Itoa(i))
		sp := &StartParams{StateMachineARN: run.StateMachineARN, Name: name, Input: rec.Inputs[i],
			mapRun: &mapRunLink{RunARN: run.ARN, ParentARN: rec.ParentARN, Index: i}}
		ex, err := target.start(ctx, sp, rec.Definition, typ, rec.RoleArn, nil)
		var ee *Error
		switch {
		case errors.As(err, &ee) && ee.Code == CodeExecutionAlreadyExists:
			// Started by an earlier attempt of this step; its end is
			// (or will be) reported by its own row.
			rec.Children[i], _ = executionARN(run.StateMachineARN, name, false)
		case err != nil:
			return started, fmt.Errorf("engine: map run %s: starting child %d: %w", run.ARN, i, err)
		default:
			rec.Children[i] = ex.ARN
		}
		rec.Status[i] = childRunning
		running++
		started++
	}
	return started, nil
}

// MapRunInfo is what DescribeMapRun shows.
type MapRunInfo struct {
	Run store.MapRun
	// ExecutionType is the children's: STANDARD or EXPRESS.
	ExecutionType               string
	MaxConcurrency              int
	ToleratedFailureCount       int64
	ToleratedFailurePercentage  float64
	ItemCounts, ExecutionCounts MapRunCounts
	RedriveCount                int
	RedriveDate                 time.Time
	// itemsByChild counts the items of each child by ARN.
	itemsByChild map[string]int
}

// MapRunCounts counts items or child executions by status.
type MapRunCounts struct {
	Pending, Running, Succeeded, Failed, TimedOut, Aborted, Total int64
	PendingRedrive                                                int64
	// ResultsWritten counts the closed children whose results the
	// ResultWriter wrote.
	ResultsWritten int64
}

// DescribeMapRun returns a run's state.
func (e *Engine) DescribeMapRun(ctx context.Context, arn string) (*MapRunInfo, error) {
	for _, c := range []*core{e.standard, e.express} {
		var run *store.MapRun
		err := c.store.ReadTx(ctx, func(tx store.Tx) error {
			var err error
			run, err = tx.MapRunGet(ctx, &store.MapRunGetParams{ARN: arn})
			return err
		})
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var rec mapRunRecord
		if err := json.Unmarshal(run.Payload, &rec); err != nil {
			return nil, fmt.Errorf("engine: map run %s: bad record: %w", arn, err)
		}
		info := &MapRunInfo{Run: *run, ExecutionType: rec.ExecutionType, MaxConcurrency: rec.MaxConcurrency, RedriveCount: rec.RedriveCount, RedriveDate: rec.RedriveDate, ToleratedFailureCount: rec.ToleratedFailureCount,
			ToleratedFailurePercentage: rec.ToleratedFailurePercentage}
		info.Run.Payload = nil
		info.itemsByChild = make(map[string]int, len(rec.Children))
		for i, arn := range rec.Children {
			if arn != "" {
				info.itemsByChild[arn] = rec.Items[i]
			}
		}
		for i, s := range rec.Status {
			n := int64(rec.Items[i])
			for _, ct := range []struct {
				c *MapRunCounts
				n int64
			}{{&info.ItemCounts, n}, {&info.ExecutionCounts, 1}} {
				ct.c.Total += ct.n
				if rec.ResultsWritten && s > childRunning && s != childPendingRedrive {
					ct.c.ResultsWritten += ct.n
				}
				switch s {
				case childPending:
					ct.c.Pending += ct.n
				case childRunning:
					ct.c.Running += ct.n
				case childSucceeded:
					ct.c.Succeeded += ct.n
				case childFailed:
					ct.c.Failed += ct.n
				case childTimedOut:
					ct.c.TimedOut += ct.n
				case childAborted:
					ct.c.Aborted += ct.n
				case childPendingRedrive:
					ct.c.PendingRedrive += ct.n
				}
			}
		}
		// Children not started when the run ended never will be.
		if run.Status != store.MapRunRunning {
			info.ExecutionCounts.Total -= info.ExecutionCounts.Pending
			info.ExecutionCounts.Pending = 0
		}
		return info, nil
	}
	return nil, errorf(CodeResourceNotFound, "Resource not found: '%s'", arn)
}

// ListMapRuns lists the runs an execution started, newest first.
func (e *Engine) ListMapRuns(ctx context.Context, executionARN string, limit int, cursor string) (*store.Page[store.MapRun], error) {
	c := e.coreFor(executionARN)
	if _, err := c.describe(ctx, executionARN); err != nil {
		return nil, err
	}
	var page *store.Page[store.MapRun]
	err := c.store.ReadTx(ctx, func(tx store.Tx) error {
		var err error
		page, err = tx.MapRunList(ctx, &store.MapRunListParams{ExecutionARN: executionARN, Limit: limit, Cursor: cursor})
		return err
	})
	return page, err
}

// MapRunUpdate changes a running run's settings; nil fields stay.
type MapRunUpdate struct {
	MaxConcurrency             *int
	ToleratedFailureCount      *int64
	ToleratedFailurePercentage *float64
}

// UpdateMapRun changes the concurrency or tolerances of a run. The new
// values apply from the next step, which this writes at once (more
// children may start; the run may now fail).
func (e *Engine) UpdateMapRun(ctx context.Context, arn string, u MapRunUpdate) error {
	info, err := e.DescribeMapRun(ctx, arn)
	if err != nil {
		return err
	}
	c := e.coreFor(info.Run.ExecutionARN)
	for range conflictRetries {
		var inserted []store.OutboxRow
		err := c.store.Tx(ctx, func(tx store.Tx) error {
			inserted = nil
			run, err := tx.MapRunGet(ctx, &store.MapRunGetParams{ARN: arn})
			if err != nil {
				return err
			}
			var rec mapRunRecord
			if err := json.Unmarshal(run.Payload, &rec); err != nil {
				return err
			}
			if u.MaxConcurrency != nil {
				rec.MaxConcurrency = *u.MaxConcurrency // 0: the default, as in the state
			}
			if u.ToleratedFailureCount != nil {
				rec.ToleratedFailureCount, rec.ToleratedFailureCountSet = *u.ToleratedFailureCount, true
			}
			if u.ToleratedFailurePercentage != nil {
				rec.ToleratedFailurePercentage, rec.ToleratedFailurePercentageSet = *u.ToleratedFailurePercentage, true
			}
			payload, err := json.Marshal(&rec)
			if err != nil {
				return err
			}
			version, err := tx.MapRunUpdate(ctx, &store.MapRunUpdateParams{ARN: arn, ExpectedVersion: run.Version, Status: run.Status, StopDate: run.StopDate, Payload: payload})
			if err != nil {
				return err
			}
			if run.Status != store.MapRunRunning {
				return nil
			}
			inserted, err = tx.OutboxInsert(ctx, &store.OutboxInsertParams{
				Rows: []store.OutboxRow{mapRunRow(arn, rec.ParentARN, mapRunUpdateKey+strconv.FormatInt(version, 10), nil)}, Now: e.clock.Now()})
			return err
		})
		if errors.Is(err, store.ErrConflict) {
			continue
		}
		if err == nil {
			c.committed(arn, &plan{}, inserted)
		}
		return err
	}
	return fmt.Errorf("engine: map run %s: gave up after %d version conflicts", arn, conflictRetries)
}

// startMapRunStep runs a step row taken from the outbox (the caller holds
// a dispatch slot).
func (d *dispatcher) startMapRunStep(ctx context.Context, row store.OutboxRow) {
	d.startInternal(ctx, row, func(ctx context.Context) error { return d.c.runMapRunStep(ctx, row) })
}

// ListMapRunExecutions lists a run's child executions (ListExecutions
// with mapRunArn), from the store their type keeps them in, with how many
// items each processes (by ARN).
func (e *Engine) ListMapRunExecutions(ctx context.Context, p *store.ExecutionListParams) (*store.Page[store.Execution], map[string]int, error) {
	info, err := e.DescribeMapRun(ctx, p.MapRunARN)
	if err != nil {
		return nil, nil, err
	}
	c := e.standard
	if strings.Contains(info.ExecutionType, "EXPRESS") {
		c = e.express
	}
	var page *store.Page[store.Execution]
	err = c.store.ReadTx(ctx, func(tx store.Tx) error {
		var err error
		page, err = tx.ExecutionList(ctx, p)
		return err
	})
	return page, info.itemsByChild, err
}

// writeResults writes the results of a run with a ResultWriter and
// returns the Map state's output (nil without one).
func (c *core) writeResults(ctx context.Context, runARN string, rec *mapRunRecord) (jsonv.Value, error) {
	if rec.ResultWriter == nil {
		return nil, nil
	}
	out, err := c.e.writeResults(ctx, runARN, rec)
	rec.ResultsWritten = err == nil
	return out, err
}

// redriveChild runs an unsuccessful child of a redriven run again: a
// Standard child is redriven (RedriveExecution), an Express one started
// anew, as AWS does. A child that cannot be redriven stays failed.
func (c *core) redriveChild(ctx context.Context, run *store.MapRun, rec *mapRunRecord, i int, target *core, typ string) bool {
	if typ == store.TypeStandard && rec.Children[i] != "" {
		if _, err := c.e.RedriveExecution(ctx, rec.Children[i]); err != nil {
			c.e.log.Warn("engine: redriving a Map Run child", "mapRun", run.ARN, "child", rec.Children[i], "err", err)
			rec.Status[i] = childFailed
			rec.Outputs[i], _ = json.Marshal(map[string]string{"Error": "States.Runtime", "Cause": "The child execution could not be redriven: " + err.Error()})
			return false
		}
		rec.Status[i] = childRunning
		return true
	}
	name := childName(run.ARN, strconv.Itoa(i)+":redrive:"+strconv.Itoa(rec.RedriveCount))
	sp := &StartParams{StateMachineARN: run.StateMachineARN, Name: name, Input: rec.Inputs[i],
		mapRun: &mapRunLink{RunARN: run.ARN, ParentARN: rec.ParentARN, Index: i}}
	ex, err := target.start(ctx, sp, rec.Definition, typ, rec.RoleArn, nil)
	if err != nil {
		c.e.log.Warn("engine: restarting a Map Run child", "mapRun", run.ARN, "index", i, "err", err)
		rec.Status[i] = childFailed
		return false
	}
	rec.Children[i], rec.Status[i] = ex.ARN, childRunning
	return true
}

// checkExpressChildren settles the Express children a run still counts
// as running after the Express limit: a closed one (kept) gives its
// outcome; one that is gone failed without a word (lost in a restart, or
// its report lost in a crash).
func (c *core) checkExpressChildren(ctx context.Context, rec *mapRunRecord) {
	if rec.ExecutionType != "EXPRESS" {
		return
	}
	for i, s := range rec.Status {
		if s != childRunning || rec.Children[i] == "" {
			continue
		}
		ex, err := c.e.DescribeExecution(ctx, rec.Children[i])
		var ee *Error
		switch {
		case errors.As(err, &ee) && ee.Code == CodeExecutionDoesNotExist:
			rec.Status[i] = childFailed
			rec.Outputs[i], _ = json.Marshal(map[string]string{"Error": "States.Runtime",
				"Cause": "The Express child execution " + rec.Children[i] + " ended without reporting to its Map Run (stepd restarted while it ran)"})
		case err != nil || ex.Status == store.StatusRunning:
		default:
			rec.Status[i] = childStatus(ex.Status)
			if ex.Status == store.StatusSucceeded {
				rec.Outputs[i] = ex.Output
			} else {
				rec.Outputs[i], _ = json.Marshal(map[string]string{"Error": ex.Error, "Cause": ex.Cause})
			}
		}
	}
}
