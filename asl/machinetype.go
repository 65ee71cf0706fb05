package asl

import (
	"regexp"
	"strings"
)

// State machine types (CreateStateMachine's type).
const (
	MachineStandard = "STANDARD"
	MachineExpress  = "EXPRESS"
)

var activityARN = regexp.MustCompile(`^arn:[^:]+:states:[^:]*:[^:]*:activity:`)

// CheckType runs the create-time rules that depend on the state machine's
// type, which the definition itself does not carry. An EXPRESS machine
// cannot wait: no .sync or .waitForTaskToken integrations, no activities,
// no Distributed Map. STANDARD has no extra rules. The wording is what AWS
// is reported to emit.
func CheckType(sm *StateMachine, machineType string) Diagnostics {
	if sm == nil || machineType != MachineExpress {
		return nil
	}
	var ds Diagnostics
	Walk(sm, func(st State, _ *Scope) bool {
		switch s := st.(type) {
		case *Task:
			ptr := s.FieldPointer("Resource")
			switch r := s.Resource; {
			case activityARN.MatchString(r):
				ds = append(ds, sm.Source.Diagnostic(CodeSchemaValidationFailed, ptr, "Express state machine does not support Activity ARN"))
			case strings.HasSuffix(r, ".waitForTaskToken"):
				ds = append(ds, sm.Source.Diagnostic(CodeSchemaValidationFailed, ptr, "Express state machine does not support '.waitForTaskToken' service integration"))
			case strings.HasSuffix(r, ".sync") || strings.HasSuffix(r, ".sync:2"):
				ds = append(ds, sm.Source.Diagnostic(CodeSchemaValidationFailed, ptr, "Express state machine does not support '.sync' service integration"))
			}
		case *Map:
			if p := s.ItemProcessor; p != nil && p.Mode == ModeDistributed {
				ptr := Pointer(Pointer(p.Pointer, "ProcessorConfig"), "Mode")
				ds = append(ds, sm.Source.Diagnostic(CodeSchemaValidationFailed, ptr, "The field 'Mode' with value 'DISTRIBUTED' is not supported inside 'EXPRESS' state machines"))
			}
		}
		return true
	})
	ds.Sort()
	return ds
}
