package lambda

import (
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/runner"
)

// Options configure a Host.
type Options struct {
	// BaseDir resolves relative dir settings (the config file's directory).
	BaseDir string
	// Logger receives the functions' output lines; slog.Default() when nil.
	Logger *slog.Logger
	// Region and Account build the function ARNs the functions see;
	// us-east-1 and 123456789012 when empty.
	Region, Account string
	// Remote runs tasks for functions not declared locally (a Lambda
	// endpoint). When nil, they fail with Lambda.ResourceNotFoundException.
	Remote runner.Runner
	// InitTimeout bounds a cold start (spawn until the first /next);
	// InitTimeoutDefault when zero. Lambda allows 10 s, but `go run`
	// compiles first.
	InitTimeout time.Duration
}

// InitTimeoutDefault is Options.InitTimeout's default.
const InitTimeoutDefault = time.Minute

// Host runs declared functions as local processes that speak the Lambda
// Runtime API, and serves them to Task states (function ARNs and
// arn:aws:states:::lambda:invoke).
type Host struct {
	pools       map[string]*pool
	region      string
	account     string
	remote      runner.Runner
	log         *slog.Logger
	initTimeout time.Duration
	shimDir     string

	// Event (asynchronous) invocations outlive their task; Close ends them.
	ctx    context.Context
	cancel context.CancelFunc
	async  sync.WaitGroup
}

//go:embed shim.py
var pythonShim []byte

// New checks the functions and prepares their pools; no process starts
// before the first invocation.
func New(functions map[string]Function, opts Options) (*Host, error) {
	if err := ValidateFunctions(functions); err != nil {
		return nil, err
	}
	h := &Host{
		pools:       make(map[string]*pool, len(functions)),
		region:      cmpOr(opts.Region, "us-east-1"),
		account:     cmpOr(opts.Account, "123456789012"),
		remote:      opts.Remote,
		log:         opts.Logger,
		initTimeout: opts.InitTimeout,
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.initTimeout <= 0 {
		h.initTimeout = InitTimeoutDefault
	}
	names := make([]string, 0, len(functions))
	for name := range functions {
		names = append(names, name)
	}
	slices.Sort(names)
	base := opts.BaseDir
	if base == "" {
		base = "."
	}
	for _, name := range names {
		p, err := h.newPool(name, functions[name], base)
		if err != nil {
			h.removeShim()
			return nil, err
		}
		h.pools[name] = p
	}
	h.ctx, h.cancel = context.WithCancel(context.Background())
	return h, nil
}

func (h *Host) newPool(name string, f Function, base string) (*pool, error) {
	key := "functions." + name
	dir := f.Dir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(base, dir)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("%s.dir: %w", key, err)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s.dir: %s is not a directory", key, dir)
	}
	var argv []string
	handler := f.Handler
	if f.Runtime == RuntimePython3 {
		python, err := exec.LookPath("python3")
		if err != nil {
			return nil, fmt.Errorf("%s.runtime: python3 is not on PATH", key)
		}
		shim, err := h.writeShim()
		if err != nil {
			return nil, err
		}
		argv = []string{python, "-u", shim}
	} else {
		argv = slices.Clone(f.Command)
		// A relative program path is the function's own file, from dir;
		// a bare name (go, node) is looked up on PATH.
		if strings.ContainsRune(argv[0], filepath.Separator) && !filepath.IsAbs(argv[0]) {
			argv[0] = filepath.Join(dir, argv[0])
		}
		if handler == "" {
			handler = filepath.Base(argv[0])
		}
	}
	// Unlike Lambda, the process inherits stepd's environment (PATH, HOME,
	// Go's caches, AWS credentials for the SDK calls it makes); Lambda's own
	// variables go on top, then env (exec keeps the last of duplicates).
	env := append(os.Environ(),
		"_HANDLER="+handler,
		"AWS_LAMBDA_FUNCTION_NAME="+name,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"AWS_LAMBDA_FUNCTION_TIMEOUT="+strconv.Itoa(f.timeout()),
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/"+name,
		"AWS_LAMBDA_LOG_STREAM_NAME=stepd/"+name,
		"AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
		"AWS_REGION="+h.region,
		"AWS_DEFAULT_REGION="+h.region,
		"LAMBDA_TASK_ROOT="+dir,
		"TZ=:UTC",
	)
	envKeys := make([]string, 0, len(f.Env))
	for k := range f.Env {
		envKeys = append(envKeys, k)
	}
	slices.Sort(envKeys)
	for _, k := range envKeys {
		env = append(env, k+"="+f.Env[k])
	}
	return &pool{
		host:    h,
		name:    name,
		fn:      f,
		argv:    argv,
		dir:     dir,
		env:     env,
		timeout: time.Duration(f.timeout()) * time.Second,
		warm:    f.warm(),
		slots:   make(chan struct{}, f.concurrency()),
		all:     make(map[*instance]struct{}),
	}, nil
}

// writeShim puts the embedded Python runtime client in a private
// directory, once.
func (h *Host) writeShim() (string, error) {
	if h.shimDir == "" {
		dir, err := os.MkdirTemp("", "stepd-lambda-")
		if err != nil {
			return "", fmt.Errorf("lambda: writing the python runtime client: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, "shim.py"), pythonShim, 0o600); err != nil {
			os.RemoveAll(dir)
			return "", fmt.Errorf("lambda: writing the python runtime client: %w", err)
		}
		h.shimDir = dir
	}
	return filepath.Join(h.shimDir, "shim.py"), nil
}

func (h *Host) removeShim() {
	if h.shimDir != "" {
		os.RemoveAll(h.shimDir)
	}
}

// Close kills every instance (busy ones too: their invocations fail) and
// frees their ports.
func (h *Host) Close() {
	h.cancel()
	for _, p := range h.pools {
		p.close()
	}
	h.async.Wait()
	h.removeShim()
}

// Run serves a Task state: a function ARN (the payload is the task input,
// the output the function's result) or lambda:invoke (the AWS response
// shape).
func (h *Host) Run(ctx context.Context, t *runner.Task) (runner.Result, error) {
	res := runner.ParseResource(t.Resource)
	switch {
	case res.Kind == runner.KindFunction:
		name, _, _ := strings.Cut(res.Action, ":")
		p := h.pools[name]
		if p == nil {
			return h.notFound(ctx, t, t.Resource)
		}
		// The function sees the ARN it was invoked by, as in Lambda.
		r, err := p.invoke(ctx, h.newInvocation(t, t.Resource, marshalInput(t.Input), ""))
		if err != nil {
			return runner.Result{}, err
		}
		if r.failed {
			return failure(r), nil
		}
		return runner.Result{Output: parsePayload(r.payload)}, nil
	case res.Service == "lambda" && res.Action == "invoke":
		return h.runInvoke(ctx, t, res.Pattern)
	}
	return runner.Unsupported(t.Resource), nil
}

// notFound hands an undeclared function to Remote, or fails as Lambda
// does.
func (h *Host) notFound(ctx context.Context, t *runner.Task, arn string) (runner.Result, error) {
	if h.remote != nil {
		return h.remote.Run(ctx, t)
	}
	return runner.Result{
		Error: "Lambda.ResourceNotFoundException",
		Cause: sdkCause("Function not found: "+arn, 404, "ResourceNotFoundException", newRequestID()),
	}, nil
}

func (h *Host) functionARN(name, qualifier string) string {
	arn := "arn:aws:lambda:" + h.region + ":" + h.account + ":function:" + name
	if qualifier != "" {
		arn += ":" + qualifier
	}
	return arn
}

func (h *Host) newInvocation(t *runner.Task, arn string, payload []byte, clientContext string) *invocation {
	return &invocation{
		id:            newRequestID(),
		payload:       payload,
		functionARN:   arn,
		traceID:       newTraceID(),
		clientContext: clientContext,
		done:          make(chan reply, 1),
		executionARN:  t.ExecutionARN,
		stateName:     t.StateName,
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
