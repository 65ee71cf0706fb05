// Package machine checks and compiles a parsed state machine (asl) into an
// immutable *Machine that the interpreter runs: every path, reference path,
// payload template and intrinsic call is compiled once, states are indexed
// so that transitions are integer lookups, and the expression checks that
// asl cannot make (it must not import query) are reported as
// asl.Diagnostics at the exact JSON pointer with line and column.
//
// A Machine is never modified after Compile returns and is safe for
// concurrent use. Load parses and compiles definition bytes through a Cache
// keyed by the SHA-256 of the definition, so one definition compiles once.
//
// JSONata states compile their "{% %}" fields (Arguments, Output, Assign,
// Items, ItemSelector, Condition, the numeric and text fields, Catch
// Output and Assign) into *Query values (jsonata.go) evaluated with a
// QueryEnv ($states, the workflow variables, jsonata.Options); a failure
// is a *QueryError that the interpreter reports as
// States.QueryEvaluationError. Create-time checks report JSONata syntax
// errors with jsonata's code and position, and reading the input through
// $, $$ or a bare field name at the top level of an expression. Assign in
// JSONPath states is a payload template like Parameters.
package machine
