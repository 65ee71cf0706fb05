package history

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTypeTable(t *testing.T) {
	all := Types()
	if len(all) != 62 {
		t.Fatalf("got %d event types, the API has 62", len(all))
	}
	seen := map[EventType]bool{}
	for i, typ := range all {
		info := typ.info()
		if info == nil || int(info.code) != i+1 || seen[typ] {
			t.Fatalf("%s: bad table row %+v", typ, info)
		}
		seen[typ] = true
		if typ.Kind() == KindUnknown {
			t.Errorf("%s has no kind", typ)
		}
		if f := typ.DetailsField(); f != "" && !strings.HasSuffix(f, "EventDetails") {
			t.Errorf("%s: details field %q", typ, f)
		}
		if (info.field == "") != (info.shape == shapeNone) {
			t.Errorf("%s: field %q but shape %d", typ, info.field, info.shape)
		}
	}
	if EventType("Nope").Valid() || EventType("Nope").Kind() != KindUnknown {
		t.Error("unknown type reported valid")
	}
}

func TestDetailsFieldNames(t *testing.T) {
	// The details member of each type, as the HistoryEvent data type of the
	// API reference names it.
	want := map[EventType]string{
		ActivityFailed: "activityFailedEventDetails", ActivityScheduled: "activityScheduledEventDetails",
		ActivityScheduleFailed: "activityScheduleFailedEventDetails", ActivityStarted: "activityStartedEventDetails",
		ActivitySucceeded: "activitySucceededEventDetails", ActivityTimedOut: "activityTimedOutEventDetails",
		ChoiceStateEntered: "stateEnteredEventDetails", ChoiceStateExited: "stateExitedEventDetails",
		ExecutionAborted: "executionAbortedEventDetails", ExecutionFailed: "executionFailedEventDetails",
		ExecutionStarted: "executionStartedEventDetails", ExecutionSucceeded: "executionSucceededEventDetails",
		ExecutionTimedOut: "executionTimedOutEventDetails", FailStateEntered: "stateEnteredEventDetails",
		LambdaFunctionFailed: "lambdaFunctionFailedEventDetails", LambdaFunctionScheduled: "lambdaFunctionScheduledEventDetails",
		LambdaFunctionScheduleFailed: "lambdaFunctionScheduleFailedEventDetails", LambdaFunctionStarted: "",
		LambdaFunctionStartFailed: "lambdaFunctionStartFailedEventDetails", LambdaFunctionSucceeded: "lambdaFunctionSucceededEventDetails",
		LambdaFunctionTimedOut: "lambdaFunctionTimedOutEventDetails",
		MapIterationAborted:    "mapIterationAbortedEventDetails", MapIterationFailed: "mapIterationFailedEventDetails",
		MapIterationStarted: "mapIterationStartedEventDetails", MapIterationSucceeded: "mapIterationSucceededEventDetails",
		MapStateAborted: "", MapStateEntered: "stateEnteredEventDetails", MapStateExited: "stateExitedEventDetails",
		MapStateFailed: "", MapStateStarted: "mapStateStartedEventDetails", MapStateSucceeded: "",
		ParallelStateAborted: "", ParallelStateEntered: "stateEnteredEventDetails", ParallelStateExited: "stateExitedEventDetails",
		ParallelStateFailed: "", ParallelStateStarted: "", ParallelStateSucceeded: "",
		PassStateEntered: "stateEnteredEventDetails", PassStateExited: "stateExitedEventDetails",
		SucceedStateEntered: "stateEnteredEventDetails", SucceedStateExited: "stateExitedEventDetails",
		TaskFailed: "taskFailedEventDetails", TaskScheduled: "taskScheduledEventDetails", TaskStarted: "taskStartedEventDetails",
		TaskStartFailed: "taskStartFailedEventDetails", TaskStateAborted: "", TaskStateEntered: "stateEnteredEventDetails",
		TaskStateExited: "stateExitedEventDetails", TaskSubmitFailed: "taskSubmitFailedEventDetails",
		TaskSubmitted: "taskSubmittedEventDetails", TaskSucceeded: "taskSucceededEventDetails", TaskTimedOut: "taskTimedOutEventDetails",
		WaitStateAborted: "", WaitStateEntered: "stateEnteredEventDetails", WaitStateExited: "stateExitedEventDetails",
		MapRunAborted: "", MapRunFailed: "mapRunFailedEventDetails", MapRunStarted: "mapRunStartedEventDetails", MapRunSucceeded: "",
		ExecutionRedriven: "executionRedrivenEventDetails", MapRunRedriven: "mapRunRedrivenEventDetails",
		EvaluationFailed: "evaluationFailedEventDetails",
	}
	if len(want) != len(Types()) {
		t.Fatalf("table covers %d types, want %d", len(want), len(Types()))
	}
	for typ, field := range want {
		if got := typ.DetailsField(); got != field {
			t.Errorf("%s: DetailsField = %q, want %q", typ, got, field)
		}
	}
}

// Every type round-trips through the wire form and the storage form, and the
// wire form names its details with the type's field.
func TestRoundTripEveryType(t *testing.T) {
	for _, typ := range Types() {
		t.Run(string(typ), func(t *testing.T) {
			e := sampleEvent(typ)
			wire, err := AppendJSON(nil, e)
			if err != nil {
				t.Fatal(err)
			}
			if f := typ.DetailsField(); f != "" && !strings.Contains(string(wire), `,"`+f+`":{`) {
				t.Errorf("wire form lacks %q: %s", f, wire)
			}
			var back Event
			if err := json.Unmarshal(wire, &back); err != nil {
				t.Fatalf("unmarshal %s: %v", wire, err)
			}
			if diff := cmp.Diff(e, back); diff != "" {
				t.Errorf("wire round trip (-want +got):\n%s", diff)
			}
			again, _ := AppendJSON(nil, back)
			if string(again) != string(wire) {
				t.Errorf("wire bytes changed:\n%s\n%s", wire, again)
			}
			// json.Marshal escapes <, > and & but is the same JSON.
			std, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			var viaStd Event
			if err := json.Unmarshal(std, &viaStd); err != nil || !cmp.Equal(e, viaStd) {
				t.Errorf("json.Marshal form differs: %s (%v)", std, err)
			}

			rec, err := Encode(e)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := Decode(rec)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(e, dec); diff != "" {
				t.Errorf("storage round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWireShape(t *testing.T) {
	tests := []struct {
		name string
		e    Event
		want string
	}{{
		name: "StateEntered",
		e: Event{ID: 2, PreviousEventID: 0, Timestamp: sampleTime, Type: PassStateEntered,
			Details: &StateEnteredEventDetails{Name: "P", Input: `{}`, InputDetails: NotTruncated()}},
		want: `{"timestamp":1700000000.123,"type":"PassStateEntered","id":2,"previousEventId":0,"stateEnteredEventDetails":{"name":"P","input":"{}","inputDetails":{"truncated":false}}}`,
	}, {
		name: "no details",
		e:    Event{ID: 5, PreviousEventID: 4, Timestamp: sampleTime, Type: ParallelStateStarted},
		want: `{"timestamp":1700000000.123,"type":"ParallelStateStarted","id":5,"previousEventId":4}`,
	}, {
		name: "map iteration index 0 is sent",
		e: Event{ID: 6, PreviousEventID: 5, Timestamp: sampleTime, Type: MapIterationStarted,
			Details: &MapIterationEventDetails{Name: "M"}},
		want: `{"timestamp":1700000000.123,"type":"MapIterationStarted","id":6,"previousEventId":5,"mapIterationStartedEventDetails":{"name":"M","index":0}}`,
	}, {
		name: "optional task members omitted",
		e: Event{ID: 3, PreviousEventID: 2, Timestamp: sampleTime, Type: TaskScheduled,
			Details: &TaskScheduledEventDetails{ResourceType: "sqs", Resource: "sendMessage", Region: "eu-west-1", Parameters: `{"QueueUrl":"q"}`}},
		want: `{"timestamp":1700000000.123,"type":"TaskScheduled","id":3,"previousEventId":2,"taskScheduledEventDetails":{"resourceType":"sqs","resource":"sendMessage","region":"eu-west-1","parameters":"{\"QueueUrl\":\"q\"}"}}`,
	}, {
		name: "html characters stay raw",
		e: Event{ID: 9, PreviousEventID: 8, Timestamp: sampleTime, Type: ExecutionFailed,
			Details: &ExecutionFailedEventDetails{Error: "E", Cause: "a<b && c>d"}},
		want: `{"timestamp":1700000000.123,"type":"ExecutionFailed","id":9,"previousEventId":8,"executionFailedEventDetails":{"error":"E","cause":"a<b && c>d"}}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AppendJSON(nil, tt.e)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTimestamp(t *testing.T) {
	tests := []struct {
		ms   int64
		want string
	}{
		{1700000000123, "1700000000.123"},
		{1700000000100, "1700000000.1"},
		{1700000000120, "1700000000.12"},
		{1700000000000, "1700000000"},
		{1700000000007, "1700000000.007"},
		{0, "0"},
		{-1, "-0.001"},
		{-1500, "-1.5"},
	}
	for _, tt := range tests {
		got := string(appendEpochSeconds(nil, time.UnixMilli(tt.ms)))
		if got != tt.want {
			t.Errorf("%d ms: got %s, want %s", tt.ms, got, tt.want)
		}
		back, ok := parseEpochSeconds(got)
		if !ok || back.UnixMilli() != tt.ms {
			t.Errorf("%s parsed to %d ms, want %d", got, back.UnixMilli(), tt.ms)
		}
	}
	// Java services write doubles in exponent form; read them too.
	for text, ms := range map[string]int64{"1.700000000123E9": 1700000000123, "1.7e9": 1700000000000, "1700000000.1234": 1700000000123} {
		got, ok := parseEpochSeconds(text)
		if !ok || got.UnixMilli() != ms {
			t.Errorf("%s: got %d ms, want %d", text, got.UnixMilli(), ms)
		}
	}
	for _, bad := range []string{`"x"`, "1e400", "true", "2e13"} {
		if _, ok := parseEpochSeconds(bad); ok {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestUnmarshalErrors(t *testing.T) {
	tests := []struct {
		in   string
		code Code
	}{
		{`[]`, CodeInvalidJSON},
		{`null`, CodeInvalidJSON},
		{`{"type":"PassStateEntered","id":1,"previousEventId":0}`, CodeInvalidJSON},
		{`{"timestamp":"soon","type":"PassStateEntered","id":1}`, CodeInvalidJSON},
		{`{"timestamp":1,"type":"Teleported","id":1}`, CodeUnknownType},
		{`{"timestamp":1,"type":"PassStateEntered","id":1,"taskFailedEventDetails":{}}`, CodeDetailsMismatch},
		{`{"timestamp":1,"type":"PassStateEntered","id":1,"stateEnteredEventDetails":{"name":3}}`, CodeInvalidJSON},
		{`{"timestamp":1,"type":"PassStateExited","id":1,"stateExitedEventDetails":{"name":"a","assignedVariables":{"x":1}}}`, CodeInvalidJSON},
		{`{"timestamp":1,"type":"PassStateEntered","id":"1"}`, CodeInvalidJSON},
	}
	for _, tt := range tests {
		var e Event
		err := json.Unmarshal([]byte(tt.in), &e)
		var he *Error
		if !errors.As(err, &he) || he.Code != tt.code {
			t.Errorf("%s: got %v, want code %s", tt.in, err, tt.code)
		}
	}
}

func TestMarshalRejectsMismatch(t *testing.T) {
	e := Event{ID: 1, Timestamp: sampleTime, Type: PassStateEntered, Details: &TaskStartedEventDetails{}}
	if _, err := AppendJSON(nil, e); !errors.Is(err, ErrDetailsMismatch) {
		t.Errorf("AppendJSON: %v", err)
	}
	if _, err := Encode(e); !errors.Is(err, ErrDetailsMismatch) {
		t.Errorf("Encode: %v", err)
	}
	e = Event{ID: 1, Timestamp: sampleTime, Type: "Bogus"}
	if _, err := Encode(e); !errors.Is(err, ErrUnknownType) {
		t.Errorf("Encode: %v", err)
	}
}

func TestHelpers(t *testing.T) {
	if got := TaskStateEntered.StateType(); got != "Task" {
		t.Errorf("StateType = %q", got)
	}
	if got := ChoiceStateExited.StateType(); got != "Choice" {
		t.Errorf("StateType = %q", got)
	}
	if got := TaskScheduled.StateType(); got != "" {
		t.Errorf("StateType = %q", got)
	}
	e := sampleEvent(TaskStateExited)
	if e.StateName() != "Step" {
		t.Errorf("StateName = %q", e.StateName())
	}
	e = sampleEvent(TaskFailed)
	if errName, cause, ok := e.Failure(); !ok || errName != "Lambda.ServiceException" || cause == "" {
		t.Errorf("Failure = %q %q %v", errName, cause, ok)
	}
	if !ExecutionAborted.Closes() || TaskFailed.Closes() {
		t.Error("Closes")
	}
	if v, ok := sampleDetails(PassStateExited).(*StateExitedEventDetails).AssignedVariables.Get("alpha"); !ok || v != `{"b":[1,2]}` {
		t.Errorf("Variables.Get = %q %v", v, ok)
	}
	if KindStateExited.String() != "StateExited" || Kind(200).String() != "Unknown" {
		t.Error("Kind.String")
	}
}
