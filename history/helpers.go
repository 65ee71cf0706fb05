package history

// StateEnteredType is the XxxStateEntered type for an ASL state type
// ("Task" → TaskStateEntered); ok is false for an unknown state type.
func StateEnteredType(stateType string) (EventType, bool) {
	t := EventType(stateType + "StateEntered")
	return t, t.Kind() == KindStateEntered
}

// StateExitedType is the XxxStateExited type for an ASL state type; ok is
// false for an unknown state type and for Fail, which AWS never exits (the
// execution fails instead).
func StateExitedType(stateType string) (EventType, bool) {
	t := EventType(stateType + "StateExited")
	return t, t.Kind() == KindStateExited
}

// WithoutData returns e without its execution data, for GetExecutionHistory
// with includeExecutionData=false: inputs, outputs and assigned variables
// are dropped; names, resources, errors, causes and the *Details flags stay.
// Task parameters stay too (the API marks them required). e is not modified.
func WithoutData(e Event) Event {
	switch d := e.Details.(type) {
	case *ExecutionStartedEventDetails:
		c := *d
		c.Input = ""
		e.Details = &c
	case *StateEnteredEventDetails:
		c := *d
		c.Input = ""
		e.Details = &c
	case *ActivityScheduledEventDetails:
		c := *d
		c.Input = ""
		e.Details = &c
	case *LambdaFunctionScheduledEventDetails:
		c := *d
		c.Input = ""
		e.Details = &c
	case *OutputDetails:
		c := *d
		c.Output = ""
		e.Details = &c
	case *TaskOutputDetails:
		c := *d
		c.Output = ""
		e.Details = &c
	case *StateExitedEventDetails:
		c := *d
		c.Output, c.AssignedVariables = "", nil
		e.Details = &c
	}
	return e
}
