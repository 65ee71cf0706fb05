# Generates the jsonata/ and variables/ conformance cases:
# python3 gen_jsonata.py, then go test ./conformance -update, then READ
# want/ against AWS's documentation (see each category's README).
import json, os, shutil

LAMBDA = "arn:aws:states:::lambda:invoke"
cases = {}

def case(cat, name, definition, input=None, tasks=None):
    cases[(cat, name)] = (definition, {} if input is None else input, tasks)

def chain(*states, ql="JSONata"):
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
    d = {"StartAt": names[0], "States": out}
    if ql:
        d = {"QueryLanguage": ql, **d}
    return d

def P(**kw): return {"Type": "Pass", **kw}
def T(**kw): return {"Type": "Task", "Resource": LAMBDA, **kw}
def out(expr, inp=None, name=None):
    case("jsonata", name, chain(("P", P(Output=expr))), inp)

J = "jsonata"; V = "variables"

# ---- $states and Output: transforming-data.html
out("{% $states.input %}", {"a": 1}, "output_states_input")
out("{% $states.input.customer.name %}", {"customer": {"name": "Ana"}}, "output_field")
out({"total": "{% $sum($states.input.items.price) %}", "literal": "kept", "n": 3}, {"items": [{"price": 5}, {"price": 7}]}, "output_template_nested")
out(["{% 1 + 1 %}", "two", {"deep": ["{% $uppercase('x') %}"]}], {}, "output_template_array")
out("{% $states.context.Execution.Name %}", {}, "output_context_execution_name")
out("{% $states.context.State.Name %}", {}, "output_context_state_name")
out("{% $states.context.StateMachine.Name %}", {}, "output_context_state_machine")
out("{% $states.context.Execution.Input %}", {"orig": True}, "output_context_execution_input")
out("{% $states.context.State.EnteredTime %}", {}, "output_context_entered_time")
out("{% $now() %}", {}, "now_is_state_time")
out("{% $millis() %}", {}, "millis_is_state_time")
out("{% $states.input.missing %}", {"a": 1}, "output_undefined_fails")
out("{% $states.input.a.b.c %}", {"a": 1}, "output_undefined_deep_fails")
out({"kept": 1, "gone": "{% $states.input.missing %}"}, {"a": 1}, "output_nested_undefined_fails")
out("{% $number('x') %}", {}, "output_jsonata_error")
out("{% $error('custom failure') %}", {}, "output_error_function")
out("not an expression {% 1 %}", {}, "output_plain_string_literal")
out("{%1+2%}", {}, "output_no_spaces")
out("{% $string($states.input.n) & ' items' %}", {"n": 3}, "output_string_concat")
out("{% $states.input.items[price > 5].name %}", {"items": [{"name": "a", "price": 3}, {"name": "b", "price": 9}]}, "output_filter")
out("{% $states.input.items^(>price).name %}", {"items": [{"name": "a", "price": 3}, {"name": "b", "price": 9}]}, "output_sort")
out("{% $count($states.input.items) %}", {"items": [1, 2, 3]}, "output_count")
out("{% $merge([$states.input, {'added': true}]) %}", {"a": 1}, "output_merge")
out("{% $states.input.n > 10 ? 'big' : 'small' %}", {"n": 11}, "output_conditional")
out("{% ($x := 5; $x * $states.input.n) %}", {"n": 2}, "output_block_binding")
out("{% $map($states.input.xs, function($v) { $v * 2 }) %}", {"xs": [1, 2, 3]}, "output_lambda")
out("{% $states.input.price * $states.input.qty %}", {"price": 1.5, "qty": 4}, "output_arithmetic")
out("{% null %}", {}, "output_null")
out("{% [] %}", {}, "output_empty_array")
out("{% {} %}", {}, "output_empty_object")

out({"a": {"b": [1, "{% $states.input.nope %}"]}}, {}, "output_nested_array_undefined_fails")
out({"v": "{% $states.input.bar %}"}, {"bar": None}, "output_null_keeps_key")
out(["{% null %}", "{% $states.input.bar %}"], {"bar": None}, "output_null_array_elements")
# A real AWS failure: "... specified for the field 'Arguments/Input/pushLocation' returned nothing (undefined)."
case(J, "arguments_nested_undefined_field_path", chain(("Run S3 Data Push", T(Arguments={"Input": {"pushLocation": "{% $states.input.pushLocation %}"}}))), {})
case(J, "choice_rule_output_undefined_field_path", {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [{"Condition": "{% false %}", "Next": "E"}, {"Condition": "{% true %}", "Output": {"v": "{% $states.input.nope %}"}, "Next": "E"}]},
    "E": P(End=True)}}, {})
case(J, "catch_output_undefined_field_path", chain(("T", T(Catch=[{"ErrorEquals": ["Other"], "Next": "H"}, {"ErrorEquals": ["States.ALL"], "Output": {"v": "{% $states.errorOutput.Nope %}"}, "Next": "H"}])), ("H", P())), {}, {"T": [{"Error": "Boom"}]})
out("{% $partition([1,2,3], 2.9) %}", {}, "fn_partition_truncates_size")
out("{% $partition([], 2) %}", {}, "fn_partition_empty_undefined_fails")
out("{% $range(-1.7, 2, 1) %}", {}, "fn_range_truncates")
out("{% $range(4, 4, 1) %}", {}, "fn_range_single_is_number")
out("{% $range(5, 1, 1) %}", {}, "fn_range_sign_mismatch_undefined_fails")
out("{% $hash('x') %}", {}, "fn_hash_no_algorithm_undefined_fails")

# Step Functions JSONata functions: jsonata-functions (Step Functions JSONata functions).
out("{% $partition([1,2,3,4], 2) %}", {}, "fn_partition_doc")
out("{% $partition([1,2,3,4,5], 2) %}", {}, "fn_partition_remainder")
out("{% $partition([1,2,3], 0) %}", {}, "fn_partition_zero_fails")
out("{% $range(0, 10, 2) %}", {}, "fn_range_doc")
out("{% $range(5, 1, -2) %}", {}, "fn_range_descending")
out("{% $range(0, 1, 0) %}", {}, "fn_range_zero_step_fails")
out("{% $hash('input data', 'SHA-256') %}", {}, "fn_hash_sha256")
out("{% $hash('input data', 'MD5') %}", {}, "fn_hash_md5")
out("{% $hash('input data', 'SHA-1') %}", {}, "fn_hash_sha1")
out("{% $hash('input data', 'SHA-384') %}", {}, "fn_hash_sha384")
out("{% $hash('input data', 'SHA-512') %}", {}, "fn_hash_sha512")
out("{% $hash('input data', 'CRC32') %}", {}, "fn_hash_unknown_fails")
out("{% $random(42) %}", {}, "fn_random_seed_42")
out("{% $random(42) = $random(42) %}", {}, "fn_random_seed_repeatable")
out("{% $random() >= 0 and $random() < 1 %}", {}, "fn_random_unseeded_range")
out("{% $length($uuid()) %}", {}, "fn_uuid_length")
out("{% $uuid() %}", {}, "fn_uuid_value")
out("{% $parse('{\"k\": [1, 2]}') %}", {}, "fn_parse_doc")
out("{% $parse($states.input.s).a %}", {"s": "{\"a\": \"b\"}"}, "fn_parse_input")
out("{% $parse('not json') %}", {}, "fn_parse_invalid_fails")

# Pass default output: the input.
case(J, "pass_default_output_is_input", chain(("P", P())), {"a": 1})
case(J, "succeed_output", chain(("S", {"Type": "Succeed", "Output": {"done": "{% $states.input.x %}"}})), {"x": 4})
case(J, "chain_outputs", chain(("A", P(Output={"n": "{% $states.input.n + 1 %}"})), ("B", P(Output={"n": "{% $states.input.n * 10 %}"}))), {"n": 1})

# Task: Arguments, $states.result, default output = result.
case(J, "task_arguments_output_doc", chain(("T", T(Arguments={"FunctionName": "fn", "Payload": {"product": "{% $states.input.product %}"}}, Output="{% $states.result.Payload %}"))),
     {"product": "book"}, {"T": [{"Return": {"Payload": {"price": 12}, "StatusCode": 200}}]})
case(J, "task_default_output_is_result", chain(("T", T(Arguments={"x": "{% $states.input.x %}"}))), {"x": 1}, {"T": [{"Return": {"r": 2}}]})
case(J, "task_default_arguments_is_input", chain(("T", T())), {"x": 1})
case(J, "task_output_merges_input_and_result", chain(("T", T(Output="{% $merge([$states.input, {'result': $states.result}]) %}"))), {"x": 1}, {"T": [{"Return": 5}]})
case(J, "task_arguments_undefined_fails", chain(("T", T(Arguments="{% $states.input.nope %}"))), {"x": 1})
case(J, "task_timeout_expr", chain(("T", T(TimeoutSeconds="{% $states.input.t %}"))), {"t": 5}, {"T": [{"Silent": True}]})
case(J, "task_heartbeat_expr", chain(("T", T(TimeoutSeconds=100, HeartbeatSeconds="{% $states.input.h %}"))), {"h": 3}, {"T": [{"Silent": True}]})
case(J, "task_timeout_expr_not_integer_fails", chain(("T", T(TimeoutSeconds="{% 'ten' %}"))), {})
case(J, "task_catch_error_output_default", chain(("T", T(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H"}])), ("H", P())), {}, {"T": [{"Error": "Boom", "Cause": "bad"}]})
case(J, "task_catch_output", chain(("T", T(Catch=[{"ErrorEquals": ["States.ALL"], "Output": {"err": "{% $states.errorOutput.Error %}", "in": "{% $states.input %}"}, "Next": "H"}])), ("H", P())), {"k": 1}, {"T": [{"Error": "Boom", "Cause": "bad"}]})
case(J, "task_retry_then_output", chain(("T", T(Retry=[{"ErrorEquals": ["Boom"], "IntervalSeconds": 1}], Output="{% $states.result %}"))), {}, {"T": [{"Error": "Boom"}, {"Return": "ok"}]})
case(J, "query_error_caught_by_states_all", chain(("T", T(Arguments="{% $number('x') %}", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H"}])), ("H", P())), {})
case(J, "pass_output_undefined_fails", chain(("P", P(Output="{% $states.input.nope %}")), ("After", P())), {})
case(J, "output_unsupported_fails_catchable", chain(("T", T(Output="{% $states.result.none %}", Catch=[{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "H"}])), ("H", P())), {}, {"T": [{"Return": {}}]})

# Choice with Condition.
def choice(conds, inp, default=True, name=None, extra=None):
    rules = [{"Condition": c, "Next": f"R{i}"} for i, c in enumerate(conds)]
    states = {"C": {"Type": "Choice", "Choices": rules}}
    for i in range(len(conds)):
        states[f"R{i}"] = P(Output=f"{{% 'rule {i}' %}}", End=True)
    if default:
        states["C"]["Default"] = "D"
        states["D"] = P(Output="{% 'default' %}", End=True)
    if extra:
        states["C"].update(extra)
    case(J, name, {"QueryLanguage": "JSONata", "StartAt": "C", "States": states}, inp)
choice(["{% $states.input.n > 10 %}"], {"n": 11}, name="choice_condition_true")
choice(["{% $states.input.n > 10 %}"], {"n": 1}, name="choice_condition_default")
choice(["{% $states.input.n > 10 %}"], {"n": 1}, default=False, name="choice_no_match_fails")
choice(["{% $states.input.t = 'a' %}", "{% $states.input.t = 'b' %}"], {"t": "b"}, name="choice_second_rule")
choice(["{% $states.input.n %}"], {"n": 1}, name="choice_condition_not_boolean_fails")
choice(["{% $states.input.nope %}"], {"n": 1}, name="choice_condition_undefined_fails")
choice(["{% $exists($states.input.x) and $states.input.x != null %}"], {"x": 0}, name="choice_exists")
choice(["{% 'b' in $states.input.tags %}"], {"tags": ["a", "b"]}, name="choice_in_operator")
case(J, "choice_rule_output", {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Output": {"picked": "{% $states.input.v %}"}, "Next": "E"}]},
    "E": P(End=True)}}, {"v": 9})

# Wait with expressions.
case(J, "wait_seconds_expr", chain(("W", {"Type": "Wait", "Seconds": "{% $states.input.s %}"}), ("E", P())), {"s": 3})
case(J, "wait_seconds_expr_negative_fails", chain(("W", {"Type": "Wait", "Seconds": "{% -1 %}"}), ("E", P())), {})
case(J, "wait_timestamp_expr", chain(("W", {"Type": "Wait", "Timestamp": "{% $states.input.ts %}"}), ("E", P())), {"ts": "2024-01-02T03:04:15Z"})
case(J, "wait_timestamp_expr_invalid_fails", chain(("W", {"Type": "Wait", "Timestamp": "{% 'tomorrow' %}"}), ("E", P())), {})
case(J, "wait_output", chain(("W", {"Type": "Wait", "Seconds": 1, "Output": {"waited": True}})), {})
case(J, "wait_timestamp_from_now", chain(("W", {"Type": "Wait", "Timestamp": "{% $fromMillis($millis() + 2000) %}"}), ("E", P())), {})

# Fail with expressions.
case(J, "fail_error_cause_expr", chain(("F", {"Type": "Fail", "Error": "{% $states.input.code %}", "Cause": "{% 'because ' & $states.input.why %}"})), {"code": "E1", "why": "x"})
case(J, "fail_error_expr_not_string", chain(("F", {"Type": "Fail", "Error": "{% 42 %}"})), {})
case(J, "fail_literal", chain(("F", {"Type": "Fail", "Error": "Plain", "Cause": "plain cause"})), {})

# Parallel and Map.
case(J, "parallel_arguments_result", chain(("Par", {"Type": "Parallel", "Arguments": {"v": "{% $states.input.v %}"}, "Output": "{% $states.result %}",
    "Branches": [{"StartAt": "A", "States": {"A": P(Output="{% $states.input.v + 1 %}", End=True)}},
                 {"StartAt": "B", "States": {"B": P(Output="{% $states.input.v * 2 %}", End=True)}}]})), {"v": 5})
case(J, "parallel_default_output", chain(("Par", {"Type": "Parallel",
    "Branches": [{"StartAt": "A", "States": {"A": P(End=True)}}]})), {"v": 5})
case(J, "map_items_expr", chain(("M", {"Type": "Map", "Items": "{% $states.input.list %}",
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(Output="{% $states.input * 10 %}", End=True)}}})), {"list": [1, 2, 3]})
case(J, "map_items_literal_array", chain(("M", {"Type": "Map", "Items": [1, "{% 1 + 1 %}"],
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(End=True)}}})), {})
case(J, "map_default_items_input", chain(("M", {"Type": "Map",
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(End=True)}}})), ["a", "b"])
case(J, "map_items_not_array_fails", chain(("M", {"Type": "Map", "Items": "{% $states.input.n %}",
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(End=True)}}})), {"n": 1})
case(J, "map_item_selector_context", chain(("M", {"Type": "Map", "Items": "{% $states.input.list %}",
    "ItemSelector": {"index": "{% $states.context.Map.Item.Index %}", "value": "{% $states.context.Map.Item.Value %}", "shared": "{% $states.input.shared %}"},
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(End=True)}}})), {"list": ["x", "y"], "shared": 1})
case(J, "map_max_concurrency_expr", chain(("M", {"Type": "Map", "MaxConcurrency": "{% $states.input.c %}", "Items": "{% $states.input.list %}",
    "ItemProcessor": {"StartAt": "I", "States": {"I": T(End=True)}}})), {"c": 1, "list": [1, 2]}, {"I": [{"Return": "done", "DelaySeconds": 2}]})
case(J, "map_output_result", chain(("M", {"Type": "Map", "Output": "{% $sum($states.result) %}",
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(End=True)}}})), [1, 2, 3])

# The guide's conversion sample (transforming-data.html): the same Task
# in JSONPath and in JSONata, with $customerName declared as a variable.
case(J, "docs_conversion_jsonpath", {"StartAt": "Declare", "States": {
    "Declare": {"Type": "Pass", "Assign": {"customerName": "Ana"}, "Next": "T"},
    "T": {"QueryLanguage": "JSONPath", "Type": "Task", "Resource": LAMBDA, "Parameters": {"static": "Hello", "title.$": "$.title", "name.$": "$customerName", "not-evaluated": "$customerName"}, "End": True}}}, {"title": "Dr"})
case(J, "docs_conversion_jsonata", {"QueryLanguage": "JSONata", "StartAt": "Declare", "States": {
    "Declare": {"Type": "Pass", "Assign": {"customerName": "Ana"}, "Next": "T"},
    "T": {"QueryLanguage": "JSONata", "Type": "Task", "Resource": LAMBDA, "Arguments": {"static": "Hello", "title": "{% $states.input.title %}", "name": "{% $customerName %}", "not-evaluated": "$customerName"}, "End": True}}}, {"title": "Dr"})
out("{% $eval('1 + 1') %}", {}, "fn_eval_not_available")

# Mixed languages.
case(J, "jsonata_state_in_jsonpath_machine", chain(("A", {"Type": "Pass", "Parameters": {"x.$": "$.v"}}), ("B", {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.x * 2 %}"}), ql=None), {"v": 21})

# ---- variables: workflow-variables.html
VJ = lambda *s: chain(*s)
VP = lambda *s: chain(*s, ql=None)
case(V, "assign_doc_literals", VJ(("A", P(Assign={"productName": "product1", "count": 42, "available": True})), ("B", P(Output={"name": "{% $productName %}", "count": "{% $count %}", "available": "{% $available %}"}))), {})
case(V, "assign_from_input", VJ(("A", P(Assign={"x": "{% $states.input.x %}"})), ("B", P(Output="{% $x %}"))), {"x": 7})
case(V, "assign_evaluated_together_swap", VJ(("A", P(Assign={"x": 1, "y": 2})), ("B", P(Assign={"x": "{% $y %}", "y": "{% $x %}"})), ("C", P(Output={"x": "{% $x %}", "y": "{% $y %}"}))), {})
case(V, "assign_not_visible_in_same_state", VJ(("A", P(Assign={"x": 1})), ("B", P(Assign={"x": 2, "y": "{% $x %}"})), ("C", P(Output={"x": "{% $x %}", "y": "{% $y %}"}))), {})
case(V, "assign_not_visible_to_own_output", VJ(("A", P(Assign={"x": 1})), ("B", P(Assign={"x": 2}, Output="{% $x %}"))), {})
case(V, "assign_overwrite_later_state", VJ(("A", P(Assign={"x": 1})), ("B", P(Assign={"x": "{% $x + 1 %}"})), ("C", P(Assign={"x": "{% $x + 1 %}"})), ("D", P(Output="{% $x %}"))), {})
case(V, "assign_result_in_task", VJ(("T", T(Assign={"price": "{% $states.result.Payload.price %}"}, Output="{% $states.input %}")), ("B", P(Output="{% $price %}"))), {"in": 1}, {"T": [{"Return": {"Payload": {"price": 12}}}]})
case(V, "assign_input_in_task", VJ(("T", T(Assign={"original": "{% $states.input %}"})), ("B", P(Output={"r": "{% $states.input %}", "o": "{% $original %}"}))), {"in": 1}, {"T": [{"Return": "res"}]})
case(V, "assign_undefined_variable_fails", VJ(("A", P(Output="{% $nope %}"))), {})
case(V, "assign_nested_object", VJ(("A", P(Assign={"cfg": {"level": "{% $states.input.l %}", "fixed": [1, 2]}})), ("B", P(Output="{% $cfg.level %}"))), {"l": "high"})
case(V, "assign_undefined_value_fails", VJ(("A", P(Assign={"x": "{% $states.input.none %}"}))), {})
case(V, "assign_catch", VJ(("T", T(Catch=[{"ErrorEquals": ["States.ALL"], "Assign": {"err": "{% $states.errorOutput %}"}, "Next": "H"}])), ("H", P(Output="{% $err.Error %}"))), {}, {"T": [{"Error": "Boom", "Cause": "c"}]})
case(V, "assign_catch_not_task_assign", VJ(("T", T(Assign={"fromTask": 1}, Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H"}])), ("H", P(Output="{% $exists($fromTask) %}"))), {}, {"T": [{"Error": "Boom"}]})
case(V, "assign_choice_rule", {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Assign": {"branch": "big"}, "Next": "E"}], "Default": "E", "Assign": {"branch": "default"}},
    "E": P(Output="{% $branch %}", End=True)}}, {"n": 5})
case(V, "assign_choice_default", {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Assign": {"branch": "big"}, "Next": "E"}], "Default": "E", "Assign": {"branch": "default"}},
    "E": P(Output="{% $branch %}", End=True)}}, {"n": 0})
case(V, "assign_choice_state_and_rule", {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Assign": {"rule": 1, "both": "rule"}, "Next": "E"}], "Default": "E", "Assign": {"state": 1, "both": "state"}},
    "E": P(Output={"rule": "{% $rule %}", "state": "{% $state %}", "both": "{% $both %}"}, End=True)}}, {})
case(V, "jsonpath_choice_state_and_rule_assign", VP(("C", {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Assign": {"rule": 1}, "Next": "Y"}], "Default": "Y", "Assign": {"state": 1}}), ("Y", P(Parameters={"rule.$": "$rule", "state.$": "$state"}, End=True))), {"n": 1})
case(J, "choice_state_output_when_rule_has_none", {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "E"}], "Output": {"from": "state"}},
    "E": P(End=True)}}, {})
case(V, "assign_in_choice_condition_reads_var", VJ(("A", P(Assign={"limit": 3})), ("C", {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > $limit %}", "Next": "Big"}], "Default": "Small"}), ("Big", P(Output="{% 'big' %}", End=True)), ("Small", P(Output="{% 'small' %}", End=True))), {"n": 5})
case(V, "assign_wait", VJ(("W", {"Type": "Wait", "Seconds": 1, "Assign": {"w": True}}), ("B", P(Output="{% $w %}"))), {})
case(V, "parallel_branch_reads_outer", VJ(("A", P(Assign={"outer": "o"})), ("Par", {"Type": "Parallel", "Branches": [
    {"StartAt": "B", "States": {"B": P(Output="{% $outer %}", End=True)}}]})), {})
case(V, "parallel_branch_assign_stays_inside", VJ(("A", P(Assign={"outer": "o"})), ("Par", {"Type": "Parallel", "Branches": [
    {"StartAt": "B", "States": {"B": P(Assign={"inner": 1, "outer": "changed"}, Next="B2"), "B2": P(Output={"inner": "{% $inner %}", "outer": "{% $outer %}"}, End=True)}}]}),
    ("After", P(Output={"outer": "{% $outer %}", "innerSeen": "{% $exists($inner) %}"}))), {})
case(V, "parallel_assign_from_result", VJ(("Par", {"Type": "Parallel", "Assign": {"both": "{% $states.result %}"}, "Branches": [
    {"StartAt": "B", "States": {"B": P(Output="{% 1 %}", End=True)}}, {"StartAt": "C", "States": {"C": P(Output="{% 2 %}", End=True)}}]}),
    ("After", P(Output="{% $both %}"))), {})
case(V, "map_iteration_reads_outer", VJ(("A", P(Assign={"factor": 3})), ("M", {"Type": "Map", "Items": [1, 2],
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(Output="{% $states.input * $factor %}", End=True)}}})), {})
case(V, "map_iteration_assign_stays_inside", VJ(("A", P(Assign={"factor": 3})), ("M", {"Type": "Map", "Items": [1, 2],
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(Assign={"factor": 100}, Next="I2"), "I2": P(Output="{% $factor %}", End=True)}}}),
    ("After", P(Output={"factor": "{% $factor %}", "results": "{% $states.input %}"}))), {})
case(V, "map_iterations_independent", VJ(("M", {"Type": "Map", "Items": [1, 2, 3],
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(Assign={"mine": "{% $states.input %}"}, Next="I2"), "I2": P(Output="{% $mine %}", End=True)}}})), {})
case(V, "distributed_map_cannot_see_vars", VJ(("A", P(Assign={"secret": 1})), ("M", {"Type": "Map", "Items": [1],
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": P(Output="{% $exists($secret) %}", End=True)}}})), {})
case(V, "map_item_selector_reads_var", VJ(("A", P(Assign={"tag": "t"})), ("M", {"Type": "Map", "Items": [1], "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}", "tag": "{% $tag %}"},
    "ItemProcessor": {"StartAt": "I", "States": {"I": P(End=True)}}})), {})
case(V, "assign_arguments_reads_var", VJ(("A", P(Assign={"id": "abc"})), ("T", T(Arguments={"Payload": {"id": "{% $id %}"}}))), {})
case(V, "assign_many_types", VJ(("A", P(Assign={"s": "str", "n": 1.5, "b": False, "z": None, "a": [1], "o": {"k": "v"}})), ("B", P(Output="{% [$s, $n, $b, $z, $a, $o] %}"))), {})
case(V, "assign_size_limit_fails", VJ(("A", P(Assign={"big": "{% $join($map([1..70000], function($v){'abcd'})) %}"}))), {})
case(V, "assign_error_caught", VJ(("T", T(Assign={"x": "{% $number('x') %}"}, Catch=[{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "H"}])), ("H", P())), {}, {"T": [{"Return": 1}]})

case(V, "catch_output_too_large_not_caught_again", VJ(("T", T(Catch=[{"ErrorEquals": ["Boom", "States.DataLimitExceeded"], "Output": "{% $join($map([1..70000], function($v){'abcd'})) %}", "Next": "H"}])), ("H", P())), {}, {"T": [{"Error": "Boom"}]})
case(V, "jsonpath_catch_too_large_not_caught_again", VP(("T", T(Catch=[{"ErrorEquals": ["Boom", "States.DataLimitExceeded"], "ResultPath": "$.err", "Next": "H"}])), ("H", P())), {"big": "x" * 262000}, {"T": [{"Error": "Boom", "Cause": "c" * 1000}]})

# JSONPath mode variables.
case(V, "jsonpath_assign_literal", VP(("A", P(Assign={"x": 1})), ("B", P(Parameters={"x.$": "$x"}))), {})
case(V, "jsonpath_assign_from_input", VP(("A", P(Assign={"x.$": "$.a"})), ("B", P(Parameters={"x.$": "$x"}))), {"a": {"b": 2}})
case(V, "jsonpath_var_path", VP(("A", P(Assign={"cfg.$": "$"})), ("B", P(Parameters={"deep.$": "$cfg.a.b"}))), {"a": {"b": 2}})
case(V, "jsonpath_assign_result_selector", VP(("T", T(ResultSelector={"p.$": "$.Payload"}, Assign={"price.$": "$.p.price"}, ResultPath="$.r")), ("B", P(Parameters={"price.$": "$price"}))), {}, {"T": [{"Return": {"Payload": {"price": 3}}}]})
case(V, "jsonpath_assign_intrinsic", VP(("A", P(Assign={"n.$": "States.ArrayLength($.xs)"})), ("B", P(Parameters={"n.$": "$n"}))), {"xs": [1, 2, 3]})
case(V, "jsonpath_assign_together", VP(("A", P(Assign={"x": 1, "y": 2})), ("B", P(Assign={"x.$": "$y", "y.$": "$x"})), ("C", P(Parameters={"x.$": "$x", "y.$": "$y"}))), {})
case(V, "jsonpath_choice_variable", VP(("A", P(Assign={"limit": 3})), ("C", {"Type": "Choice", "Choices": [{"Variable": "$limit", "NumericGreaterThan": 2, "Next": "Y"}], "Default": "N"}), ("Y", P(Result="yes", End=True)), ("N", P(Result="no", End=True))), {})
case(V, "jsonpath_choice_rule_assign", VP(("C", {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 2, "Assign": {"big": True}, "Next": "Y"}], "Default": "Y"}), ("Y", P(Parameters={"big.$": "$big"}, End=True))), {"n": 3})
case(V, "jsonpath_catch_assign", VP(("T", T(Catch=[{"ErrorEquals": ["States.ALL"], "Assign": {"e.$": "$.Error"}, "ResultPath": "$.err", "Next": "H"}])), ("H", P(Parameters={"e.$": "$e"}))), {}, {"T": [{"Error": "Boom", "Cause": "c"}]})
case(V, "jsonpath_undefined_variable_fails", VP(("A", P(Parameters={"x.$": "$nope"}))), {})
case(V, "jsonpath_parallel_reads_outer", VP(("A", P(Assign={"o": 1})), ("Par", {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": P(Parameters={"o.$": "$o"}, End=True)}}]})), {})
case(V, "jsonpath_map_reads_outer", VP(("A", P(Assign={"o": 1})), ("M", {"Type": "Map", "ItemsPath": "$.xs", "ItemProcessor": {"StartAt": "I", "States": {"I": P(Parameters={"o.$": "$o", "v.$": "$"}, End=True)}}})), {"xs": [1, 2]})
case(V, "jsonpath_wait_assign", VP(("W", {"Type": "Wait", "Seconds": 1, "Assign": {"w.$": "$.a"}}), ("B", P(Parameters={"w.$": "$w"}))), {"a": 5})
case(V, "jsonpath_assign_then_jsonata_reads", VP(("A", P(Assign={"x": 4})), ("B", {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $x * 2 %}"})), {})

here = os.path.dirname(os.path.abspath(__file__))
for cat in (J, V):
    base = os.path.join(here, cat)
    for entry in os.listdir(base) if os.path.isdir(base) else []:
        p = os.path.join(base, entry)
        if os.path.isdir(p) and (cat, entry) not in cases:
            shutil.rmtree(p)  # a case that is gone; want/ of the others stays
for (cat, name), (definition, inp, tasks) in cases.items():
    d = os.path.join(here, cat, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "definition.asl.json"), "w") as f:
        json.dump(definition, f, indent=2); f.write("\n")
    with open(os.path.join(d, "input.json"), "w") as f:
        json.dump(inp, f, indent=2); f.write("\n")
    if tasks:
        with open(os.path.join(d, "tasks.json"), "w") as f:
            json.dump(tasks, f, indent=2); f.write("\n")
print(len(cases), "cases")
