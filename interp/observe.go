package interp

import (
	"math"
	"time"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
)

// Stage names a point of a state's data flow, with the names of the
// TestState API's inspectionData.
type Stage string

// The stages an Observer sees, in the order a state reaches them.
const (
	StageAfterInputPath      Stage = "afterInputPath"      // JSONPath: InputPath applied
	StageAfterParameters     Stage = "afterParameters"     // JSONPath: Parameters (or the effective input) of Pass and Task
	StageAfterArguments      Stage = "afterArguments"      // JSONata: a Task's Arguments
	StageResult              Stage = "result"              // a Task's raw result
	StageAfterResultSelector Stage = "afterResultSelector" // JSONPath: ResultSelector applied (the result when absent)
	StageAfterResultPath     Stage = "afterResultPath"     // JSONPath: ResultPath applied, before OutputPath
	StageVariables           Stage = "variables"           // the thread's variables once the state's Assign applied

	// A Map state's stages, reported when it starts (the per-item stages
	// of a Distributed Map with an ItemReader when the items are read:
	// MapRunInputs).
	StageAfterItemsPath             Stage = "afterItemsPath"             // JSONPath: the items ItemsPath selects
	StageAfterItemSelector          Stage = "afterItemSelector"          // every iteration's input as ItemSelector makes it, an array
	StageAfterItemBatcher           Stage = "afterItemBatcher"           // Distributed: every child's batch as ItemBatcher makes it, an array
	StageMaxConcurrency             Stage = "maxConcurrency"             // MaxConcurrency as evaluated, 0 when absent
	StageToleratedFailureCount      Stage = "toleratedFailureCount"      // Distributed: when the state sets one
	StageToleratedFailurePercentage Stage = "toleratedFailurePercentage" // Distributed: when the state sets one
)

// Observer watches a decision's data flow: the TestState API reports what
// it sees as inspectionData. A nil Observer costs one comparison per stage.
// The values are immutable; the Observer must not change them.
type Observer interface {
	// Stage reports the value of the named state at a stage.
	Stage(state string, stage Stage, v jsonv.Value)
	// Handled reports an error that a Retry or a Catch of a state took.
	Handled(h Handled)
}

// Handled is an error a state's Retry or Catch took.
type Handled struct {
	State        string
	Error, Cause string
	// RetryIndex is the retrier that will run the state again, -1 when a
	// catcher took the error; CatchIndex the catcher, -1 for a retry.
	RetryIndex, CatchIndex int
	// Backoff is the retrier's delay before jitter.
	Backoff time.Duration
}

// Preset is what the TestState API imposes on an execution of one state.
// The engine never sets it: what it changes is not recorded in history, so
// an execution run with a Preset cannot be replayed.
type Preset struct {
	// Variables are the workflow variables the execution starts with
	// (read at StartExecution).
	Variables *jsonv.Object
	// Context, when set, is the context object ($$, $states.context) every
	// state sees instead of the one built from the execution.
	Context *jsonv.Object
	// RetryCount is the number of attempts the retrier that matches an
	// error has already made (stateConfiguration.retrierRetryCount); it is
	// also $$.State.RetryCount.
	RetryCount int64
	// MockedMap names a Map state that runs no iterations: whatever its
	// mode, it works out its items and settings and asks the shell for
	// its result as a Distributed Map does (StartMapRun, answered by
	// MapRunEnded), so TestState can answer with the mock.
	MockedMap string
}

// observe reports a stage of st to the observer, if any.
func (d *decider) observe(st *machine.State, stage Stage, v jsonv.Value) {
	if d.obs != nil {
		d.obs.Stage(st.Name, stage, v)
	}
}

// mockedMap reports whether the Preset stands in for st's iterations.
func (d *decider) mockedMap(st *machine.State) bool {
	return d.preset != nil && d.preset.MockedMap != "" && d.preset.MockedMap == st.Name
}

// backoffBase is a retrier's delay for the attempt (0-based) before
// jitter: IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds.
func backoffBase(r *machine.Retrier, attempt int64) time.Duration {
	secs := float64(r.IntervalSeconds) * math.Pow(r.BackoffRate, float64(attempt))
	if r.MaxDelaySeconds > 0 && secs > float64(r.MaxDelaySeconds) {
		secs = float64(r.MaxDelaySeconds)
	}
	if secs > asl.MaxMaxDelaySeconds {
		secs = asl.MaxMaxDelaySeconds
	}
	return time.Duration(secs * float64(time.Second))
}
