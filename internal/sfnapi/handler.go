package sfnapi

import (
	"context"
	"crypto/rand"
	"net/http"
	"strings"

	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
)

// Options configure the API handler. Engine and Store are required.
type Options struct {
	Engine *engine.Engine
	// Store holds state machines, activities and tags (the engine's
	// durable store).
	Store store.Store
	// Region and Account appear in every ARN; us-east-1 and 123456789012
	// by default.
	Region  string
	Account string
	Clock   clock.Clock
	// TokenKey signs pagination tokens; random per handler when empty.
	TokenKey []byte
	// Tasks runs the Task states TestState calls without a mock: the
	// router the engine uses, so a test calls what an execution would.
	// Nil serves no resource (every such task fails with States.Runtime).
	Tasks *runner.Router
}

type handler struct {
	eng     *engine.Engine
	store   store.Store
	region  string
	account string
	clock   clock.Clock
	key     []byte
	tasks   *runner.Router
	actions map[string]func(context.Context, *http.Request) (any, error)
}

// New returns the AWS JSON 1.0 handler for the Step Functions API.
func New(o Options) http.Handler {
	h := &handler{eng: o.Engine, store: o.Store, region: o.Region, account: o.Account, clock: o.Clock, key: o.TokenKey, tasks: o.Tasks}
	if h.region == "" {
		h.region = "us-east-1"
	}
	if h.account == "" {
		h.account = "123456789012"
	}
	if h.clock == nil {
		h.clock = clock.Real{}
	}
	if len(h.key) == 0 {
		h.key = make([]byte, 32)
		_, _ = rand.Read(h.key)
	}
	h.actions = map[string]func(context.Context, *http.Request) (any, error){}
	h.register()
	return h
}

// bind adapts a typed action to the dispatch table.
func bind[Req, Resp any](fn func(context.Context, *Req) (*Resp, error)) func(context.Context, *http.Request) (any, error) {
	return func(ctx context.Context, r *http.Request) (any, error) {
		req := new(Req)
		if err := decode(r, req); err != nil {
			return nil, err
		}
		return fn(ctx, req)
	}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, &apiError{Type: "UnknownOperationException", Message: "Only POST is supported", Status: http.StatusNotFound})
		return
	}
	target := r.Header.Get("X-Amz-Target")
	name, ok := strings.CutPrefix(target, "AWSStepFunctions.")
	fn := h.actions[name]
	if !ok || fn == nil {
		writeError(w, errf("UnknownOperationException", "Unknown operation %s", target))
		return
	}
	resp, err := fn(r.Context(), r)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (h *handler) register() {
	a := h.actions
	a["CreateStateMachine"] = bind(h.createStateMachine)
	a["DescribeStateMachine"] = bind(h.describeStateMachine)
	a["ListStateMachines"] = bind(h.listStateMachines)
	a["DeleteStateMachine"] = bind(h.deleteStateMachine)
	a["UpdateStateMachine"] = bind(h.updateStateMachine)
	a["ValidateStateMachineDefinition"] = bind(h.validateStateMachineDefinition)
	a["StartExecution"] = bind(h.startExecution)
	a["StartSyncExecution"] = bind(h.startSyncExecution)
	a["StopExecution"] = bind(h.stopExecution)
	a["DescribeExecution"] = bind(h.describeExecution)
	a["ListExecutions"] = bind(h.listExecutions)
	a["GetExecutionHistory"] = bind(h.getExecutionHistory)
	a["DescribeStateMachineForExecution"] = bind(h.describeStateMachineForExecution)
	a["RedriveExecution"] = bind(h.redriveExecution)
	a["CreateActivity"] = bind(h.createActivity)
	a["DescribeActivity"] = bind(h.describeActivity)
	a["DeleteActivity"] = bind(h.deleteActivity)
	a["ListActivities"] = bind(h.listActivities)
	a["GetActivityTask"] = bind(h.getActivityTask)
	a["SendTaskSuccess"] = bind(h.sendTaskSuccess)
	a["SendTaskFailure"] = bind(h.sendTaskFailure)
	a["SendTaskHeartbeat"] = bind(h.sendTaskHeartbeat)
	a["TagResource"] = bind(h.tagResource)
	a["UntagResource"] = bind(h.untagResource)
	a["ListTagsForResource"] = bind(h.listTagsForResource)
	a["PublishStateMachineVersion"] = bind(h.publishStateMachineVersion)
	a["ListStateMachineVersions"] = bind(h.listStateMachineVersions)
	a["DeleteStateMachineVersion"] = bind(h.deleteStateMachineVersion)
	a["CreateStateMachineAlias"] = bind(h.createStateMachineAlias)
	a["DescribeStateMachineAlias"] = bind(h.describeStateMachineAlias)
	a["UpdateStateMachineAlias"] = bind(h.updateStateMachineAlias)
	a["DeleteStateMachineAlias"] = bind(h.deleteStateMachineAlias)
	a["ListStateMachineAliases"] = bind(h.listStateMachineAliases)
	a["TestState"] = bind(h.testState)
	a["DescribeMapRun"] = bind(h.describeMapRun)
	a["ListMapRuns"] = bind(h.listMapRuns)
	a["UpdateMapRun"] = bind(h.updateMapRun)
}
