package machine

import (
	"crypto/sha256"
	"sync"

	"github.com/stepd/stepd/asl"
)

// Cache holds compiled machines keyed by the SHA-256 of their definition
// bytes, so that the same definition is parsed and compiled once. The zero
// value is ready; a Cache is safe for concurrent use. Definitions that fail
// to compile are not cached.
type Cache struct {
	mu       sync.Mutex
	machines map[[32]byte]*Machine
}

// DefaultCache is the cache Load uses.
var DefaultCache = &Cache{}

// Load parses and compiles definition through DefaultCache.
func Load(definition []byte) (*Machine, asl.Diagnostics) {
	return DefaultCache.Load(definition)
}

// Load returns the compiled machine for definition, compiling it on first
// use.
func (c *Cache) Load(definition []byte) (*Machine, asl.Diagnostics) {
	sum := sha256.Sum256(definition)
	c.mu.Lock()
	m, ok := c.machines[sum]
	c.mu.Unlock()
	if ok {
		return m, nil
	}
	sm, ds := asl.Parse(definition)
	if ds.HasErrors() {
		return nil, ds
	}
	m, cds := Compile(sm)
	ds = append(ds, cds...)
	if m == nil {
		return nil, ds
	}
	m.Hash = sum
	c.mu.Lock()
	if c.machines == nil {
		c.machines = map[[32]byte]*Machine{}
	}
	if prev, ok := c.machines[sum]; ok {
		m = prev
	} else {
		c.machines[sum] = m
	}
	c.mu.Unlock()
	return m, ds
}

// Len returns the number of cached machines.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.machines)
}
