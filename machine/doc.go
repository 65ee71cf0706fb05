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
// Expressions are held behind the small Evaluator interface so that a
// JSONata expression can sit beside a JSONPath one when that language
// arrives.
package machine
