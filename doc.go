// Package stepd holds the vocabulary every layer shares: the predefined
// States.* error names, execution statuses and AWS's service limits.
//
// It is the bottom of the dependency graph and pure: it imports nothing of
// stepd's own and nothing that touches the outside world.
package stepd
