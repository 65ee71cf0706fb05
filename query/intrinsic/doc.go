// Package intrinsic parses and evaluates the Amazon States Language
// intrinsic functions (States.Format, States.Array, States.Hash, …) used in
// JSONPath payload templates.
//
// A call is compiled once with [Compile] and evaluated many times with
// [Call.Eval]. Path arguments ($.x, $$.x, $var) are compiled by a
// [PathCompiler] supplied by the caller — the jsonpath package passes its
// own — so this package does not depend on the path language.
//
// Evaluation is pure: randomness (States.MathRandom without a seed,
// States.UUID) comes from [Env.Rand]; a seeded States.MathRandom uses the
// same linear congruential generator as java.util.Random, which is what the
// AWS interpreter draws from, so the same seed gives the same number.
//
// Failures at run time are [*Error] values named States.Runtime with the
// cause AWS reports ("Invalid arguments in States.ArrayRange"); AWS
// executions observed with bad intrinsic arguments fail with States.Runtime,
// not States.IntrinsicFailure. A wrong number of arguments is one of those
// run-time failures, as on AWS, which accepts such definitions; [Call.Check]
// reports it ahead of time for validators and linters.
//
// Argument rules follow what AWS does, as recorded by conformance suites
// run against it: ArrayRange, ArrayPartition, ArrayGetItem and MathRandom
// truncate fractional numbers (Java's (int) cast); MathAdd rounds them
// (Math.round) and works in the int32 range; Hash accepts any value and
// hashes a non-string as its JSON text; Base64Decode is lenient like
// Apache Commons Codec; StringSplit splits on a set of characters and drops
// empty pieces (StringTokenizer); ArrayContains compares values as Java
// text; ArrayUnique returns its values in java.util.HashSet order.
package intrinsic
