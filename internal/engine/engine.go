package engine

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/memory"
)

// Options configure an Engine. Store and Runner are required.
type Options struct {
	// Store keeps state machines, activities and Standard executions.
	Store store.Store
	// Runner runs tasks; usually a *runner.Router.
	Runner runner.Runner
	// Activities, when set, serves PollActivityTask (the router's
	// activity runner).
	Activities *runner.Activities
	// Clock defaults to the real clock.
	Clock clock.Clock
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Worker names this engine in outbox claims; by default the host name,
	// process id and a random suffix, so nodes sharing a store differ.
	Worker string
	// SingleNode says no other engine shares Store, so claims left by a
	// previous run of this process can be released at once on Start
	// instead of waiting for their leases to expire (SQLite).
	SingleNode bool
	// TaskLease is how long a claimed task may run before another worker
	// may take it again. TaskLeaseDefault when zero.
	TaskLease time.Duration
	// DispatchConcurrency caps tasks running at once per store.
	// DispatchConcurrencyDefault when zero.
	DispatchConcurrency int
	// CacheSize caps the snapshots kept in memory per store.
	// CacheSizeDefault when zero.
	CacheSize int
	// ExpressLimit is how long an Express execution may run;
	// ExpressLimitDefault (five minutes, AWS's quota) when zero.
	ExpressLimit time.Duration
	// KeepClosedExpress keeps closed Express executions in memory, for
	// tests and local debugging. By default an Express execution is
	// deleted once it closed and its result went to the StartSyncExecution
	// call waiting for it: AWS keeps no history of them either
	// (DescribeExecution is not supported for Express state machines), and
	// keeping them would grow memory without bound.
	KeepClosedExpress bool
	// Objects reads and writes Amazon S3 objects for Distributed Maps
	// (ItemReader, ResultWriter); nil when stepd has no AWS access.
	Objects Objects
}

// Defaults for Options.
const (
	TaskLeaseDefault           = 5 * time.Minute
	DispatchConcurrencyDefault = 1024
	CacheSizeDefault           = 16384
	ExpressLimitDefault        = 5 * time.Minute
	// sweepInterval is how often expired task leases are released.
	sweepInterval = 10 * time.Second
)

// Engine runs executions. Its methods are safe for concurrent use.
type Engine struct {
	opts     Options
	clock    clock.Clock
	log      *slog.Logger
	standard *core
	express  *core
	machines machines
	// announcer tells other nodes of executions starting and closing
	// (nil without one).
	announcer *announcer

	mu      sync.Mutex
	running bool
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New returns an engine; call Start to run its background services.
func New(opts Options) *Engine {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Worker == "" {
		opts.Worker = nodeName()
	}
	if opts.TaskLease <= 0 {
		opts.TaskLease = TaskLeaseDefault
	}
	if opts.DispatchConcurrency <= 0 {
		opts.DispatchConcurrency = DispatchConcurrencyDefault
	}
	if opts.CacheSize <= 0 {
		opts.CacheSize = CacheSizeDefault
	}
	if opts.ExpressLimit <= 0 {
		opts.ExpressLimit = ExpressLimitDefault
	}
	e := &Engine{opts: opts, clock: opts.Clock, log: opts.Logger, announcer: newAnnouncer(opts)}
	e.standard = newCore(e, opts.Store, false)
	e.express = newCore(e, memory.New(), true)
	return e
}

// Store is the durable store, for the API's state machine and activity
// CRUD.
func (e *Engine) Store() store.Store { return e.opts.Store }

// Start loads the timer index and starts the background services. They
// run until Stop or ctx ends.
func (e *Engine) Start(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.running {
		return nil
	}
	for _, c := range []*core{e.standard, e.express} {
		if err := c.recover(ctx); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	e.cancel = cancel
	e.running = true
	for _, c := range []*core{e.standard, e.express} {
		c.dispatcher.setContext(ctx)
		e.goLoop(ctx, c.dispatcher.loop)
		e.goLoop(ctx, c.timers.loop)
	}
	if e.announcer != nil {
		e.goLoop(ctx, e.sendLoop)
		e.goLoop(ctx, e.listenLoop)
	}
	return nil
}

func (e *Engine) goLoop(ctx context.Context, loop func(context.Context)) {
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		loop(ctx)
	}()
}

// Stop stops the background services and waits for them and for the
// tasks they run. Transitions under way commit first.
func (e *Engine) Stop() {
	e.mu.Lock()
	if !e.running {
		e.mu.Unlock()
		return
	}
	e.running = false
	e.cancel()
	e.mu.Unlock()
	e.wg.Wait()
	for _, c := range []*core{e.standard, e.express} {
		c.dispatcher.wait()
	}
}

// core is the engine over one store: the Standard one or the Express one.
type core struct {
	e          *Engine
	store      store.Store
	express    bool
	cache      *cache
	dispatcher *dispatcher
	timers     *timerService
	reports    mapRunReports // child reports waiting for their run's step

	mu      sync.Mutex
	waiters map[string]*waiter // by execution ARN
}

// waiter is closed when its execution closes; n counts the callers
// holding it, so an entry nobody waits on is dropped.
type waiter struct {
	ch chan struct{}
	n  int
	// row is the closed row of a deleted Express execution, set before
	// ch closes.
	row *store.Execution
}

func newCore(e *Engine, s store.Store, express bool) *core {
	c := &core{e: e, store: s, express: express, cache: newCache(e.opts.CacheSize), waiters: map[string]*waiter{}}
	c.dispatcher = newDispatcher(c)
	c.timers = newTimerService(c)
	return c
}

// shared says other nodes may use this core's store: work is claimed
// before it runs, leases are renewed, and timers other nodes committed are
// looked for. The Express store is in memory, private to this node.
func (c *core) shared() bool { return !c.express && !c.e.opts.SingleNode }

// recover prepares a core to run after a restart: it releases the task
// claims a dead process left (SingleNode) and loads the timer index.
func (c *core) recover(ctx context.Context) error {
	if c.e.opts.SingleNode {
		err := c.store.Tx(ctx, func(tx store.Tx) error {
			// Every claim belongs to a previous run of this process. (A
			// century ahead, not "the end of time": stored times are int64
			// nanoseconds.)
			_, err := tx.OutboxReleaseExpired(ctx, &store.OutboxReleaseExpiredParams{Now: c.e.clock.Now().Add(100 * 365 * 24 * time.Hour)})
			return err
		})
		if err != nil {
			return err
		}
	}
	return c.timers.load(ctx)
}

// closed wakes the waiters of an execution that closed. row is its
// closed row when the execution is gone from the store already (a deleted
// Express execution), nil otherwise.
func (c *core) closed(arn string, row *store.Execution) {
	c.mu.Lock()
	if w, ok := c.waiters[arn]; ok {
		w.row = row
		close(w.ch)
		delete(c.waiters, arn)
	}
	c.mu.Unlock()
}

// wait registers interest in arn closing; call the release function when
// done waiting.
func (c *core) wait(arn string) (*waiter, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w, ok := c.waiters[arn]
	if !ok {
		w = &waiter{ch: make(chan struct{})}
		c.waiters[arn] = w
	}
	w.n++
	return w, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		w.n--
		if w.n == 0 && c.waiters[arn] == w {
			delete(c.waiters, arn)
		}
	}
}

// nodeName names this process among the nodes sharing a store.
func nodeName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), rand.Text()[:8])
}
