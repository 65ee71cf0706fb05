package lambda

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"
)

// listenError says the host could not open a port: no invocation was tried.
type listenError struct{ error }

func (e *listenError) Unwrap() error { return e.error }

// invocation is one call handed to an instance.
type invocation struct {
	id            string
	payload       []byte
	deadline      time.Time
	functionARN   string
	traceID       string
	clientContext string
	// done receives the instance's answer, once (buffered).
	done chan reply
	// executionARN and stateName tag the function's log lines.
	executionARN, stateName string
	// tail collects the output for LogType Tail (nil otherwise).
	tail *logTail
	// duration and pid are set by the pool once the instance answered.
	duration time.Duration
	pid      int
}

// reply is what Lambda's Invoke returns: a payload, which is the error
// object when failed is set (X-Amz-Function-Error).
type reply struct {
	payload   []byte
	failed    bool
	errorType string // Lambda-Runtime-Function-Error-Type, when posted
	// unhandled marks a failure the function did not report itself (its
	// runtime exited): Step Functions names it Lambda.Unknown.
	unhandled bool
}

// instance is one process of a function, with its Runtime API server.
type instance struct {
	pool *pool
	cmd  *exec.Cmd
	srv  *http.Server
	pid  int

	next      chan *invocation // handed to the instance's waiting /next
	ready     chan struct{}    // closed by the first /next: init is over
	readyOnce sync.Once
	initErr   chan reply    // /init/error
	exited    chan struct{} // closed once the process has exited
	exitErr   error         // set before exited is closed
	current   atomic.Pointer[invocation]
	// tag is the invocation the process's output belongs to (it outlives
	// current, which a response clears, so late lines keep their tags).
	tag atomic.Pointer[invocation]
}

// spawn starts a process with its server; it does not wait for init.
func (p *pool) spawn() (*instance, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, &listenError{fmt.Errorf("lambda: function %s: listening for its Runtime API: %w", p.name, err)}
	}
	in := &instance{
		pool:    p,
		next:    make(chan *invocation),
		ready:   make(chan struct{}),
		initErr: make(chan reply, 1),
		exited:  make(chan struct{}),
	}
	in.srv = &http.Server{Handler: in.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = in.srv.Serve(ln) }()

	cmd := exec.Command(p.argv[0], p.argv[1:]...)
	cmd.Dir = p.dir
	cmd.Env = append(p.env[:len(p.env):len(p.env)], "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String())
	cmd.Stdout = &lineLogger{in: in, stream: "stdout"}
	cmd.Stderr = &lineLogger{in: in, stream: "stderr"}
	// Output copying must not hold Wait up forever when a grandchild keeps
	// the pipes open.
	cmd.WaitDelay = time.Second
	setProcessGroup(cmd)
	in.cmd = cmd
	if err := cmd.Start(); err != nil {
		_ = in.srv.Close()
		return nil, err
	}
	in.pid = cmd.Process.Pid
	go func() {
		in.exitErr = cmd.Wait()
		close(in.exited)
		_ = in.srv.Close() // frees the port and ends any long poll
		p.forget(in)
	}()
	return in, nil
}

// awaitInit waits for the first /next. It returns the failure Lambda
// would report for the invocation (failed reply) when init fails.
func (in *instance) awaitInit(ctx context.Context, requestID string, limit time.Duration) (reply, error) {
	t := time.NewTimer(limit)
	defer t.Stop()
	start := time.Now()
	select {
	case <-in.ready:
		return reply{}, nil
	case r := <-in.initErr:
		in.kill()
		return r, nil
	case <-in.exited:
		return exitReply(requestID, in.exitErr), nil
	case <-t.C:
		in.kill()
		return timeoutReply(requestID, time.Since(start)), nil
	case <-ctx.Done():
		in.kill()
		return reply{}, ctx.Err()
	}
}

// kill ends the process group (a `go run` leaves its child otherwise) and
// waits for the exit.
func (in *instance) kill() {
	killProcessGroup(in.cmd)
	<-in.exited
}

func (in *instance) alive() bool {
	select {
	case <-in.exited:
		return false
	default:
		return true
	}
}

// lineLogger sends the process's output to the host's logger line by
// line, tagged with the function and the invocation it belongs to.
type lineLogger struct {
	in     *instance
	stream string
	buf    []byte
}

func (l *lineLogger) Write(b []byte) (int, error) {
	n := len(b)
	l.buf = append(l.buf, b...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		l.emit(l.buf[:i])
		l.buf = l.buf[i+1:]
	}
	if len(l.buf) > 64<<10 { // an endless line still gets out, in pieces
		l.emit(l.buf)
		l.buf = l.buf[:0]
	}
	if len(l.buf) == 0 {
		l.buf = nil
	}
	return n, nil
}

func (l *lineLogger) emit(line []byte) {
	line = bytes.TrimRight(line, "\r")
	attrs := []slog.Attr{slog.String("function", l.in.pool.name), slog.String("stream", l.stream)}
	if inv := l.in.tag.Load(); inv != nil {
		attrs = append(attrs, slog.String("request_id", inv.id))
		if inv.executionARN != "" {
			attrs = append(attrs, slog.String("execution_arn", inv.executionARN), slog.String("state", inv.stateName))
		}
		if inv.tail != nil {
			inv.tail.write(line)
		}
	}
	l.in.pool.host.log.LogAttrs(context.Background(), slog.LevelInfo, string(line), attrs...)
}

// exitReply is Lambda's answer when the runtime exits before answering.
func exitReply(requestID string, err error) reply {
	msg := "Runtime exited without providing a reason"
	if err != nil {
		msg = "Runtime exited with error: " + err.Error()
	}
	return reply{failed: true, unhandled: true, payload: errorPayload("Runtime.ExitError", "RequestId: "+requestID+" Error: "+msg)}
}

// timeoutReply is Lambda's answer to a timed-out invocation: no
// errorType, which Step Functions reports as Lambda.Unknown.
func timeoutReply(requestID string, elapsed time.Duration) reply {
	msg := fmt.Sprintf("%s %s Task timed out after %.2f seconds", time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), requestID, elapsed.Seconds())
	return reply{failed: true, payload: appendMessageOnly(nil, msg)}
}
