package asl

// Diagnostic codes, as AWS's ValidateStateMachineDefinition reports them.
const (
	CodeInvalidJSON             = "INVALID_JSON_DESCRIPTION"
	CodeMissingDescription      = "MISSING_DESCRIPTION"
	CodeSchemaValidationFailed  = "SCHEMA_VALIDATION_FAILED"
	CodeInvalidResource         = "INVALID_RESOURCE"
	CodeMissingEndState         = "MISSING_END_STATE"
	CodeDuplicateStateName      = "DUPLICATE_STATE_NAME"
	CodeInvalidStateName        = "INVALID_STATE_NAME"
	CodeMissingTransitionTarget = "MISSING_TRANSITION_TARGET"
	CodeTooDeeplyNested         = "TOO_DEEPLY_NESTED"
	CodeDuplicateLabelName      = "DUPLICATE_LABEL_NAME"
	CodeInvalidLabelName        = "INVALID_LABEL_NAME"
	// CodeTooManyDiagnostics closes a list cut at MaxDiagnostics; it is
	// stepd's own (AWS sets "truncated" on the response instead).
	CodeTooManyDiagnostics = "TOO_MANY_DIAGNOSTICS"
)

// Limits applied while validating. AWS documents the name length; the
// nesting limits are stepd's budgets against hostile input.
const (
	MaxDiagnostics     = 100
	MaxStateNameLength = 80
	MaxScopeDepth      = 40
	MaxJSONDepth       = 200
	MaxChoiceRuleDepth = 100
	MaxIntegerSeconds  = 99999999
	MaxMaxDelaySeconds = 31622400
	MaxLabelNameLength = 40
)
