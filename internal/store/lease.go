package store

import "time"

// Lease is a named lease, e.g. the timer leader's: one holder at a time
// until Expires.
type Lease struct {
	Name    string
	Holder  string
	Expires time.Time
}

// LeaseAcquireParams takes Name for Holder until Until if it is free,
// expired (Expires <= Now) or already Holder's; else ErrConflict.
type LeaseAcquireParams struct {
	Name   string
	Holder string
	Now    time.Time
	Until  time.Time
}

// LeaseRenewParams extends a live lease held by Holder to Until. ErrConflict
// if Holder does not hold it or it has expired, ErrNotFound if absent.
type LeaseRenewParams struct {
	Name   string
	Holder string
	Now    time.Time
	Until  time.Time
}

// LeaseReleaseParams gives up a lease held by Holder. ErrConflict if someone
// else holds it, ErrNotFound if absent.
type LeaseReleaseParams struct {
	Name   string
	Holder string
}
