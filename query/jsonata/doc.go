// Package jsonata implements JSONata 2.0.6, the query and transformation
// language AWS Step Functions uses when a state machine sets
// QueryLanguage to "JSONata".
//
// Compile once, evaluate many times: a compiled [Expression] is immutable
// and safe for concurrent use.
//
//	e, err := jsonata.Compile(`$sum(items.(price * qty))`)
//	v, defined, err := e.Evaluate(input, map[string]jsonv.Value{"x": ...}, &jsonata.Options{NowMillis: now})
//
// Semantics follow jsonata-js 2.0.6 (the reference AWS runs): sequences and
// singleton flattening, undefined versus null, numbers as IEEE doubles
// printed as JavaScript prints them, objects enumerated in JavaScript order
// (array-index keys first), and errors with jsonata-js's codes, messages
// and positions (UTF-16 offsets into the expression). The 2.1 operators ?:
// and ?? are syntax errors, as in 2.0.6. Regular expressions are translated
// from JavaScript to RE2; lookaround and backreferences are rejected with
// S0303 (jsonata-js has no code for an invalid regex).
//
// The package is pure: it never reads the clock or a random source. The
// caller passes the evaluation time (Options.NowMillis, fixed for one
// evaluation as $now() is in jsonata) and the source for $random and
// $shuffle (Options.Random). Host functions (Step Functions' $partition,
// $range, $hash, $uuid, $parse, ...) are added with Options.Functions.
//
// Hostile expressions and inputs are bounded by counted budgets, never by
// timers or the Go stack: evaluation depth (U1001 "Stack overflow"),
// evaluation steps including bulk copies (U1001 "timeout", as jsonata-js
// reports its time limit), result and string size (U1003), parser nesting,
// and the nesting of values walked recursively. A recovered panic is
// reported as an error, never propagated.
package jsonata
