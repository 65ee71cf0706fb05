package asl

import (
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Query languages (the QueryLanguage field).
const (
	JSONPath = "JSONPath"
	JSONata  = "JSONata"
)

// State types (the Type field).
const (
	TypePass     = "Pass"
	TypeTask     = "Task"
	TypeChoice   = "Choice"
	TypeWait     = "Wait"
	TypeSucceed  = "Succeed"
	TypeFail     = "Fail"
	TypeParallel = "Parallel"
	TypeMap      = "Map"
)

// StateMachine is a parsed definition. Pointer-valued fields are nil when
// absent.
type StateMachine struct {
	Comment string
	StartAt string
	States  *States
	// TimeoutSeconds is the execution timeout; nil when absent.
	TimeoutSeconds *int64
	Version        string
	// QueryLanguage is the machine's default language as written, or
	// JSONPath when absent; states inherit it (see StateCommon.Language).
	QueryLanguage string
	// Source maps pointers of the parsed document to positions.
	Source *Source
}

// Scope is a set of states that transitions stay inside: the top level, one
// Parallel branch, or one Map processor. Next, Default and Catch Next name
// states of the same scope only.
type Scope struct {
	Comment string
	StartAt string
	States  *States
	// QueryLanguage as written on the branch ("" when absent).
	QueryLanguage string
	// Pointer is the JSON pointer of the scope object ("" for the top level).
	Pointer string
}

// Scope returns the machine's top level as a Scope.
func (sm *StateMachine) Scope() *Scope {
	return &Scope{Comment: sm.Comment, StartAt: sm.StartAt, States: sm.States, QueryLanguage: sm.QueryLanguage}
}

// States holds the states of one scope in document order with lookup by name.
type States struct {
	list   []State
	byName map[string]State
}

// NewStates builds a States from states in order; a repeated name keeps the
// first state.
func NewStates(states ...State) *States {
	s := &States{byName: make(map[string]State, len(states))}
	for _, st := range states {
		s.Add(st)
	}
	return s
}

// Add appends st unless a state of that name exists; it reports whether st
// was added.
func (s *States) Add(st State) bool {
	name := st.Common().Name
	if _, dup := s.byName[name]; dup {
		return false
	}
	if s.byName == nil {
		s.byName = map[string]State{}
	}
	s.byName[name] = st
	s.list = append(s.list, st)
	return true
}

// Get returns the state called name.
func (s *States) Get(name string) (State, bool) {
	if s == nil {
		return nil, false
	}
	st, ok := s.byName[name]
	return st, ok
}

// Len is the number of states.
func (s *States) Len() int {
	if s == nil {
		return 0
	}
	return len(s.list)
}

// All returns the states in document order. The slice must not be modified.
func (s *States) All() []State {
	if s == nil {
		return nil
	}
	return s.list
}

// Names returns the state names in document order.
func (s *States) Names() []string {
	names := make([]string, s.Len())
	for i, st := range s.All() {
		names[i] = st.Common().Name
	}
	return names
}

// State is one of *Pass, *Task, *Choice, *Wait, *Succeed, *Fail, *Parallel,
// *Map.
type State interface {
	// Common returns the fields every state type shares.
	Common() *StateCommon
	isState()
}

// StateCommon holds the fields shared by all state types. A field that a
// state type does not accept is always zero for it (validation reports it).
type StateCommon struct {
	Name    string
	Type    string
	Comment string
	Next    string
	End     bool

	InputPath  OptionalPath
	OutputPath OptionalPath

	// QueryLanguage as written on the state ("" when absent); Language is
	// the effective one (the state's, else its machine's).
	QueryLanguage string
	Language      string

	// Assign (object of variables) and Output (JSONata) templates.
	Assign Payload
	Output Payload

	// Pointer is the state's JSON pointer, e.g. "/States/Charge" or
	// "/States/Fan/Branches/0/States/A".
	Pointer string
}

// Common implements State.
func (c *StateCommon) Common() *StateCommon { return c }

// FieldPointer is the JSON pointer of one of the state's fields.
func (c *StateCommon) FieldPointer(field string) string { return Pointer(c.Pointer, field) }

// IsJSONata reports whether the state evaluates in JSONata.
func (c *StateCommon) IsJSONata() bool { return c.Language == JSONata }

func (*StateCommon) isState() {}

// OptionalPath is a JSONPath-mode path field (InputPath, ResultPath, ...).
// Set is false when the field is absent (the default applies); Null is true
// when it is an explicit null (InputPath null passes {}, ResultPath null
// discards the result, OutputPath null outputs {}).
type OptionalPath struct {
	Set     bool
	Null    bool
	Path    string
	Pointer string
}

// Payload is a JSON template or literal kept unevaluated (Parameters,
// ResultSelector, ItemSelector, Result, Arguments, Output, Assign, ...). Set
// is false when the field is absent; Value may be nil for an explicit null.
type Payload struct {
	Set     bool
	Value   jsonv.Value
	Pointer string
}

// NumberOrExpr is a numeric field that JSONata mode may also give as a
// "{% ... %}" string (Seconds, TimeoutSeconds, MaxConcurrency, ...).
type NumberOrExpr struct {
	Set bool
	// Number is the literal; empty when Expr is used.
	Number jsonv.Number
	// Expr is the whole JSONata string, braces included.
	Expr    string
	Pointer string
}

// IsExpr reports whether the field holds a JSONata expression.
func (n NumberOrExpr) IsExpr() bool { return n.Expr != "" }

// Int64 returns the literal as an integer when it is one.
func (n NumberOrExpr) Int64() (int64, bool) {
	if !n.Set || n.Number == "" {
		return 0, false
	}
	return n.Number.Int64()
}

// Text is an optional string field (Error, Cause, Timestamp, ...), possibly
// a JSONata "{% ... %}" string.
type Text struct {
	Set     bool
	Value   string
	Pointer string
}

// IsJSONataString reports whether s is a JSONata expression string: it starts
// with "{%" and ends with "%}" (AWS allows no surrounding whitespace).
func IsJSONataString(s string) bool {
	return len(s) >= 4 && strings.HasPrefix(s, "{%") && strings.HasSuffix(s, "%}")
}

// Retrier is one Retry entry. Absent fields hold AWS's defaults.
type Retrier struct {
	ErrorEquals     []string
	IntervalSeconds int64   // default 1
	MaxAttempts     int64   // default 3
	BackoffRate     float64 // default 2.0
	MaxDelaySeconds *int64  // nil: no cap
	JitterStrategy  string  // "FULL" or "NONE" (default)
	Comment         string
	Pointer         string
}

// Retrier defaults, as AWS documents them.
const (
	IntervalSecondsDefault = 1
	MaxAttemptsDefault     = 3
	BackoffRateDefault     = 2.0
	JitterStrategyDefault  = "NONE"
)

// Catcher is one Catch entry.
type Catcher struct {
	ErrorEquals []string
	Next        string
	ResultPath  OptionalPath
	Output      Payload
	Assign      Payload
	Comment     string
	Pointer     string
}

// Pass state.
type Pass struct {
	StateCommon
	Result     Payload
	ResultPath OptionalPath
	Parameters Payload
}

// Task state.
type Task struct {
	StateCommon
	Resource             string
	Parameters           Payload
	Arguments            Payload
	ResultSelector       Payload
	ResultPath           OptionalPath
	Retry                []*Retrier
	Catch                []*Catcher
	TimeoutSeconds       NumberOrExpr
	TimeoutSecondsPath   OptionalPath
	HeartbeatSeconds     NumberOrExpr
	HeartbeatSecondsPath OptionalPath
	Credentials          Payload
}

// Choice state.
type Choice struct {
	StateCommon
	Choices []*ChoiceRule
	Default string
}

// ChoiceRule is one rule of a Choice state, recursive through And, Or and
// Not. A comparison has Variable, Operator and Operand; a boolean combinator
// has Operator "And", "Or" or "Not" and its children; a JSONata rule has
// Condition. Next, Assign and Output appear on top-level rules only.
type ChoiceRule struct {
	Variable  string
	Operator  string
	Operand   jsonv.Value
	And       []*ChoiceRule
	Or        []*ChoiceRule
	Not       *ChoiceRule
	Condition Payload
	Next      string
	Comment   string
	Assign    Payload
	Output    Payload
	Pointer   string
}

// OperandPointer is the pointer of the rule's operand field.
func (r *ChoiceRule) OperandPointer() string { return Pointer(r.Pointer, r.Operator) }

// Wait state.
type Wait struct {
	StateCommon
	Seconds       NumberOrExpr
	Timestamp     Text
	SecondsPath   OptionalPath
	TimestampPath OptionalPath
}

// Succeed state.
type Succeed struct {
	StateCommon
}

// Fail state.
type Fail struct {
	StateCommon
	Error     Text
	ErrorPath OptionalPath
	Cause     Text
	CausePath OptionalPath
}

// Parallel state.
type Parallel struct {
	StateCommon
	Branches       []*Scope
	Parameters     Payload
	Arguments      Payload
	ResultSelector Payload
	ResultPath     OptionalPath
	Retry          []*Retrier
	Catch          []*Catcher
}

// Map processing modes.
const (
	ModeInline      = "INLINE"
	ModeDistributed = "DISTRIBUTED"
)

// Processor is a Map state's ItemProcessor (or legacy Iterator).
type Processor struct {
	Scope
	// Mode is INLINE (default) or DISTRIBUTED; ExecutionType is STANDARD or
	// EXPRESS (distributed only).
	Mode          string
	ExecutionType string
	// Legacy is true when the processor came from the Iterator field.
	Legacy bool
}

// Map state.
type Map struct {
	StateCommon
	ItemsPath          OptionalPath
	Items              Payload // JSONata: array or "{% %}" string
	ItemSelector       Payload
	Parameters         Payload // legacy ItemSelector
	ItemProcessor      *Processor
	MaxConcurrency     NumberOrExpr
	MaxConcurrencyPath OptionalPath
	ResultSelector     Payload
	ResultPath         OptionalPath
	Retry              []*Retrier
	Catch              []*Catcher
	ItemReader         Payload
	ItemBatcher        Payload
	ResultWriter       Payload

	ToleratedFailurePercentage     NumberOrExpr
	ToleratedFailurePercentagePath OptionalPath
	ToleratedFailureCount          NumberOrExpr
	ToleratedFailureCountPath      OptionalPath
	Label                          string
}

// IsTerminal reports whether st ends its scope: End true, Succeed or Fail.
func IsTerminal(st State) bool {
	c := st.Common()
	return c.End || c.Type == TypeSucceed || c.Type == TypeFail
}

// Transitions lists the state names st can move to inside its scope: Next,
// Choice rule targets and Default, and Catch targets.
func Transitions(st State) []string {
	var out []string
	c := st.Common()
	if c.Next != "" {
		out = append(out, c.Next)
	}
	var catch []*Catcher
	switch s := st.(type) {
	case *Choice:
		for _, r := range s.Choices {
			if r.Next != "" {
				out = append(out, r.Next)
			}
		}
		if s.Default != "" {
			out = append(out, s.Default)
		}
	case *Task:
		catch = s.Catch
	case *Parallel:
		catch = s.Catch
	case *Map:
		catch = s.Catch
	}
	for _, c := range catch {
		if c.Next != "" {
			out = append(out, c.Next)
		}
	}
	return out
}
