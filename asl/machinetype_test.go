package asl

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckType(t *testing.T) {
	sm := mustParse(t, `{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work", "Next": "B"},
    "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Next": "C"},
    "C": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Next": "D"},
    "D": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "M"},
    "M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
          "StartAt": "E", "States": {"E": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": true}}}, "End": true}
  }
}`)
	want := []string{
		"4:39: SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN (at /States/A/Resource)",
		"5:39: SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration (at /States/B/Resource)",
		"6:39: SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration (at /States/C/Resource)",
		"8:72: SCHEMA_VALIDATION_FAILED: The field 'Mode' with value 'DISTRIBUTED' is not supported inside 'EXPRESS' state machines (at /States/M/ItemProcessor/ProcessorConfig/Mode)",
		"9:72: SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration (at /States/M/ItemProcessor/States/E/Resource)",
	}
	var got []string
	for _, d := range CheckType(sm, MachineExpress) {
		got = append(got, d.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EXPRESS (-want +got):\n%s", diff)
	}
	if ds := CheckType(sm, MachineStandard); len(ds) != 0 {
		t.Errorf("STANDARD: %v", ds)
	}
	if CheckType(nil, MachineExpress) != nil {
		t.Error("nil machine")
	}
}
