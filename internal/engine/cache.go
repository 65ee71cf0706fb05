package engine

import (
	"sync"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/machine"
)

// live is an execution's snapshot as last committed, held so a transition
// need not reload and decode it. Its mutex makes this process one writer
// per execution; the store's version check covers everything else (an
// evicted entry still in use, another node).
type live struct {
	mu      sync.Mutex
	loaded  bool
	arn     string
	version int64
	snap    *snapshot
	machine *machine.Machine
	// row is the execution's row as committed, without Snapshot and Input.
	row store.Execution
}

// cache holds at most size live entries; when full it drops an arbitrary
// one (map order), which costs only a reload.
type cache struct {
	mu      sync.Mutex
	size    int
	entries map[string]*live
}

func newCache(size int) *cache { return &cache{size: size, entries: map[string]*live{}} }

func (c *cache) get(arn string) *live {
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.entries[arn]; ok {
		return l
	}
	if len(c.entries) >= c.size {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	l := &live{arn: arn}
	c.entries[arn] = l
	return l
}

func (c *cache) drop(arn string) {
	c.mu.Lock()
	delete(c.entries, arn)
	c.mu.Unlock()
}

// dropEntry drops l if it is still arn's entry.
func (c *cache) dropEntry(l *live) {
	c.mu.Lock()
	if c.entries[l.arn] == l {
		delete(c.entries, l.arn)
	}
	c.mu.Unlock()
}

func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
