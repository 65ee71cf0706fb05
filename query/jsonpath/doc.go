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
// Compile once, evaluate many times: a compiled [Path] or [Template] is
// immutable and safe for concurrent use. Evaluation never mutates its input
// and shares unchanged subtrees with it; values are treated as immutable.
// Hostile paths are bounded by counted budgets (source length, nesting
// depth, nodes visited), never by the Go stack or the clock.
package jsonpath
