package asl

// Walk calls visit for every state of sm, nested Parallel branches and Map
// processors included, depth first in document order; scope is the scope
// that holds the state. Returning false from visit skips the state's nested
// scopes.
func Walk(sm *StateMachine, visit func(st State, scope *Scope) bool) {
	if sm == nil {
		return
	}
	walkScope(sm.Scope(), visit)
}

func walkScope(sc *Scope, visit func(State, *Scope) bool) {
	for _, st := range sc.States.All() {
		if !visit(st, sc) {
			continue
		}
		switch s := st.(type) {
		case *Parallel:
			for _, b := range s.Branches {
				walkScope(b, visit)
			}
		case *Map:
			if s.ItemProcessor != nil {
				walkScope(&s.ItemProcessor.Scope, visit)
			}
		}
	}
}
