package runner

import (
	"context"
	"strings"
	"sync"

	"github.com/stepd/stepd/mock"
)

// Mock answers tasks from MockConfigFile scripts. Each execution gets its
// own script (invocation counts are per execution), chosen by the state
// machine name and the execution's test case.
type Mock struct {
	config *mock.Config
	// script, when set, replaces config: one script shared by every
	// execution (tests).
	script *mock.Script

	mu      sync.Mutex
	scripts map[string]*mock.Script // by execution ARN
}

// NewMock answers tasks from config.
func NewMock(config *mock.Config) *Mock {
	return &Mock{config: config, scripts: map[string]*mock.Script{}}
}

// NewMockScript answers every execution's tasks from one shared script.
func NewMockScript(s *mock.Script) *Mock {
	return &Mock{script: s, scripts: map[string]*mock.Script{}}
}

func (m *Mock) scriptFor(t *Task) *mock.Script {
	if m.script != nil {
		return m.script
	}
	if t.TestCase == "" || m.config == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.scripts[t.ExecutionARN]
	if !ok {
		// A missing machine or test case leaves s nil: nothing is mocked.
		s, _ = m.config.Script(machineName(t.StateMachineARN), t.TestCase)
		m.scripts[t.ExecutionARN] = s
	}
	return s
}

// Mocks reports whether t's state is scripted for its execution.
func (m *Mock) Mocks(t *Task) bool {
	s := m.scriptFor(t)
	return s != nil && s.Mocks(t.StateName)
}

// Run returns the state's next scripted result. A script that has run out
// fails the task with States.Runtime.
func (m *Mock) Run(ctx context.Context, t *Task) (Result, error) {
	s := m.scriptFor(t)
	if s == nil {
		return Unsupported(t.Resource), nil
	}
	r, ok, err := s.Next(t.StateName)
	switch {
	case !ok:
		return Unsupported(t.Resource), nil
	case err != nil:
		return Result{Error: "States.Runtime", Cause: err.Error()}, nil
	case r.Failed():
		return Result{Error: r.Error, Cause: r.Cause}, nil
	}
	return Result{Output: r.Output}, nil
}

// Forget drops an execution's script.
func (m *Mock) Forget(executionARN string) {
	m.mu.Lock()
	delete(m.scripts, executionARN)
	m.mu.Unlock()
}

// machineName is the NAME of arn:aws:states:REGION:ACCOUNT:stateMachine:NAME[:QUALIFIER].
func machineName(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) >= 7 {
		return parts[6]
	}
	return arn
}
