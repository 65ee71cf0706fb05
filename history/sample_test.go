package history

import "time"

func ptr[T any](v T) *T { return &v }

var sampleTime = time.UnixMilli(1700000000123).UTC()

// sampleDetails returns a realistic details struct for t (nil for the types
// that carry none), with every optional member set so round trips cover it.
func sampleDetails(t EventType) Details {
	switch t.info().shape {
	case shapeError:
		return &ErrorDetails{Error: "States.TaskFailed", Cause: "boom <&> \"quoted\"\nline"}
	case shapeOutput:
		return &OutputDetails{Output: `{"ok":true}`, OutputDetails: NotTruncated()}
	case shapeTaskError:
		return &TaskErrorDetails{ResourceType: "lambda", Resource: "invoke", Error: "Lambda.ServiceException", Cause: "the function failed"}
	case shapeTaskOutput:
		return &TaskOutputDetails{ResourceType: "lambda", Resource: "invoke", Output: `{"StatusCode":200,"Payload":{"n":1}}`, OutputDetails: NotTruncated()}
	case shapeActivityScheduled:
		return &ActivityScheduledEventDetails{
			Resource: "arn:aws:states:us-east-1:123456789012:activity:work", Input: `{"a":1}`, InputDetails: NotTruncated(),
			TimeoutInSeconds: ptr[int64](300), HeartbeatInSeconds: ptr[int64](60),
		}
	case shapeActivityStarted:
		return &ActivityStartedEventDetails{WorkerName: "worker-1"}
	case shapeTaskScheduled:
		return &TaskScheduledEventDetails{
			ResourceType: "lambda", Resource: "invoke", Region: "us-east-1",
			Parameters:       `{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:f","Payload":{"x":1}}`,
			TimeoutInSeconds: ptr[int64](99999999), HeartbeatInSeconds: ptr[int64](30),
			TaskCredentials: &TaskCredentials{RoleArn: "arn:aws:iam::123456789012:role/other"},
		}
	case shapeTaskStarted:
		return &TaskStartedEventDetails{ResourceType: "lambda", Resource: "invoke"}
	case shapeExecutionStarted:
		return &ExecutionStartedEventDetails{
			Input: `{"name":"ünï\u2028code"}`, InputDetails: NotTruncated(),
			RoleArn:                "arn:aws:iam::123456789012:role/service-role/StepFunctions",
			StateMachineAliasArn:   "arn:aws:states:us-east-1:123456789012:stateMachine:m:prod",
			StateMachineVersionArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m:3",
		}
	case shapeExecutionRedriven:
		return &ExecutionRedrivenEventDetails{RedriveCount: 1}
	case shapeMapStateStarted:
		return &MapStateStartedEventDetails{Length: 3}
	case shapeMapIteration:
		return &MapIterationEventDetails{Name: "Map", Index: 0}
	case shapeLambdaScheduled:
		return &LambdaFunctionScheduledEventDetails{
			Resource: "arn:aws:lambda:us-east-1:123456789012:function:f", Input: `{}`, InputDetails: NotTruncated(),
			TimeoutInSeconds: ptr[int64](60), TaskCredentials: &TaskCredentials{RoleArn: "arn:aws:iam::123456789012:role/r"},
		}
	case shapeStateEntered:
		return &StateEnteredEventDetails{Name: "Step", Input: `{"n":1}`, InputDetails: NotTruncated()}
	case shapeStateExited:
		return &StateExitedEventDetails{
			Name: "Step", Output: `{"n":2}`, OutputDetails: NotTruncated(),
			AssignedVariables:        Variables{{Name: "zeta", Value: `1`}, {Name: "alpha", Value: `{"b":[1,2]}`}},
			AssignedVariablesDetails: &AssignedVariablesDetails{},
		}
	case shapeMapRunStarted:
		return &MapRunStartedEventDetails{MapRunArn: "arn:aws:states:us-east-1:123456789012:mapRun:m/Map:1a2b"}
	case shapeMapRunRedriven:
		return &MapRunRedrivenEventDetails{MapRunArn: "arn:aws:states:us-east-1:123456789012:mapRun:m/Map:1a2b", RedriveCount: 2}
	case shapeEvaluationFailed:
		return &EvaluationFailedEventDetails{Error: "States.QueryEvaluationError", Cause: "The JSONata expression failed", Location: "Arguments", State: "Step"}
	}
	return nil
}

func sampleEvent(t EventType) Event {
	return Event{ID: 7, PreviousEventID: 6, Timestamp: sampleTime, Type: t, Details: sampleDetails(t)}
}
