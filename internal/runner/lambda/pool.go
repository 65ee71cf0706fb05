package lambda

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errClosed is returned for invocations after Close.
var errClosed = errors.New("lambda: the function host is closed")

// pool runs one function's instances: at most concurrency busy at once,
// up to warm kept idle between invocations.
//
// When every instance is busy, an invocation waits for one to come free
// (or for its context to end). Lambda would throttle instead
// (TooManyRequestsException); locally a queue is friendlier, and a Map
// state with more items than the function's concurrency still completes.
type pool struct {
	host    *Host
	name    string
	fn      Function
	argv    []string
	dir     string
	env     []string
	timeout time.Duration
	warm    int

	slots chan struct{} // one per busy instance

	mu     sync.Mutex
	idle   []*instance // most recently used last
	all    map[*instance]struct{}
	closed bool
}

// invoke runs one invocation on an idle instance, or a new one.
func (p *pool) invoke(ctx context.Context, inv *invocation) (reply, error) {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return reply{}, ctx.Err()
	}
	defer func() { <-p.slots }()

	in, err := p.takeIdle()
	if err != nil {
		return reply{}, err
	}
	if in == nil {
		var r reply
		in, r, err = p.coldStart(ctx, inv.id)
		if in == nil {
			return r, err
		}
	}

	in.tag.Store(inv)
	inv.deadline = time.Now().Add(p.timeout)
	timer := time.NewTimer(p.timeout)
	defer timer.Stop()
	start := time.Now()
	handed := false
	for {
		next := in.next
		if handed {
			next = nil
		}
		select {
		case next <- inv:
			handed = true
		case r := <-inv.done:
			inv.duration, inv.pid = time.Since(start), in.pid
			p.release(in)
			return r, nil
		case <-in.exited:
			select { // the answer may have raced the exit
			case r := <-inv.done:
				return r, nil
			default:
			}
			if p.isClosed() {
				return reply{}, errClosed // Close killed it, not the function
			}
			return exitReply(inv.id, in.exitErr), nil
		case <-timer.C:
			in.kill()
			return timeoutReply(inv.id, time.Since(start)), nil
		case <-ctx.Done():
			// The task is no longer wanted; the process may be stuck in it.
			in.kill()
			return reply{}, ctx.Err()
		}
	}
}

// takeIdle pops the most recently used live idle instance.
func (p *pool) takeIdle() (*instance, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errClosed
	}
	for len(p.idle) > 0 {
		in := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if in.alive() {
			return in, nil
		}
	}
	return nil, nil
}

// coldStart spawns an instance and waits for its init. When init fails it
// returns no instance and the reply Lambda gives the invocation.
func (p *pool) coldStart(ctx context.Context, requestID string) (*instance, reply, error) {
	in, err := p.spawn()
	if err != nil {
		var le *listenError
		if errors.As(err, &le) {
			return nil, reply{}, err
		}
		// The command could not start: Lambda's missing bootstrap.
		return nil, reply{failed: true, payload: errorPayload("Runtime.InvalidEntrypoint", "RequestId: "+requestID+" Error: "+err.Error())}, nil
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		in.kill()
		return nil, reply{}, errClosed
	}
	p.all[in] = struct{}{}
	p.mu.Unlock()
	r, err := in.awaitInit(ctx, requestID, p.host.initTimeout)
	if err != nil || r.failed {
		in.kill()
		return nil, r, err
	}
	return in, reply{}, nil
}

// release returns a healthy instance after its invocation.
func (p *pool) release(in *instance) {
	p.mu.Lock()
	keep := !p.closed && len(p.idle) < p.warm && in.alive()
	if keep {
		p.idle = append(p.idle, in)
	}
	p.mu.Unlock()
	if !keep {
		in.kill()
	}
}

// forget drops an exited instance.
func (p *pool) forget(in *instance) {
	p.mu.Lock()
	delete(p.all, in)
	p.mu.Unlock()
}

// close kills every instance, busy ones included.
func (p *pool) close() {
	p.mu.Lock()
	p.closed = true
	p.idle = nil
	all := make([]*instance, 0, len(p.all))
	for in := range p.all {
		all = append(all, in)
	}
	p.mu.Unlock()
	for _, in := range all {
		in.kill()
	}
}

// anyInstance returns one live instance (tests watch it).
func (p *pool) anyInstance() *instance {
	p.mu.Lock()
	defer p.mu.Unlock()
	for in := range p.all {
		return in
	}
	return nil
}

func (p *pool) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}
