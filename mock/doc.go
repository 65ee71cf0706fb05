// Package mock scripts task results, so a state machine can be tested
// without calling anything.
//
// It reads the MockConfigFile format of AWS Step Functions Local unchanged:
//
//	{
//	  "StateMachines": {"<machine>": {"TestCases": {"<case>": {"<state>": "<mocked response>"}}}},
//	  "MockedResponses": {"<mocked response>": {"0": {"Return": ...}, "1-2": {"Throw": {"Error": "...", "Cause": "..."}}}}
//	}
//
// Keys of a mocked response are zero-based invocation numbers or inclusive
// ranges: the state's first attempt uses "0", its first retry "1", and so
// on, counted across Map iterations too. A Script is the same thing built in
// Go for unit tests.
package mock
