package interp

import (
	"fmt"
	"time"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/history"
)

// redrive restarts a failed, timed-out or aborted execution from the
// states that did not succeed: the failed state is entered again; inside a
// Parallel or Map only the branches or iterations that did not succeed run
// again, and a Map starts the items it had not started.
func (d *decider) redrive() error {
	s := d.s
	if ok, reason := s.Redrivable(); !ok {
		return fmt.Errorf("interp: the execution cannot be redriven: %s", reason)
	}
	s.RedriveCount++
	s.RedriveTime = d.now
	s.Status = StatusRunning
	s.Output = Data{}
	s.Error, s.Cause = "", ""
	d.emitExec(history.ExecutionRedriven, &history.ExecutionRedrivenEventDetails{RedriveCount: s.RedriveCount})
	if d.m.TimeoutSeconds > 0 {
		s.ExecTimer = d.timer(d.now.Add(time.Duration(d.m.TimeoutSeconds) * time.Second))
	}
	d.ownRoot()
	s.Root.Last = s.LastEventID
	d.redriveThread([]*Thread{s.Root})
	return nil
}

func (d *decider) redriveThread(path []*Thread) {
	t := path[len(path)-1]
	if t.Phase == PhaseDone {
		return
	}
	t.Error, t.Cause = "", ""
	if t.Children == nil && t.FailedRun != "" && distributed(d.state(t)) {
		d.redriveMapRun(t)
		return
	}
	if t.Children == nil {
		t.Phase = PhaseIdle
		t.TaskID, t.Timer, t.Timeout, t.Heartbeat, t.MapRun = "", "", "", "", ""
		d.run(path)
		return
	}
	t.Phase = PhaseChildren
	var again []*Thread
	for _, k := range t.Children {
		if k.Phase != PhaseDone {
			k.Last = t.Last
			again = append(again, k)
		}
	}
	old := d.starting(t, true)
	for _, k := range again {
		if t.Phase != PhaseChildren || d.s.Closed() {
			break
		}
		d.redriveThread(append(path[:len(path):len(path)], k))
	}
	d.starting(t, old)
	d.checkChildren(path)
}

// Redrivable reports whether RedriveExecution may restart the execution
// and, when it may not, why, in the words DescribeExecution uses for
// redriveStatusReason. (The 14-day window and the one-year execution time
// are the shell's to check: they depend on the clock.)
func (s *State) Redrivable() (bool, string) {
	switch s.Status {
	case StatusFailed, StatusTimedOut, StatusAborted:
	case StatusRunning:
		return false, "Execution is RUNNING and cannot be redriven"
	case StatusSucceeded:
		return false, "Execution is SUCCEEDED and cannot be redriven"
	default:
		return false, "Execution has not started"
	}
	if s.LastEventID >= stepd.HistoryLimit-1 {
		return false, "Execution history event limit exceeded"
	}
	return true, ""
}
