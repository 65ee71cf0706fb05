// Package local runs one execution of a state machine in-process, the way
// Step Functions Local does: tasks answered by a mock script, waits on the
// real clock or skipped. It is stepd's library entry point for unit-testing
// a state machine inside a Go test:
//
//	res, err := local.Run(ctx, definition, jsonv.MustParse(`{"n": 1}`), local.Options{
//		Mocks:     mock.NewScript().Return("Charge", jsonv.ObjectOf("ok", true)),
//		SkipWaits: true,
//	})
//
// and the engine behind `stepd run`. Durable executions belong to the
// server (internal/engine); this package keeps everything in memory.
package local
