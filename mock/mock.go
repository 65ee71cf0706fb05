package mock

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/stepd/stepd/jsonv"
)

// Result is one scripted outcome of a task: a returned value, or a thrown
// error with its cause.
type Result struct {
	Output jsonv.Value // the value returned when Error is empty
	Error  string
	Cause  string
}

// Failed reports whether the result is a thrown error.
func (r Result) Failed() bool { return r.Error != "" }

// invocations maps invocation numbers to results: spans sorted by From.
type invocations []span

type span struct {
	From, To int // inclusive
	Result   Result
}

func (inv invocations) at(n int) (Result, bool) {
	i := sort.Search(len(inv), func(i int) bool { return inv[i].To >= n })
	if i < len(inv) && inv[i].From <= n {
		return inv[i].Result, true
	}
	return Result{}, false
}

// Config is a parsed MockConfigFile.
type Config struct {
	cases     map[string]map[string]map[string]string // machine → test case → state → response name
	responses map[string]invocations
}

// Parse reads a MockConfigFile. Errors name the JSON pointer of the field.
func Parse(data []byte) (*Config, error) {
	root, err := jsonv.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("mock config: %w", err)
	}
	top, ok := root.(*jsonv.Object)
	if !ok {
		return nil, fmt.Errorf("mock config: the document must be an object")
	}
	c := &Config{cases: map[string]map[string]map[string]string{}, responses: map[string]invocations{}}
	for _, m := range top.Members() {
		switch m.Key {
		case "StateMachines":
			if err := c.parseMachines(m.Value); err != nil {
				return nil, err
			}
		case "MockedResponses":
			if err := c.parseResponses(m.Value); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("mock config: unknown field at /%s (want StateMachines or MockedResponses)", m.Key)
		}
	}
	// Every test case must name responses that exist.
	for machine, cases := range c.cases {
		for tc, states := range cases {
			for state, name := range states {
				if _, ok := c.responses[name]; !ok {
					return nil, fmt.Errorf("mock config: /StateMachines/%s/TestCases/%s/%s names mocked response %q, which MockedResponses does not define", machine, tc, state, name)
				}
			}
		}
	}
	return c, nil
}

func object(v jsonv.Value, ptr string) (*jsonv.Object, error) {
	o, ok := v.(*jsonv.Object)
	if !ok {
		return nil, fmt.Errorf("mock config: %s must be an object", ptr)
	}
	return o, nil
}

func (c *Config) parseMachines(v jsonv.Value) error {
	machines, err := object(v, "/StateMachines")
	if err != nil {
		return err
	}
	for _, m := range machines.Members() {
		ptr := "/StateMachines/" + m.Key
		sm, err := object(m.Value, ptr)
		if err != nil {
			return err
		}
		tcs, ok := sm.Get("TestCases")
		if !ok || sm.Len() != 1 {
			return fmt.Errorf("mock config: %s must hold exactly one field, TestCases", ptr)
		}
		cases, err := object(tcs, ptr+"/TestCases")
		if err != nil {
			return err
		}
		c.cases[m.Key] = map[string]map[string]string{}
		for _, tc := range cases.Members() {
			tcPtr := ptr + "/TestCases/" + tc.Key
			states, err := object(tc.Value, tcPtr)
			if err != nil {
				return err
			}
			byState := map[string]string{}
			for _, s := range states.Members() {
				name, ok := s.Value.(string)
				if !ok {
					return fmt.Errorf("mock config: %s/%s must be the name of a mocked response", tcPtr, s.Key)
				}
				byState[s.Key] = name
			}
			c.cases[m.Key][tc.Key] = byState
		}
	}
	return nil
}

func (c *Config) parseResponses(v jsonv.Value) error {
	all, err := object(v, "/MockedResponses")
	if err != nil {
		return err
	}
	for _, m := range all.Members() {
		ptr := "/MockedResponses/" + m.Key
		byKey, err := object(m.Value, ptr)
		if err != nil {
			return err
		}
		var inv invocations
		for _, k := range byKey.Members() {
			kPtr := ptr + "/" + k.Key
			from, to, err := parseRange(k.Key)
			if err != nil {
				return fmt.Errorf("mock config: %s: %v", kPtr, err)
			}
			r, err := parseResult(k.Value, kPtr)
			if err != nil {
				return err
			}
			inv = append(inv, span{from, to, r})
		}
		if len(inv) == 0 {
			return fmt.Errorf("mock config: %s must define at least one invocation", ptr)
		}
		sort.Slice(inv, func(i, j int) bool { return inv[i].From < inv[j].From })
		for i := 1; i < len(inv); i++ {
			if inv[i].From <= inv[i-1].To {
				return fmt.Errorf("mock config: %s: invocations %d to %d are defined twice", ptr, inv[i].From, min(inv[i].To, inv[i-1].To))
			}
		}
		c.responses[m.Key] = inv
	}
	return nil
}

// parseRange reads "3" or "1-2".
func parseRange(key string) (from, to int, err error) {
	a, b, isRange := strings.Cut(key, "-")
	from, err = strconv.Atoi(a)
	if err != nil || from < 0 {
		return 0, 0, fmt.Errorf("invocation key %q must be a number from 0 or a range like \"1-2\"", key)
	}
	if !isRange {
		return from, from, nil
	}
	to, err = strconv.Atoi(b)
	if err != nil || to < from {
		return 0, 0, fmt.Errorf("invocation key %q must be a number from 0 or a range like \"1-2\"", key)
	}
	return from, to, nil
}

func parseResult(v jsonv.Value, ptr string) (Result, error) {
	o, err := object(v, ptr)
	if err != nil {
		return Result{}, err
	}
	ret, hasReturn := o.Get("Return")
	throw, hasThrow := o.Get("Throw")
	if hasReturn == hasThrow || o.Len() != 1 {
		return Result{}, fmt.Errorf("mock config: %s must hold exactly one of Return or Throw", ptr)
	}
	if hasReturn {
		return Result{Output: ret}, nil
	}
	t, err := object(throw, ptr+"/Throw")
	if err != nil {
		return Result{}, err
	}
	var r Result
	for _, m := range t.Members() {
		s, ok := m.Value.(string)
		if !ok {
			return Result{}, fmt.Errorf("mock config: %s/Throw/%s must be a string", ptr, m.Key)
		}
		switch m.Key {
		case "Error":
			r.Error = s
		case "Cause":
			r.Cause = s
		default:
			return Result{}, fmt.Errorf("mock config: unknown field %s/Throw/%s (want Error and Cause)", ptr, m.Key)
		}
	}
	if r.Error == "" {
		return Result{}, fmt.Errorf("mock config: %s/Throw/Error is required", ptr)
	}
	return r, nil
}

// Script returns the scripted results of one test case of one state machine.
func (c *Config) Script(machine, testCase string) (*Script, error) {
	cases, ok := c.cases[machine]
	if !ok {
		return nil, fmt.Errorf("mock config has no state machine %q under StateMachines", machine)
	}
	states, ok := cases[testCase]
	if !ok {
		names := make([]string, 0, len(cases))
		for n := range cases {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("mock config has no test case %q for state machine %q (it has: %s)", testCase, machine, strings.Join(names, ", "))
	}
	s := NewScript()
	for state, name := range states {
		s.states[state] = c.responses[name]
	}
	return s, nil
}

// Script hands out scripted results per state, counting invocations. It is
// safe for concurrent use (Map iterations and Parallel branches call it).
type Script struct {
	mu     sync.Mutex
	states map[string]invocations
	calls  map[string]int
}

// NewScript returns an empty script; add results with Return and Throw.
func NewScript() *Script {
	return &Script{states: map[string]invocations{}, calls: map[string]int{}}
}

// Return scripts the next invocation of state to return output.
func (s *Script) Return(state string, output jsonv.Value) *Script {
	return s.add(state, Result{Output: output})
}

// Throw scripts the next invocation of state to fail.
func (s *Script) Throw(state, errorName, cause string) *Script {
	return s.add(state, Result{Error: errorName, Cause: cause})
}

func (s *Script) add(state string, r Result) *Script {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.states[state]
	n := 0
	if len(inv) > 0 {
		n = inv[len(inv)-1].To + 1
	}
	s.states[state] = append(inv, span{n, n, r})
	return s
}

// Mocks reports whether state has scripted results at all.
func (s *Script) Mocks(state string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.states[state]
	return ok
}

// Next returns the result for the state's next invocation. ok is false when
// the state is not mocked; an error means it is mocked but the script has
// run out of results for this invocation.
func (s *Script) Next(state string) (r Result, ok bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, ok := s.states[state]
	if !ok {
		return Result{}, false, nil
	}
	n := s.calls[state]
	s.calls[state] = n + 1
	r, found := inv.at(n)
	if !found {
		return Result{}, true, fmt.Errorf("no mocked response for invocation %d of state %q", n, state)
	}
	return r, true, nil
}

// StateMachines lists the state machine names the config has test cases
// for, sorted.
func (c *Config) StateMachines() []string {
	names := make([]string, 0, len(c.cases))
	for n := range c.cases {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
