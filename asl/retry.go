package asl

import (
	"fmt"
	"slices"

	"github.com/stepd/stepd/jsonv"
)

// ErrorAll is the wildcard error name.
const ErrorAll = "States.ALL"

var (
	retrierFields = set("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment")
	catcherFields = set("ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment")
)

// list reads an optional array field of objects, calling each for every
// element that is an object.
func (p *parser) list(obj *jsonv.Object, ptr, key string, each func(*jsonv.Object, string)) {
	raw, ok := obj.Get(key)
	if !ok {
		return
	}
	lp := Pointer(ptr, key)
	items, ok := raw.([]jsonv.Value)
	if !ok {
		p.typeError(lp, "Array")
		return
	}
	for i, it := range items {
		ip := Pointer(lp, fmt.Sprint(i))
		o, ok := it.(*jsonv.Object)
		if !ok {
			p.typeError(ip, "Object")
			continue
		}
		each(o, ip)
	}
}

func (p *parser) retry(obj *jsonv.Object, ptr string) []*Retrier {
	var out []*Retrier
	n := 0
	if a, ok := obj.Get("Retry"); ok {
		if list, ok := a.([]jsonv.Value); ok {
			n = len(list)
		}
	}
	i := 0
	p.list(obj, ptr, "Retry", func(o *jsonv.Object, rp string) {
		p.onlyFields(o, rp, retrierFields)
		r := &Retrier{IntervalSeconds: IntervalSecondsDefault, MaxAttempts: MaxAttemptsDefault,
			BackoffRate: BackoffRateDefault, JitterStrategy: JitterStrategyDefault, Pointer: rp}
		r.Comment, _ = p.str(o, rp, "Comment")
		r.ErrorEquals = p.errorEquals(o, rp, i == n-1, "Retry")
		if v, ok := p.integer(o, rp, "IntervalSeconds"); ok {
			if p.intRange(Pointer(rp, "IntervalSeconds"), v, 1, MaxIntegerSeconds) {
				r.IntervalSeconds = v
			}
		}
		if v, ok := p.integer(o, rp, "MaxAttempts"); ok {
			if p.intRange(Pointer(rp, "MaxAttempts"), v, 0, MaxIntegerSeconds) {
				r.MaxAttempts = v
			}
		}
		if v, ok := p.number(o, rp, "BackoffRate"); ok {
			if v < 1 {
				p.schema(Pointer(rp, "BackoffRate"), "Minimum value is 1.0")
			} else {
				r.BackoffRate = v
			}
		}
		if v, ok := p.integer(o, rp, "MaxDelaySeconds"); ok {
			if p.intRange(Pointer(rp, "MaxDelaySeconds"), v, 1, MaxMaxDelaySeconds) {
				r.MaxDelaySeconds = &v
			}
		}
		if v, ok := p.str(o, rp, "JitterStrategy"); ok {
			if v != "FULL" && v != "NONE" {
				p.schema(Pointer(rp, "JitterStrategy"), "The field 'JitterStrategy' should have one of these values: [FULL, NONE]")
			} else {
				r.JitterStrategy = v
			}
		}
		out = append(out, r)
		i++
	})
	return out
}

func (p *parser) catch(obj *jsonv.Object, ptr, lang string) []*Catcher {
	var out []*Catcher
	n := 0
	if a, ok := obj.Get("Catch"); ok {
		if list, ok := a.([]jsonv.Value); ok {
			n = len(list)
		}
	}
	i := 0
	p.list(obj, ptr, "Catch", func(o *jsonv.Object, cp string) {
		c := &Catcher{Pointer: cp}
		for _, m := range o.Members() {
			if !catcherFields[m.Key] {
				p.notSupported(cp, m.Key)
			} else if m.Key == "ResultPath" && lang == JSONata {
				p.languageField(cp, m.Key, lang)
			} else if m.Key == "Output" {
				p.languageField(cp, m.Key, lang)
			}
		}
		c.Comment, _ = p.str(o, cp, "Comment")
		c.ErrorEquals = p.errorEquals(o, cp, i == n-1, "Catch")
		if !o.Has("Next") {
			p.required(cp, "Next")
		} else {
			c.Next = p.target(o, cp, "Next")
		}
		if lang == JSONPath {
			c.ResultPath = p.optPath(o, cp, "ResultPath")
		} else {
			c.Output = p.payload(o, cp, "Output")
		}
		c.Assign = p.objectPayload(o, cp, "Assign", false)
		out = append(out, c)
		i++
	})
	return out
}

// errorEquals reads ErrorEquals: a non-empty array of strings where
// States.ALL stands alone, in the last retrier or catcher.
func (p *parser) errorEquals(o *jsonv.Object, ptr string, last bool, field string) []string {
	raw, ok := o.Get("ErrorEquals")
	if !ok {
		p.required(ptr, "ErrorEquals")
		return nil
	}
	ep := Pointer(ptr, "ErrorEquals")
	list, ok := raw.([]jsonv.Value)
	if !ok {
		p.typeError(ep, "Array")
		return nil
	}
	if len(list) == 0 {
		p.schema(ep, "The field 'ErrorEquals' should be non-empty")
		return nil
	}
	names := make([]string, 0, len(list))
	for i, v := range list {
		s, ok := v.(string)
		if !ok {
			p.typeError(Pointer(ep, fmt.Sprint(i)), "String")
			continue
		}
		names = append(names, s)
	}
	if i := slices.Index(names, ErrorAll); i >= 0 {
		// AWS's wording for these two rules is not documented.
		if len(list) > 1 {
			p.schema(ep, "'States.ALL' must appear alone in 'ErrorEquals'")
		}
		if !last {
			p.schema(ep, "A %s entry with 'States.ALL' must be the last one", field)
		}
	}
	return names
}
