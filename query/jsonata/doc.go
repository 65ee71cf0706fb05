// Package jsonata implements JSONata 2.0.6, the query and transformation
// language AWS Step Functions uses when a state machine sets
// QueryLanguage to "JSONata".
//
// Compile once, evaluate many times: a compiled [Expression] is immutable
// and safe for concurrent use. Evaluation is bounded by counted budgets
// (recursion depth, evaluation steps, result size) given in [Options];
// the package never reads the clock or a random source itself: the caller
// supplies the current time and the random source. Inputs and outputs are
// jsonv values; internally numbers are float64 as in JavaScript.
package jsonata
