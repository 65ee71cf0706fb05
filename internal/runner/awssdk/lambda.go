package awssdk

import (
	"context"
	"encoding/base64"
	"errors"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// lambdaInvoke serves arn:aws:states:::lambda:invoke[.waitForTaskToken]
// through the Lambda Invoke API. The Payload parameter (any JSON) is sent
// as its JSON text; the response is AWS's {ExecutedVersion, Payload (the
// function's answer as JSON), SdkHttpMetadata, SdkResponseMetadata,
// StatusCode}; a function error fails the task with the error's errorType
// and the error payload as Cause.
func (r *Runner) lambdaInvoke(ctx context.Context, t *runner.Task) (runner.Result, error) {
	out, res, err := r.invoke(ctx, t, payloadIn(t.Input, true))
	if out == nil || err != nil || res.Failed() {
		return res, err
	}
	o := jsonv.NewObject(6)
	if out.ExecutedVersion != nil {
		o.Set("ExecutedVersion", *out.ExecutedVersion)
	}
	if out.LogResult != nil {
		o.Set("LogResult", *out.LogResult)
	}
	o.Set("Payload", res.Output)
	httpMetadata(reflect.ValueOf(out), o)
	o.Set("StatusCode", jsonv.Int(int64(out.StatusCode)))
	return runner.Result{Output: o}, nil
}

// invokeFunction serves arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
// for functions not declared locally: the Task's input is the event and the
// function's answer is the result.
func (r *Runner) invokeFunction(ctx context.Context, t *runner.Task) (runner.Result, error) {
	params := jsonv.ObjectOf("FunctionName", t.Resource, "Payload", base64.StdEncoding.EncodeToString(jsonv.Marshal(t.Input)))
	_, res, err := r.invoke(ctx, t, params)
	return res, err
}

// invoke calls Invoke; res.Output is the parsed payload, or res is the
// failure (an API error, or the function's own).
func (r *Runner) invoke(ctx context.Context, t *runner.Task, params jsonv.Value) (*lambda.InvokeOutput, runner.Result, error) {
	v, err := r.call(ctx, t, "lambda", "Invoke", params)
	var perr *paramError
	switch {
	case errors.As(err, &perr):
		return nil, paramFailure(perr), nil
	case err != nil:
		res, err := optimizedFailure(ctx, "Lambda", "AWSLambda", err)
		return nil, res, err
	}
	out := v.Interface().(*lambda.InvokeOutput)
	var payload jsonv.Value
	if len(out.Payload) > 0 {
		payload, err = jsonv.Parse(out.Payload)
		if err != nil {
			return nil, runner.Result{Error: stepd.ErrorRuntime, Cause: "the function's answer is not JSON: " + err.Error()}, nil
		}
	}
	if out.FunctionError != nil {
		name := *out.FunctionError
		if o, ok := payload.(*jsonv.Object); ok {
			if et, ok := o.Get("errorType"); ok {
				if s, ok := et.(string); ok && s != "" {
					name = s
				}
			}
		}
		return nil, runner.Result{Error: name, Cause: string(out.Payload)}, nil
	}
	return out, runner.Result{Output: payload}, nil
}

// payloadIn prepares Invoke's Payload parameter for the codec, which takes
// blobs as base64: the optimized integration sends any JSON value as its
// JSON text; the aws-sdk one sends a string as is (it is the JSON text
// already) and any other value as its JSON text.
func payloadIn(params jsonv.Value, optimized bool) jsonv.Value {
	o, ok := params.(*jsonv.Object)
	if !ok {
		return params
	}
	p, ok := o.Get("Payload")
	if !ok {
		return params
	}
	text := jsonv.Marshal(p)
	if s, isString := p.(string); isString && !optimized {
		text = []byte(s)
	}
	return withMember(o, "Payload", base64.StdEncoding.EncodeToString(text))
}

// payloadOut gives the aws-sdk integration's Invoke response its Payload
// as the function's answer in escaped JSON (a string), as at AWS; the
// optimized integration parses it.
func payloadOut(out reflect.Value, into *jsonv.Object) {
	if res, ok := out.Interface().(*lambda.InvokeOutput); ok && res.Payload != nil {
		into.Set("Payload", string(res.Payload))
	}
}
