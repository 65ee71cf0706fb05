package sfnapi_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoadStartSync is the load generator for docs/performance.md: it
// drives StartSyncExecution of a 10-state Pass machine over loopback HTTP
// at 1 and at 64 concurrent clients and reports latency percentiles and
// throughput. Run with STEPD_LOADTEST=1 (it is skipped otherwise):
//
//	STEPD_LOADTEST=1 go test -run TestLoadStartSync -v ./internal/sfnapi/
func TestLoadStartSync(t *testing.T) {
	if os.Getenv("STEPD_LOADTEST") == "" {
		t.Skip("set STEPD_LOADTEST=1 to run the load test")
	}
	h := newHarness(t)
	arn := h.createMachine("Load", passChain(10), "EXPRESS")
	body := []byte(`{"stateMachineArn":"` + arn + `","input":"{\"k\":1}"}`)
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}}
	call := func() error {
		req, _ := http.NewRequest(http.MethodPost, h.url+"/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Target", "AWSStepFunctions.StartSyncExecution")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && (resp.StatusCode != 200 || !strings.Contains(string(b), `"SUCCEEDED"`)) {
			t.Fatalf("status %d: %s", resp.StatusCode, b)
		}
		return err
	}
	for range 200 { // warm up
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	for _, clients := range []int{1, 64} {
		const duration = 3 * time.Second
		var mu sync.Mutex
		var lat []time.Duration
		var wg sync.WaitGroup
		begin := time.Now()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for time.Since(begin) < duration {
					s := time.Now()
					if err := call(); err != nil {
						t.Error(err)
						return
					}
					mine = append(mine, time.Since(s))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		elapsed := time.Since(begin)
		slices.Sort(lat)
		pct := func(p float64) time.Duration { return lat[int(float64(len(lat)-1)*p)] }
		t.Logf("clients=%d executions=%d rate=%.0f/s p50=%v p99=%v", clients, len(lat), float64(len(lat))/elapsed.Seconds(), pct(0.50), pct(0.99))
	}
}
