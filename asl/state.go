package asl

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/stepd/stepd/jsonv"
)

// stateFields lists the fields each state type accepts, in either language.
var stateFields = map[string]map[string]bool{
	TypePass: set("Type", "Comment", "QueryLanguage", "Next", "End", "InputPath", "OutputPath",
		"Result", "ResultPath", "Parameters", "Assign", "Output"),
	TypeTask: set("Type", "Comment", "QueryLanguage", "Next", "End", "InputPath", "OutputPath",
		"Resource", "Parameters", "Arguments", "ResultSelector", "ResultPath", "Retry", "Catch",
		"TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
		"Credentials", "Assign", "Output"),
	TypeChoice: set("Type", "Comment", "QueryLanguage", "InputPath", "OutputPath",
		"Choices", "Default", "Assign", "Output"),
	TypeWait: set("Type", "Comment", "QueryLanguage", "Next", "End", "InputPath", "OutputPath",
		"Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign", "Output"),
	TypeSucceed: set("Type", "Comment", "QueryLanguage", "InputPath", "OutputPath", "Output"),
	TypeFail:    set("Type", "Comment", "QueryLanguage", "Error", "ErrorPath", "Cause", "CausePath"),
	TypeParallel: set("Type", "Comment", "QueryLanguage", "Next", "End", "InputPath", "OutputPath",
		"Branches", "Parameters", "Arguments", "ResultSelector", "ResultPath", "Retry", "Catch",
		"Assign", "Output"),
	TypeMap: set("Type", "Comment", "QueryLanguage", "Next", "End", "InputPath", "OutputPath",
		"ItemsPath", "Items", "ItemSelector", "Parameters", "ItemProcessor", "Iterator",
		"MaxConcurrency", "MaxConcurrencyPath", "ResultSelector", "ResultPath", "Retry", "Catch",
		"ItemReader", "ItemBatcher", "ResultWriter",
		"ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
		"ToleratedFailureCount", "ToleratedFailureCountPath", "Label", "Assign", "Output"),
}

// jsonPathOnly are state fields a JSONata state rejects; jsonataOnly the
// reverse.
var (
	jsonPathOnly = set("InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Result",
		"TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
		"ErrorPath", "CausePath", "ItemsPath", "MaxConcurrencyPath",
		"ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "Iterator",
		"MaxItemsPath", "MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath") // the last three inside Map configurations
	jsonataOnly = set("Arguments", "Output", "Items", "Condition")
)

var stateTypes = []string{TypeTask, TypeWait, TypePass, TypeSucceed, TypeFail, TypeChoice, TypeParallel, TypeMap}

// languageField reports a field the state's language does not support; it
// returns false for such a field.
func (p *parser) languageField(ptr, key, lang string) bool {
	// AWS locates these at the enclosing state (or object).
	if lang == JSONata && jsonPathOnly[key] {
		p.addAt(CodeSchemaValidationFailed, Pointer(ptr, key), ptr, fmt.Sprintf("The QueryLanguage is set to 'JSONata', but field '%s' is only supported for the 'JSONPath' QueryLanguage", key))
		return false
	}
	if lang == JSONPath && jsonataOnly[key] {
		p.addAt(CodeSchemaValidationFailed, Pointer(ptr, key), ptr, fmt.Sprintf("The QueryLanguage is set to 'JSONPath', but field '%s' is only supported for the 'JSONata' QueryLanguage", key))
		return false
	}
	return true
}

// state reads one state; nil when its body is unusable (not an object, no
// or unknown Type).
func (p *parser) state(name string, v jsonv.Value, ptr string, depth int) State {
	obj, ok := v.(*jsonv.Object)
	if !ok {
		p.typeError(ptr, "Object")
		return nil
	}
	typ, ok := p.str(obj, ptr, "Type")
	if !ok {
		if !obj.Has("Type") {
			p.required(ptr, "Type")
		}
		return nil
	}
	allowed, ok := stateFields[typ]
	if !ok {
		p.schema(Pointer(ptr, "Type"), "The field 'Type' should have one of these values: [%s]", strings.Join(stateTypes, ", "))
		return nil
	}
	c := StateCommon{Name: name, Type: typ, Pointer: ptr, Language: p.lang}
	c.Comment, _ = p.str(obj, ptr, "Comment")
	if ql, ok := p.queryLanguage(obj, ptr); ok {
		c.QueryLanguage = ql
		c.Language = ql
		if ql == JSONPath && p.lang == JSONata {
			p.addAt(CodeSchemaValidationFailed, Pointer(ptr, "QueryLanguage"), ptr, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine")
		}
	}
	lang := c.Language
	// usable marks the fields that are allowed here, so the readers below
	// never report the same field twice.
	usable := func(key string) bool {
		return obj.Has(key) && allowed[key] && (!jsonPathOnly[key] || lang == JSONPath) && (!jsonataOnly[key] || lang == JSONata)
	}
	for _, m := range obj.Members() {
		if !allowed[m.Key] {
			p.notSupported(ptr, m.Key)
			continue
		}
		p.languageField(ptr, m.Key, lang)
	}

	if allowed["Next"] {
		next := p.target(obj, ptr, "Next")
		end, hasEnd := p.boolean(obj, ptr, "End")
		c.Next, c.End = next, end
		switch {
		case obj.Has("Next") && end:
			p.onlyOne(ptr, "End", "Next")
			p.badTransition[ptr] = true
		case !obj.Has("Next") && !end && (hasEnd || !obj.Has("End")):
			// AWS's wording for this case is not documented.
			p.schema(ptr, "Either the field 'Next' or 'End': true is required")
			p.badTransition[ptr] = true
		case obj.Has("Next") && next == "", obj.Has("End") && !hasEnd:
			p.badTransition[ptr] = true // mistyped; reported by the readers
		}
	}
	if usable("InputPath") {
		c.InputPath = p.optPath(obj, ptr, "InputPath")
	}
	if usable("OutputPath") {
		c.OutputPath = p.optPath(obj, ptr, "OutputPath")
	}
	if usable("Assign") {
		c.Assign = p.objectPayload(obj, ptr, "Assign", false)
	}
	if usable("Output") {
		c.Output = p.payload(obj, ptr, "Output")
	}

	switch typ {
	case TypePass:
		s := &Pass{StateCommon: c}
		if usable("Result") {
			s.Result = p.payload(obj, ptr, "Result")
		}
		if usable("ResultPath") {
			s.ResultPath = p.optPath(obj, ptr, "ResultPath")
		}
		if usable("Parameters") {
			s.Parameters = p.objectPayload(obj, ptr, "Parameters", false)
		}
		return s
	case TypeTask:
		return p.task(obj, c, usable)
	case TypeChoice:
		return p.choice(obj, c)
	case TypeWait:
		return p.wait(obj, c, usable)
	case TypeSucceed:
		return &Succeed{StateCommon: c}
	case TypeFail:
		return p.fail(obj, c, usable)
	case TypeParallel:
		return p.parallel(obj, c, usable, depth)
	case TypeMap:
		return p.mapState(obj, c, usable, depth)
	}
	return nil
}

func (p *parser) task(obj *jsonv.Object, c StateCommon, usable func(string) bool) *Task {
	ptr, lang := c.Pointer, c.Language
	s := &Task{StateCommon: c}
	if !obj.Has("Resource") {
		p.required(ptr, "Resource")
	} else if r, ok := p.str(obj, ptr, "Resource"); ok {
		s.Resource = r
		if !validResourceARN(r) {
			p.add(CodeInvalidResource, Pointer(ptr, "Resource"), "Resource is not a valid ARN: "+r)
		}
	}
	if usable("Parameters") {
		s.Parameters = p.objectPayload(obj, ptr, "Parameters", false)
	}
	if usable("Arguments") {
		s.Arguments = p.objectPayload(obj, ptr, "Arguments", true)
	}
	if usable("ResultSelector") {
		s.ResultSelector = p.objectPayload(obj, ptr, "ResultSelector", false)
	}
	if usable("ResultPath") {
		s.ResultPath = p.optPath(obj, ptr, "ResultPath")
	}
	s.Retry = p.retry(obj, ptr)
	s.Catch = p.catch(obj, ptr, lang)
	s.TimeoutSeconds, s.TimeoutSecondsPath = p.secondsPair(obj, ptr, lang, usable, "TimeoutSeconds")
	s.HeartbeatSeconds, s.HeartbeatSecondsPath = p.secondsPair(obj, ptr, lang, usable, "HeartbeatSeconds")
	if hb, ok := s.HeartbeatSeconds.Int64(); ok {
		if to, ok := s.TimeoutSeconds.Int64(); ok && hb >= to && to > 0 && hb > 0 {
			// AWS's wording for this rule is not documented.
			p.schema(s.HeartbeatSeconds.Pointer, "The field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'")
		}
	}
	if usable("Credentials") {
		s.Credentials = p.objectPayload(obj, ptr, "Credentials", false)
	}
	return s
}

// secondsPair reads TimeoutSeconds / TimeoutSecondsPath (or the Heartbeat
// pair): exclusive, positive, at most 99999999.
func (p *parser) secondsPair(obj *jsonv.Object, ptr, lang string, usable func(string) bool, key string) (NumberOrExpr, OptionalPath) {
	n := p.numOrExpr(obj, ptr, key, lang, true)
	var path OptionalPath
	if usable(key + "Path") {
		path = p.refPath(obj, ptr, key+"Path")
	}
	if obj.Has(key) && obj.Has(key+"Path") {
		p.onlyOne(ptr, key, key+"Path")
	}
	if v, ok := n.Int64(); ok {
		p.intRange(n.Pointer, v, 1, MaxIntegerSeconds)
	}
	return n, path
}

func validResourceARN(r string) bool {
	if IsJSONataString(r) {
		return false
	}
	parts := strings.SplitN(r, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] != "" && parts[5] != ""
}

func (p *parser) wait(obj *jsonv.Object, c StateCommon, usable func(string) bool) *Wait {
	ptr, lang := c.Pointer, c.Language
	s := &Wait{StateCommon: c}
	s.Seconds = p.numOrExpr(obj, ptr, "Seconds", lang, true)
	if v, ok := s.Seconds.Int64(); ok {
		p.intRange(s.Seconds.Pointer, v, 0, MaxIntegerSeconds)
	}
	s.Timestamp = p.text(obj, ptr, "Timestamp")
	if s.Timestamp.Set && !(lang == JSONata && IsJSONataString(s.Timestamp.Value)) && !IsTimestamp(s.Timestamp.Value) {
		p.schema(s.Timestamp.Pointer, "The field 'Timestamp' is not a valid RFC 3339 timestamp")
	}
	if usable("SecondsPath") {
		s.SecondsPath = p.refPath(obj, ptr, "SecondsPath")
	}
	if usable("TimestampPath") {
		s.TimestampPath = p.refPath(obj, ptr, "TimestampPath")
	}
	fields := []string{"Seconds", "SecondsPath", "Timestamp", "TimestampPath"}
	if lang == JSONata {
		fields = []string{"Seconds", "Timestamp"}
	}
	var present []string
	for _, f := range fields {
		if obj.Has(f) {
			present = append(present, f)
		}
	}
	switch {
	case len(present) > 1:
		p.onlyOne(ptr, present...)
	case len(present) == 0 && !slices.ContainsFunc([]string{"SecondsPath", "TimestampPath"}, obj.Has):
		p.schema(ptr, "Exactly one of these fields is required: [%s]", strings.Join(fields, ", "))
	}
	return s
}

func (p *parser) fail(obj *jsonv.Object, c StateCommon, usable func(string) bool) *Fail {
	ptr := c.Pointer
	s := &Fail{StateCommon: c}
	s.Error = p.text(obj, ptr, "Error")
	s.Cause = p.text(obj, ptr, "Cause")
	if usable("ErrorPath") {
		s.ErrorPath = p.refPath(obj, ptr, "ErrorPath")
	}
	if usable("CausePath") {
		s.CausePath = p.refPath(obj, ptr, "CausePath")
	}
	if obj.Has("Error") && obj.Has("ErrorPath") {
		p.onlyOne(ptr, "Error", "ErrorPath")
	}
	if obj.Has("Cause") && obj.Has("CausePath") {
		p.onlyOne(ptr, "Cause", "CausePath")
	}
	return s
}

func (p *parser) parallel(obj *jsonv.Object, c StateCommon, usable func(string) bool, depth int) *Parallel {
	ptr, lang := c.Pointer, c.Language
	s := &Parallel{StateCommon: c}
	if usable("Parameters") {
		s.Parameters = p.objectPayload(obj, ptr, "Parameters", false)
	}
	if usable("Arguments") {
		s.Arguments = p.objectPayload(obj, ptr, "Arguments", true)
	}
	if usable("ResultSelector") {
		s.ResultSelector = p.objectPayload(obj, ptr, "ResultSelector", false)
	}
	if usable("ResultPath") {
		s.ResultPath = p.optPath(obj, ptr, "ResultPath")
	}
	s.Retry = p.retry(obj, ptr)
	s.Catch = p.catch(obj, ptr, lang)
	raw, ok := obj.Get("Branches")
	if !ok {
		p.required(ptr, "Branches")
		return s
	}
	bp := Pointer(ptr, "Branches")
	branches, ok := raw.([]jsonv.Value)
	if !ok {
		p.typeError(bp, "Array")
		return s
	}
	if len(branches) == 0 {
		p.schema(bp, "The field 'Branches' should be non-empty")
		return s
	}
	if depth+1 > MaxScopeDepth {
		p.add(CodeTooDeeplyNested, bp, fmt.Sprintf("The states are too deeply nested: more than %d levels of Parallel and Map", MaxScopeDepth))
		return s
	}
	for i, b := range branches {
		ip := Pointer(bp, fmt.Sprint(i))
		bo, ok := b.(*jsonv.Object)
		if !ok {
			p.typeError(ip, "Object")
			continue
		}
		p.onlyFields(bo, ip, branchFields)
		s.Branches = append(s.Branches, p.scope(bo, ip, depth+1, scopeBranch))
	}
	return s
}

// Branches and processors take the language of the whole machine; AWS
// rejects a QueryLanguage field on ItemProcessor and Iterator, and stepd
// does the same for branches.
var (
	branchFields    = set("StartAt", "States", "Comment")
	processorFields = set("StartAt", "States", "Comment", "ProcessorConfig")
	configFields    = set("Mode", "ExecutionType")
)

func (p *parser) mapState(obj *jsonv.Object, c StateCommon, usable func(string) bool, depth int) *Map {
	ptr, lang := c.Pointer, c.Language
	s := &Map{StateCommon: c}
	if usable("ItemsPath") {
		s.ItemsPath = p.refPath(obj, ptr, "ItemsPath")
	}
	if usable("Items") {
		s.Items = p.payload(obj, ptr, "Items")
		switch v := s.Items.Value.(type) {
		case []jsonv.Value:
		case string:
			if !IsJSONataString(v) {
				p.typeError(s.Items.Pointer, "Array")
			}
		default:
			p.typeError(s.Items.Pointer, "Array")
		}
	}
	s.ItemSelector = p.objectPayload(obj, ptr, "ItemSelector", false)
	if usable("Parameters") {
		s.Parameters = p.objectPayload(obj, ptr, "Parameters", false)
	}
	if obj.Has("ItemSelector") && obj.Has("Parameters") {
		p.onlyOne(ptr, "ItemSelector", "Parameters")
	}
	if usable("ResultSelector") {
		s.ResultSelector = p.objectPayload(obj, ptr, "ResultSelector", false)
	}
	if usable("ResultPath") {
		s.ResultPath = p.optPath(obj, ptr, "ResultPath")
	}
	s.Retry = p.retry(obj, ptr)
	s.Catch = p.catch(obj, ptr, lang)

	s.MaxConcurrency = p.numOrExpr(obj, ptr, "MaxConcurrency", lang, true)
	if v, ok := s.MaxConcurrency.Int64(); ok {
		p.intRange(s.MaxConcurrency.Pointer, v, 0, MaxIntegerSeconds)
	}
	if usable("MaxConcurrencyPath") {
		s.MaxConcurrencyPath = p.refPath(obj, ptr, "MaxConcurrencyPath")
	}
	if obj.Has("MaxConcurrency") && obj.Has("MaxConcurrencyPath") {
		p.onlyOne(ptr, "MaxConcurrency", "MaxConcurrencyPath")
	}
	s.ToleratedFailurePercentage = p.numOrExpr(obj, ptr, "ToleratedFailurePercentage", lang, false)
	if s.ToleratedFailurePercentage.Number != "" {
		switch f := s.ToleratedFailurePercentage.Number.Float64(); {
		case f < 0:
			p.schema(s.ToleratedFailurePercentage.Pointer, "Minimum value is 0.0")
		case f > 100:
			p.schema(s.ToleratedFailurePercentage.Pointer, "Maximum value is 100.0")
		}
	}
	if usable("ToleratedFailurePercentagePath") {
		s.ToleratedFailurePercentagePath = p.refPath(obj, ptr, "ToleratedFailurePercentagePath")
	}
	if obj.Has("ToleratedFailurePercentage") && obj.Has("ToleratedFailurePercentagePath") {
		p.onlyOne(ptr, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath")
	}
	s.ToleratedFailureCount = p.numOrExpr(obj, ptr, "ToleratedFailureCount", lang, true)
	if v, ok := s.ToleratedFailureCount.Int64(); ok && v < 0 {
		p.schema(s.ToleratedFailureCount.Pointer, "Minimum value is 0")
	}
	if usable("ToleratedFailureCountPath") {
		s.ToleratedFailureCountPath = p.refPath(obj, ptr, "ToleratedFailureCountPath")
	}
	if obj.Has("ToleratedFailureCount") && obj.Has("ToleratedFailureCountPath") {
		p.onlyOne(ptr, "ToleratedFailureCount", "ToleratedFailureCountPath")
	}
	s.ItemReader = p.objectPayload(obj, ptr, "ItemReader", false)
	s.ItemBatcher = p.objectPayload(obj, ptr, "ItemBatcher", false)
	s.ResultWriter = p.objectPayload(obj, ptr, "ResultWriter", false)
	p.mapConfig(s, lang)
	if label, ok := p.str(obj, ptr, "Label"); ok {
		s.Label = label
		if n := utf8.RuneCountInString(label); n > MaxLabelNameLength {
			p.add(CodeInvalidLabelName, Pointer(ptr, "Label"), fmt.Sprintf("Label is %d characters long; the maximum is %d", n, MaxLabelNameLength))
		}
	}

	field := "ItemProcessor"
	switch {
	case obj.Has("ItemProcessor") && obj.Has("Iterator"):
		p.onlyOne(ptr, "ItemProcessor", "Iterator")
	case obj.Has("Iterator") && usable("Iterator"):
		field = "Iterator"
	case !obj.Has("ItemProcessor") && !obj.Has("Iterator"):
		p.required(ptr, "ItemProcessor")
	}
	raw, ok := obj.Get(field)
	if !ok || (field == "Iterator" && !usable("Iterator")) {
		return s
	}
	pp := Pointer(ptr, field)
	po, ok := raw.(*jsonv.Object)
	if !ok {
		p.typeError(pp, "Object")
		return s
	}
	if field == "Iterator" {
		p.onlyFields(po, pp, branchFields)
	} else {
		p.onlyFields(po, pp, processorFields)
	}
	proc := &Processor{Mode: ModeInline, Legacy: field == "Iterator"}
	if cfg, ok := po.Get("ProcessorConfig"); ok && field == "ItemProcessor" {
		cp := Pointer(pp, "ProcessorConfig")
		if co, ok := cfg.(*jsonv.Object); !ok {
			p.typeError(cp, "Object")
		} else {
			p.onlyFields(co, cp, configFields)
			if m, ok := p.str(co, cp, "Mode"); ok {
				proc.Mode = m
				if m != ModeInline && m != ModeDistributed {
					p.schema(Pointer(cp, "Mode"), "The field 'Mode' should have one of these values: [DISTRIBUTED, INLINE]")
				}
			}
			if et, ok := p.str(co, cp, "ExecutionType"); ok {
				proc.ExecutionType = et
				if et != "STANDARD" && et != "EXPRESS" {
					p.schema(Pointer(cp, "ExecutionType"), "The field 'ExecutionType' should have one of these values: [EXPRESS, STANDARD]")
				}
			}
			if proc.Mode == ModeDistributed && !co.Has("ExecutionType") {
				p.required(cp, "ExecutionType")
			}
		}
	}
	if proc.Mode != ModeDistributed {
		// These fields drive a Map Run, which only distributed mode has.
		for _, f := range []string{"ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
			"ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label"} {
			if obj.Has(f) {
				p.schema(Pointer(ptr, f), "The field '%s' is only supported when ProcessorConfig.Mode is DISTRIBUTED", f)
			}
		}
	}
	if depth+1 > MaxScopeDepth {
		p.add(CodeTooDeeplyNested, pp, fmt.Sprintf("The states are too deeply nested: more than %d levels of Parallel and Map", MaxScopeDepth))
		return s
	}
	kind := scopeProcessor
	if proc.Legacy {
		kind = scopeIterator
	}
	proc.Scope = *p.scope(po, pp, depth+1, kind)
	s.ItemProcessor = proc
	return s
}
