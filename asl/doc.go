// Package asl parses Amazon States Language definitions into a typed AST and
// runs the structural validation AWS Step Functions performs when a state
// machine is created (ValidateStateMachineDefinition).
//
// Parse returns the machine and its Diagnostics, sorted by position and
// capped at MaxDiagnostics. Each diagnostic carries AWS's code, the JSON
// pointer of the offending value and its line and column. Wording follows
// what AWS has been observed to emit:
//
//	Field 'X' is not supported
//	The field 'X' is required but was missing
//	These fields are required: [Next]                 (a top-level Choice rule)
//	There should only be one of the following fields: [A, B]
//	The field 'X' should have one of these values: [...]
//	Expected value of type Integer                    (String, Object, ...)
//	Minimum value is N / Maximum value is N
//	Missing 'Next' target: X                          (Next, Choices Next, Default, Catch Next)
//	State "X" is not reachable.
//	Workflow has no terminal state
//	The QueryLanguage is set to 'JSONPath', but field 'X' is only supported for the 'JSONata' QueryLanguage
//	'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine
//
// Rules whose AWS wording is unknown carry a message in the same style and a
// comment saying so. Path always points at the offending value itself (a
// misplaced field, not its enclosing object) so the line and column land on
// it; Location holds what AWS would report in its own notation
// ("/States/C/Choices[0]/Next", the enclosing state for misplaced fields,
// empty for a machine without a terminal state) for API responses. A state
// that cannot reach any terminal state is a warning (AWS reports only a
// scope without any terminal state).
//
// A state's language is its own QueryLanguage, else the machine's: like AWS,
// states in Parallel branches and Map processors inherit from the machine,
// not from the enclosing state.
//
// asl checks shape, not expressions: JSONPath and reference-path syntax,
// intrinsic functions, JSONata and ".$" template rules belong to the query
// packages, which asl does not import. Package machine joins the two; it
// uses Expressions to find every expression field and Source to give its own
// diagnostics a line and column. Walk visits every state of every scope.
//
// Every node records the JSON pointer of the field it came from (Pointer), so
// later layers report problems at the exact place in the document. Hostile
// input meets budgets: JSON nesting (MaxJSONDepth), Parallel/Map nesting
// (MaxScopeDepth), Choice rule nesting (MaxChoiceRuleDepth).
//
// Test data: testdata/valid holds definitions that must parse without any
// diagnostic (AWS developer guide examples among them); testdata/invalid
// holds one case per rule, written by testdata/gen_invalid.py, with the
// expected diagnostics in .want files (go test ./asl -update rewrites them).
package asl
