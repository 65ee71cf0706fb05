// Package clock is the engine's view of time: a real clock for production
// and a fake one that tests advance by hand.
package clock
