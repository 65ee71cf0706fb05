package history

// Details is the details struct of one event: one of the *XxxEventDetails
// types of this package. Which one an event type carries is fixed by the
// API (EventType.DetailsField); several types share a shape, and the Go
// names of the shared shapes are aliases of one struct.
type Details interface {
	shape() shape
}

// DataDetails is HistoryEventExecutionDataDetails (inputDetails,
// outputDetails). AWS always sends {"truncated": false} next to a payload in
// GetExecutionHistory; only the CloudWatch Logs form sets it (see ForLog).
type DataDetails struct {
	Truncated bool `json:"truncated"`
}

// AssignedVariablesDetails is the assignedVariablesDetails of a
// StateExited event; like DataDetails it is only true in logs.
type AssignedVariablesDetails struct {
	Truncated bool `json:"truncated"`
}

// TaskCredentials is the role Step Functions assumes for a task.
type TaskCredentials struct {
	RoleArn string `json:"roleArn,omitempty"`
}

// ErrorDetails is the {error, cause} shape shared by the failure, abort
// and time-out events that carry no resource.
type ErrorDetails struct {
	Error string `json:"error,omitempty"`
	Cause string `json:"cause,omitempty"`
}

// The API's names for the {error, cause} shape.
type (
	ActivityFailedEventDetails               = ErrorDetails
	ActivityScheduleFailedEventDetails       = ErrorDetails
	ActivityTimedOutEventDetails             = ErrorDetails
	ExecutionAbortedEventDetails             = ErrorDetails
	ExecutionFailedEventDetails              = ErrorDetails
	ExecutionTimedOutEventDetails            = ErrorDetails
	LambdaFunctionFailedEventDetails         = ErrorDetails
	LambdaFunctionScheduleFailedEventDetails = ErrorDetails
	LambdaFunctionStartFailedEventDetails    = ErrorDetails
	LambdaFunctionTimedOutEventDetails       = ErrorDetails
	MapRunFailedEventDetails                 = ErrorDetails
)

// OutputDetails is the {output, outputDetails} shape of ActivitySucceeded,
// ExecutionSucceeded and LambdaFunctionSucceeded.
type OutputDetails struct {
	Output        string       `json:"output,omitempty"`
	OutputDetails *DataDetails `json:"outputDetails,omitempty"`
}

// The API's names for the {output, outputDetails} shape.
type (
	ActivitySucceededEventDetails       = OutputDetails
	ExecutionSucceededEventDetails      = OutputDetails
	LambdaFunctionSucceededEventDetails = OutputDetails
)

// TaskErrorDetails is the {resourceType, resource, error, cause} shape of
// TaskFailed, TaskStartFailed, TaskSubmitFailed and TaskTimedOut.
type TaskErrorDetails struct {
	ResourceType string `json:"resourceType"`
	Resource     string `json:"resource"`
	Error        string `json:"error,omitempty"`
	Cause        string `json:"cause,omitempty"`
}

// The API's names for the task failure shape.
type (
	TaskFailedEventDetails       = TaskErrorDetails
	TaskStartFailedEventDetails  = TaskErrorDetails
	TaskSubmitFailedEventDetails = TaskErrorDetails
	TaskTimedOutEventDetails     = TaskErrorDetails
)

// TaskOutputDetails is the {resourceType, resource, output, outputDetails}
// shape of TaskSubmitted and TaskSucceeded.
type TaskOutputDetails struct {
	ResourceType  string       `json:"resourceType"`
	Resource      string       `json:"resource"`
	Output        string       `json:"output,omitempty"`
	OutputDetails *DataDetails `json:"outputDetails,omitempty"`
}

// The API's names for the task output shape.
type (
	TaskSubmittedEventDetails = TaskOutputDetails
	TaskSucceededEventDetails = TaskOutputDetails
)

// ActivityScheduledEventDetails: an activity task was queued.
type ActivityScheduledEventDetails struct {
	Resource           string       `json:"resource"`
	Input              string       `json:"input,omitempty"`
	InputDetails       *DataDetails `json:"inputDetails,omitempty"`
	TimeoutInSeconds   *int64       `json:"timeoutInSeconds,omitempty"`
	HeartbeatInSeconds *int64       `json:"heartbeatInSeconds,omitempty"`
}

// ActivityStartedEventDetails: a worker took the activity task.
type ActivityStartedEventDetails struct {
	WorkerName string `json:"workerName,omitempty"`
}

// TaskScheduledEventDetails: a Task state dispatched its resource.
// Parameters is the effective input sent to the resource, as JSON text.
type TaskScheduledEventDetails struct {
	ResourceType       string           `json:"resourceType"`
	Resource           string           `json:"resource"`
	Region             string           `json:"region"`
	Parameters         string           `json:"parameters"`
	TimeoutInSeconds   *int64           `json:"timeoutInSeconds,omitempty"`
	HeartbeatInSeconds *int64           `json:"heartbeatInSeconds,omitempty"`
	TaskCredentials    *TaskCredentials `json:"taskCredentials,omitempty"`
}

// TaskStartedEventDetails: the resource accepted the task.
type TaskStartedEventDetails struct {
	ResourceType string `json:"resourceType"`
	Resource     string `json:"resource"`
}

// ExecutionStartedEventDetails: the first event of every execution.
type ExecutionStartedEventDetails struct {
	Input                  string       `json:"input,omitempty"`
	InputDetails           *DataDetails `json:"inputDetails,omitempty"`
	RoleArn                string       `json:"roleArn,omitempty"`
	StateMachineAliasArn   string       `json:"stateMachineAliasArn,omitempty"`
	StateMachineVersionArn string       `json:"stateMachineVersionArn,omitempty"`
}

// ExecutionRedrivenEventDetails: a closed execution was redriven; the
// count includes this redrive.
type ExecutionRedrivenEventDetails struct {
	RedriveCount int64 `json:"redriveCount"`
}

// MapStateStartedEventDetails: a Map state knows how many items it has.
type MapStateStartedEventDetails struct {
	Length int64 `json:"length"`
}

// MapIterationEventDetails is the details of MapIterationStarted,
// -Succeeded, -Failed and -Aborted: the Map state's name and the item index.
type MapIterationEventDetails struct {
	Name  string `json:"name,omitempty"`
	Index int64  `json:"index"`
}

// LambdaFunctionScheduledEventDetails: a legacy Lambda task was dispatched.
type LambdaFunctionScheduledEventDetails struct {
	Resource         string           `json:"resource"`
	Input            string           `json:"input,omitempty"`
	InputDetails     *DataDetails     `json:"inputDetails,omitempty"`
	TimeoutInSeconds *int64           `json:"timeoutInSeconds,omitempty"`
	TaskCredentials  *TaskCredentials `json:"taskCredentials,omitempty"`
}

// StateEnteredEventDetails is the details of every XxxStateEntered event.
type StateEnteredEventDetails struct {
	Name         string       `json:"name"`
	Input        string       `json:"input,omitempty"`
	InputDetails *DataDetails `json:"inputDetails,omitempty"`
}

// StateExitedEventDetails is the details of every XxxStateExited event.
// AssignedVariables holds the variables the state's Assign set, each value
// as JSON text, in assignment order.
type StateExitedEventDetails struct {
	Name                     string                    `json:"name"`
	Output                   string                    `json:"output,omitempty"`
	OutputDetails            *DataDetails              `json:"outputDetails,omitempty"`
	AssignedVariables        Variables                 `json:"assignedVariables,omitempty"`
	AssignedVariablesDetails *AssignedVariablesDetails `json:"assignedVariablesDetails,omitempty"`
}

// MapRunStartedEventDetails: a Distributed Map run began.
type MapRunStartedEventDetails struct {
	MapRunArn string `json:"mapRunArn,omitempty"`
}

// MapRunRedrivenEventDetails: a Map Run was redriven.
type MapRunRedrivenEventDetails struct {
	MapRunArn    string `json:"mapRunArn,omitempty"`
	RedriveCount int64  `json:"redriveCount"`
}

// EvaluationFailedEventDetails: an expression failed while a state ran.
// Location names the field of the state that failed ("Arguments", ...).
type EvaluationFailedEventDetails struct {
	Error    string `json:"error,omitempty"`
	Cause    string `json:"cause,omitempty"`
	Location string `json:"location,omitempty"`
	State    string `json:"state"`
}

func (*ErrorDetails) shape() shape                        { return shapeError }
func (*OutputDetails) shape() shape                       { return shapeOutput }
func (*TaskErrorDetails) shape() shape                    { return shapeTaskError }
func (*TaskOutputDetails) shape() shape                   { return shapeTaskOutput }
func (*ActivityScheduledEventDetails) shape() shape       { return shapeActivityScheduled }
func (*ActivityStartedEventDetails) shape() shape         { return shapeActivityStarted }
func (*TaskScheduledEventDetails) shape() shape           { return shapeTaskScheduled }
func (*TaskStartedEventDetails) shape() shape             { return shapeTaskStarted }
func (*ExecutionStartedEventDetails) shape() shape        { return shapeExecutionStarted }
func (*ExecutionRedrivenEventDetails) shape() shape       { return shapeExecutionRedriven }
func (*MapStateStartedEventDetails) shape() shape         { return shapeMapStateStarted }
func (*MapIterationEventDetails) shape() shape            { return shapeMapIteration }
func (*LambdaFunctionScheduledEventDetails) shape() shape { return shapeLambdaScheduled }
func (*StateEnteredEventDetails) shape() shape            { return shapeStateEntered }
func (*StateExitedEventDetails) shape() shape             { return shapeStateExited }
func (*MapRunStartedEventDetails) shape() shape           { return shapeMapRunStarted }
func (*MapRunRedrivenEventDetails) shape() shape          { return shapeMapRunRedriven }
func (*EvaluationFailedEventDetails) shape() shape        { return shapeEvaluationFailed }

// newDetails returns a zero details struct of shape s, nil for shapeNone.
func newDetails(s shape) Details {
	switch s {
	case shapeError:
		return &ErrorDetails{}
	case shapeOutput:
		return &OutputDetails{}
	case shapeTaskError:
		return &TaskErrorDetails{}
	case shapeTaskOutput:
		return &TaskOutputDetails{}
	case shapeActivityScheduled:
		return &ActivityScheduledEventDetails{}
	case shapeActivityStarted:
		return &ActivityStartedEventDetails{}
	case shapeTaskScheduled:
		return &TaskScheduledEventDetails{}
	case shapeTaskStarted:
		return &TaskStartedEventDetails{}
	case shapeExecutionStarted:
		return &ExecutionStartedEventDetails{}
	case shapeExecutionRedriven:
		return &ExecutionRedrivenEventDetails{}
	case shapeMapStateStarted:
		return &MapStateStartedEventDetails{}
	case shapeMapIteration:
		return &MapIterationEventDetails{}
	case shapeLambdaScheduled:
		return &LambdaFunctionScheduledEventDetails{}
	case shapeStateEntered:
		return &StateEnteredEventDetails{}
	case shapeStateExited:
		return &StateExitedEventDetails{}
	case shapeMapRunStarted:
		return &MapRunStartedEventDetails{}
	case shapeMapRunRedriven:
		return &MapRunRedrivenEventDetails{}
	case shapeEvaluationFailed:
		return &EvaluationFailedEventDetails{}
	}
	return nil
}
