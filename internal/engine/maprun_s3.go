package engine

import (
	"context"
	"encoding/json"

	"github.com/stepd/stepd/internal/mapitems"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

// Objects reads and writes the Amazon S3 objects of Distributed Maps
// (ItemReader, ResultWriter); see mapitems.
type Objects = mapitems.Objects

// writeResults writes a run's results with its ResultWriter and returns
// the Map state's output.
func (e *Engine) writeResults(ctx context.Context, runARN string, rec *mapRunRecord) (jsonv.Value, error) {
	writer, err := jsonv.Parse(rec.ResultWriter)
	if err != nil {
		return nil, err
	}
	children := make([]mapitems.Child, len(rec.Status))
	for i, s := range rec.Status {
		c := mapitems.Child{ExecutionARN: rec.Children[i], Input: string(rec.Inputs[i])}
		switch s {
		case childSucceeded:
			c.Status, c.Output = "SUCCEEDED", string(rec.Outputs[i])
		case childPending, childRunning, childPendingRedrive:
			c.Status = "PENDING"
		default:
			c.Status = map[int]string{childFailed: "FAILED", childTimedOut: "TIMED_OUT", childAborted: "ABORTED"}[s]
			var fail struct{ Error, Cause string }
			_ = json.Unmarshal(rec.Outputs[i], &fail)
			c.Error, c.Cause = fail.Error, fail.Cause
		}
		children[i] = c
	}
	return mapitems.Write(ctx, e.opts.Objects, "", writer, runARN, children)
}

// loadItems fills a run's record from its ItemReader: the items as the
// Map state makes them the children's inputs (interp.MapRunInputs).
func (c *core) loadItems(ctx context.Context, l *live, runARN string, rec *mapRunRecord) error {
	reader, err := jsonv.Parse(rec.ItemReader)
	if err != nil {
		return err
	}
	items, err := mapitems.Read(ctx, c.e.opts.Objects, "", reader)
	if err != nil {
		return err
	}
	inputs, counts, err := interp.MapRunInputs(l.machine, l.snap.State, runARN, items, interp.Env{Now: c.e.clock.Now()})
	if err != nil {
		return err
	}
	rec.Items = counts
	rec.Inputs = rec.Inputs[:0]
	for _, in := range inputs {
		rec.Inputs = append(rec.Inputs, jsonv.Marshal(in))
	}
	rec.Status = make([]int, len(inputs))
	rec.Outputs = make([]json.RawMessage, len(inputs))
	rec.Children = make([]string, len(inputs))
	rec.ItemReader = nil // read: a step taken again must not read again
	return nil
}
