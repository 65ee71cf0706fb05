package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/store"
)

// LiveOptions configure the live updates endpoint.
type LiveOptions struct {
	// Heartbeat is how often an idle stream gets a comment line, so
	// proxies and browsers keep it open; LiveHeartbeatDefault when zero.
	Heartbeat time.Duration
	// Buffer is how many committed batches a stream may fall behind
	// before it is closed (the browser reconnects with Last-Event-ID);
	// engine.WatchBufferDefault when zero.
	Buffer int
	// Poll, when set, is how often an execution's stream also reads its
	// history and status from the store: other nodes sharing the store
	// commit to it too, and only this node's commits are watched.
	Poll time.Duration
}

// Defaults for LiveOptions.
const (
	LiveHeartbeatDefault = 15 * time.Second
	// livePage is how many events one catch-up read and one SSE message
	// carry at most (GetExecutionHistory's page size).
	livePage = 1000
	// liveRetryMillis is the reconnection delay the browser is told.
	liveRetryMillis = 1000
)

// Live serves GET /console/events: server-sent events for the console.
// Without parameters it streams every execution's start, close and
// redrive ("execution" events). With ?execution=ARN&after=N it streams
// the execution's history events after id N ("history" events, batched,
// the id line being the batch's last event id so Last-Event-ID resumes),
// and its status whenever it closes or is redriven ("status" events; one
// is also sent as the stream starts, so a client that raced a close
// learns it).
type Live struct {
	eng       *engine.Engine
	heartbeat time.Duration
	buffer    int
	poll      time.Duration
	done      chan struct{}
	closeOnce sync.Once
	// slowReader, when set (tests), runs before each batch a stream
	// takes from its watch, to make the stream fall behind.
	slowReader func()
}

// NewLive returns the live updates handler of eng.
func NewLive(eng *engine.Engine, opts LiveOptions) *Live {
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = LiveHeartbeatDefault
	}
	return &Live{eng: eng, heartbeat: opts.Heartbeat, buffer: opts.Buffer, poll: opts.Poll, done: make(chan struct{})}
}

// Close ends every open stream, for a server shutting down (streams never
// end by themselves, so http.Server.Shutdown would wait for them).
func (l *Live) Close() { l.closeOnce.Do(func() { close(l.done) }) }

func (l *Live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	arn := q.Get("execution")
	if arn == "" {
		l.serveExecutions(w, r)
		return
	}
	after, err := resumeID(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	l.serveExecution(w, r, arn, after)
}

// resumeID is the id after which to stream: Last-Event-ID when the browser
// reconnects, else the after parameter.
func resumeID(r *http.Request) (int64, error) {
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, errors.New("console events: Last-Event-ID must be an event id (a non-negative integer)")
		}
		return n, nil
	}
	v := r.URL.Query().Get("after")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, errors.New("console events: after must be an event id (a non-negative integer), got " + strconv.Quote(v))
	}
	return n, nil
}

// stream writes one SSE response.
type stream struct {
	w   http.ResponseWriter
	rc  *http.ResponseController
	buf []byte
}

func startStream(w http.ResponseWriter) *stream {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: do not hold events back
	w.WriteHeader(http.StatusOK)
	s := &stream{w: w, rc: http.NewResponseController(w)}
	s.buf = append(s.buf, "retry: "...)
	s.buf = strconv.AppendInt(s.buf, liveRetryMillis, 10)
	s.buf = append(s.buf, "\n\n"...)
	return s
}

// event queues one message; data may not contain a newline unless it is
// meant to split into data lines (JSON from this package never does).
func (s *stream) event(name, id string, data []byte) {
	if name != "" {
		s.buf = append(s.buf, "event: "...)
		s.buf = append(s.buf, name...)
		s.buf = append(s.buf, '\n')
	}
	if id != "" {
		s.buf = append(s.buf, "id: "...)
		s.buf = append(s.buf, id...)
		s.buf = append(s.buf, '\n')
	}
	for {
		line, rest, more := bytes.Cut(data, []byte("\n"))
		s.buf = append(s.buf, "data: "...)
		s.buf = append(s.buf, line...)
		s.buf = append(s.buf, '\n')
		if !more {
			break
		}
		data = rest
	}
	s.buf = append(s.buf, '\n')
}

func (s *stream) comment(text string) {
	s.buf = append(s.buf, ": "...)
	s.buf = append(s.buf, text...)
	s.buf = append(s.buf, "\n\n"...)
}

// flush sends what is queued.
func (s *stream) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	_, err := s.w.Write(s.buf)
	s.buf = s.buf[:0]
	if err != nil {
		return err
	}
	return s.rc.Flush()
}

// serveExecutions streams every execution's start, close and redrive.
func (l *Live) serveExecutions(w http.ResponseWriter, r *http.Request) {
	watch := l.eng.WatchExecutions(l.buffer)
	defer watch.Close()
	s := startStream(w)
	if r.Method == http.MethodHead || s.flush() != nil {
		return
	}
	tick := time.NewTicker(l.heartbeat)
	defer tick.Stop()
	for {
		select {
		case ch, ok := <-watch.C():
			if !ok {
				return // fell behind: the browser reconnects and reloads the list
			}
			s.event("execution", "", executionJSON(&ch.Execution))
		case <-tick.C:
			s.comment("ping")
		case <-r.Context().Done():
			return
		case <-l.done:
			return
		}
		if s.flush() != nil {
			return
		}
	}
}

// serveExecution streams one execution's history after id last, then its
// new batches as they commit. It subscribes before reading the history, so
// nothing committed in between is lost, and drops what it sent already;
// a batch that does not follow the last id sent (one published before an
// earlier one reached this stream) makes it read the gap from the store.
func (l *Live) serveExecution(w http.ResponseWriter, r *http.Request, arn string, last int64) {
	ctx := r.Context()
	watch := l.eng.WatchExecution(arn, l.buffer)
	defer watch.Close()
	// The status is read before the history, so the stream never reports a
	// status its history has not reached yet: when a close commits after
	// this read, its batch arrives through the watch, events then status.
	ex, err := l.eng.DescribeExecution(ctx, arn)
	if err != nil {
		var ee *engine.Error
		if errors.As(err, &ee) && ee.Code == engine.CodeExecutionDoesNotExist {
			http.Error(w, ee.Message, http.StatusNotFound)
			return
		}
		http.Error(w, "console events: "+err.Error(), http.StatusInternalServerError)
		return
	}
	s := startStream(w)
	if r.Method == http.MethodHead {
		_ = s.flush()
		return
	}
	send := func(events []history.Event) error {
		for len(events) > 0 && events[0].ID <= last {
			events = events[1:]
		}
		for len(events) > 0 {
			n := min(len(events), livePage)
			data := append(make([]byte, 0, 512*n), '[')
			for i, ev := range events[:n] {
				if i > 0 {
					data = append(data, ',')
				}
				var err error
				if data, err = history.AppendJSON(data, ev); err != nil {
					return err
				}
			}
			data = append(data, ']')
			last = events[n-1].ID
			s.event("history", strconv.FormatInt(last, 10), data)
			events = events[n:]
		}
		return s.flush()
	}
	// catchUp sends everything stored after last.
	catchUp := func() error {
		for {
			page, err := l.eng.History(ctx, &engine.HistoryParams{ExecutionARN: arn, AfterID: last, Limit: livePage})
			if err != nil {
				return err
			}
			if err := send(page); err != nil {
				return err
			}
			if len(page) < livePage {
				return nil
			}
		}
	}
	if catchUp() != nil {
		return
	}
	status := statusJSON(ex)
	s.event("status", "", status)
	if s.flush() != nil {
		return
	}
	tick := time.NewTicker(l.heartbeat)
	defer tick.Stop()
	var poll <-chan time.Time
	if l.poll > 0 {
		t := time.NewTicker(l.poll)
		defer t.Stop()
		poll = t.C
	}
	for {
		select {
		case <-poll:
			// Status first, as above: history never lags the status sent.
			ex, err := l.eng.DescribeExecution(ctx, arn)
			if err != nil || catchUp() != nil {
				return
			}
			if st := statusJSON(ex); !bytes.Equal(st, status) {
				status = st
				s.event("status", "", status)
			}
		case ch, ok := <-watch.C():
			if l.slowReader != nil {
				l.slowReader()
			}
			if !ok {
				// Fell behind: end the response; the browser reconnects with
				// Last-Event-ID and this reads the gap from the store.
				return
			}
			events := ch.Events
			for len(events) > 0 && events[0].ID <= last {
				events = events[1:]
			}
			if len(events) > 0 && events[0].ID != last+1 {
				// An Express execution is gone from the store once closed:
				// then what the batch carries is all there is.
				if err := catchUp(); err != nil && ctx.Err() == nil {
					if send(events) != nil {
						return
					}
				}
			} else if send(events) != nil {
				return
			}
			if ch.Closed || ch.Redriven {
				if st := statusJSON(&ch.Execution); !bytes.Equal(st, status) {
					status = st
					s.event("status", "", status)
				}
			}
		case <-tick.C:
			s.comment("ping")
		case <-ctx.Done():
			return
		case <-l.done:
			return
		}
		if s.flush() != nil {
			return
		}
	}
}

// epochSeconds is a time as the API writes it: seconds since the epoch
// with a millisecond fraction.
type epochSeconds time.Time

func (t epochSeconds) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Time(t).UnixMilli())/1000, 'f', -1, 64), nil
}

func epochPtr(t time.Time) *epochSeconds {
	if t.IsZero() {
		return nil
	}
	e := epochSeconds(t)
	return &e
}

type executionEvent struct {
	ExecutionArn    string        `json:"executionArn"`
	StateMachineArn string        `json:"stateMachineArn"`
	Name            string        `json:"name"`
	Type            string        `json:"type"`
	Status          string        `json:"status"`
	StartDate       *epochSeconds `json:"startDate,omitempty"`
	StopDate        *epochSeconds `json:"stopDate,omitempty"`
	RedriveCount    int           `json:"redriveCount,omitempty"`
}

func executionJSON(ex *store.Execution) []byte {
	return marshal(executionEvent{
		ExecutionArn: ex.ARN, StateMachineArn: ex.StateMachineARN, Name: ex.Name, Type: ex.Type, Status: ex.Status,
		StartDate: epochPtr(ex.StartDate), StopDate: epochPtr(ex.StopDate), RedriveCount: ex.RedriveCount,
	})
}

type statusEvent struct {
	Status       string          `json:"status"`
	StopDate     *epochSeconds   `json:"stopDate,omitempty"`
	Error        string          `json:"error,omitempty"`
	Cause        string          `json:"cause,omitempty"`
	Output       json.RawMessage `json:"output,omitempty"`
	RedriveCount int             `json:"redriveCount,omitempty"`
	RedriveDate  *epochSeconds   `json:"redriveDate,omitempty"`
}

func statusJSON(ex *store.Execution) []byte {
	st := statusEvent{Status: ex.Status, Error: ex.Error, Cause: ex.Cause, RedriveCount: ex.RedriveCount, RedriveDate: epochPtr(ex.RedriveDate)}
	if ex.Status != store.StatusRunning {
		st.StopDate = epochPtr(ex.StopDate)
	}
	if ex.Status == store.StatusSucceeded && len(ex.Output) > 0 {
		// The output is a JSON string, as DescribeExecution gives it.
		out, _ := json.Marshal(string(ex.Output))
		st.Output = out
	}
	return marshal(st)
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("console: " + err.Error()) // only strings, numbers and raw JSON from json.Marshal
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
