package interp

import "github.com/stepd/stepd/machine"

// PendingTask is a dispatched task the execution waits for.
type PendingTask struct {
	TaskID    string
	TaskToken string
	StateName string
	Resource  string
}

// PendingTasks lists the tasks the execution waits for, in tree order, so
// that a shell can map task tokens (SendTaskSuccess) to task ids without
// walking the threads itself.
func (s *State) PendingTasks(m *machine.Machine) []PendingTask {
	if s.Closed() {
		return nil
	}
	var out []PendingTask
	find(s.Root, nil, func(t *Thread) bool {
		if t.TaskID != "" && t.Phase == PhaseTask {
			st := m.Scopes[t.Scope].States[t.State]
			out = append(out, PendingTask{TaskID: t.TaskID, TaskToken: t.TaskToken, StateName: st.Name, Resource: st.Resource})
		}
		return false
	})
	return out
}

// PendingTimers lists the ids of the timers the execution waits for (Wait
// states, retry back-offs, task timeouts and heartbeats, the execution
// timeout). Their due times are in the StartTimer effects that created
// them.
func (s *State) PendingTimers() []string {
	if s.Closed() {
		return nil
	}
	var out []string
	if s.ExecTimer != "" {
		out = append(out, s.ExecTimer)
	}
	find(s.Root, nil, func(t *Thread) bool {
		for _, id := range []string{t.Timer, t.Timeout, t.Heartbeat} {
			if id != "" {
				out = append(out, id)
			}
		}
		return false
	})
	return out
}
