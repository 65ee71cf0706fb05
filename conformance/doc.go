// Package conformance runs state machines through the pure interpreter on
// a fake clock, answering tasks from a script, and holds the golden corpus
// (testdata/<category>/<case>/) that pins stepd's behaviour to AWS's.
//
// Each case directory holds definition.asl.json, input.json, an optional
// tasks.json (per state name, the responses by attempt), and want/ with
// output.json or error.json and history.json. go test ./conformance
// -update rewrites want/; the result must then be read and checked against
// AWS's documented behaviour before it is committed.
package conformance
