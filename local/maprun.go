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
// runners; their events are not the parent's.
func (r *runner) mapRun(run interp.StartMapRun) (interp.MapRunEnded, error) {
	m, diags := machine.Load(run.Definition)
	if diags.HasErrors() {
		return interp.MapRunEnded{}, fmt.Errorf("the ItemProcessor of %s does not load: %v", run.StateName, diags)
	}
	name := run.StateMachineARN[strings.LastIndex(run.StateMachineARN, ":")+1:]
	end, _, err := run.RunSequentially(nil, func(i int, input jsonv.Value) (interp.MapRunChild, error) {
		opts := r.opts
		opts.Name = fmt.Sprintf("%s-%d", run.MapRunARN[strings.LastIndex(run.MapRunARN, ":")+1:], i)
		opts.StateMachineName = name
		opts.Start = r.clock()
		opts.Seed = r.opts.Seed + uint64(i+1)*0x9e3779b97f4a7c15
		opts.OnEvent = nil
		res, err := newRunner(m, opts).run(r.ctx, input)
		if err != nil {
			return interp.MapRunChild{}, err
		}
		return interp.MapRunChild{Status: res.Status, Output: res.Output, Error: res.Error, Cause: res.Cause}, nil
	})
	return end, err
}
