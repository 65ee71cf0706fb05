// Command gofn is the test function: a real aws-lambda-go binary whose
// event says what to do.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambda/messages"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type event struct {
	Action  string          `json:"action"`
	Value   json.RawMessage `json:"value,omitempty"`
	Message string          `json:"message,omitempty"`
	Type    string          `json:"type,omitempty"`
	Code    int             `json:"code,omitempty"`
	Millis  int             `json:"millis,omitempty"`
	Dir     string          `json:"dir,omitempty"`
	Want    int             `json:"want,omitempty"`
}

// PaymentDeclined is a custom error: aws-lambda-go names it by its type.
type PaymentDeclined struct{ Reason string }

func (e *PaymentDeclined) Error() string { return e.Reason }

func handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var ev event
	if err := json.Unmarshal(raw, &ev); err != nil {
		return nil, err
	}
	switch ev.Action {
	case "echo":
		return raw, nil
	case "value":
		return ev.Value, nil
	case "declined":
		return nil, &PaymentDeclined{Reason: ev.Message}
	case "error":
		return nil, messages.InvokeResponse_Error{Type: ev.Type, Message: ev.Message}
	case "exit":
		os.Exit(ev.Code)
	case "panic":
		panic(ev.Message)
	case "sleep":
		time.Sleep(time.Duration(ev.Millis) * time.Millisecond)
		return map[string]any{"slept": ev.Millis}, nil
	case "print":
		fmt.Println(ev.Message)
		fmt.Fprintln(os.Stderr, "to stderr: "+ev.Message)
		return "printed", nil
	case "context":
		lc, _ := lambdacontext.FromContext(ctx)
		deadline, _ := ctx.Deadline()
		return map[string]any{
			"pid":           os.Getpid(),
			"requestId":     lc.AwsRequestID,
			"functionArn":   lc.InvokedFunctionArn,
			"functionName":  lambdacontext.FunctionName,
			"memory":        lambdacontext.MemoryLimitInMB,
			"region":        os.Getenv("AWS_REGION"),
			"custom":        os.Getenv("CUSTOM"),
			"handler":       os.Getenv("_HANDLER"),
			"taskRoot":      os.Getenv("LAMBDA_TASK_ROOT"),
			"cwd":           must(os.Getwd()),
			"hasDeadline":   !deadline.IsZero(),
			"clientContext": lc.ClientContext.Custom,
		}, nil
	case "barrier":
		// Counts the invocations running at once through files in Dir: each
		// waits (bounded) until Want are running or another got that far
		// (Dir+".go" exists), then reports the most it saw.
		me := filepath.Join(ev.Dir, lambdacontext.FunctionName+"-"+fmt.Sprint(os.Getpid()))
		if err := os.WriteFile(me, nil, 0o600); err != nil {
			return nil, err
		}
		defer os.Remove(me)
		most := 0
		count := func() int {
			entries, _ := os.ReadDir(ev.Dir)
			return len(entries)
		}
		give := time.Now().Add(10 * time.Second)
		for time.Now().Before(give) {
			most = max(most, count())
			if most >= ev.Want {
				_ = os.WriteFile(ev.Dir+".go", nil, 0o600)
				break
			}
			if _, err := os.Stat(ev.Dir + ".go"); err == nil {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		for range 10 { // linger: an extra instance would show up now
			most = max(most, count())
			time.Sleep(10 * time.Millisecond)
		}
		return map[string]any{"most": most, "pid": os.Getpid()}, nil
	}
	return nil, fmt.Errorf("unknown action %q", ev.Action)
}

func must(s string, _ error) string { return s }

func main() { lambda.Start(handle) }
