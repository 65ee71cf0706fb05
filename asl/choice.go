package asl

import (
	"fmt"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Operand kinds of the comparison operators.
const (
	operandString    = "String"
	operandNumber    = "Number"
	operandBoolean   = "Boolean"
	operandTimestamp = "Timestamp"
	operandPath      = "Path"
)

// ComparisonOperators maps each of the 39 comparison operators of a JSONPath
// Choice Rule to the kind of operand it takes.
var ComparisonOperators = func() map[string]string {
	m := map[string]string{
		"BooleanEquals":     operandBoolean,
		"BooleanEqualsPath": operandPath,
		"StringMatches":     operandString,
		"IsPresent":         operandBoolean,
		"IsNull":            operandBoolean,
		"IsNumeric":         operandBoolean,
		"IsString":          operandBoolean,
		"IsBoolean":         operandBoolean,
		"IsTimestamp":       operandBoolean,
	}
	for _, family := range []struct{ prefix, kind string }{
		{"String", operandString}, {"Numeric", operandNumber}, {"Timestamp", operandTimestamp},
	} {
		for _, rel := range []string{"Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"} {
			m[family.prefix+rel] = family.kind
			m[family.prefix+rel+"Path"] = operandPath
		}
	}
	return m
}()

// Boolean combinators of a Choice Rule.
const (
	OperatorAnd = "And"
	OperatorOr  = "Or"
	OperatorNot = "Not"
)

func (p *parser) choice(obj *jsonv.Object, c StateCommon) *Choice {
	ptr := c.Pointer
	s := &Choice{StateCommon: c}
	s.Default = p.target(obj, ptr, "Default")
	raw, ok := obj.Get("Choices")
	if !ok {
		p.required(ptr, "Choices")
		return s
	}
	cp := Pointer(ptr, "Choices")
	rules, ok := raw.([]jsonv.Value)
	if !ok {
		p.typeError(cp, "Array")
		return s
	}
	if len(rules) == 0 {
		p.schema(cp, "The field 'Choices' should be non-empty")
		return s
	}
	for i, r := range rules {
		if rule := p.rule(r, Pointer(cp, fmt.Sprint(i)), c.Language, 0); rule != nil {
			s.Choices = append(s.Choices, rule)
		}
	}
	return s
}

// rule reads one Choice Rule; depth 0 is a top-level rule.
func (p *parser) rule(v jsonv.Value, ptr, lang string, depth int) *ChoiceRule {
	obj, ok := v.(*jsonv.Object)
	if !ok {
		p.typeError(ptr, "Object")
		return nil
	}
	if depth > MaxChoiceRuleDepth {
		p.add(CodeTooDeeplyNested, ptr, fmt.Sprintf("Choice rules are nested more than %d levels deep", MaxChoiceRuleDepth))
		return nil
	}
	r := &ChoiceRule{Pointer: ptr}
	top := depth == 0
	r.Comment, _ = p.str(obj, ptr, "Comment")

	var ops []string
	for _, m := range obj.Members() {
		k := m.Key
		_, isComparison := ComparisonOperators[k]
		isBool := k == OperatorAnd || k == OperatorOr || k == OperatorNot
		switch {
		case k == "Comment":
		case k == "Next" || k == "Assign":
			if !top {
				p.notSupported(ptr, k)
			}
		case k == "Output":
			if !top {
				p.notSupported(ptr, k)
			} else {
				p.languageField(ptr, k, lang)
			}
		case k == "Condition":
			if !top && lang == JSONata {
				p.notSupported(ptr, k)
			} else {
				p.languageField(ptr, k, lang)
			}
		case k == "Variable" || isComparison || isBool:
			if lang == JSONata {
				p.addAt(CodeSchemaValidationFailed, Pointer(ptr, k), ptr, fmt.Sprintf("The QueryLanguage is set to 'JSONata', but field '%s' is only supported for the 'JSONPath' QueryLanguage", k))
			} else if k != "Variable" {
				ops = append(ops, k)
			}
		default:
			p.notSupported(ptr, k)
		}
	}
	if top {
		if !obj.Has("Next") {
			p.schema(ptr, "These fields are required: [Next]")
		} else {
			r.Next = p.target(obj, ptr, "Next")
		}
		if obj.Has("Assign") {
			r.Assign = p.objectPayload(obj, ptr, "Assign", false)
		}
		if lang == JSONata && obj.Has("Output") {
			r.Output = p.payload(obj, ptr, "Output")
		}
	}
	if lang == JSONata {
		if !top {
			return r
		}
		r.Condition = p.payload(obj, ptr, "Condition")
		switch v := r.Condition.Value.(type) {
		case bool:
		case string:
			if !IsJSONataString(v) {
				p.schema(r.Condition.Pointer, "The field 'Condition' must be a JSONata expression enclosed in {%% %%}")
			}
		default:
			if r.Condition.Set {
				p.typeError(r.Condition.Pointer, "String")
			} else {
				p.required(ptr, "Condition")
			}
		}
		return r
	}

	switch len(ops) {
	case 0:
		p.schema(ptr, "A Choice Rule must have exactly one comparison operator or one of And, Or, Not")
		return r
	case 1:
	default:
		p.onlyOne(ptr, ops...)
		return r
	}
	r.Operator = ops[0]
	opPtr := Pointer(ptr, r.Operator)
	operand, _ := obj.Get(r.Operator)
	switch r.Operator {
	case OperatorAnd, OperatorOr:
		if obj.Has("Variable") {
			p.notSupported(ptr, "Variable")
		}
		list, ok := operand.([]jsonv.Value)
		if !ok {
			p.typeError(opPtr, "Array")
			return r
		}
		if len(list) == 0 {
			p.schema(opPtr, "The field '%s' should be non-empty", r.Operator)
			return r
		}
		var subs []*ChoiceRule
		for i, sub := range list {
			if sr := p.rule(sub, Pointer(opPtr, fmt.Sprint(i)), lang, depth+1); sr != nil {
				subs = append(subs, sr)
			}
		}
		if r.Operator == OperatorAnd {
			r.And = subs
		} else {
			r.Or = subs
		}
		return r
	case OperatorNot:
		if obj.Has("Variable") {
			p.notSupported(ptr, "Variable")
		}
		r.Not = p.rule(operand, opPtr, lang, depth+1)
		return r
	}

	if !obj.Has("Variable") {
		p.required(ptr, "Variable")
	} else {
		r.Variable, _ = p.str(obj, ptr, "Variable")
	}
	r.Operand = operand
	switch kind := ComparisonOperators[r.Operator]; kind {
	case operandString, operandPath:
		if _, ok := operand.(string); !ok {
			p.typeError(opPtr, "String")
		}
	case operandNumber:
		if _, ok := operand.(jsonv.Number); !ok {
			p.typeError(opPtr, "Number")
		}
	case operandBoolean:
		if _, ok := operand.(bool); !ok {
			p.typeError(opPtr, "Boolean")
		}
	case operandTimestamp:
		s, ok := operand.(string)
		if !ok {
			p.typeError(opPtr, "String")
		} else if !IsTimestamp(s) {
			p.schema(opPtr, "The field '%s' is not a valid RFC 3339 timestamp", r.Operator)
		}
	}
	if r.Operator == "StringMatches" {
		if s, ok := operand.(string); ok && (len(s)-len(strings.TrimRight(s, `\`)))%2 == 1 {
			p.schema(opPtr, "The field 'StringMatches' ends with an unfinished escape")
		}
	}
	return r
}
