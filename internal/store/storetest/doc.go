// Package storetest is the conformance suite every store.Store driver
// passes: call Exercise from the driver's test with a Harness that opens
// fresh, empty stores.
package storetest
