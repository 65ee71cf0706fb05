package interp

import (
	"fmt"
	"time"

	"github.com/stepd/stepd/history"
)

// redrive restarts a failed, timed-out or aborted execution from the
// states that did not succeed: the failed state is entered again; inside a
// Parallel or Map only the branches or iterations that did not succeed run
// again, and a Map starts the items it had not started.
func (d *decider) redrive() error {
	s := d.s
	switch s.Status {
	case StatusFailed, StatusTimedOut, StatusAborted:
	default:
		return fmt.Errorf("interp: only a FAILED, TIMED_OUT or ABORTED execution can be redriven, not a %s one", s.Status)
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
	if t.Children == nil {
		t.Phase = PhaseIdle
		t.TaskID, t.Timer, t.Timeout, t.Heartbeat = "", "", "", ""
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
