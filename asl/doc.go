// Package asl parses Amazon States Language definitions into a typed AST and
// runs the structural validation AWS Step Functions performs when a state
// machine is created (ValidateStateMachineDefinition).
//
// It checks shape, not expressions: JSONPath and reference-path syntax,
// intrinsic functions, JSONata and ".$" template rules belong to the query
// packages, which asl does not import. Package machine joins the two; it
// uses Expressions to find every expression field and Source to give its own
// diagnostics a line and column.
//
// Every node records the JSON pointer of the field it came from (Pointer), so
// later layers report problems at the exact place in the document.
package asl
