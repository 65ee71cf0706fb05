# Generates conformance cases: python3 gen_cases.py, then
# go test ./conformance -update, then READ want/ against AWS's documentation.
import json, os

LAMBDA = "arn:aws:states:::lambda:invoke"
FN = "arn:aws:lambda:us-east-1:123456789012:function:fn"
ACT = "arn:aws:states:us-east-1:123456789012:activity:act"

cases = {}

def case(cat, name, definition, input=None, tasks=None, options=None):
    cases[(cat, name)] = (definition, {} if input is None else input, tasks, options)

def chain(*states, start=None):
    names = [n for n, _ in states]
    out = {}
    for i, (n, s) in enumerate(states):
        s = dict(s)
        if s["Type"] not in ("Choice", "Succeed", "Fail") and "Next" not in s and "End" not in s:
            if i + 1 < len(states):
                s["Next"] = names[i + 1]
            else:
                s["End"] = True
        out[n] = s
    return {"StartAt": start or names[0], "States": out}

def pass_(**kw):
    d = {"Type": "Pass"}; d.update(kw); return d

def task(resource=LAMBDA, **kw):
    d = {"Type": "Task", "Resource": resource}; d.update(kw); return d

# ---- pass: https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
case("pass", "hello", chain(("Hello", pass_(Result="Hello, world!"))))
case("pass", "result_result_path", chain(("P", pass_(Result={"x-datum": 0.381018, "y-datum": 622.2269926397355}, ResultPath="$.coords"))),
     {"georefOf": "Home"})
case("pass", "parameters", chain(("P", pass_(Parameters={"comment": "static", "product": {"details.$": "$.product.details", "availability.$": "$.product.availability"}}))),
     {"product": {"details": {"color": "blue", "size": "small"}, "availability": "in stock", "sku": "2317"}})
case("pass", "input_output_path", chain(("P", pass_(InputPath="$.a", OutputPath="$.b"))), {"a": {"b": {"c": 1}}, "z": 2})
case("pass", "input_path_null", chain(("P", pass_(InputPath=None))), {"a": 1})
case("pass", "output_path_null", chain(("P", pass_(OutputPath=None))), {"a": 1})
case("pass", "result_path_null", chain(("P", pass_(Result="x", ResultPath=None))), {"a": 1})
case("pass", "result_path_nested_create", chain(("P", pass_(Result=7, ResultPath="$.a.b.c"))), {"a": {"x": 1}})
case("pass", "result_path_on_scalar", chain(("P", pass_(Result=7, ResultPath="$.a"))), "text")
case("pass", "input_path_missing", chain(("P", pass_(InputPath="$.missing"))), {"a": 1})
case("pass", "output_path_missing", chain(("P", pass_(OutputPath="$.missing"))), {"a": 1})
case("pass", "parameters_missing_path", chain(("P", pass_(Parameters={"v.$": "$.nope"}))), {"a": 1})
case("pass", "chain_three", chain(("A", pass_(Result=1, ResultPath="$.a")), ("B", pass_(Result=2, ResultPath="$.b")), ("C", pass_(Result=3, ResultPath="$.c"))), {})
case("pass", "context_object", chain(("P", pass_(Parameters={"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "state.$": "$$.State.Name", "entered.$": "$$.State.EnteredTime", "sm.$": "$$.StateMachine.Name", "start.$": "$$.Execution.StartTime", "role.$": "$$.Execution.RoleArn", "input.$": "$$.Execution.Input", "retries.$": "$$.State.RetryCount", "redrives.$": "$$.Execution.RedriveCount"}))), {"k": "v"})
case("pass", "array_input", chain(("P", pass_(Parameters={"first.$": "$[0]", "all.$": "$[*].v"}))), [{"v": 1}, {"v": 2}])

# ---- intrinsics in context: https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
intr = {
    "format": ("States.Format('Hello, my name is {}.', $.name)", {"name": "Arnav"}),
    "string_to_json": ("States.StringToJson($.someString)", {"someString": "{\"number\": 20}"}),
    "json_to_string": ("States.JsonToString($.data)", {"data": {"a": [1, 2], "b": "c"}}),
    "array": ("States.Array('Foo', 2020, $.someJson, null)", {"someJson": {"random": "abcdefg"}}),
    "array_partition": ("States.ArrayPartition($.inputArray, 4)", {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]}),
    "array_contains": ("States.ArrayContains($.inputArray, $.lookingFor)", {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5}),
    "array_range": ("States.ArrayRange(1, 9, 2)", {}),
    "array_get_item": ("States.ArrayGetItem($.inputArray, $.index)", {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5}),
    "array_length": ("States.ArrayLength($.inputArray)", {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]}),
    "array_unique": ("States.ArrayUnique($.inputArray)", {"inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]}),
    "base64_encode": ("States.Base64Encode($.input)", {"input": "Data to encode"}),
    "base64_decode": ("States.Base64Decode($.base64)", {"base64": "RGF0YSB0byBlbmNvZGU="}),
    "hash": ("States.Hash($.Data, $.Algorithm)", {"Data": "input data", "Algorithm": "SHA-1"}),
    "json_merge": ("States.JsonMerge($.json1, $.json2, false)", {"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}),
    "math_random_seeded": ("States.MathRandom($.start, $.end, 7)", {"start": 1, "end": 999}),
    "math_add": ("States.MathAdd($.value1, $.step)", {"value1": 111, "step": -1}),
    "string_split": ("States.StringSplit($.inputString, $.splitter)", {"inputString": "1,2,3,4,5", "splitter": ","}),
    "uuid": ("States.UUID()", {}),
    "nested": ("States.Format('{} items', States.ArrayLength(States.StringSplit($.s, ',')))", {"s": "a,b,c"}),
}
for n, (expr, inp) in intr.items():
    case("intrinsic", n, chain(("P", pass_(Parameters={"result.$": expr}))), inp)
case("intrinsic", "wrong_arity", chain(("P", pass_(Parameters={"result.$": "States.MathAdd($.a)"}))), {"a": 1})
case("intrinsic", "bad_arguments", chain(("P", pass_(Parameters={"result.$": "States.MathAdd($.a, 1)"}))), {"a": "x"})
case("intrinsic", "in_fail_cause", {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.code", "CausePath": "States.Format('order {} failed', $.id)"}}}, {"code": "OrderFailed", "id": 17})

# ---- fail / succeed: state-fail.html, state-succeed.html
case("fail_succeed", "succeed", chain(("S", {"Type": "Succeed"})), {"a": 1})
case("fail_succeed", "succeed_paths", chain(("S", {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"})), {"a": {"b": 2}})
case("fail_succeed", "fail_static", chain(("F", {"Type": "Fail", "Error": "ErrorA", "Cause": "Kaiju attack"})))
case("fail_succeed", "fail_no_cause", chain(("F", {"Type": "Fail", "Error": "E"})))
case("fail_succeed", "fail_empty", chain(("F", {"Type": "Fail"})))
case("fail_succeed", "fail_paths", chain(("F", {"Type": "Fail", "ErrorPath": "$.error", "CausePath": "$.cause"})), {"error": "Bad", "cause": "Because"})
case("fail_succeed", "fail_after_pass", chain(("P", pass_(Result={"e": "X"})), ("F", {"Type": "Fail", "ErrorPath": "$.e"})))

# ---- choice: state-choice.html
def choice_machine(rule, inp, default=True):
    r = dict(rule); r["Next"] = "Yes"
    c = {"Type": "Choice", "Choices": [r]}
    states = {"C": c, "Yes": pass_(Result="yes", End=True)}
    if default:
        c["Default"] = "No"
        states["No"] = pass_(Result="no", End=True)
    return {"StartAt": "C", "States": states}

ops = [
    ("string_equals", {"Variable": "$.s", "StringEquals": "abc"}, {"s": "abc"}),
    ("string_equals_path", {"Variable": "$.s", "StringEqualsPath": "$.t"}, {"s": "abc", "t": "abc"}),
    ("string_less_than", {"Variable": "$.s", "StringLessThan": "b"}, {"s": "a"}),
    ("string_less_than_path", {"Variable": "$.s", "StringLessThanPath": "$.t"}, {"s": "b", "t": "a"}),
    ("string_greater_than", {"Variable": "$.s", "StringGreaterThan": "a"}, {"s": "b"}),
    ("string_greater_than_path", {"Variable": "$.s", "StringGreaterThanPath": "$.t"}, {"s": "b", "t": "a"}),
    ("string_less_than_equals", {"Variable": "$.s", "StringLessThanEquals": "a"}, {"s": "a"}),
    ("string_less_than_equals_path", {"Variable": "$.s", "StringLessThanEqualsPath": "$.t"}, {"s": "a", "t": "a"}),
    ("string_greater_than_equals", {"Variable": "$.s", "StringGreaterThanEquals": "b"}, {"s": "a"}),
    ("string_greater_than_equals_path", {"Variable": "$.s", "StringGreaterThanEqualsPath": "$.t"}, {"s": "c", "t": "b"}),
    ("string_equals_number_type_mismatch", {"Variable": "$.s", "StringEquals": "1"}, {"s": 1}),
    ("numeric_equals", {"Variable": "$.n", "NumericEquals": 1.0}, {"n": 1}),
    ("numeric_equals_path", {"Variable": "$.n", "NumericEqualsPath": "$.m"}, {"n": 5, "m": 5.0}),
    ("numeric_less_than", {"Variable": "$.n", "NumericLessThan": 10}, {"n": 9.99}),
    ("numeric_less_than_path", {"Variable": "$.n", "NumericLessThanPath": "$.m"}, {"n": 10, "m": 9}),
    ("numeric_greater_than", {"Variable": "$.n", "NumericGreaterThan": -1}, {"n": 0}),
    ("numeric_greater_than_path", {"Variable": "$.n", "NumericGreaterThanPath": "$.m"}, {"n": 1e3, "m": 999}),
    ("numeric_less_than_equals", {"Variable": "$.n", "NumericLessThanEquals": 3}, {"n": 3}),
    ("numeric_less_than_equals_path", {"Variable": "$.n", "NumericLessThanEqualsPath": "$.m"}, {"n": 4, "m": 3}),
    ("numeric_greater_than_equals", {"Variable": "$.n", "NumericGreaterThanEquals": 3}, {"n": 3}),
    ("numeric_greater_than_equals_path", {"Variable": "$.n", "NumericGreaterThanEqualsPath": "$.m"}, {"n": 2, "m": 3}),
    ("numeric_equals_string_mismatch", {"Variable": "$.n", "NumericEquals": 1}, {"n": "1"}),
    ("timestamp_equals", {"Variable": "$.t", "TimestampEquals": "2024-01-01T00:00:00Z"}, {"t": "2024-01-01T01:00:00+01:00"}),
    ("timestamp_equals_path", {"Variable": "$.t", "TimestampEqualsPath": "$.u"}, {"t": "2024-01-01T00:00:00Z", "u": "2024-01-01T00:00:00.000Z"}),
    ("timestamp_less_than", {"Variable": "$.t", "TimestampLessThan": "2024-01-01T00:00:00Z"}, {"t": "2023-12-31T23:59:59Z"}),
    ("timestamp_less_than_path", {"Variable": "$.t", "TimestampLessThanPath": "$.u"}, {"t": "2024-01-02T00:00:00Z", "u": "2024-01-01T00:00:00Z"}),
    ("timestamp_greater_than", {"Variable": "$.t", "TimestampGreaterThan": "2024-01-01T00:00:00Z"}, {"t": "2024-01-01T00:00:01Z"}),
    ("timestamp_greater_than_path", {"Variable": "$.t", "TimestampGreaterThanPath": "$.u"}, {"t": "2024-01-01T00:00:01Z", "u": "2024-01-01T00:00:00Z"}),
    ("timestamp_less_than_equals", {"Variable": "$.t", "TimestampLessThanEquals": "2024-01-01T00:00:00Z"}, {"t": "2024-01-01T00:00:00Z"}),
    ("timestamp_less_than_equals_path", {"Variable": "$.t", "TimestampLessThanEqualsPath": "$.u"}, {"t": "2024-01-01T00:00:00Z", "u": "2023-01-01T00:00:00Z"}),
    ("timestamp_greater_than_equals", {"Variable": "$.t", "TimestampGreaterThanEquals": "2024-01-01T00:00:00Z"}, {"t": "2024-06-01T00:00:00Z"}),
    ("timestamp_greater_than_equals_path", {"Variable": "$.t", "TimestampGreaterThanEqualsPath": "$.u"}, {"t": "2024-06-01T00:00:00Z", "u": "2024-06-01T00:00:00Z"}),
    ("timestamp_lowercase_not_timestamp", {"Variable": "$.t", "TimestampEquals": "2024-01-01T00:00:00Z"}, {"t": "2024-01-01t00:00:00z"}),
    ("boolean_equals", {"Variable": "$.b", "BooleanEquals": False}, {"b": False}),
    ("boolean_equals_path", {"Variable": "$.b", "BooleanEqualsPath": "$.c"}, {"b": True, "c": True}),
    ("string_matches_star", {"Variable": "$.s", "StringMatches": "log-*.txt"}, {"s": "log-2024-01.txt"}),
    ("string_matches_escaped_star", {"Variable": "$.s", "StringMatches": "a\\*b"}, {"s": "a*b"}),
    ("string_matches_escaped_star_no_glob", {"Variable": "$.s", "StringMatches": "a\\*b"}, {"s": "axxb"}),
    ("string_matches_multi", {"Variable": "$.s", "StringMatches": "*.*.*"}, {"s": "a.b"}),
    ("is_present_true", {"Variable": "$.x", "IsPresent": True}, {"x": None}),
    ("is_present_false", {"Variable": "$.x", "IsPresent": False}, {"y": 1}),
    ("is_null", {"Variable": "$.x", "IsNull": True}, {"x": None}),
    ("is_numeric", {"Variable": "$.x", "IsNumeric": True}, {"x": 1.5}),
    ("is_string", {"Variable": "$.x", "IsString": True}, {"x": "s"}),
    ("is_boolean", {"Variable": "$.x", "IsBoolean": False}, {"x": "true"}),
    ("is_timestamp", {"Variable": "$.x", "IsTimestamp": True}, {"x": "2016-03-14T01:59:00Z"}),
    ("and", {"And": [{"Variable": "$.n", "NumericGreaterThanEquals": 20}, {"Variable": "$.n", "NumericLessThan": 30}]}, {"n": 25}),
    ("or", {"Or": [{"Variable": "$.s", "StringEquals": "a"}, {"Variable": "$.s", "StringEquals": "b"}]}, {"s": "b"}),
    ("not", {"Not": {"Variable": "$.type", "StringEquals": "Private"}}, {"type": "Public"}),
    ("nested_and_or_not", {"And": [{"Not": {"Variable": "$.a", "IsNull": True}}, {"Or": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.a", "NumericEquals": 2}]}]}, {"a": 2}),
    ("context_variable", {"Variable": "$$.Execution.Name", "StringEquals": "run"}, {}),
]
for n, rule, inp in ops:
    case("choice", n, choice_machine(rule, inp), inp)
case("choice", "no_match_default", choice_machine({"Variable": "$.n", "NumericEquals": 1}, {}), {"n": 2})
case("choice", "no_choice_matched", choice_machine({"Variable": "$.n", "NumericEquals": 1}, {}, default=False), {"n": 2})
case("choice", "missing_variable_runtime", choice_machine({"Variable": "$.missing", "NumericEquals": 1}, {}), {"n": 2})
case("choice", "input_output_path", {"StartAt": "C", "States": {"C": {"Type": "Choice", "InputPath": "$.in", "OutputPath": "$.v", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "Yes"}], "Default": "No"}, "Yes": pass_(End=True), "No": pass_(End=True)}}, {"in": {"v": 1}})
case("choice", "loop_counter", {"StartAt": "Init", "States": {
    "Init": pass_(Result={"i": 0}, Next="Check"),
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 5, "Next": "Inc"}], "Default": "Done"},
    "Inc": pass_(Parameters={"i.$": "States.MathAdd($.i, 1)"}, Next="Check"),
    "Done": {"Type": "Succeed"}}})

# ---- wait: state-wait.html
case("wait", "seconds", chain(("W", {"Type": "Wait", "Seconds": 10}), ("P", pass_())), {"a": 1})
case("wait", "timestamp", chain(("W", {"Type": "Wait", "Timestamp": "2024-01-02T03:05:00Z"})), {"a": 1})
case("wait", "timestamp_past", chain(("W", {"Type": "Wait", "Timestamp": "2020-01-01T00:00:00Z"})), {"a": 1})
case("wait", "seconds_path", chain(("W", {"Type": "Wait", "SecondsPath": "$.s"})), {"s": 3})
case("wait", "seconds_path_zero", chain(("W", {"Type": "Wait", "SecondsPath": "$.s"})), {"s": 0})
case("wait", "seconds_path_not_integer", chain(("W", {"Type": "Wait", "SecondsPath": "$.s"})), {"s": "3"})
case("wait", "seconds_path_negative", chain(("W", {"Type": "Wait", "SecondsPath": "$.s"})), {"s": -1})
case("wait", "timestamp_path", chain(("W", {"Type": "Wait", "TimestampPath": "$.t"})), {"t": "2024-01-02T04:00:00+01:00"})
case("wait", "timestamp_path_lowercase", chain(("W", {"Type": "Wait", "TimestampPath": "$.t"})), {"t": "2024-01-02t04:00:00z"})
case("wait", "timestamp_path_missing", chain(("W", {"Type": "Wait", "TimestampPath": "$.t"})), {})
case("wait", "input_output_path", chain(("W", {"Type": "Wait", "Seconds": 1, "InputPath": "$.a", "OutputPath": "$.b"})), {"a": {"b": 1}})
case("wait", "two_waits", chain(("W1", {"Type": "Wait", "Seconds": 5}), ("W2", {"Type": "Wait", "Seconds": 7})), {})

# ---- task: state-task.html, connect-lambda.html
case("task", "service_integration", chain(("T", task(Parameters={"FunctionName": "fn", "Payload.$": "$"}, ResultSelector={"body.$": "$.Payload"}, ResultPath="$.result"))),
     {"x": 1}, {"T": [{"Return": {"StatusCode": 200, "Payload": {"ok": True}}}]})
case("task", "lambda_arn", chain(("T", task(FN))), {"x": 1}, {"T": [{"Return": {"y": 2}}]})
case("task", "activity", chain(("T", task(ACT, TimeoutSeconds=60, HeartbeatSeconds=10))), {"x": 1}, {"T": [{"Return": {"done": True}}]})
case("task", "result_path_null", chain(("T", task(ResultPath=None))), {"x": 1}, {"T": [{"Return": "ignored"}]})
case("task", "output_path", chain(("T", task(OutputPath="$.a"))), {}, {"T": [{"Return": {"a": [1]}}]})
case("task", "result_selector_missing", chain(("T", task(ResultSelector={"v.$": "$.nope"}))), {}, {"T": [{"Return": {"a": 1}}]})
case("task", "result_path_match_failure", chain(("T", task(ResultPath="$.a.b"))), {"a": "string"}, {"T": [{"Return": 1}]})
case("task", "failure_uncaught", chain(("T", task())), {}, {"T": [{"Error": "Lambda.Unknown", "Cause": "boom"}]})
case("task", "lambda_arn_failure", chain(("T", task(FN))), {}, {"T": [{"Error": "MyError", "Cause": "bad"}]})
case("task", "delayed_result", chain(("T", task()), ("U", task())), {}, {"T": [{"Return": 1, "DelaySeconds": 30}], "U": [{"Return": 2, "DelaySeconds": 5}]})
case("task", "token_in_context", chain(("T", task("arn:aws:states:::sqs:sendMessage.waitForTaskToken", Parameters={"MessageBody": {"token.$": "$$.Task.Token"}}))), {}, {"T": [{"Return": {"r": 1}}]})
case("task", "data_limit_exceeded", chain(("T", task())), {}, {"T": [{"Return": "x" * 262144}]})
case("task", "parameters_intrinsic", chain(("T", task(Parameters={"id.$": "States.Format('{}-{}', $.a, $.b)"}))), {"a": 1, "b": "z"}, None)

# ---- timeouts
case("timeout", "task_timeout", chain(("T", task(TimeoutSeconds=5))), {}, {"T": [{"Silent": True}]})
case("timeout", "task_timeout_path", chain(("T", task(TimeoutSecondsPath="$.t"))), {"t": 8}, {"T": [{"Silent": True}]})
case("timeout", "task_timeout_path_invalid", chain(("T", task(TimeoutSecondsPath="$.t"))), {"t": "8"}, {"T": [{"Silent": True}]})
case("timeout", "heartbeat", chain(("T", task(ACT, TimeoutSeconds=100, HeartbeatSeconds=3))), {}, {"T": [{"Silent": True}]})
case("timeout", "heartbeat_path", chain(("T", task(ACT, HeartbeatSecondsPath="$.h"))), {"h": 4}, {"T": [{"Silent": True}]})
case("timeout", "task_finishes_in_time", chain(("T", task(TimeoutSeconds=5))), {}, {"T": [{"Return": 1, "DelaySeconds": 4}]})
case("timeout", "retry_on_timeout", chain(("T", task(TimeoutSeconds=5, Retry=[{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1}]))), {}, {"T": [{"Silent": True}, {"Return": "second"}]})
case("timeout", "task_failed_does_not_match_timeout", chain(("T", task(TimeoutSeconds=5, Catch=[{"ErrorEquals": ["States.TaskFailed"], "Next": "C"}])), ("C", pass_())), {}, {"T": [{"Silent": True}]})
case("timeout", "execution_timeout", dict(chain(("W", {"Type": "Wait", "Seconds": 100})), TimeoutSeconds=10), {})
case("timeout", "catch_heartbeat", chain(("T", task(ACT, HeartbeatSeconds=3, Catch=[{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "C", "ResultPath": "$.err"}])), ("C", pass_())), {"in": 1}, {"T": [{"Silent": True}]})

# ---- retry: concepts-error-handling.html
case("retry", "succeeds_second_attempt", chain(("T", task(Retry=[{"ErrorEquals": ["States.ALL"]}]))), {}, {"T": [{"Error": "E"}, {"Return": "ok"}]})
case("retry", "exhausted_defaults", chain(("T", task(Retry=[{"ErrorEquals": ["E"]}]))), {}, {"T": [{"Error": "E", "Cause": "c"}]})
case("retry", "backoff_rate", chain(("T", task(Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 3, "BackoffRate": 1.5, "MaxAttempts": 4}]))), {}, {"T": [{"Error": "E"}]})
case("retry", "max_delay", chain(("T", task(Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 2, "BackoffRate": 10, "MaxAttempts": 4, "MaxDelaySeconds": 30}]))), {}, {"T": [{"Error": "E"}]})
case("retry", "jitter_full", chain(("T", task(Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 10, "MaxAttempts": 3, "JitterStrategy": "FULL"}]))), {}, {"T": [{"Error": "E"}]})
case("retry", "max_attempts_zero", chain(("T", task(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}]))), {}, {"T": [{"Error": "E"}, {"Return": 1}]})
case("retry", "first_matching_retrier_only", chain(("T", task(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 1}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}]))), {}, {"T": [{"Error": "E"}]})
case("retry", "separate_counters", chain(("T", task(Retry=[{"ErrorEquals": ["A"], "MaxAttempts": 1}, {"ErrorEquals": ["B"], "MaxAttempts": 1}]))), {}, {"T": [{"Error": "A"}, {"Error": "B"}, {"Return": "third"}]})
case("retry", "task_failed_matches", chain(("T", task(Retry=[{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 1, "IntervalSeconds": 1}]))), {}, {"T": [{"Error": "Custom"}, {"Return": 1}]})
case("retry", "retry_count_in_context", chain(("T", task(Parameters={"n.$": "$$.State.RetryCount"}, Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "IntervalSeconds": 1}]))), {}, {"T": [{"Error": "E"}, {"Error": "E"}, {"Return": 1}]})
case("retry", "then_catch", chain(("T", task(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 2, "IntervalSeconds": 1}], Catch=[{"ErrorEquals": ["E"], "Next": "Handle"}])), ("Handle", pass_())), {"orig": 1}, {"T": [{"Error": "E", "Cause": "c"}]})
case("retry", "runtime_not_retried", chain(("T", task(Parameters={"v.$": "$.missing"}, Retry=[{"ErrorEquals": ["States.ALL"]}]))), {}, None)
case("retry", "parallel_retry", chain(("P", {"Type": "Parallel", "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 1}], "Branches": [{"StartAt": "T", "States": {"T": task(End=True)}}]})), {}, {"T": [{"Error": "E"}, {"Return": "ok"}]})

# ---- catch
case("catch", "catch_all", chain(("T", task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Recover"}])), ("Recover", pass_())), {"orig": 1}, {"T": [{"Error": "E", "Cause": "why"}]})
case("catch", "catch_result_path", chain(("T", task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Recover", "ResultPath": "$.error"}])), ("Recover", pass_())), {"orig": 1}, {"T": [{"Error": "E", "Cause": "why"}]})
case("catch", "catch_result_path_null", chain(("T", task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Recover", "ResultPath": None}])), ("Recover", pass_())), {"orig": 1}, {"T": [{"Error": "E"}]})
case("catch", "catch_order", chain(("T", task(Catch=[{"ErrorEquals": ["A"], "Next": "HA"}, {"ErrorEquals": ["B"], "Next": "HB"}, {"ErrorEquals": ["States.ALL"], "Next": "HAll"}])), ("HA", pass_(Result="A", End=True)), ("HB", pass_(Result="B", End=True)), ("HAll", pass_(Result="All", End=True))), {}, {"T": [{"Error": "B"}]})
case("catch", "no_match", chain(("T", task(Catch=[{"ErrorEquals": ["A"], "Next": "H"}])), ("H", pass_())), {}, {"T": [{"Error": "B", "Cause": "x"}]})
case("catch", "runtime_not_caught", chain(("T", task(OutputPath="$.missing", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H"}])), ("H", pass_())), {}, {"T": [{"Return": {}}]})
case("catch", "data_limit_not_caught_by_all", chain(("T", task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H"}])), ("H", pass_())), {}, {"T": [{"Return": "y" * 262144}]})
case("catch", "data_limit_caught_by_name", chain(("T", task(Catch=[{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "H"}])), ("H", pass_())), {}, {"T": [{"Return": "y" * 262144}]})
case("catch", "result_path_match_failure_caught", chain(("T", task(ResultPath="$.a.b", Catch=[{"ErrorEquals": ["States.ResultPathMatchFailure"], "Next": "H"}])), ("H", pass_())), {"a": 1}, {"T": [{"Return": 1}]})
case("catch", "catch_into_fail", chain(("T", task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "F", "ResultPath": "$.e"}])), ("F", {"Type": "Fail", "ErrorPath": "$.e.Error", "CausePath": "$.e.Cause"})), {}, {"T": [{"Error": "Original", "Cause": "deep"}]})
case("catch", "parallel_catch", chain(("P", {"Type": "Parallel", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$.err"}], "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "BranchErr", "Cause": "b"}}}]}), ("H", pass_())), {"x": 1})

# ---- parallel: state-parallel.html
pb = lambda *names: [{"StartAt": n, "States": {n: pass_(Result=n, End=True)}} for n in names]
case("parallel", "two_branches", chain(("P", {"Type": "Parallel", "Branches": pb("A", "B")})), {"x": 1})
case("parallel", "result_selector_path", chain(("P", {"Type": "Parallel", "Branches": pb("A", "B"), "ResultSelector": {"first.$": "$[0]"}, "ResultPath": "$.out"})), {"x": 1})
case("parallel", "parameters", chain(("P", {"Type": "Parallel", "Parameters": {"v.$": "$.x"}, "Branches": [{"StartAt": "A", "States": {"A": pass_(End=True)}}]})), {"x": 1})
case("parallel", "tasks", chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "T1", "States": {"T1": task(End=True)}}, {"StartAt": "T2", "States": {"T2": task(End=True)}}]})), {}, {"T1": [{"Return": 1, "DelaySeconds": 5}], "T2": [{"Return": 2, "DelaySeconds": 1}]})
case("parallel", "branch_failure_aborts_others", chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "Slow", "States": {"Slow": task(End=True)}}, {"StartAt": "Bad", "States": {"Bad": task(End=True)}}]})), {}, {"Slow": [{"Return": 1, "DelaySeconds": 60}], "Bad": [{"Error": "BadThing", "Cause": "c", "DelaySeconds": 2}]})
case("parallel", "nested", chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "Q", "States": {"Q": {"Type": "Parallel", "Branches": pb("X", "Y"), "End": True}}}, {"StartAt": "Z", "States": {"Z": pass_(Result="Z", End=True)}}]})), {})
case("parallel", "branch_with_wait", chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3, "Next": "A"}, "A": pass_(Result="after", End=True)}}, {"StartAt": "B", "States": {"B": pass_(Result="now", End=True)}}]})), {})
case("parallel", "branch_choice_no_match", chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 9, "Next": "D"}]}, "D": pass_(End=True)}}]})), {"x": 1})

# ---- map: state-map-inline.html
proc = lambda states, start: {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": start, "States": states}
case("map", "basic", chain(("M", {"Type": "Map", "ItemProcessor": proc({"P": pass_(End=True)}, "P")})), [1, 2, 3])
case("map", "items_path_selector", chain(("M", {"Type": "Map", "ItemsPath": "$.detail.shipped", "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "courier.$": "$.delivery-partner"}, "ItemProcessor": proc({"P": pass_(End=True)}, "P"), "ResultPath": "$.detail.shipped"})),
     {"delivery-partner": "UQS", "shipped": "x", "detail": {"shipped": [{"prod": "R31", "dest-code": 9511, "quantity": 1344}, {"prod": "S39", "dest-code": 9511, "quantity": 40}]}})
case("map", "legacy_iterator_parameters", chain(("M", {"Type": "Map", "Parameters": {"v.$": "$$.Map.Item.Value"}, "Iterator": {"StartAt": "P", "States": {"P": pass_(End=True)}}})), ["a", "b"])
case("map", "max_concurrency_one", chain(("M", {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": proc({"T": task(End=True)}, "T")})), [1, 2, 3], {"T": [{"Return": "r", "DelaySeconds": 2}]})
case("map", "max_concurrency_path", chain(("M", {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrencyPath": "$.c", "ItemProcessor": proc({"T": task(End=True)}, "T")})), {"items": [1, 2, 3], "c": 2}, {"T": [{"Return": "r", "DelaySeconds": 2}]})
case("map", "empty", chain(("M", {"Type": "Map", "ItemProcessor": proc({"P": pass_(End=True)}, "P")})), [])
case("map", "not_array", chain(("M", {"Type": "Map", "ItemProcessor": proc({"P": pass_(End=True)}, "P")})), {"a": 1})
case("map", "iteration_failure", chain(("M", {"Type": "Map", "MaxConcurrency": 2, "ItemProcessor": proc({"C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "T"}, "T": task(End=True), "F": {"Type": "Fail", "Error": "Two", "Cause": "item two"}}, "C")})), [1, 2, 3], {"T": [{"Return": "ok", "DelaySeconds": 10}]})
case("map", "result_selector", chain(("M", {"Type": "Map", "ItemProcessor": proc({"P": pass_(Parameters={"d.$": "States.MathAdd($, $)"}, End=True)}, "P"), "ResultSelector": {"all.$": "$[*].d"}, "ResultPath": "$.out", "InputPath": "$.in", "ItemsPath": "$.list"})), {"in": {"list": [1, 2, 3]}})
case("map", "catch", chain(("M", {"Type": "Map", "ItemProcessor": proc({"F": {"Type": "Fail", "Error": "Bad"}}, "F"), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$.error"}]}), ("H", pass_())), [1])
case("map", "nested_map", chain(("M", {"Type": "Map", "ItemProcessor": proc({"N": {"Type": "Map", "ItemProcessor": proc({"P": pass_(End=True)}, "P"), "End": True}}, "N")})), [[1, 2], [3]])

# ---- stop and redrive: https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
case("stop", "during_task", chain(("T", task())), {}, {"T": [{"Silent": True}]}, {"stopAtSeconds": 5})
case("stop", "during_wait", chain(("W", {"Type": "Wait", "Seconds": 60})), {}, None, {"stopAtSeconds": 5})
case("stop", "during_parallel", chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "T", "States": {"T": task(End=True)}}, {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100, "End": True}}}]})), {}, {"T": [{"Silent": True}]}, {"stopAtSeconds": 5})
case("redrive", "task_fails_then_succeeds", chain(("A", pass_(Result=1, ResultPath="$.a")), ("T", task())), {}, {"T": [{"Error": "E", "Cause": "first run"}, {"Return": "second run"}]}, {"redrive": True})
case("redrive", "parallel_branch", chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "Good", "States": {"Good": task(End=True)}}, {"StartAt": "Flaky", "States": {"Flaky": task(End=True)}}]})), {}, {"Good": [{"Return": "g"}], "Flaky": [{"Error": "E"}, {"Return": "f"}]}, {"redrive": True})
case("redrive", "map_iterations", chain(("M", {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": proc({"T": task(End=True)}, "T")})), [1, 2, 3], {"T": [{"Return": "a"}, {"Error": "E"}, {"Return": "b"}, {"Return": "c"}]}, {"redrive": True})
case("redrive", "after_stop", chain(("W", {"Type": "Wait", "Seconds": 60}), ("P", pass_(Result="done"))), {}, None, {"stopAtSeconds": 5, "redrive": True})

# ---- data flow: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
# and input-output-inputpath-params.html, input-output-example.html
hello_input = {"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}
case("dataflow", "resultpath_replace", chain(("T", task(FN))), hello_input, {"T": [{"Return": "Hello, AWS Step Functions!"}]})
case("dataflow", "resultpath_discard", chain(("T", task(FN, ResultPath=None))), hello_input, {"T": [{"Return": "Hello, AWS Step Functions!"}]})
case("dataflow", "resultpath_include", chain(("T", task(FN, ResultPath="$.taskresult"))), hello_input, {"T": [{"Return": "Hello, AWS Step Functions!"}]})
case("dataflow", "resultpath_update_node", chain(("T", task(FN, ResultPath="$.strings.lambdaresult"))), {"master": {"detail": [1, 2, 3]}, "strings": {"one": "1"}}, {"T": [{"Return": "Hello!"}]})
case("dataflow", "inputpath_params_docs", chain(("T", task(InputPath="$.library", Parameters={"staticValue": "Just a string", "catalog": {"myFavoriteMovie.$": "$.movies[0]"}}))),
     {"library": {"movies": [{"genre": "crime", "director": "Quentin Tarantino", "title": "Reservoir Dogs", "year": 1992}, {"genre": "action", "director": "Brian De Palma", "title": "Mission: Impossible", "year": 1996}]}}, None)
case("dataflow", "result_selector_docs", chain(("T", task(ResultSelector={"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"}, ResultPath="$.EMROutput"))),
     {"Cluster": "x"}, {"T": [{"Return": {"resourceType": "elasticmapreduce", "resource": "createCluster.sync", "output": {"SdkHttpMetadata": {"HttpStatusCode": 200}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}}]})
case("dataflow", "outputpath_docs", chain(("T", task(FN, ResultPath="$.taskresult", OutputPath="$.taskresult"))), hello_input, {"T": [{"Return": {"msg": "hi"}}]})
case("dataflow", "full_pipeline", chain(("T", task(InputPath="$.in", Parameters={"p.$": "$.v"}, ResultSelector={"r.$": "$.out"}, ResultPath="$.res", OutputPath="$.res"))), {"in": {"v": 5}, "other": 1}, {"T": [{"Return": {"out": 10, "noise": True}}]})
case("dataflow", "parameters_too_large", chain(("T", task(Parameters={"a.$": "$.big", "b.$": "$.big"}))), {"big": "z" * 140000}, None)
case("dataflow", "result_path_root", chain(("P", pass_(Result={"r": 1}, ResultPath="$"))), {"a": 1})
case("dataflow", "result_path_array_index", chain(("P", pass_(Result="new", ResultPath="$.list[1]"))), {"list": ["a", "b", "c"]})
case("dataflow", "inputpath_context", chain(("P", pass_(InputPath="$$.Execution.Input"))), {"a": 1})
case("dataflow", "parameters_nested_arrays", chain(("P", pass_(Parameters={"list": [{"v.$": "$.a"}, "static", [{"w.$": "$.b"}]]}))), {"a": 1, "b": 2})

# ---- context object: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
case("context", "after_redrive", chain(("T", task(Parameters={"count.$": "$$.Execution.RedriveCount", "ctx.$": "$$.Execution"}))), {"k": 1}, {"T": [{"Error": "E"}, {"Return": "ok"}]}, {"redrive": True})
case("context", "state_entered_time_after_wait", chain(("W", {"Type": "Wait", "Seconds": 90}), ("P", pass_(Parameters={"entered.$": "$$.State.EnteredTime", "start.$": "$$.Execution.StartTime"}))), {})
case("context", "whole_context", chain(("P", pass_(Parameters={"ctx.$": "$$"}))), {"k": 1})

# ---- map concurrency cap: MaxConcurrency 0 runs at most 40 inline iterations at once.
case("map", "unbounded_caps_at_40", chain(("M", {"Type": "Map", "MaxConcurrency": 0, "ItemProcessor": proc({"T": task(End=True)}, "T"), "ResultSelector": {"n.$": "States.ArrayLength($)"}})), list(range(45)), {"T": [{"Return": 1, "DelaySeconds": 1}]})
case("map", "item_selector_static_and_index", chain(("M", {"Type": "Map", "ItemSelector": {"i.$": "$$.Map.Item.Index", "k": "const"}, "ItemProcessor": proc({"P": pass_(End=True)}, "P")})), ["a", "b", "c"])

# ---- limits: AWS fails an execution at its 25,000th event (States.Runtime).
case("limits", "history_limit", {"StartAt": "Loop", "States": {"Loop": {"Type": "Choice", "Choices": [{"Variable": "$.spin", "BooleanEquals": True, "Next": "Loop2"}], "Default": "Done"}, "Loop2": pass_(Next="Loop"), "Done": {"Type": "Succeed"}}}, {"spin": True}, None, {"historyTail": 3})

# ---- propagation across nesting
case("parallel", "timeout_in_branch_caught_by_parallel", chain(("P", {"Type": "Parallel", "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "H", "ResultPath": "$.err"}], "Branches": [{"StartAt": "T", "States": {"T": task(TimeoutSeconds=3, End=True)}}, {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}}]}), ("H", pass_())), {"x": 1}, {"T": [{"Silent": True}]})
case("parallel", "map_inside_branch_fails", chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": proc({"F": {"Type": "Fail", "Error": "Inner", "Cause": "from map"}}, "F"), "End": True}}}]})), [1, 2])
case("map", "retry_map_state", chain(("M", {"Type": "Map", "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 1, "IntervalSeconds": 2}], "ItemProcessor": proc({"T": task(End=True)}, "T")})), [1], {"T": [{"Error": "E"}, {"Return": "ok"}]})
case("map", "wait_in_iterations", chain(("M", {"Type": "Map", "MaxConcurrency": 2, "ItemProcessor": proc({"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}, "W")})), [3, 1, 2])
case("map", "fail_caught_in_iteration", chain(("M", {"Type": "Map", "ItemProcessor": proc({"T": task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$.error"}], End=True), "H": pass_(End=True)}, "T")})), [{"id": 1}, {"id": 2}], {"T": [{"Error": "E1", "Cause": "c1"}, {"Return": "ok"}]})
case("timeout", "execution_timeout_in_parallel", dict(chain(("P", {"Type": "Parallel", "Branches": [{"StartAt": "T", "States": {"T": task(End=True)}}]})), TimeoutSeconds=5), {}, {"T": [{"Silent": True}]})
case("stop", "during_map", chain(("M", {"Type": "Map", "ItemProcessor": proc({"T": task(End=True)}, "T")})), [1, 2], {"T": [{"Silent": True}]}, {"stopAtSeconds": 3})
case("stop", "no_error_no_cause", chain(("W", {"Type": "Wait", "Seconds": 60})), {}, None, {"stopAtSeconds": 1, "stopQuietly": True})
case("redrive", "after_timeout", dict(chain(("W", {"Type": "Wait", "Seconds": 30}), ("P", pass_(Result="done"))), TimeoutSeconds=10), {}, None, {"redrive": True})
case("redrive", "fail_state_fails_again", chain(("F", {"Type": "Fail", "Error": "Always"})), {}, None, {"redrive": True})
case("task", "sync_submitted", chain(("T", task("arn:aws:states:::states:startExecution.sync:2", Parameters={"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input": {"k.$": "$.k"}}))), {"k": 1},
     {"T": [{"Submitted": {"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:x", "StartDate": 1704164645}, "Return": {"Output": {"done": True}, "Status": "SUCCEEDED"}, "DelaySeconds": 20}]})
case("task", "static_parameters", chain(("T", task(Parameters={"FunctionName": "fn", "Payload": {"k": [1, 2]}}))), {"ignored": True}, None)
case("task", "retry_then_succeed_output_flow", chain(("T", task(InputPath="$.in", ResultPath="$.out", Retry=[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 5, "MaxAttempts": 1}]))), {"in": {"v": 1}}, {"T": [{"Error": "Transient"}, {"Return": {"r": 2}}]})

for (cat, name), (definition, inp, tasks, options) in cases.items():
    d = os.path.join(cat, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "definition.asl.json"), "w") as f:
        json.dump(definition, f, indent=2); f.write("\n")
    with open(os.path.join(d, "input.json"), "w") as f:
        json.dump(inp, f, indent=2); f.write("\n")
    if tasks:
        with open(os.path.join(d, "tasks.json"), "w") as f:
            json.dump(tasks, f, indent=2); f.write("\n")
    if options:
        with open(os.path.join(d, "options.json"), "w") as f:
            json.dump(options, f, indent=2); f.write("\n")
print(len(cases))
