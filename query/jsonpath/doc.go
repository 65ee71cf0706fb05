// Package jsonpath implements the JSONPath dialect of AWS Step Functions:
// paths ($.a.b, $['a'], $.a[0], $.a[-1], $.a[*], $.a[1:3], $..b,
// $.a[?(@.price < 10)], $.a[0,1]), the context object ($$.Execution.Id),
// workflow variables ($name.field), reference paths (ResultPath, ItemsPath,
// OutputPath, comparison paths: a single node, no operators), ResultPath
// application, and payload templates whose "key.$" fields take a path or
// an intrinsic function call.
//
// AWS evaluates paths with Jayway JsonPath, so this package follows Jayway's
// semantics where AWS is silent: a definite path (no wildcard, filter,
// slice, union of indexes or descendant scan) yields one value or fails
// with Jayway's message ("No results for path: $['x']"); an indefinite
// path yields an array of every match, possibly empty.
//
// Which compiler for which field: [CompileReference] for ResultPath and
// ItemsPath (and any field the validator treats as a reference path);
// [Compile] for InputPath, OutputPath, Choice Variable and *Path operands,
// SecondsPath and the like; [CompileTemplate] for Parameters,
// ResultSelector and ItemSelector. Evaluation failures are [*Error] values
// whose Name and Cause are what AWS reports: a path that matches nothing is
// States.Runtime "Invalid path '$.x' : No results for path: $['x']", or,
// inside a template, "The JSONPath '$.x' specified for the field 'x.$'
// could not be found in the input '{...}'". AWS prefixes such causes with
// "An error occurred while executing the state 'S' (entered at the event
// id #N). "; that prefix is the interpreter's to add.
//
// Compile once, evaluate many times: a compiled [Path] or [Template] is
// immutable and safe for concurrent use. Evaluation never mutates its input
// and shares unchanged subtrees with it; values are treated as immutable.
// Hostile paths are bounded by counted budgets (source length, nesting
// depth, nodes visited), never by the Go stack or the clock.
package jsonpath
