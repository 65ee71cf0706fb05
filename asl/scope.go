package asl

import (
	"fmt"
	"unicode/utf8"

	"github.com/stepd/stepd/jsonv"
)

type scopeKind int

const (
	scopeTop scopeKind = iota
	scopeBranch
	scopeProcessor
	scopeIterator
)

// scope reads StartAt and States of one scope (the top level, a Parallel
// branch or a Map processor), then checks its transitions.
func (p *parser) scope(obj *jsonv.Object, ptr string, depth int, kind scopeKind) *Scope {
	sc := &Scope{Pointer: ptr, States: NewStates()}
	if kind != scopeTop {
		sc.Comment, _ = p.str(obj, ptr, "Comment")
	}
	startOK := false
	if _, ok := obj.Get("StartAt"); !ok {
		p.required(ptr, "StartAt")
	} else if s, ok := p.str(obj, ptr, "StartAt"); ok {
		sc.StartAt, startOK = s, true
	}
	raw, ok := obj.Get("States")
	if !ok {
		p.required(ptr, "States")
		return sc
	}
	statesPtr := Pointer(ptr, "States")
	states, ok := raw.(*jsonv.Object)
	if !ok {
		p.typeError(statesPtr, "Object")
		return sc
	}
	if states.Len() == 0 {
		p.schema(statesPtr, "The field 'States' should be non-empty")
		return sc
	}
	// known holds every name in the scope, parsed or not, so a state with a
	// broken body does not also make its predecessors' Next look dangling.
	known := map[string]bool{}
	complete := true
	for _, m := range states.Members() {
		sp := Pointer(statesPtr, m.Key)
		known[m.Key] = true
		p.stateName(m.Key, sp)
		st := p.state(m.Key, m.Value, sp, depth)
		if st == nil || p.badTransition[sp] {
			complete = false
			continue
		}
		sc.States.Add(st)
	}
	if !startOK {
		complete = false
	}
	dangling := false
	if startOK && !known[sc.StartAt] {
		// AWS says 'Next' for every transition field; for StartAt its word
		// is not documented, so name the field.
		p.add(CodeMissingTransitionTarget, Pointer(ptr, "StartAt"), "Missing 'StartAt' target: "+sc.StartAt)
		dangling = true
	}
	if !p.targets(sc, known) {
		dangling = true
	}
	if complete {
		// With dangling targets AWS still reports a missing terminal state,
		// but reachability would only echo the dangling names.
		p.graph(sc, ptr, !dangling)
	}
	return sc
}

// stateName applies AWS's name rules: unique in the whole machine (nested
// scopes included), 1 to 80 characters.
func (p *parser) stateName(name, ptr string) {
	if p.dups[ptr] {
		p.add(CodeDuplicateStateName, ptr, "Duplicate State name: "+name)
	} else if first, dup := p.names[name]; dup {
		p.add(CodeDuplicateStateName, ptr, fmt.Sprintf("Duplicate State name: %s (first defined at %s)", name, first))
	} else {
		p.names[name] = ptr
	}
	if name == "" {
		p.add(CodeInvalidStateName, ptr, "State name must not be empty")
	} else if n := utf8.RuneCountInString(name); n > MaxStateNameLength {
		p.add(CodeInvalidStateName, ptr, fmt.Sprintf("State name is %d characters long; the maximum is %d", n, MaxStateNameLength))
	}
}

// targets checks that every Next, Default and Catch Next names a state of
// the same scope; it reports whether all do.
func (p *parser) targets(sc *Scope, known map[string]bool) bool {
	ok := true
	check := func(target, ptr string) {
		if target != "" && !known[target] {
			p.add(CodeMissingTransitionTarget, ptr, "Missing 'Next' target: "+target)
			ok = false
		}
	}
	for _, st := range sc.States.All() {
		c := st.Common()
		check(c.Next, c.FieldPointer("Next"))
		var catch []*Catcher
		switch s := st.(type) {
		case *Choice:
			for _, r := range s.Choices {
				check(r.Next, Pointer(r.Pointer, "Next"))
			}
			check(s.Default, c.FieldPointer("Default"))
		case *Task:
			catch = s.Catch
		case *Parallel:
			catch = s.Catch
		case *Map:
			catch = s.Catch
		}
		for _, ct := range catch {
			check(ct.Next, Pointer(ct.Pointer, "Next"))
		}
	}
	return ok
}

// graph checks termination and (when asked) reachability of a scope whose
// states all parsed. Like AWS, a scope without any terminal state gets one
// MISSING_END_STATE and no reachability diagnostics.
func (p *parser) graph(sc *Scope, ptr string, reachability bool) {
	all := sc.States.All()
	hasTerminal := false
	for _, st := range all {
		if IsTerminal(st) {
			hasTerminal = true
			break
		}
	}
	if !hasTerminal {
		// AWS gives this diagnostic no location.
		p.addAt(CodeMissingEndState, ptr, "", "Workflow has no terminal state")
		return
	}
	if !reachability {
		return
	}
	reached := map[string]bool{sc.StartAt: true}
	queue := []string{sc.StartAt}
	for len(queue) > 0 {
		st, _ := sc.States.Get(queue[0])
		queue = queue[1:]
		if st == nil {
			continue
		}
		for _, t := range Transitions(st) {
			if !reached[t] {
				reached[t] = true
				queue = append(queue, t)
			}
		}
	}
	unreachable := false
	for _, st := range all {
		if c := st.Common(); !reached[c.Name] {
			p.add(CodeMissingTransitionTarget, c.Pointer, fmt.Sprintf("State %q is not reachable.", c.Name))
			unreachable = true
		}
	}
	if unreachable {
		// Fixing reachability usually changes which states can end; AWS too
		// reports only the unreachable states here.
		return
	}
	// Walk backwards from the terminal states: a reachable state that cannot
	// get to any of them loops forever. AWS's exact behaviour here is not
	// documented (it is observed to flag only a scope with no terminal state
	// at all), so this is a warning, not an error.
	preds := map[string][]string{}
	for _, st := range all {
		for _, t := range Transitions(st) {
			preds[t] = append(preds[t], st.Common().Name)
		}
	}
	ends := map[string]bool{}
	queue = queue[:0]
	for _, st := range all {
		if IsTerminal(st) {
			ends[st.Common().Name] = true
			queue = append(queue, st.Common().Name)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, pr := range preds[n] {
			if !ends[pr] {
				ends[pr] = true
				queue = append(queue, pr)
			}
		}
	}
	for _, st := range all {
		if c := st.Common(); reached[c.Name] && !ends[c.Name] {
			p.warn(CodeMissingEndState, c.Pointer, fmt.Sprintf("State %q cannot reach a terminal state", c.Name))
		}
	}
}
