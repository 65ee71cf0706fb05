package local

import (
	"fmt"
	"strings"

	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// mapRun runs a Distributed Map's children in process, one after the
// other, each as an execution of its own with the run's mocks and task
// runners; their events are not the parent's. Options.ReadItems and
// WriteResults serve ItemReader and ResultWriter.
func (r *runner) mapRun(run interp.StartMapRun) (interp.MapRunEnded, error) {
	m, diags := machine.Load(run.Definition)
	if diags.HasErrors() {
		return interp.MapRunEnded{}, fmt.Errorf("the ItemProcessor of %s does not load: %v", run.StateName, diags)
	}
	if run.ItemReader != nil && r.opts.ReadItems != nil {
		items, err := r.opts.ReadItems(r.ctx, run.ItemReader)
		if err != nil {
			return interp.MapRunEnded{MapRunARN: run.MapRunARN, Status: interp.StatusFailed, Error: interp.ErrorItemReaderFailed, Cause: err.Error()}, nil
		}
		if run.Inputs, run.Items, err = interp.MapRunInputs(r.m, r.state, run.MapRunARN, items, interp.Env{Now: r.clock()}); err != nil {
			return interp.MapRunEnded{MapRunARN: run.MapRunARN, Status: interp.StatusFailed, Error: interp.ErrorItemReaderFailed, Cause: err.Error()}, nil
		}
		run.ItemReader = nil
	}
	writer := run.ResultWriter
	if writer != nil && r.opts.WriteResults != nil {
		run.ResultWriter = nil
	}
	name := run.StateMachineARN[strings.LastIndex(run.StateMachineARN, ":")+1:]
	arns := make([]string, len(run.Inputs))
	end, children, err := run.RunSequentially(nil, func(i int, input jsonv.Value) (interp.MapRunChild, error) {
		opts := r.opts
		opts.Name = fmt.Sprintf("%s-%d", run.MapRunARN[strings.LastIndex(run.MapRunARN, ":")+1:], i)
		opts.StateMachineName = name
		opts.Start = r.clock()
		opts.Seed = r.opts.Seed + uint64(i+1)*0x9e3779b97f4a7c15
		opts.OnEvent = nil
		child := newRunner(m, opts)
		arns[i] = child.exec.ExecutionArn
		res, err := child.run(r.ctx, input)
		if err != nil {
			return interp.MapRunChild{}, err
		}
		return interp.MapRunChild{Status: res.Status, Output: res.Output, Error: res.Error, Cause: res.Cause}, nil
	})
	if err != nil || writer == nil || run.ResultWriter != nil {
		return end, err
	}
	if end.Status != interp.StatusSucceeded && end.Error != interp.ErrorExceedToleratedFailureThreshold {
		return end, nil
	}
	results := make([]ChildResult, len(children))
	for i, c := range children {
		results[i] = ChildResult{ExecutionArn: arns[i], Input: run.Inputs[i], Status: c.Status, Output: c.Output, Error: c.Error, Cause: c.Cause}
		if c.Status == "" {
			results[i].Status = "PENDING"
		}
	}
	out, err := r.opts.WriteResults(r.ctx, writer, run.MapRunARN, results)
	switch {
	case err != nil:
		return interp.MapRunEnded{MapRunARN: run.MapRunARN, Status: interp.StatusFailed, Error: interp.ErrorResultWriterFailed, Cause: err.Error()}, nil
	case end.Status == interp.StatusSucceeded:
		end.Output = out
	}
	return end, nil
}
