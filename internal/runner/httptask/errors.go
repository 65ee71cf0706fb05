package httptask

import (
	"strconv"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/internal/runner"
)

// Error names an HTTP Task fails with, besides the States.* ones of the
// root package.
const (
	// ErrorSocket is AWS's name for a request that got no answer within
	// the 60-second limit; stepd also uses it when no answer came at all
	// (connection refused, TLS failure, reset).
	ErrorSocket = "States.Http.Socket"
	// ErrorStatusCodePrefix + the status code names a non-2xx answer.
	ErrorStatusCodePrefix = "States.Http.StatusCode."
	// Connection errors: EventBridge's, prefixed Events.ConnectionResource.
	ErrorConnectionNotFound     = "Events.ConnectionResource.ResourceNotFound"
	ErrorInvalidConnectionState = "Events.ConnectionResource.InvalidConnectionState"
)

func statusError(code int) string { return ErrorStatusCodePrefix + strconv.Itoa(code) }

// runtimeFailure is a malformed request: States.Runtime, as AWS fails an
// HTTP Task whose parameters it cannot use.
func runtimeFailure(cause string) runner.Result {
	return runner.Result{Error: stepd.ErrorRuntime, Cause: cause}
}

func failure(name, cause string) runner.Result {
	return runner.Result{Error: name, Cause: cause}
}
