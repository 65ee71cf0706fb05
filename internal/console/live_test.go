package console

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlite"
)

const (
	smPrefix    = "arn:aws:states:us-east-1:123456789012:stateMachine:"
	activityARN = "arn:aws:states:us-east-1:123456789012:activity:work"
)

// liveEnv is a real engine on SQLite behind a real HTTP server.
type liveEnv struct {
	t    *testing.T
	ctx  context.Context
	eng  *engine.Engine
	st   *sqlite.Store
	live *Live
	srv  *httptest.Server
}

func newLiveEnv(t *testing.T, opts LiveOptions) *liveEnv {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "stepd.db"), sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.Real{}
	acts := runner.NewActivities(st, clk)
	eng := engine.New(engine.Options{Store: st, Runner: &runner.Router{Activities: acts}, Activities: acts, Clock: clk,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SingleNode: true})
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Stop)
	live := NewLive(eng, opts)
	srv := httptest.NewServer(live)
	t.Cleanup(srv.Close)
	t.Cleanup(live.Close) // runs first: open streams end, so srv.Close does not wait
	return &liveEnv{t: t, ctx: ctx, eng: eng, st: st, live: live, srv: srv}
}

func (e *liveEnv) machine(name, definition string) string {
	e.t.Helper()
	arn := smPrefix + name
	err := e.st.Tx(e.ctx, func(tx store.Tx) error {
		_, err := tx.StateMachineCreate(e.ctx, &store.StateMachineCreateParams{
			ARN: arn, Name: name, Type: store.TypeStandard, Definition: definition,
			RoleARN: "arn:aws:iam::123456789012:role/r", RevisionID: "r1", Now: time.Now(),
		})
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return arn
}

func (e *liveEnv) start(sm, name string) string {
	e.t.Helper()
	ex, err := e.eng.StartExecution(e.ctx, &engine.StartParams{StateMachineARN: sm, Name: name, Input: []byte(`{"n":1}`)})
	if err != nil {
		e.t.Fatal(err)
	}
	return ex.ARN
}

// work polls one activity task and completes it (fails it when fail).
func (e *liveEnv) work(fail bool) {
	e.t.Helper()
	task, err := e.eng.PollActivityTask(e.ctx, activityARN, "test")
	if err != nil || task == nil {
		e.t.Fatal(task, err)
	}
	if fail {
		err = e.eng.SendTaskFailure(e.ctx, task.TaskToken, "Flaky", "the first attempt fails")
	} else {
		err = e.eng.SendTaskSuccess(e.ctx, task.TaskToken, []byte(`{"done":true}`))
	}
	if err != nil {
		e.t.Fatal(err)
	}
}

// wireHistory is the execution's history as GetExecutionHistory writes it.
func (e *liveEnv) wireHistory(arn string) []string {
	e.t.Helper()
	events, err := e.eng.FullHistory(e.ctx, arn)
	if err != nil {
		e.t.Fatal(err)
	}
	out := make([]string, len(events))
	for i, ev := range events {
		b, err := history.AppendJSON(nil, ev)
		if err != nil {
			e.t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

// sse is one server-sent event as a browser's EventSource parses it.
type sse struct {
	event, id, data string
	comment         bool
}

// sseClient reads one event stream.
type sseClient struct {
	resp   *http.Response
	events chan sse
}

func dial(t *testing.T, u string, lastID string) *sseClient {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Fatalf("GET %s: %s %s", u, resp.Status, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	c := &sseClient{resp: resp, events: make(chan sse, 1024)}
	t.Cleanup(func() { resp.Body.Close() })
	go c.read()
	return c
}

// read parses the stream the way the EventSource spec says: fields until
// a blank line dispatches; lines starting with ':' are comments.
func (c *sseClient) read() {
	defer close(c.events)
	r := bufio.NewReaderSize(c.resp.Body, 1<<16)
	var cur sse
	var data []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if data != nil || cur.comment {
				cur.data = strings.Join(data, "\n")
				c.events <- cur
			}
			cur, data = sse{}, nil
		case strings.HasPrefix(line, ":"):
			cur.comment = true
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				cur.event = value
			case "id":
				cur.id = value
			case "data":
				data = append(data, value)
			}
		}
	}
}

// next returns the next event that is not a comment; ok is false at the
// end of the stream.
func (c *sseClient) next(t *testing.T) (sse, bool) {
	t.Helper()
	for {
		select {
		case ev, ok := <-c.events:
			if ok && ev.comment && ev.event == "" && ev.data == "" {
				continue
			}
			return ev, ok
		case <-time.After(20 * time.Second):
			t.Fatal("no event in 20 s")
			return sse{}, false
		}
	}
}

func (e *liveEnv) eventsURL(arn string, after int64) string {
	return e.srv.URL + "/console/events?execution=" + url.QueryEscape(arn) + "&after=" + strconv.FormatInt(after, 10)
}

// batch decodes a history event's data and checks its id line.
func batch(t *testing.T, ev sse) []string {
	t.Helper()
	if ev.event != "history" {
		t.Fatalf("event %q, want history: %s", ev.event, ev.data)
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(ev.data), &items); err != nil || len(items) == 0 {
		t.Fatalf("history data %q: %v", ev.data, err)
	}
	var lastItem struct{ ID int64 }
	_ = json.Unmarshal(items[len(items)-1], &lastItem)
	if ev.id != strconv.FormatInt(lastItem.ID, 10) {
		t.Fatalf("id line %q, last event id %d", ev.id, lastItem.ID)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = string(it)
	}
	return out
}

type statusData struct {
	Status, Error, Cause string
	Output               *string
	StopDate             *float64
	RedriveCount         int
}

func status(t *testing.T, ev sse) statusData {
	t.Helper()
	if ev.event != "status" {
		t.Fatalf("event %q, want status: %s", ev.event, ev.data)
	}
	var s statusData
	if err := json.Unmarshal([]byte(ev.data), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// collect reads history batches until a status with one of the wanted
// values; it returns the events and that status.
func collect(t *testing.T, c *sseClient, until ...string) ([]string, statusData) {
	t.Helper()
	var got []string
	for {
		ev, ok := c.next(t)
		if !ok {
			t.Fatalf("stream ended after %d events", len(got))
		}
		if ev.event == "status" {
			s := status(t, ev)
			for _, u := range until {
				if s.Status == u {
					return got, s
				}
			}
			continue
		}
		got = append(got, batch(t, ev)...)
	}
}

func eventIDs(events []string) []int64 {
	ids := make([]int64, len(events))
	for i, ev := range events {
		var e struct{ ID int64 }
		_ = json.Unmarshal([]byte(ev), &e)
		ids[i] = e.ID
	}
	return ids
}

func equalEvents(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d\n got ids: %v\nwant ids: %v", len(got), len(want), eventIDs(got), eventIDs(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("event %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

const activityThenPass = `{"StartAt":"A","States":{
	"A":{"Type":"Task","Resource":"` + activityARN + `","Next":"P"},
	"P":{"Type":"Pass","ResultPath":"$.p","Result":"ok","End":true}}}`

// TestLiveHistoryCatchUpThenStream connects to a running execution after
// its second event: the stream replays the rest of the stored history,
// gives the status, then streams the batches the worker's answer commits,
// byte for byte as GetExecutionHistory writes them. A reconnection with
// Last-Event-ID resumes after that id.
func TestLiveHistoryCatchUpThenStream(t *testing.T) {
	e := newLiveEnv(t, LiveOptions{})
	sm := e.machine("m", activityThenPass)
	arn := e.start(sm, "e1")
	c := dial(t, e.eventsURL(arn, 2), "")
	first, ok := c.next(t)
	if !ok {
		t.Fatal("no first event")
	}
	stored := e.wireHistory(arn)
	equalEvents(t, batch(t, first), stored[2:])
	if ev, _ := c.next(t); status(t, ev).Status != "RUNNING" || status(t, ev).StopDate != nil {
		t.Fatalf("initial status %+v", ev)
	}
	e.work(false)
	got, st := collect(t, c, "SUCCEEDED")
	stored = e.wireHistory(arn)
	equalEvents(t, append(batch(t, first), got...), stored[2:])
	if st.Output == nil || *st.Output != `{"done":true,"p":"ok"}` || st.StopDate == nil {
		t.Fatalf("status %+v", st)
	}

	// The browser reconnects with the last id it saw.
	again := dial(t, e.eventsURL(arn, 0), "4")
	rest, st := collect(t, again, "SUCCEEDED")
	equalEvents(t, rest, stored[4:])
	if st.Status != "SUCCEEDED" {
		t.Fatal(st)
	}
}

// With Poll, a stream also follows what another node sharing the store
// commits: here a second engine on the same store completes the task, so
// this engine's watch sees nothing.
func TestLivePollSeesAnotherNodesCommits(t *testing.T) {
	e := newLiveEnv(t, LiveOptions{Poll: 20 * time.Millisecond})
	other := engine.New(engine.Options{Store: e.st, Runner: &runner.Router{}, Activities: runner.NewActivities(e.st, clock.Real{}),
		Clock: clock.Real{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	sm := e.machine("m", activityThenPass)
	arn := e.start(sm, "e1")
	c := dial(t, e.eventsURL(arn, 0), "")
	first, ok := c.next(t)
	if !ok {
		t.Fatal("no first event")
	}
	task, err := other.PollActivityTask(e.ctx, activityARN, "elsewhere")
	if err != nil || task == nil {
		t.Fatal(task, err)
	}
	if err := other.SendTaskSuccess(e.ctx, task.TaskToken, []byte(`{"done":true}`)); err != nil {
		t.Fatal(err)
	}
	got, st := collect(t, c, "SUCCEEDED")
	equalEvents(t, append(batch(t, first), got...), e.wireHistory(arn))
	if st.Output == nil || *st.Output != `{"done":true,"p":"ok"}` {
		t.Fatalf("status %+v", st)
	}
}

// TestLiveStatusOnFailureAndRedrive follows an execution that fails and
// is redriven: the stream says FAILED with the error and cause, then
// RUNNING again, then SUCCEEDED, and the events it carried are the whole
// history once.
func TestLiveStatusOnFailureAndRedrive(t *testing.T) {
	e := newLiveEnv(t, LiveOptions{})
	sm := e.machine("m", activityThenPass)
	arn := e.start(sm, "e1")
	c := dial(t, e.eventsURL(arn, 0), "")
	e.work(true)
	got, st := collect(t, c, "FAILED")
	if st.Error != "Flaky" || st.Cause != "the first attempt fails" || st.Output != nil || st.StopDate == nil {
		t.Fatalf("failed status %+v", st)
	}
	if _, err := e.eng.RedriveExecution(e.ctx, arn); err != nil {
		t.Fatal(err)
	}
	more, st := collect(t, c, "RUNNING")
	if st.RedriveCount != 1 || st.StopDate != nil {
		t.Fatalf("redriven status %+v", st)
	}
	got = append(got, more...)
	e.work(false)
	more, _ = collect(t, c, "SUCCEEDED")
	equalEvents(t, append(got, more...), e.wireHistory(arn))
}

// loop is a machine that commits many small batches: each round, an
// activity task is scheduled, started and completed by the test's worker.
const loop = `{"StartAt":"Init","States":{
	"Init":{"Type":"Pass","Result":0,"ResultPath":"$.i","Next":"A"},
	"A":{"Type":"Task","Resource":"` + activityARN + `","ResultPath":null,"Next":"Inc"},
	"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"C"},
	"C":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":%d,"Next":"A"}],"Default":"Done"},
	"Done":{"Type":"Succeed"}}}`

// worker completes activity tasks until ctx ends.
func (e *liveEnv) worker(ctx context.Context) {
	for {
		task, err := e.eng.PollActivityTask(ctx, activityARN, "loop")
		if err != nil || task == nil {
			return
		}
		if err := e.eng.SendTaskSuccess(e.ctx, task.TaskToken, []byte(`{}`)); err != nil {
			e.t.Error(err)
			return
		}
	}
}

// TestLiveNoLossWhileCommitting streams an execution that commits batch
// after batch to clients that connected before it got going and to
// clients that connect at random moments while it runs, from random ids:
// each must receive exactly the stored events after its id, once and in
// order. With a one-batch buffer and slow streams, streams fall behind and
// are closed, and the client reconnects with Last-Event-ID as a browser
// does.
func TestLiveNoLossWhileCommitting(t *testing.T) {
	for _, buffer := range []int{0, 1} {
		t.Run(fmt.Sprintf("buffer=%d", buffer), func(t *testing.T) {
			e := newLiveEnv(t, LiveOptions{Buffer: buffer})
			if buffer == 1 {
				// Streams read slower than the execution commits: they fall
				// behind and are dropped.
				e.live.slowReader = func() { time.Sleep(20 * time.Millisecond) }
			}
			sm := e.machine("loop", fmt.Sprintf(loop, 100))
			arn := e.start(sm, "e1")
			const clients = 6
			type result struct {
				after      int64
				got        []string
				reconnects int
			}
			results := make([]result, clients)
			var wg, early sync.WaitGroup
			run := func(i int, connected func()) {
				defer wg.Done()
				after := int64(rand.IntN(4))
				r := result{after: after}
				last := ""
				for {
					c := dial(t, e.eventsURL(arn, after), last)
					done := false
					for !done {
						ev, ok := c.next(t)
						if !ok {
							r.reconnects++
							break
						}
						switch ev.event {
						case "history":
							r.got = append(r.got, batch(t, ev)...)
							last = ev.id
						case "status":
							if connected != nil {
								connected()
								connected = nil
							}
							done = status(t, ev).Status == "SUCCEEDED"
						}
					}
					c.resp.Body.Close()
					if done {
						break
					}
				}
				results[i] = r
			}
			for i := range clients / 2 {
				wg.Add(1)
				early.Add(1)
				go run(i, early.Done)
			}
			early.Wait()
			wctx, stop := context.WithCancel(e.ctx)
			defer stop()
			go e.worker(wctx)
			for i := clients / 2; i < clients; i++ {
				wg.Add(1)
				go func() {
					time.Sleep(time.Duration(rand.IntN(50)) * time.Millisecond)
					run(i, nil)
				}()
			}
			wg.Wait()
			stored := e.wireHistory(arn)
			reconnects := 0
			for _, r := range results {
				equalEvents(t, r.got, stored[r.after:])
				reconnects += r.reconnects
			}
			t.Logf("%d events, %d clients, %d reconnections after drops", len(stored), clients, reconnects)
			if buffer == 1 && reconnects == 0 {
				t.Fatal("no stream fell behind: the reconnection path went untested")
			}
		})
	}
}

// TestLiveExecutionsStream watches every execution: a start and a close
// each arrive as an execution event with the API's fields.
func TestLiveExecutionsStream(t *testing.T) {
	e := newLiveEnv(t, LiveOptions{})
	sm := e.machine("m", activityThenPass)
	c := dial(t, e.srv.URL+"/console/events", "")
	arn := e.start(sm, "e1")
	type notice struct {
		ExecutionArn, StateMachineArn, Name, Status string
		StartDate, StopDate                         *float64
	}
	read := func() notice {
		ev, ok := c.next(t)
		if !ok || ev.event != "execution" {
			t.Fatalf("%+v %v", ev, ok)
		}
		var n notice
		if err := json.Unmarshal([]byte(ev.data), &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	n := read()
	if n.ExecutionArn != arn || n.StateMachineArn != sm || n.Name != "e1" || n.Status != "RUNNING" || n.StartDate == nil || n.StopDate != nil {
		t.Fatalf("start notice %+v", n)
	}
	e.work(false)
	n = read()
	ex, err := e.eng.DescribeExecution(e.ctx, arn)
	if err != nil {
		t.Fatal(err)
	}
	if n.Status != "SUCCEEDED" || n.StopDate == nil || *n.StopDate != float64(ex.StopDate.UnixMilli())/1000 || *n.StartDate != float64(ex.StartDate.UnixMilli())/1000 {
		t.Fatalf("close notice %+v, row %+v", n, ex)
	}
}

// TestLiveErrorsHeartbeatAndClose checks the answers to bad requests, the
// heartbeat comment of an idle stream, and that Close ends open streams.
func TestLiveErrorsHeartbeatAndClose(t *testing.T) {
	e := newLiveEnv(t, LiveOptions{Heartbeat: 20 * time.Millisecond})
	for _, tc := range []struct {
		query string
		code  int
	}{
		{"?execution=" + url.QueryEscape("arn:aws:states:us-east-1:123456789012:execution:m:nope"), http.StatusNotFound},
		{"?execution=x&after=-1", http.StatusBadRequest},
		{"?execution=x&after=abc", http.StatusBadRequest},
	} {
		resp, err := http.Get(e.srv.URL + "/console/events" + tc.query)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("%s: %s, want %d", tc.query, resp.Status, tc.code)
		}
	}
	resp, err := http.Post(e.srv.URL+"/console/events", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %s", resp.Status)
	}

	c := dial(t, e.srv.URL+"/console/events", "")
	select {
	case ev := <-c.events:
		if !ev.comment {
			t.Fatalf("idle stream sent %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no heartbeat")
	}
	e.live.Close()
	for {
		select {
		case _, ok := <-c.events:
			if !ok {
				return
			}
		case <-time.After(10 * time.Second):
			t.Fatal("stream still open after Close")
		}
	}
}
