package history

// fieldVisitor walks the members of a details struct in AWS's member order.
// One walk (visitFields) serves the wire writer and the storage writer,
// reader and sizer, so the member lists cannot drift apart. always marks a
// member AWS sends even when empty (a required one).
type fieldVisitor interface {
	str(name string, p *string, always bool)
	data(name string, p **DataDetails)
	assigned(name string, p **AssignedVariablesDetails)
	optInt(name string, p **int64)
	int(name string, p *int64)
	vars(name string, p *Variables)
	creds(name string, p **TaskCredentials)
}

func visitFields(d Details, v fieldVisitor) {
	switch d := d.(type) {
	case *ErrorDetails:
		v.str("error", &d.Error, false)
		v.str("cause", &d.Cause, false)
	case *OutputDetails:
		v.str("output", &d.Output, false)
		v.data("outputDetails", &d.OutputDetails)
	case *TaskErrorDetails:
		v.str("resourceType", &d.ResourceType, true)
		v.str("resource", &d.Resource, true)
		v.str("error", &d.Error, false)
		v.str("cause", &d.Cause, false)
	case *TaskOutputDetails:
		v.str("resourceType", &d.ResourceType, true)
		v.str("resource", &d.Resource, true)
		v.str("output", &d.Output, false)
		v.data("outputDetails", &d.OutputDetails)
	case *ActivityScheduledEventDetails:
		v.str("resource", &d.Resource, true)
		v.str("input", &d.Input, false)
		v.data("inputDetails", &d.InputDetails)
		v.optInt("timeoutInSeconds", &d.TimeoutInSeconds)
		v.optInt("heartbeatInSeconds", &d.HeartbeatInSeconds)
	case *ActivityStartedEventDetails:
		v.str("workerName", &d.WorkerName, false)
	case *TaskScheduledEventDetails:
		v.str("resourceType", &d.ResourceType, true)
		v.str("resource", &d.Resource, true)
		v.str("region", &d.Region, true)
		v.str("parameters", &d.Parameters, true)
		v.optInt("timeoutInSeconds", &d.TimeoutInSeconds)
		v.optInt("heartbeatInSeconds", &d.HeartbeatInSeconds)
		v.creds("taskCredentials", &d.TaskCredentials)
	case *TaskStartedEventDetails:
		v.str("resourceType", &d.ResourceType, true)
		v.str("resource", &d.Resource, true)
	case *ExecutionStartedEventDetails:
		v.str("input", &d.Input, false)
		v.data("inputDetails", &d.InputDetails)
		v.str("roleArn", &d.RoleArn, false)
		v.str("stateMachineAliasArn", &d.StateMachineAliasArn, false)
		v.str("stateMachineVersionArn", &d.StateMachineVersionArn, false)
	case *ExecutionRedrivenEventDetails:
		v.int("redriveCount", &d.RedriveCount)
	case *MapStateStartedEventDetails:
		v.int("length", &d.Length)
	case *MapIterationEventDetails:
		v.str("name", &d.Name, false)
		v.int("index", &d.Index)
	case *LambdaFunctionScheduledEventDetails:
		v.str("resource", &d.Resource, true)
		v.str("input", &d.Input, false)
		v.data("inputDetails", &d.InputDetails)
		v.optInt("timeoutInSeconds", &d.TimeoutInSeconds)
		v.creds("taskCredentials", &d.TaskCredentials)
	case *StateEnteredEventDetails:
		v.str("name", &d.Name, true)
		v.str("input", &d.Input, false)
		v.data("inputDetails", &d.InputDetails)
	case *StateExitedEventDetails:
		v.str("name", &d.Name, true)
		v.str("output", &d.Output, false)
		v.data("outputDetails", &d.OutputDetails)
		v.vars("assignedVariables", &d.AssignedVariables)
		v.assigned("assignedVariablesDetails", &d.AssignedVariablesDetails)
	case *MapRunStartedEventDetails:
		v.str("mapRunArn", &d.MapRunArn, false)
	case *MapRunRedrivenEventDetails:
		v.str("mapRunArn", &d.MapRunArn, false)
		v.int("redriveCount", &d.RedriveCount)
	case *EvaluationFailedEventDetails:
		v.str("error", &d.Error, false)
		v.str("cause", &d.Cause, false)
		v.str("location", &d.Location, false)
		v.str("state", &d.State, true)
	}
}
