package history

import "encoding/binary"

// fieldCodec walks the members of a details struct in AWS's member order.
// One walk (visitFields) serves the wire writer and the storage writer,
// reader and sizer, so the member lists cannot drift apart. It is a
// concrete type switching on its mode rather than an interface so that the
// walk does not move the codec state to the heap (Encode is on the hot
// path). always marks a member AWS sends even when empty (a required one).
type fieldCodec struct {
	mode codecMode
	wire wireWriter
	w    binWriter
	r    binReader
	size binSizer
}

type codecMode uint8

const (
	modeWire codecMode = iota
	modeWrite
	modeRead
	modeSize
)

func (c *fieldCodec) str(name string, p *string, always bool) {
	switch c.mode {
	case modeWire:
		c.wire.str(name, p, always)
	case modeWrite:
		c.w.str(p)
	case modeRead:
		*p = c.r.string()
	case modeSize:
		c.size.str(p)
	}
}

func (c *fieldCodec) data(name string, p **DataDetails) {
	switch c.mode {
	case modeWire:
		c.wire.data(name, p)
	case modeWrite:
		c.w.data(p)
	case modeRead:
		c.r.data(p)
	case modeSize:
		c.size.n++
	}
}

func (c *fieldCodec) assigned(name string, p **AssignedVariablesDetails) {
	switch c.mode {
	case modeWire:
		c.wire.assigned(name, p)
	case modeWrite:
		c.w.assigned(p)
	case modeRead:
		c.r.assigned(p)
	case modeSize:
		c.size.n++
	}
}

func (c *fieldCodec) optInt(name string, p **int64) {
	switch c.mode {
	case modeWire:
		c.wire.optInt(name, p)
	case modeWrite:
		c.w.optInt(p)
	case modeRead:
		c.r.optInt(p)
	case modeSize:
		c.size.n += 1 + binary.MaxVarintLen64
	}
}

func (c *fieldCodec) int(name string, p *int64) {
	switch c.mode {
	case modeWire:
		c.wire.int(name, p)
	case modeWrite:
		c.w.int(p)
	case modeRead:
		*p = c.r.varint()
	case modeSize:
		c.size.n += binary.MaxVarintLen64
	}
}

func (c *fieldCodec) vars(name string, p *Variables) {
	switch c.mode {
	case modeWire:
		c.wire.vars(name, p)
	case modeWrite:
		c.w.vars(p)
	case modeRead:
		c.r.vars(p)
	case modeSize:
		c.size.vars(p)
	}
}

func (c *fieldCodec) creds(name string, p **TaskCredentials) {
	switch c.mode {
	case modeWire:
		c.wire.creds(name, p)
	case modeWrite:
		c.w.creds(p)
	case modeRead:
		c.r.creds(p)
	case modeSize:
		c.size.creds(p)
	}
}

func visitFields(d Details, v *fieldCodec) {
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
