package asl

import "github.com/stepd/stepd/jsonv"

// ExprKind says how package machine must check and compile an expression
// field.
type ExprKind int

// Expression kinds.
const (
	// ExprPath is a JSONPath that may select anything and may start with
	// "$$" (InputPath, OutputPath, ItemsPath, a Choice rule's Variable and
	// its *Path operand).
	ExprPath ExprKind = iota + 1
	// ExprReferencePath is a reference path: it names one node (ResultPath,
	// Catch ResultPath, and the ...Path fields of Task, Wait and Map).
	ExprReferencePath
	// ExprReferencePathOrIntrinsic is a reference path or an intrinsic
	// function call returning a string (Fail ErrorPath and CausePath).
	ExprReferencePathOrIntrinsic
	// ExprTemplate is a JSONPath-mode payload template whose ".$" keys hold
	// paths or intrinsic functions (Parameters, ResultSelector, ItemSelector,
	// Credentials, ItemReader, ItemBatcher, ResultWriter, Assign).
	ExprTemplate
	// ExprJSONataTemplate is a JSONata-mode value whose strings written
	// "{% ... %}" are JSONata expressions (Arguments, Output, Assign, Items,
	// ItemSelector, Credentials, ItemReader, ItemBatcher, ResultWriter).
	ExprJSONataTemplate
	// ExprJSONata is a single "{% ... %}" string (Condition, and numbers,
	// timestamps, Error and Cause written as expressions).
	ExprJSONata
)

var exprKindNames = map[ExprKind]string{
	ExprPath: "Path", ExprReferencePath: "ReferencePath", ExprReferencePathOrIntrinsic: "ReferencePathOrIntrinsic",
	ExprTemplate: "Template", ExprJSONataTemplate: "JSONataTemplate", ExprJSONata: "JSONata",
}

func (k ExprKind) String() string { return exprKindNames[k] }

// Expr is one expression-bearing field of a definition.
type Expr struct {
	Kind ExprKind
	// Field names the field, e.g. "InputPath", "Parameters",
	// "Choices/0/Variable".
	Field   string
	Pointer string
	// Text is the path or JSONata string (path and JSONata kinds).
	Text string
	// Value is the template (template kinds).
	Value jsonv.Value
	// State owns the field.
	State State
}

// Expressions lists every expression field of sm, states in document order
// and nested scopes depth first, so machine can check them all with its
// query packages. Fields absent or null are left out.
func Expressions(sm *StateMachine) []Expr {
	if sm == nil {
		return nil
	}
	var w exprWalker
	w.states(sm.States)
	return w.out
}

type exprWalker struct {
	out []Expr
	st  State
}

func (w *exprWalker) states(ss *States) {
	for _, st := range ss.All() {
		w.state(st)
	}
}

func (w *exprWalker) path(kind ExprKind, field string, p OptionalPath) {
	if p.Set && !p.Null {
		w.out = append(w.out, Expr{Kind: kind, Field: field, Pointer: p.Pointer, Text: p.Path, State: w.st})
	}
}

// template adds a payload as a JSONPath or JSONata template per language.
func (w *exprWalker) template(lang, field string, p Payload) {
	if !p.Set {
		return
	}
	kind := ExprTemplate
	if lang == JSONata {
		kind = ExprJSONataTemplate
	}
	w.out = append(w.out, Expr{Kind: kind, Field: field, Pointer: p.Pointer, Value: p.Value, State: w.st})
}

// nestedPath adds the reference path found at keys inside a Map
// configuration object (ItemReader, ItemBatcher), whose templates only
// cover the ".$" keys.
func (w *exprWalker) nestedPath(p Payload, keys ...string) {
	if !p.Set {
		return
	}
	v, ptr := p.Value, p.Pointer
	field := ptr[len(w.st.Common().Pointer)+1:]
	for _, k := range keys {
		o, ok := v.(*jsonv.Object)
		if !ok {
			return
		}
		if v, ok = o.Get(k); !ok {
			return
		}
		ptr, field = Pointer(ptr, k), field+"/"+k
	}
	if s, ok := v.(string); ok {
		w.out = append(w.out, Expr{Kind: ExprReferencePath, Field: field, Pointer: ptr, Text: s, State: w.st})
	}
}

func (w *exprWalker) jsonata(field, pointer, text string) {
	if IsJSONataString(text) {
		w.out = append(w.out, Expr{Kind: ExprJSONata, Field: field, Pointer: pointer, Text: text, State: w.st})
	}
}

func (w *exprWalker) retryCatch(lang string, catch []*Catcher) {
	for _, c := range catch {
		field := c.Pointer[len(w.st.Common().Pointer)+1:]
		w.path(ExprReferencePath, field+"/ResultPath", c.ResultPath)
		w.template(lang, field+"/Output", c.Output)
		w.template(lang, field+"/Assign", c.Assign)
	}
}

func (w *exprWalker) state(st State) {
	w.st = st
	c := st.Common()
	lang := c.Language
	w.path(ExprPath, "InputPath", c.InputPath)
	w.path(ExprPath, "OutputPath", c.OutputPath)
	switch s := st.(type) {
	case *Pass:
		w.template(lang, "Parameters", s.Parameters)
		w.path(ExprReferencePath, "ResultPath", s.ResultPath)
	case *Task:
		w.template(lang, "Parameters", s.Parameters)
		w.template(lang, "Arguments", s.Arguments)
		w.template(lang, "ResultSelector", s.ResultSelector)
		w.path(ExprReferencePath, "ResultPath", s.ResultPath)
		w.jsonata("TimeoutSeconds", s.TimeoutSeconds.Pointer, s.TimeoutSeconds.Expr)
		w.path(ExprReferencePath, "TimeoutSecondsPath", s.TimeoutSecondsPath)
		w.jsonata("HeartbeatSeconds", s.HeartbeatSeconds.Pointer, s.HeartbeatSeconds.Expr)
		w.path(ExprReferencePath, "HeartbeatSecondsPath", s.HeartbeatSecondsPath)
		w.template(lang, "Credentials", s.Credentials)
		w.retryCatch(lang, s.Catch)
	case *Choice:
		for _, r := range s.Choices {
			w.rule(r, lang)
		}
	case *Wait:
		w.jsonata("Seconds", s.Seconds.Pointer, s.Seconds.Expr)
		if lang == JSONata {
			w.jsonata("Timestamp", s.Timestamp.Pointer, s.Timestamp.Value)
		}
		w.path(ExprReferencePath, "SecondsPath", s.SecondsPath)
		w.path(ExprReferencePath, "TimestampPath", s.TimestampPath)
	case *Fail:
		if lang == JSONata {
			w.jsonata("Error", s.Error.Pointer, s.Error.Value)
			w.jsonata("Cause", s.Cause.Pointer, s.Cause.Value)
		}
		w.path(ExprReferencePathOrIntrinsic, "ErrorPath", s.ErrorPath)
		w.path(ExprReferencePathOrIntrinsic, "CausePath", s.CausePath)
	case *Parallel:
		w.template(lang, "Parameters", s.Parameters)
		w.template(lang, "Arguments", s.Arguments)
		w.template(lang, "ResultSelector", s.ResultSelector)
		w.path(ExprReferencePath, "ResultPath", s.ResultPath)
		w.retryCatch(lang, s.Catch)
	case *Map:
		w.path(ExprPath, "ItemsPath", s.ItemsPath)
		w.template(lang, "Items", s.Items)
		w.template(lang, "ItemSelector", s.ItemSelector)
		w.template(lang, "Parameters", s.Parameters)
		w.template(lang, "ResultSelector", s.ResultSelector)
		w.path(ExprReferencePath, "ResultPath", s.ResultPath)
		w.jsonata("MaxConcurrency", s.MaxConcurrency.Pointer, s.MaxConcurrency.Expr)
		w.path(ExprReferencePath, "MaxConcurrencyPath", s.MaxConcurrencyPath)
		w.jsonata("ToleratedFailurePercentage", s.ToleratedFailurePercentage.Pointer, s.ToleratedFailurePercentage.Expr)
		w.path(ExprReferencePath, "ToleratedFailurePercentagePath", s.ToleratedFailurePercentagePath)
		w.jsonata("ToleratedFailureCount", s.ToleratedFailureCount.Pointer, s.ToleratedFailureCount.Expr)
		w.path(ExprReferencePath, "ToleratedFailureCountPath", s.ToleratedFailureCountPath)
		w.template(lang, "ItemReader", s.ItemReader)
		w.nestedPath(s.ItemReader, "ReaderConfig", "MaxItemsPath")
		w.template(lang, "ItemBatcher", s.ItemBatcher)
		w.nestedPath(s.ItemBatcher, "MaxItemsPerBatchPath")
		w.nestedPath(s.ItemBatcher, "MaxInputBytesPerBatchPath")
		w.template(lang, "ResultWriter", s.ResultWriter)
		w.retryCatch(lang, s.Catch)
	}
	// Assign and Output come after the state's own fields, as AWS evaluates
	// them last.
	w.st = st
	w.template(lang, "Assign", c.Assign)
	w.template(lang, "Output", c.Output)
	switch s := st.(type) {
	case *Parallel:
		for _, b := range s.Branches {
			w.states(b.States)
		}
	case *Map:
		if s.ItemProcessor != nil {
			w.states(s.ItemProcessor.States)
		}
	}
}

func (w *exprWalker) rule(r *ChoiceRule, lang string) {
	if r == nil {
		return
	}
	field := r.Pointer[len(w.st.Common().Pointer)+1:]
	if r.Variable != "" {
		w.out = append(w.out, Expr{Kind: ExprPath, Field: field + "/Variable", Pointer: Pointer(r.Pointer, "Variable"), Text: r.Variable, State: w.st})
	}
	if kind := ComparisonOperators[r.Operator]; kind == operandPath {
		if s, ok := r.Operand.(string); ok {
			w.out = append(w.out, Expr{Kind: ExprPath, Field: field + "/" + r.Operator, Pointer: r.OperandPointer(), Text: s, State: w.st})
		}
	}
	if r.Condition.Set {
		if s, ok := r.Condition.Value.(string); ok {
			w.jsonata(field+"/Condition", r.Condition.Pointer, s)
		}
	}
	w.template(lang, field+"/Assign", r.Assign)
	w.template(lang, field+"/Output", r.Output)
	for _, sub := range r.And {
		w.rule(sub, lang)
	}
	for _, sub := range r.Or {
		w.rule(sub, lang)
	}
	w.rule(r.Not, lang)
}
