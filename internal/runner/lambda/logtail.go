package lambda

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"
	"time"
)

// tailLimit is how much of an invocation's log LogType Tail returns: the
// last 4 KB, as Lambda does.
const tailLimit = 4096

// logTail keeps the end of one invocation's output for LogType Tail.
type logTail struct {
	mu   sync.Mutex
	out  []byte
	last time.Time // of the latest line
}

// write adds one line of the function's output.
func (t *logTail) write(line []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = time.Now()
	t.out = append(append(t.out, line...), '\n')
	if len(t.out) > 2*tailLimit {
		t.out = append(t.out[:0], t.out[len(t.out)-tailLimit:]...)
	}
}

// settle waits for the output written before the answer: the process
// wrote it to a pipe before posting its response, but it is read on
// another goroutine. 5 ms without output since the answer (at most 100 ms
// in all) is taken as drained; only LogType Tail pays this.
func (t *logTail) settle() {
	const quiet, most = 5 * time.Millisecond, 100 * time.Millisecond
	for start := time.Now(); time.Since(start) < most; {
		t.mu.Lock()
		since := min(time.Since(t.last), time.Since(start))
		t.mu.Unlock()
		if since >= quiet {
			return
		}
		time.Sleep(quiet - since)
	}
}

// result is LogResult: the log framed by Lambda's START, END and REPORT
// lines, cut to its last 4 KB and base64-encoded.
func (t *logTail) result(requestID string, d time.Duration, pid int) string {
	t.settle()
	t.mu.Lock()
	defer t.mu.Unlock()
	ms := float64(d.Microseconds()) / 1000
	var b bytes.Buffer
	fmt.Fprintf(&b, "START RequestId: %s Version: $LATEST\n", requestID)
	b.Write(t.out)
	fmt.Fprintf(&b, "END RequestId: %s\n", requestID)
	fmt.Fprintf(&b, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 128 MB\tMax Memory Used: %d MB\t\n",
		requestID, ms, int64(math.Ceil(ms)), peakMemoryMB(pid))
	log := b.Bytes()
	if len(log) > tailLimit {
		log = log[len(log)-tailLimit:]
	}
	return base64.StdEncoding.EncodeToString(log)
}

// peakMemoryMB is the process's peak resident memory (Linux's VmHWM), or 0
// where /proc does not tell.
func peakMemoryMB(pid int) int64 {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(status) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			kb, _ := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
			return (kb + 1023) / 1024
		}
	}
	return 0
}
