package jsonpath

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/intrinsic"
)

const parametersInput = `{"comment": "Example for Parameters.",
 "product": {"details": {"color": "blue", "size": "small", "material": "cotton"}, "availability": "in stock", "sku": "2317", "cost": "$23"}}`

const emrResult = `{"resourceType": "elasticmapreduce", "resource": "createCluster.sync",
 "output": {"SdkHttpMetadata": {"HttpHeaders": {"Content-Length": "1112", "Content-Type": "application/x-amz-JSON-1.1"}, "HttpStatusCode": 200},
  "SdkResponseMetadata": {"RequestId": "1234-5678-9012"}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}`

var templateContext = `{"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName","Name":"executionName","Input":{"k":1}},
 "Task":{"Token":"tok"},"Map":{"Item":{"Index":1,"Value":{"a":2}}}}`

var templateCases = []struct {
	name     string
	template string
	input    string
	want     string
	err      string
}{
	{name: "aws Parameters example", template: `{"comment": "Selecting what I care about.", "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}}`,
		input: parametersInput, want: `{"comment":"Selecting what I care about.","MyDetails":{"size":"small","exists":"in stock","StaticValue":"foo"}}`},
	{name: "aws ResultSelector example", template: `{"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"}`,
		input: emrResult, want: `{"ClusterId":"AKIAIOSFODNN7EXAMPLE","ResourceType":"elasticmapreduce"}`},
	{name: "aws context object in Parameters", template: `{"comment": "x", "execution.$": "$$.Execution.Id"}`,
		input: `{}`, want: `{"comment":"x","execution":"arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName"}`},
	{name: "aws task token in Parameters", template: `{"MessageBody": {"Message.$": "$.m", "TaskToken.$": "$$.Task.Token"}}`,
		input: `{"m":"hi"}`, want: `{"MessageBody":{"Message":"hi","TaskToken":"tok"}}`},
	{name: "aws Map ItemSelector with $$.Map.Item", template: `{"ContextIndex.$": "$$.Map.Item.Index", "ContextValue.$": "$$.Map.Item.Value"}`,
		input: `{}`, want: `{"ContextIndex":1,"ContextValue":{"a":2}}`},
	{name: "aws intrinsic States.Array($.Id)", template: `{"BuildId.$": "States.Array($.Id)"}`, input: `{"Id": 123456}`, want: `{"BuildId":[123456]}`},
	{name: "aws intrinsic States.Format in a template", template: `{"greeting.$": "States.Format('Hello, my name is {}.', $.name)"}`,
		input: `{"name": "Arnav"}`, want: `{"greeting":"Hello, my name is Arnav."}`},
	{name: "variables in a template", template: `{"p.$": "$productName", "n.$": "$order.id"}`, input: `{}`, want: `{"p":"Widget","n":42}`},
	{name: "an indefinite path yields an array", template: `{"ids.$": "$.items[*].id"}`, input: `{"items":[{"id":1},{"id":2}]}`, want: `{"ids":[1,2]}`},
	{name: "a filter yields an array, possibly empty", template: `{"ids.$": "$.items[?(@.id > 5)].id"}`, input: `{"items":[{"id":1}]}`, want: `{"ids":[]}`},
	{name: "the whole input", template: `{"all.$": "$"}`, input: `{"a":1}`, want: `{"all":{"a":1}}`},
	{name: "objects inside arrays are templates too", template: `{"list": [{"v.$": "$.a"}, {"w": 1}, 3, [{"x.$": "$.b"}]]}`,
		input: `{"a":"A","b":"B"}`, want: `{"list":[{"v":"A"},{"w":1},3,[{"x":"B"}]]}`},
	{name: "a top-level array template", template: `[{"v.$": "$.a"}]`, input: `{"a":1}`, want: `[{"v":1}]`},
	{name: "static parts are kept", template: `{"s": "$.not-a-path", "n": null, "b": false, "o": {"k": [1, {"z": "q"}]}}`,
		input: `{}`, want: `{"s":"$.not-a-path","n":null,"b":false,"o":{"k":[1,{"z":"q"}]}}`},
	{name: "output key order follows the template", template: `{"z": 1, "a.$": "$.a", "m": 2}`, input: `{"a":0}`, want: `{"z":1,"a":0,"m":2}`},
	{name: "a key that is only .$ gives an empty name", template: `{".$": "$.a"}`, input: `{"a":1}`, want: `{"":1}`},
	{name: "a scalar template is static", template: `"just text"`, input: `{}`, want: `"just text"`},
	{name: "aws: a missing path fails the field", template: `{"JobName.$": "$.JobName"}`, input: `{}`,
		err: `The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'`},
	{name: "aws (re:Post): $.Jobs.sum() compiles but is never found", template: `{"Jobs.$": "$.Jobs.sum()"}`, input: `{"Jobs":[0,0,1,0]}`,
		err: `The JSONPath '$.Jobs.sum()' specified for the field 'Jobs.$' could not be found in the input '{"Jobs":[0,0,1,0]}'`},
	{name: "a missing nested path fails its field", template: `{"outer": {"inner.$": "$.a.b"}}`, input: `{"a":{}}`,
		err: `The JSONPath '$.a.b' specified for the field 'inner.$' could not be found in the input '{"a":{}}'`},
	{name: "a missing path in an intrinsic argument fails the field", template: `{"v.$": "States.ArrayPartition($.missing, 2)"}`, input: `{}`,
		err: `The JSONPath '$.missing' specified for the field 'v.$' could not be found in the input '{}'`},
	{name: "a missing context path names the context", template: `{"v.$": "$$.Execution.Nope"}`, input: `{}`,
		err: `The JSONPath '$$.Execution.Nope' specified for the field 'v.$' could not be found in the input '` + `{"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName","Name":"executionName","Input":{"k":1}},"Task":{"Token":"tok"},"Map":{"Item":{"Index":1,"Value":{"a":2}}}}'`},
	{name: "aws: a wrong argument count fails when the state runs", template: `{"v.$": "States.UUID(1)"}`, input: `{}`, err: `Invalid arguments in States.UUID`},
	{name: "an intrinsic failure is States.Runtime", template: `{"v.$": "States.ArrayLength($.a)"}`, input: `{"a":"x"}`, err: `Invalid arguments in States.ArrayLength`},
}

func templateEnv() *Env {
	vars := map[string]jsonv.Value{"productName": "Widget", "order": jsonv.MustParse(`{"id":42}`)}
	return &Env{
		Context: jsonv.MustParse(templateContext),
		Vars:    func(n string) (jsonv.Value, bool) { v, ok := vars[n]; return v, ok },
	}
}

func TestTemplateEval(t *testing.T) {
	for _, tc := range templateCases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := CompileTemplate(jsonv.MustParse(tc.template))
			if err != nil {
				t.Fatal(err)
			}
			got, err := tpl.Eval(jsonv.MustParse(tc.input), templateEnv())
			if tc.err != "" {
				if e, ok := err.(*Error); !ok || e.Name != ErrRuntime {
					t.Fatalf("got %v, want a %s error", err, ErrRuntime)
				}
			}
			checkResult(t, got, err, tc.want, tc.err)
		})
	}
}

var templateErrorCases = []struct {
	name     string
	template string
	pointer  string
	msg      string
}{
	{"a .$ field with a number", `{"a.$": 1}`, "/a.$", "The value for the field 'a.$' must be a STRING that contains a JSONPath or an intrinsic function call, but was a NUMBER"},
	{"a .$ field with an object", `{"x": {"a.$": {}}}`, "/x/a.$", "The value for the field 'a.$' must be a STRING that contains a JSONPath or an intrinsic function call, but was an OBJECT"},
	{"a .$ field with null", `[{"a.$": null}]`, "/0/a.$", "The value for the field 'a.$' must be a STRING that contains a JSONPath or an intrinsic function call, but was a NULL"},
	{"a .$ field with plain text", `{"a.$": "hello"}`, "/a.$", "The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call"},
	{"a .$ field with a bad path", `{"a.$": "$.a["}`, "/a.$", "The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call"},
	{"a .$ field with an unknown intrinsic", `{"a.$": "States.Nope()"}`, "/a.$", "The value for the field 'a.$' must be a valid intrinsic function call"},
	{"a .$ field with a malformed intrinsic", `{"a.$": "States.Array(1,"}`, "/a.$", "The value for the field 'a.$' must be a valid intrinsic function call"},
	{"pointer escapes ~ and /", `{"a/b": {"c~d.$": 1}}`, "/a~1b/c~0d.$", "The value for the field 'c~d.$' must be a STRING that contains a JSONPath or an intrinsic function call, but was a NUMBER"},
}

func TestTemplateCompileErrors(t *testing.T) {
	for _, tc := range templateErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CompileTemplate(jsonv.MustParse(tc.template))
			var te *TemplateError
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a *TemplateError", err)
			}
			if diff := cmp.Diff([2]string{tc.pointer, tc.msg}, [2]string{te.Pointer, te.Msg}); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
	var ce *intrinsic.CompileError
	_, err := CompileTemplate(jsonv.MustParse(`{"a.$": "States.Nope()"}`))
	if !errors.As(err, &ce) {
		t.Errorf("the intrinsic compile error should be wrapped: %v", err)
	}
	deep := strings.Repeat(`{"a":`, maxTemplateDepth+2) + "1" + strings.Repeat("}", maxTemplateDepth+2)
	if _, err := CompileTemplate(jsonv.MustParse(deep)); err == nil {
		t.Error("an overly deep template should not compile")
	}
}

func TestTemplateCheck(t *testing.T) {
	tpl, err := CompileTemplate(jsonv.MustParse(`{"ok.$": "States.UUID()", "list": [{"bad.$": "States.ArrayLength($.a, $.b)"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var te *TemplateError
	if err := tpl.Check(); !errors.As(err, &te) || te.Field != "bad.$" {
		t.Fatalf("Check() = %v, want the arity problem of bad.$", err)
	}
	good, _ := CompileTemplate(jsonv.MustParse(`{"ok.$": "States.UUID()", "p.$": "$.a"}`))
	if err := good.Check(); err != nil {
		t.Errorf("Check() = %v", err)
	}
}

func TestTemplateStaticIsShared(t *testing.T) {
	v := jsonv.MustParse(`{"a": {"b": [1, 2]}}`)
	tpl, err := CompileTemplate(v)
	if err != nil {
		t.Fatal(err)
	}
	if !tpl.IsStatic() {
		t.Fatal("a template without .$ fields is static")
	}
	got, _ := tpl.Eval(nil, nil)
	if got.(*jsonv.Object) != v.(*jsonv.Object) {
		t.Error("a static template should return its value without copying")
	}
	dyn, _ := CompileTemplate(jsonv.MustParse(`{"s": {"k": 1}, "d.$": "$"}`))
	in := jsonv.MustParse(`{"x":1}`)
	a, _ := dyn.Eval(in, nil)
	b, _ := dyn.Eval(in, nil)
	sa, _ := a.(*jsonv.Object).Get("s")
	sb, _ := b.(*jsonv.Object).Get("s")
	if sa.(*jsonv.Object) != sb.(*jsonv.Object) {
		t.Error("static subtrees of a dynamic template should be shared")
	}
}
