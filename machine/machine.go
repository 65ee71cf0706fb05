package machine

import (
	"time"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/jsonpath"
)

// Env is what an expression reads besides its input: the context object,
// variables and randomness.
type Env = jsonpath.Env

// Evaluator is a compiled expression of either query language: a JSONPath
// path, a payload template, an intrinsic call (and later a JSONata
// expression).
type Evaluator interface {
	Eval(input jsonv.Value, env *Env) (jsonv.Value, error)
}

// Machine is a compiled state machine.
type Machine struct {
	// Definition is the parsed definition the machine was compiled from.
	Definition *asl.StateMachine
	// Hash is the SHA-256 of the definition bytes when known (Load).
	Hash [32]byte
	// Root is the top-level scope.
	Root *Scope
	// TimeoutSeconds is the execution timeout; 0 means none.
	TimeoutSeconds int64
	// Scopes lists every scope, Root first; Scope.ID indexes it.
	Scopes []*Scope
}

// Scope is a list of states with a start: the top level, a Parallel branch
// or a Map item processor.
type Scope struct {
	ID      int
	StartAt int
	States  []*State
	byName  map[string]int
}

// Lookup returns the index of the state called name, or -1.
func (s *Scope) Lookup(name string) int {
	if i, ok := s.byName[name]; ok {
		return i
	}
	return -1
}

// Path is an optional path field: absent (Set false), explicitly null, or a
// compiled path.
type Path struct {
	Set  bool
	Null bool
	Path *jsonpath.Path
}

// State is one compiled state. Fields that a state type does not have stay
// zero.
type State struct {
	Name  string
	Type  string
	Index int
	Scope *Scope
	AST   asl.State
	// JSONata marks a state written in JSONata; its expressions are not
	// compiled yet (the query/jsonata package arrives later).
	JSONata bool
	// UsesContext says whether an expression of the state reads the
	// context object ($$), so the interpreter builds it only when needed.
	UsesContext bool
	// Next is the index of the next state in Scope, or -1 for End (and for
	// Choice, Succeed and Fail).
	Next int

	InputPath  Path
	OutputPath Path
	ResultPath Path

	Parameters     Evaluator // Pass, Task, Parallel; legacy Map Parameters
	ResultSelector Evaluator
	HasResult      bool // Pass
	Result         jsonv.Value

	// Task.
	Resource string
	// Credentials is the Task's Credentials template (JSONPath mode);
	// CredentialsQ the same in JSONata mode. Nil when not set.
	Credentials          Evaluator
	CredentialsQ         *Query
	TimeoutSeconds       int64 // 0: not set
	TimeoutSecondsPath   *jsonpath.Path
	HeartbeatSeconds     int64
	HeartbeatSecondsPath *jsonpath.Path

	Retry []*Retrier
	Catch []*Catcher

	// Choice.
	Choices []*Rule
	Default int // -1: none

	// Wait.
	Seconds       int64
	HasSeconds    bool
	Timestamp     time.Time
	HasTimestamp  bool
	SecondsPath   *jsonpath.Path
	TimestampPath *jsonpath.Path

	// Fail.
	Error, Cause         string
	ErrorPath, CausePath Evaluator

	// Parallel.
	Branches []*Scope

	// Map.
	ItemsPath          Path
	ItemSelector       Evaluator
	Processor          *Scope
	MaxConcurrency     int64
	MaxConcurrencyPath *jsonpath.Path

	// Workflow variables: Assign in JSONPath mode (a payload template) or
	// in JSONata mode (JSONataAssign); Assign on rules and catchers too.
	Assign        Evaluator
	JSONataAssign *Query

	// JSONata mode: the fields that replace the JSONPath ones.
	Arguments *Query // Task, Parallel
	Output    *Query
	Items     *Query // Map
	Selector  *Query // Map ItemSelector
	// Numeric and text fields given as "{% %}" (nil when literal).
	SecondsQ, TimestampQ, TimeoutQ, HeartbeatQ, MaxConcurrencyQ, ErrorQ, CauseQ *Query
}

// IsEnd reports whether leaving this state ends its scope.
func (s *State) IsEnd() bool { return s.Next < 0 }

// Retrier is a compiled Retry entry.
type Retrier struct {
	ErrorEquals     []string
	IntervalSeconds int64
	MaxAttempts     int64
	BackoffRate     float64
	MaxDelaySeconds int64 // 0: no cap
	JitterFull      bool
}

// Catcher is a compiled Catch entry.
type Catcher struct {
	ErrorEquals []string
	Next        int
	ResultPath  Path
	// Assign (JSONPath template) or JSONata Assign and Output.
	Assign        Evaluator
	JSONataAssign *Query
	Output        *Query
}

// Operator is a Choice comparison operator.
type Operator uint8

// The Choice Rule operators.
const (
	OpAnd Operator = iota + 1
	OpOr
	OpNot
	OpStringEquals
	OpStringLessThan
	OpStringGreaterThan
	OpStringLessThanEquals
	OpStringGreaterThanEquals
	OpNumericEquals
	OpNumericLessThan
	OpNumericGreaterThan
	OpNumericLessThanEquals
	OpNumericGreaterThanEquals
	OpTimestampEquals
	OpTimestampLessThan
	OpTimestampGreaterThan
	OpTimestampLessThanEquals
	OpTimestampGreaterThanEquals
	OpBooleanEquals
	OpStringMatches
	OpIsPresent
	OpIsNull
	OpIsNumeric
	OpIsString
	OpIsBoolean
	OpIsTimestamp
)

// Rule is a compiled Choice Rule. A comparison reads Variable and compares
// it with Operand, or with the value at OperandPath for the *Path variants.
type Rule struct {
	Op          Operator
	Name        string // the operator as written, e.g. "NumericLessThanPath"
	Variable    *jsonpath.Path
	Operand     jsonv.Value
	OperandPath *jsonpath.Path
	Subs        []*Rule // And, Or; Not has one
	Next        int     // top-level rules only
	// JSONata: Condition; top-level rules may Assign (either language)
	// and, in JSONata, give the Output.
	Condition     *Query
	Assign        Evaluator
	JSONataAssign *Query
	Output        *Query
}
