package asl

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func exprLines(sm *StateMachine) []string {
	var out []string
	for _, e := range Expressions(sm) {
		out = append(out, fmt.Sprintf("%s %s %s %s", e.Kind, e.State.Common().Name, e.Field, e.Pointer))
	}
	return out
}

func TestExpressionsJSONPath(t *testing.T) {
	sm := mustParse(t, `{
  "StartAt": "T",
  "States": {
    "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "InputPath": "$.in", "Parameters": {"a.$": "$.x"},
          "ResultSelector": {"r.$": "$.Payload"}, "ResultPath": "$.res", "OutputPath": null, "TimeoutSecondsPath": "$.t",
          "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "C"}], "Assign": {"v.$": "$.x"}, "Next": "C"},
    "C": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.a", "NumericLessThanPath": "$.b"}], "Next": "M"}, {"Variable": "$.d", "IsPresent": true, "Next": "D"}], "Default": "F"},
    "M": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"i.$": "$$.Map.Item.Value"},
          "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}, "Next": "F"},
    "F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('{}', $.c)"},
    "D": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"MaxItemsPath": "$.max"}, "Parameters": {"Bucket.$": "$.b"}},
          "ItemBatcher": {"MaxItemsPerBatchPath": "$.per", "MaxInputBytesPerBatchPath": "$.bytes", "BatchInput": {"k.$": "$.k"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "X", "States": {"X": {"Type": "Succeed"}}}, "End": true}
  }
}`)
	want := []string{
		"Path T InputPath /States/T/InputPath",
		"Template T Parameters /States/T/Parameters",
		"Template T ResultSelector /States/T/ResultSelector",
		"ReferencePath T ResultPath /States/T/ResultPath",
		"ReferencePath T TimeoutSecondsPath /States/T/TimeoutSecondsPath",
		"ReferencePath T Catch/0/ResultPath /States/T/Catch/0/ResultPath",
		"Template T Assign /States/T/Assign",
		"Path C Choices/0/And/0/Variable /States/C/Choices/0/And/0/Variable",
		"Path C Choices/0/And/0/NumericLessThanPath /States/C/Choices/0/And/0/NumericLessThanPath",
		"Path C Choices/1/Variable /States/C/Choices/1/Variable",
		"Path M ItemsPath /States/M/ItemsPath",
		"Template M ItemSelector /States/M/ItemSelector",
		"ReferencePath W SecondsPath /States/M/ItemProcessor/States/W/SecondsPath",
		"ReferencePathOrIntrinsic F ErrorPath /States/F/ErrorPath",
		"ReferencePathOrIntrinsic F CausePath /States/F/CausePath",
		"Template D ItemReader /States/D/ItemReader",
		"ReferencePath D ItemReader/ReaderConfig/MaxItemsPath /States/D/ItemReader/ReaderConfig/MaxItemsPath",
		"Template D ItemBatcher /States/D/ItemBatcher",
		"ReferencePath D ItemBatcher/MaxItemsPerBatchPath /States/D/ItemBatcher/MaxItemsPerBatchPath",
		"ReferencePath D ItemBatcher/MaxInputBytesPerBatchPath /States/D/ItemBatcher/MaxInputBytesPerBatchPath",
	}
	if diff := cmp.Diff(want, exprLines(sm)); diff != "" {
		t.Errorf("expressions (-want +got):\n%s", diff)
	}
}

func TestExpressionsJSONata(t *testing.T) {
	sm := mustParseFile(t, "jsonata_machine")
	want := []string{
		"JSONataTemplate Init Assign /States/Init/Assign",
		"JSONataTemplate Init Output /States/Init/Output",
		"JSONataTemplate Call Arguments /States/Call/Arguments",
		"JSONata Call TimeoutSeconds /States/Call/TimeoutSeconds",
		"JSONataTemplate Call Catch/0/Output /States/Call/Catch/0/Output",
		"JSONataTemplate Call Catch/0/Assign /States/Call/Catch/0/Assign",
		"JSONataTemplate Call Output /States/Call/Output",
		"JSONata Decide Choices/0/Condition /States/Decide/Choices/0/Condition",
		"JSONataTemplate Decide Choices/0/Assign /States/Decide/Choices/0/Assign",
		"JSONataTemplate Decide Choices/0/Output /States/Decide/Choices/0/Output",
		"JSONataTemplate Decide Output /States/Decide/Output",
		"JSONata Pause Seconds /States/Pause/Seconds",
		"JSONata Until Timestamp /States/Until/Timestamp",
		"JSONataTemplate Items Items /States/Items/Items",
		"JSONataTemplate Items ItemSelector /States/Items/ItemSelector",
		"JSONata Items MaxConcurrency /States/Items/MaxConcurrency",
		"JSONataTemplate Both Arguments /States/Both/Arguments",
		"JSONataTemplate B1 Output /States/Both/Branches/0/States/B1/Output",
		"JSONata Failed Error /States/Failed/Error",
	}
	if diff := cmp.Diff(want, exprLines(sm)); diff != "" {
		t.Errorf("expressions (-want +got):\n%s", diff)
	}
	if Expressions(nil) != nil {
		t.Error("Expressions(nil) != nil")
	}
}
