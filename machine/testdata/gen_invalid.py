# Generates the invalid-expression cases of machine/testdata/invalid.
# AWS accepts a wrong argument count at create time and fails the call at
# run time, so arity is a conformance case, not one of these.
# Run from machine/testdata: python3 gen_invalid.py; then go test ./machine -update.
import json

def task(**kw):
    s = {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": True}
    s.update(kw)
    return s

def pass_(**kw):
    s = {"Type": "Pass", "End": True}
    s.update(kw)
    return s

def sm(state):
    return {"StartAt": "A", "States": {"A": state}}

cases = {
    "input_path_bad": sm(pass_(InputPath="$.a[")),
    "input_path_no_dollar": sm(pass_(InputPath="a.b")),
    "output_path_bad": sm(pass_(OutputPath="$..[")),
    "result_path_filter": sm(pass_(ResultPath="$.a[?(@.b)]")),
    "result_path_wildcard": sm(pass_(ResultPath="$.a[*]")),
    "result_path_context": sm(pass_(ResultPath="$$.Execution")),
    "parameters_path_bad": sm(pass_(Parameters={"a.$": "$.x["})),
    "parameters_value_number": sm(pass_(Parameters={"a.$": 3})),
    "parameters_value_object": sm(pass_(Parameters={"a.$": {"b": 1}})),
    "parameters_nested_bad": sm(pass_(Parameters={"o": {"p": [{"q.$": "nope"}]}})),
    "parameters_intrinsic_unknown": sm(pass_(Parameters={"a.$": "States.Nope(1)"})),
    "parameters_intrinsic_unclosed": sm(pass_(Parameters={"a.$": "States.Format('x'"})),
    "parameters_intrinsic_bad_arg": sm(pass_(Parameters={"a.$": "States.Array($.a[)"})),
    "parameters_intrinsic_nested_unknown": sm(pass_(Parameters={"a.$": "States.Format('{}', States.Lower($.x))"})),
    "parameters_intrinsic_bad_literal": sm(pass_(Parameters={"a.$": "States.Format('unterminated)"})),
    "task_result_selector_bad": sm(task(ResultSelector={"r.$": "$.["})),
    "task_parameters_bad": sm(task(Parameters={"Payload.$": "$$."})),
    "task_timeout_path_bad": sm(task(TimeoutSecondsPath="$.t[*]")),
    "task_heartbeat_path_bad": sm(task(HeartbeatSecondsPath="t")),
    "catch_result_path_bad": sm(task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "B", "ResultPath": "$.e[*]"}])) ,
    "choice_variable_bad": {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a[", "StringEquals": "x", "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}},
    "choice_path_operand_bad": {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEqualsPath": "$.b[", "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}},
    "choice_nested_variable_bad": {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.a", "IsPresent": True}, {"Not": {"Variable": "b", "IsNull": True}}], "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}},
    "wait_seconds_path_bad": sm({"Type": "Wait", "SecondsPath": "$.s[0:2]", "End": True}),
    "wait_timestamp_path_bad": sm({"Type": "Wait", "TimestampPath": "$..t", "End": True}),
    "fail_error_path_bad": sm({"Type": "Fail", "ErrorPath": "$.e["}),
    "fail_cause_path_intrinsic_bad": sm({"Type": "Fail", "CausePath": "States.Format("}),
    "fail_cause_path_unknown_fn": sm({"Type": "Fail", "CausePath": "States.Upper($.x)"}),
    "map_items_path_bad": sm({"Type": "Map", "ItemsPath": "$.items[*]", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}),
    "map_item_selector_bad": sm({"Type": "Map", "ItemSelector": {"v.$": "$$.Map.Item.Value["}, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}),
    "map_legacy_parameters_bad": sm({"Type": "Map", "Parameters": {"v.$": 1}, "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}),
    "map_inner_state_bad": sm({"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.[", "End": True}}}, "End": True}),
    "map_max_concurrency_path_bad": sm({"Type": "Map", "MaxConcurrencyPath": "$.m[*]", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}),
    "parallel_branch_bad": sm({"Type": "Parallel", "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": "x", "End": True}}}], "End": True}),
    "parallel_result_selector_bad": sm({"Type": "Parallel", "ResultSelector": {"a.$": True}, "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}], "End": True}),
    "several_errors": {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.[", "Parameters": {"x.$": "y"}, "ResultPath": "$.*", "Next": "B"}, "B": {"Type": "Fail", "ErrorPath": "$.e["}}},
}
for catch in ["catch_result_path_bad"]:
    cases[catch]["States"]["B"] = {"Type": "Succeed"}

for name, d in cases.items():
    with open("invalid/" + name + ".asl.json", "w") as f:
        f.write(json.dumps(d, indent=2) + "\n")
