// Package awssdk runs Task states that call AWS services through
// aws-sdk-go-v2: the optimized integrations (dynamodb getItem, putItem,
// updateItem, deleteItem; sqs sendMessage; sns publish; events putEvents;
// lambda invoke and function ARNs) and the AWS SDK integrations
// (arn:aws:states:::aws-sdk:SERVICE:ACTION) of every service it includes a
// client for (dynamodb, sqs, sns, eventbridge, s3, lambda, sts).
//
// Each service goes to the endpoint stepd.yaml's aws.endpoints names, or to
// real AWS. Requests are signed (SigV4) with the configured credentials or
// the standard AWS chain; a Task's Credentials.RoleArn is assumed through
// STS first.
//
// An aws-sdk action is the API operation in camelCase and its parameters
// are the operation's members in PascalCase; stepd finds the operation on
// the Go client by name and converts JSON to and from the SDK's shapes by
// reflection (generic.go), so every operation of an included client works
// without code of its own.
package awssdk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// Options configure a Runner. Every field is optional.
type Options struct {
	Logger *slog.Logger
	// Region is used when neither Config.Region nor the AWS chain names
	// one (stepd's own region); us-east-1 when empty.
	Region string
	// HTTPClient makes the requests; the SDK's default when nil.
	HTTPClient aws.HTTPClient
	// LoadDefault reads the standard AWS configuration chain (environment,
	// shared files); config.LoadDefaultConfig when nil. Tests replace it to
	// keep the machine's own AWS settings out.
	LoadDefault func(ctx context.Context, optFns ...func(*config.LoadOptions) error) (aws.Config, error)
}

// Runner serves AWS service integrations. It is safe for concurrent use.
type Runner struct {
	cfg  Config
	base aws.Config
	log  *slog.Logger
	// transport is the HTTP transport the runner made (nil when
	// Options.HTTPClient was given).
	transport *http.Transport

	mu    sync.Mutex
	roles map[string]*clientSet // by role ARN; "" is stepd's own credentials
}

// clientSet holds the clients made with one set of credentials, each
// created on first use and reused.
type clientSet struct {
	cfg     aws.Config
	mu      sync.Mutex
	clients map[string]any
}

// New checks cfg and loads the AWS configuration. It makes no call.
func New(cfg Config, opts Options) (*Runner, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	load := opts.LoadDefault
	if load == nil {
		load = config.LoadDefaultConfig
	}
	var loadOpts []func(*config.LoadOptions) error
	if cfg.Region != "" {
		loadOpts = append(loadOpts, config.WithRegion(cfg.Region))
	}
	if c := cfg.Credentials; c != nil {
		loadOpts = append(loadOpts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)))
	}
	if opts.HTTPClient != nil {
		loadOpts = append(loadOpts, config.WithHTTPClient(opts.HTTPClient))
	}
	base, err := load(context.Background(), loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("aws: loading the AWS configuration: %w", err)
	}
	// Use the transport the SDK would (its settings, and the custom CA
	// bundle the AWS chain may name) on a client of stepd's own, so that
	// Close can release its connections.
	var transport *http.Transport
	if opts.HTTPClient == nil {
		b, ok := base.HTTPClient.(*awshttp.BuildableClient)
		if !ok {
			b = awshttp.NewBuildableClient()
		}
		transport = b.GetTransport()
		base.HTTPClient = &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // AWS APIs answer; they do not redirect
		}}
	}
	if base.Region == "" {
		base.Region = opts.Region
	}
	if base.Region == "" {
		base.Region = "us-east-1"
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{cfg: cfg, base: base, log: log, transport: transport, roles: map[string]*clientSet{"": {cfg: base, clients: map[string]any{}}}}, nil
}

// Close releases the idle connections of the runner's own HTTP transport.
func (r *Runner) Close() {
	if r.transport != nil {
		r.transport.CloseIdleConnections()
	}
}

// Serves reports whether r runs resource: the optimized integrations it
// implements, Lambda functions, and aws-sdk:SERVICE for the included
// services.
func (r *Runner) Serves(resource string) bool {
	res := runner.ParseResource(resource)
	switch {
	case res.Kind == runner.KindFunction:
		return true
	case res.Kind != runner.KindIntegration:
		return false
	}
	_, ok := optimized[res.Service+":"+res.Action]
	if sdk, found := strings.CutPrefix(res.Service, "aws-sdk:"); found {
		_, ok = services[sdk]
	}
	return ok
}

// Run performs one attempt. A .waitForTaskToken task answers Pending with
// the service's response once the call succeeded.
func (r *Runner) Run(ctx context.Context, t *runner.Task) (runner.Result, error) {
	res := runner.ParseResource(t.Resource)
	if res.Pattern != "" && res.Pattern != "waitForTaskToken" {
		return runner.Result{Error: stepd.ErrorRuntime, Cause: fmt.Sprintf("stepd does not support the .%s integration pattern of %s", res.Pattern, t.Resource)}, nil
	}
	var (
		result runner.Result
		err    error
	)
	switch sdk, isSDK := strings.CutPrefix(res.Service, "aws-sdk:"); {
	case res.Kind == runner.KindFunction:
		result, err = r.invokeFunction(ctx, t)
	case isSDK:
		result, err = r.sdkCall(ctx, t, sdk, res.Action)
	default:
		run, ok := optimized[res.Service+":"+res.Action]
		if !ok {
			return runner.Unsupported(t.Resource), nil
		}
		result, err = run(r, ctx, t)
	}
	if err != nil || result.Failed() {
		return result, err
	}
	if res.Pattern == "waitForTaskToken" {
		result.Pending = true
	}
	return result, nil
}

// optimized are the optimized integrations, by SERVICE:ACTION.
var optimized = map[string]func(r *Runner, ctx context.Context, t *runner.Task) (runner.Result, error){
	"dynamodb:getItem":    dynamoDB("GetItem"),
	"dynamodb:putItem":    dynamoDB("PutItem"),
	"dynamodb:updateItem": dynamoDB("UpdateItem"),
	"dynamodb:deleteItem": dynamoDB("DeleteItem"),
	"sqs:sendMessage":     (*Runner).sqsSendMessage,
	"sns:publish":         (*Runner).snsPublish,
	"events:putEvents":    (*Runner).eventsPutEvents,
	"lambda:invoke":       (*Runner).lambdaInvoke,
}

// sdkCall serves arn:aws:states:::aws-sdk:SERVICE:ACTION.
func (r *Runner) sdkCall(ctx context.Context, t *runner.Task, service, action string) (runner.Result, error) {
	svc, ok := services[service]
	if !ok {
		return runner.Unsupported(t.Resource), nil
	}
	op, params := pascal(action), t.Input
	textPayload := service == "lambda" && op == "Invoke"
	if textPayload {
		params = payloadIn(params, false)
	}
	out, err := r.call(ctx, t, service, op, params)
	var perr *paramError
	switch {
	case errors.As(err, &perr):
		return paramFailure(perr), nil
	case err != nil:
		return sdkFailure(ctx, svc.errorPrefix, err)
	}
	j, err := encodeOutput(out)
	if err != nil {
		return runner.Result{Error: stepd.ErrorRuntime, Cause: err.Error()}, nil
	}
	if textPayload {
		payloadOut(out, j.(*jsonv.Object))
	}
	return runner.Result{Output: j}, nil
}

// optimizedCall performs an optimized integration's call: its response
// is the API's, with SdkHttpMetadata and SdkResponseMetadata when metadata
// is set; its errors are errPrefix.NAME with a Java SDK 1.x cause naming
// javaService.
func (r *Runner) optimizedCall(ctx context.Context, t *runner.Task, service, op string, params jsonv.Value, errPrefix, javaService string, metadata bool) (runner.Result, error) {
	out, err := r.call(ctx, t, service, op, params)
	var perr *paramError
	switch {
	case errors.As(err, &perr):
		return paramFailure(perr), nil
	case err != nil:
		return optimizedFailure(ctx, errPrefix, javaService, err)
	}
	j, err := encodeOutput(out)
	if err != nil {
		return runner.Result{Error: stepd.ErrorRuntime, Cause: err.Error()}, nil
	}
	if metadata {
		httpMetadata(out, j.(*jsonv.Object))
	}
	return runner.Result{Output: j}, nil
}

// paramError is a call stepd could not make from the Task's parameters.
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

// call performs operation op (GetItem) of service with params decoded into
// its input shape, and returns the output shape (a pointer to a struct).
func (r *Runner) call(ctx context.Context, t *runner.Task, service, op string, params jsonv.Value) (reflect.Value, error) {
	client, err := r.client(t.RoleArn, service)
	if err != nil {
		return reflect.Value{}, err
	}
	m := reflect.ValueOf(client).MethodByName(op)
	if !m.IsValid() || m.Type().NumIn() != 3 || m.Type().NumOut() != 2 || m.Type().In(1).Kind() != reflect.Pointer {
		return reflect.Value{}, &paramError{fmt.Sprintf("the %s API has no action %s (resource %s)", service, camel(op), t.Resource)}
	}
	if params != nil {
		if _, ok := params.(*jsonv.Object); !ok {
			return reflect.Value{}, &paramError{fmt.Sprintf("the parameters of %s must be an object, not %s", t.Resource, jsonv.KindOf(params))}
		}
	}
	in, err := decodeInput(params, m.Type().In(1))
	if err != nil {
		return reflect.Value{}, &paramError{fmt.Sprintf("%s: %v", t.Resource, err)}
	}
	results := m.Call([]reflect.Value{reflect.ValueOf(ctx), in})
	if e := results[1].Interface(); e != nil {
		r.log.Debug("aws call failed", "service", service, "operation", op, "role", t.RoleArn, "execution", t.ExecutionARN, "state", t.StateName, "error", e)
		return reflect.Value{}, e.(error)
	}
	return results[0], nil
}

// client returns service's client for role ("" for stepd's own
// credentials), creating it on first use.
func (r *Runner) client(role, service string) (any, error) {
	set, err := r.clientSet(role)
	if err != nil {
		return nil, err
	}
	set.mu.Lock()
	defer set.mu.Unlock()
	c, ok := set.clients[service]
	if !ok {
		c = services[service].newClient(set.cfg, r.cfg.endpoint(service), r.cfg.s3PathStyle())
		set.clients[service] = c
	}
	return c, nil
}

// httpMetadata builds the SdkHttpMetadata and SdkResponseMetadata members
// optimized integrations add to a response (what the AWS SDK for Java 1.x
// reports): every header with all its values, and with its first value, and
// the status code; the request id.
func httpMetadata(out reflect.Value, into *jsonv.Object) {
	md, ok := out.Elem().FieldByName("ResultMetadata").Interface().(middleware.Metadata)
	if !ok {
		return
	}
	all, first := jsonv.NewObject(8), jsonv.NewObject(8)
	status := 200
	if raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && raw != nil && raw.Response != nil {
		status = raw.StatusCode
		names := make([]string, 0, len(raw.Header))
		for name := range raw.Header {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			values := raw.Header.Values(name)
			list := make([]jsonv.Value, len(values))
			for i, v := range values {
				list[i] = v
			}
			if aws, ok := headerCase[name]; ok {
				name = aws
			}
			all.Set(name, list)
			first.Set(name, values[0])
		}
	}
	requestID, _ := awsmiddleware.GetRequestIDMetadata(md)
	into.Set("SdkHttpMetadata", jsonv.ObjectOf("AllHttpHeaders", all, "HttpHeaders", first, "HttpStatusCode", jsonv.Int(int64(status))))
	into.Set("SdkResponseMetadata", jsonv.ObjectOf("RequestId", requestID))
}

// headerCase restores the spelling AWS services give their own headers,
// which Go's canonical form loses (X-Amzn-Requestid).
var headerCase = map[string]string{
	"X-Amzn-Requestid": "x-amzn-RequestId",
	"X-Amz-Crc32":      "x-amz-crc32",
	"X-Amz-Id-2":       "x-amz-id-2",
	"X-Amz-Request-Id": "x-amz-request-id",
	"X-Amzn-Trace-Id":  "X-Amzn-Trace-Id",
}

// pascal turns an action (getItem) into its operation name (GetItem).
func pascal(action string) string {
	r, n := utf8.DecodeRuneInString(action)
	return string(unicode.ToUpper(r)) + action[n:]
}

// camel turns an operation name back into an action.
func camel(op string) string {
	r, n := utf8.DecodeRuneInString(op)
	return string(unicode.ToLower(r)) + op[n:]
}

// withMember returns a copy of o with key set to v.
func withMember(o *jsonv.Object, key string, v jsonv.Value) *jsonv.Object {
	c := o.Clone()
	c.Set(key, v)
	return c
}

// asJSONText is v as a string parameter: a string as is, any other value
// as its JSON text (what Step Functions sends for an object given where
// the API wants a string, such as an SQS MessageBody).
func asJSONText(v jsonv.Value) jsonv.Value {
	if _, ok := v.(string); ok || v == nil {
		return v
	}
	return string(jsonv.Marshal(v))
}
