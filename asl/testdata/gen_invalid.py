# Writes testdata/invalid/*.asl.json: one rule per case, named after it.
# Kept for reference; the .asl.json files are the checked-in inputs and the
# .want files (go test ./asl -update) the expected diagnostics.
import json, os

L = "arn:aws:lambda:us-east-1:123456789012:function:f"
cases = {}

def M(states, start="A", **top):
    d = dict(top)
    d.setdefault("StartAt", start)
    d["States"] = states
    return d

def one(state, **top):
    return M({"A": state}, **top)

def pas(**kw):
    s = {"Type": "Pass"}; s.update(kw); s.setdefault("End", True); return s

def task(**kw):
    s = {"Type": "Task", "Resource": L}; s.update(kw)
    if "Next" not in s: s.setdefault("End", True)
    return s

def choice(rules, default=None, **kw):
    s = {"Type": "Choice", "Choices": rules}
    if default: s["Default"] = default
    s.update(kw)
    return M({"A": s, "B": {"Type": "Succeed"}})

def rule(**kw):
    r = dict(kw); r.setdefault("Next", "B"); return r

def wait(**kw):
    s = {"Type": "Wait"}; s.update(kw); s.setdefault("End", True); return one(s)

def par(**kw):
    s = {"Type": "Parallel", "Branches": [M({"P1": pas()}, start="P1")]}; s.update(kw)
    if "Next" not in s: s.setdefault("End", True)
    return s

def mp(**kw):
    s = {"Type": "Map", "ItemProcessor": M({"I1": pas()}, start="I1")}; s.update(kw)
    if "Next" not in s: s.setdefault("End", True)
    return s

def retry(*rs): return one(task(Retry=list(rs)))
def catch(*cs): return M({"A": task(Catch=list(cs)), "B": {"Type": "Succeed"}})

RAW = {}
RAW["invalid_json_trailing_comma"] = '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass", "End": true},\n  }\n}\n'
RAW["invalid_json_truncated"] = '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass"'
RAW["invalid_json_trailing_garbage"] = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}} x\n'
RAW["empty_document"] = '  \n'
RAW["state_name_duplicate_json"] = '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass", "Next": "B"},\n    "B": {"Type": "Succeed"},\n    "A": {"Type": "Pass", "End": true}\n  }\n}\n'
RAW["json_nesting_too_deep"] = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Result": ' + '[' * 300 + ']' * 300 + '}}}\n'
RAW["json_nesting_brackets_in_strings"] = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Result": "' + '[{' * 300 + '\\\\\\"' + '"}, "B": {}}}\n'
RAW["document_null"] = 'null\n'
cases["document_not_object"] = [M({"A": pas()})]

# top level
cases["top_unknown_field"] = M({"A": pas()}, Coment="typo")
cases["top_missing_start_at"] = {"States": {"A": pas()}}
cases["top_missing_states"] = {"StartAt": "A"}
cases["top_states_empty"] = M({})
cases["top_states_not_object"] = M([pas()])
cases["top_start_at_not_string"] = M({"A": pas()}, start=1)
cases["top_start_at_missing_target"] = M({"A": pas()}, start="Nope")
cases["top_version_invalid"] = M({"A": pas()}, Version="2.0")
cases["top_timeout_seconds_zero"] = M({"A": pas()}, TimeoutSeconds=0)
cases["top_timeout_seconds_fraction"] = M({"A": pas()}, TimeoutSeconds=1.5)
cases["top_timeout_seconds_too_large"] = M({"A": pas()}, TimeoutSeconds=100000000)
cases["top_query_language_invalid"] = M({"A": pas()}, QueryLanguage="JavaScript")
cases["top_comment_not_string"] = M({"A": pas()}, Comment=["x"])

# states
cases["state_not_object"] = M({"A": "Pass"})
cases["state_missing_type"] = M({"A": {"End": True}})
cases["state_type_invalid"] = M({"A": {"Type": "Sleep", "End": True}})
cases["state_type_not_string"] = M({"A": {"Type": 1, "End": True}})
cases["state_name_too_long"] = M({"N" * 81: pas()}, start="N" * 81)
cases["state_name_empty"] = M({"": pas()}, start="")
cases["state_name_duplicate_across_scopes"] = M({"A": par(Next="P1"), "P1": pas()})
cases["state_unknown_field"] = one(pas(Foo=1))
cases["state_next_and_end"] = M({"A": pas(Next="B"), "B": {"Type": "Succeed"}})
cases["state_neither_next_nor_end"] = one({"Type": "Pass"})
cases["state_end_false_without_next"] = one({"Type": "Pass", "End": False})
cases["state_end_not_boolean"] = one({"Type": "Pass", "End": "true"})
cases["state_next_not_string"] = one({"Type": "Pass", "Next": ["B"]})
cases["state_comment_not_string"] = one(pas(Comment=7))
cases["state_input_path_not_string"] = one(pas(InputPath=3))
cases["state_query_language_invalid"] = one(pas(QueryLanguage="jsonata"))
cases["next_target_missing"] = one(pas(Next="Missing", End=False) | {"End": False})
cases["next_target_empty"] = M({"A": {"Type": "Pass", "Next": ""}, "B": pas()}, start="A")
cases["choice_default_empty"] = choice([rule(Variable="$.x", IsNull=True)], Default="")
cases["state_unreachable"] = M({"A": pas(), "B": pas()})
cases["no_terminal_state"] = M({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}})
cases["no_terminal_state_suppresses_unreachable"] = M({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}, "C": {"Type": "Pass", "Next": "A"}})
cases["unreachable_terminal_with_loop"] = M({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}, "C": pas()})
cases["warning_state_cannot_reach_terminal"] = M({"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "Loop"}], "Default": "Done"}, "Loop": {"Type": "Wait", "Seconds": 1, "Next": "Loop"}, "Done": {"Type": "Succeed"}})

# Pass
cases["pass_retry_not_supported"] = one(pas(Retry=[]))
cases["pass_catch_not_supported"] = one(pas(Catch=[]))
cases["pass_timeout_seconds_not_supported"] = one(pas(TimeoutSeconds=5))
cases["pass_parameters_not_object"] = one(pas(Parameters="x"))
cases["pass_resource_not_supported"] = one(pas(Resource=L))

# Task
cases["task_missing_resource"] = one({"Type": "Task", "End": True})
cases["task_resource_not_arn"] = one(task(Resource="my-function"))
cases["task_resource_not_string"] = one(task(Resource={"Fn": 1}))
cases["task_timeout_seconds_and_path"] = one(task(TimeoutSeconds=5, TimeoutSecondsPath="$.t"))
cases["task_heartbeat_seconds_and_path"] = one(task(HeartbeatSeconds=5, HeartbeatSecondsPath="$.h"))
cases["task_timeout_seconds_zero"] = one(task(TimeoutSeconds=0))
cases["task_timeout_seconds_negative"] = one(task(TimeoutSeconds=-3))
cases["task_timeout_seconds_too_large"] = one(task(TimeoutSeconds=100000000))
cases["task_timeout_seconds_string_in_jsonpath"] = one(task(TimeoutSeconds="{% 5 %}"))
cases["task_timeout_seconds_fraction"] = one(task(TimeoutSeconds=2.5))
cases["task_heartbeat_not_below_timeout"] = one(task(TimeoutSeconds=10, HeartbeatSeconds=10))
cases["task_heartbeat_seconds_zero"] = one(task(HeartbeatSeconds=0))
cases["task_result_selector_not_object"] = one(task(ResultSelector=[1]))
cases["task_credentials_not_object"] = one(task(Credentials="role"))
cases["task_timeout_seconds_path_not_string"] = one(task(TimeoutSecondsPath=5))
cases["task_result_path_not_string"] = one(task(ResultPath=5))

# Retry
cases["retry_not_array"] = one(task(Retry={"ErrorEquals": ["States.ALL"]}))
cases["retry_entry_not_object"] = retry("States.ALL")
cases["retry_missing_error_equals"] = retry({"MaxAttempts": 1})
cases["retry_error_equals_empty"] = retry({"ErrorEquals": []})
cases["retry_error_equals_not_array"] = retry({"ErrorEquals": "States.ALL"})
cases["retry_error_equals_not_strings"] = retry({"ErrorEquals": [1]})
cases["retry_states_all_not_alone"] = retry({"ErrorEquals": ["States.ALL", "States.Timeout"]})
cases["retry_states_all_not_last"] = retry({"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["States.Timeout"]})
cases["retry_max_attempts_negative"] = retry({"ErrorEquals": ["E"], "MaxAttempts": -1})
cases["retry_max_attempts_too_large"] = retry({"ErrorEquals": ["E"], "MaxAttempts": 100000000})
cases["retry_max_attempts_not_integer"] = retry({"ErrorEquals": ["E"], "MaxAttempts": "3"})
cases["retry_backoff_rate_below_one"] = retry({"ErrorEquals": ["E"], "BackoffRate": 0.5})
cases["retry_backoff_rate_not_number"] = retry({"ErrorEquals": ["E"], "BackoffRate": "2"})
cases["retry_interval_seconds_zero"] = retry({"ErrorEquals": ["E"], "IntervalSeconds": 0})
cases["retry_interval_seconds_too_large"] = retry({"ErrorEquals": ["E"], "IntervalSeconds": 100000000})
cases["retry_interval_seconds_fraction"] = retry({"ErrorEquals": ["E"], "IntervalSeconds": 1.5})
cases["retry_max_delay_seconds_zero"] = retry({"ErrorEquals": ["E"], "MaxDelaySeconds": 0})
cases["retry_max_delay_seconds_too_large"] = retry({"ErrorEquals": ["E"], "MaxDelaySeconds": 31622401})
cases["retry_jitter_strategy_invalid"] = retry({"ErrorEquals": ["E"], "JitterStrategy": "HALF"})
cases["retry_unknown_field"] = retry({"ErrorEquals": ["E"], "Backoff": 2})

# Catch
cases["catch_missing_next"] = catch({"ErrorEquals": ["States.ALL"]})
cases["catch_next_missing_target"] = catch({"ErrorEquals": ["States.ALL"], "Next": "Nope"})
cases["catch_missing_error_equals"] = catch({"Next": "B"})
cases["catch_states_all_not_last"] = catch({"ErrorEquals": ["States.ALL"], "Next": "B"}, {"ErrorEquals": ["E"], "Next": "B"})
cases["catch_unknown_field"] = catch({"ErrorEquals": ["E"], "Next": "B", "Retry": 1})
cases["catch_output_in_jsonpath"] = catch({"ErrorEquals": ["E"], "Next": "B", "Output": {}})
cases["catch_result_path_in_jsonata"] = M({"A": task(Catch=[{"ErrorEquals": ["E"], "Next": "B", "ResultPath": "$.e"}]), "B": {"Type": "Succeed"}}, QueryLanguage="JSONata")
cases["catch_not_array"] = one(task(Catch={"ErrorEquals": ["E"], "Next": "A"}))

# Choice
cases["choice_missing_choices"] = M({"A": {"Type": "Choice", "Default": "B"}, "B": {"Type": "Succeed"}})
cases["choice_choices_empty"] = choice([], "B")
cases["choice_choices_not_array"] = choice({"Variable": "$.x", "IsNull": True, "Next": "B"}, "B")
cases["choice_rule_not_object"] = choice(["B"], "B")
cases["choice_rule_missing_next"] = choice([{"Variable": "$.x", "StringEquals": "y"}], "B")
cases["choice_rule_no_operator"] = choice([rule(Variable="$.x")])
cases["choice_rule_two_operators"] = choice([rule(Variable="$.x", StringEquals="a", StringMatches="a*")])
cases["choice_rule_missing_variable"] = choice([rule(NumericEquals=1)])
cases["choice_variable_not_string"] = choice([rule(Variable=1, NumericEquals=1)])
cases["choice_string_equals_number"] = choice([rule(Variable="$.x", StringEquals=1)])
cases["choice_numeric_equals_string"] = choice([rule(Variable="$.x", NumericEquals="1")])
cases["choice_boolean_equals_string"] = choice([rule(Variable="$.x", BooleanEquals="true")])
cases["choice_is_present_string"] = choice([rule(Variable="$.x", IsPresent="yes")])
cases["choice_timestamp_equals_not_timestamp"] = choice([rule(Variable="$.t", TimestampEquals="yesterday")])
cases["choice_timestamp_lowercase_t"] = choice([rule(Variable="$.t", TimestampLessThan="2016-03-14t01:59:00Z")])
cases["choice_timestamp_equals_number"] = choice([rule(Variable="$.t", TimestampEquals=1457920740)])
cases["choice_string_matches_trailing_escape"] = choice([rule(Variable="$.x", StringMatches="log-\\\\\\")])
cases["choice_path_operand_not_string"] = choice([rule(Variable="$.x", NumericEqualsPath=3)])
cases["choice_nested_rule_has_next"] = choice([rule(Not={"Variable": "$.x", "IsNull": True, "Next": "B"})])
cases["choice_nested_rule_has_assign"] = choice([rule(And=[{"Variable": "$.x", "IsNull": True, "Assign": {"a": 1}}])])
cases["choice_and_empty"] = choice([rule(And=[])])
cases["choice_or_not_array"] = choice([rule(Or={"Variable": "$.x", "IsNull": True})])
cases["choice_not_not_object"] = choice([rule(Not=[{"Variable": "$.x", "IsNull": True}])])
cases["choice_and_with_variable"] = choice([rule(Variable="$.x", And=[{"Variable": "$.x", "IsNull": True}])])
cases["choice_default_missing_target"] = choice([rule(Variable="$.x", IsNull=True)], "Nope")
cases["choice_rule_next_missing_target"] = choice([rule(Variable="$.x", IsNull=True, Next="Nope")])
cases["choice_next_not_supported"] = choice([rule(Variable="$.x", IsNull=True)], Next="B")
cases["choice_end_not_supported"] = M({"A": {"Type": "Choice", "Choices": [rule(Variable="$.x", IsNull=True)], "End": True}, "B": {"Type": "Succeed"}})
cases["choice_unknown_operator"] = choice([rule(Variable="$.x", StringContains="a")])
cases["choice_default_not_string"] = choice([rule(Variable="$.x", IsNull=True)], Default=True)
cases["choice_condition_in_jsonpath"] = choice([rule(Condition="{% true %}")])
cases["choice_output_in_jsonpath_rule"] = choice([rule(Variable="$.x", IsNull=True, Output={"a": 1})])
cases["choice_variable_in_jsonata"] = dict(choice([rule(Variable="$.x", IsNull=True)]), QueryLanguage="JSONata")
cases["choice_jsonata_missing_condition"] = dict(choice([rule()]), QueryLanguage="JSONata")
cases["choice_condition_not_jsonata"] = dict(choice([rule(Condition="$.x == 1")]), QueryLanguage="JSONata")
nested = {"Variable": "$.x", "IsNull": True}
for _ in range(120):
    nested = {"Not": nested}
cases["choice_rule_too_deep"] = choice([dict(nested, Next="B")])

# Wait
cases["wait_no_field"] = wait()
cases["wait_seconds_and_timestamp"] = wait(Seconds=1, Timestamp="2016-03-14T01:59:00Z")
cases["wait_seconds_and_seconds_path"] = wait(Seconds=1, SecondsPath="$.s")
cases["wait_seconds_negative"] = wait(Seconds=-1)
cases["wait_seconds_fraction"] = wait(Seconds=0.5)
cases["wait_seconds_too_large"] = wait(Seconds=100000000)
cases["wait_timestamp_invalid"] = wait(Timestamp="2016-03-14 01:59:00")
cases["wait_timestamp_not_string"] = wait(Timestamp=1457920740)
cases["wait_seconds_path_in_jsonata"] = dict(wait(SecondsPath="$.s"), QueryLanguage="JSONata")
cases["wait_seconds_string_in_jsonpath"] = wait(Seconds="10")
cases["wait_retry_not_supported"] = wait(Seconds=1, Retry=[])

# Succeed / Fail
cases["succeed_next_not_supported"] = M({"A": {"Type": "Succeed", "Next": "B"}, "B": {"Type": "Succeed"}})
cases["succeed_end_not_supported"] = one({"Type": "Succeed", "End": True})
cases["succeed_assign_not_supported"] = one({"Type": "Succeed", "Assign": {"x": 1}})
cases["fail_next_not_supported"] = M({"A": {"Type": "Fail", "Next": "B"}, "B": {"Type": "Succeed"}})
cases["fail_input_path_not_supported"] = one({"Type": "Fail", "InputPath": "$.x"})
cases["fail_output_path_not_supported"] = one({"Type": "Fail", "OutputPath": "$.x"})
cases["fail_error_and_error_path"] = one({"Type": "Fail", "Error": "E", "ErrorPath": "$.e"})
cases["fail_cause_and_cause_path"] = one({"Type": "Fail", "Cause": "C", "CausePath": "$.c"})
cases["fail_error_not_string"] = one({"Type": "Fail", "Error": 42})

# Parallel
cases["parallel_missing_branches"] = one({"Type": "Parallel", "End": True})
cases["parallel_branches_empty"] = one(par(Branches=[]))
cases["parallel_branches_not_array"] = one(par(Branches={"StartAt": "P1"}))
cases["parallel_branch_not_object"] = one(par(Branches=["P1"]))
cases["parallel_branch_missing_start_at"] = one(par(Branches=[{"States": {"P1": pas()}}]))
cases["parallel_branch_missing_states"] = one(par(Branches=[{"StartAt": "P1"}]))
cases["parallel_branch_unknown_field"] = one(par(Branches=[M({"P1": pas()}, start="P1", Version="1.0")]))
cases["parallel_branch_query_language"] = one(par(Branches=[M({"P1": pas()}, start="P1", QueryLanguage="JSONPath")]))
cases["parallel_next_crosses_scope"] = M({"A": par(Branches=[M({"P1": {"Type": "Pass", "Next": "B"}}, start="P1")], Next="B"), "B": {"Type": "Succeed"}})
cases["parallel_branch_start_at_missing_target"] = one(par(Branches=[M({"P1": pas()}, start="P0")]))
cases["parallel_branch_no_terminal"] = one(par(Branches=[M({"P1": {"Type": "Pass", "Next": "P1"}}, start="P1")]))
cases["parallel_catch_next_into_branch"] = one(par(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "P1"}]))
cases["parallel_timeout_seconds_not_supported"] = one(par(TimeoutSeconds=60))
cases["parallel_branch_state_unreachable"] = one(par(Branches=[M({"P1": pas(), "P2": pas()}, start="P1")]))

# Map
cases["map_missing_item_processor"] = one({"Type": "Map", "End": True})
cases["map_item_processor_and_iterator"] = one(mp(Iterator=M({"J1": pas()}, start="J1")))
cases["map_item_selector_and_parameters"] = one(mp(ItemSelector={"a": 1}, Parameters={"b": 2}))
cases["map_max_concurrency_negative"] = one(mp(MaxConcurrency=-1))
cases["map_max_concurrency_and_path"] = one(mp(MaxConcurrency=1, MaxConcurrencyPath="$.m"))
cases["map_max_concurrency_string_in_jsonpath"] = one(mp(MaxConcurrency="5"))
cases["map_processor_mode_invalid"] = one(mp(ItemProcessor=dict(M({"I1": pas()}, start="I1"), ProcessorConfig={"Mode": "PARALLEL"})))
cases["map_distributed_missing_execution_type"] = one(mp(ItemProcessor=dict(M({"I1": pas()}, start="I1"), ProcessorConfig={"Mode": "DISTRIBUTED"})))
cases["map_execution_type_invalid"] = one(mp(ItemProcessor=dict(M({"I1": pas()}, start="I1"), ProcessorConfig={"Mode": "DISTRIBUTED", "ExecutionType": "FAST"})))
cases["map_processor_query_language"] = one(mp(ItemProcessor=M({"I1": pas()}, start="I1", QueryLanguage="JSONPath")))
cases["map_iterator_query_language"] = one({"Type": "Map", "Iterator": M({"I1": pas()}, start="I1", QueryLanguage="JSONPath"), "End": True})
cases["map_processor_unknown_field"] = one(mp(ItemProcessor=dict(M({"I1": pas()}, start="I1"), Mode="INLINE")))
cases["map_processor_config_unknown_field"] = one(mp(ItemProcessor=dict(M({"I1": pas()}, start="I1"), ProcessorConfig={"Mode": "INLINE", "Concurrency": 2})))
D = dict(M({"I1": pas()}, start="I1"), ProcessorConfig={"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"})
cases["map_tolerated_failure_percentage_above_100"] = one(mp(ItemProcessor=D, ToleratedFailurePercentage=100.5))
cases["map_tolerated_failure_percentage_negative"] = one(mp(ItemProcessor=D, ToleratedFailurePercentage=-1))
cases["map_tolerated_failure_count_negative"] = one(mp(ItemProcessor=D, ToleratedFailureCount=-1))
cases["map_tolerated_failure_count_and_path"] = one(mp(ItemProcessor=D, ToleratedFailureCount=1, ToleratedFailureCountPath="$.n"))
cases["map_tolerated_failure_percentage_and_path"] = one(mp(ItemProcessor=D, ToleratedFailurePercentage=1, ToleratedFailurePercentagePath="$.n"))
cases["map_item_reader_in_inline_mode"] = one(mp(ItemReader={"Resource": "arn:aws:states:::s3:getObject"}))
cases["map_label_in_inline_mode"] = one(mp(Label="run"))
cases["map_label_too_long"] = one(mp(ItemProcessor=D, Label="L" * 41))
cases["map_item_reader_not_object"] = one(mp(ItemProcessor=D, ItemReader="s3://bucket/key"))
DJ = dict(M({"I1": pas()}, start="I1"), ProcessorConfig={"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"})
R = "arn:aws:states:::s3:getObject"
cases["map_item_reader_missing_resource"] = one(mp(ItemProcessor=D, ItemReader={"Parameters": {"Bucket": "b", "Key": "k"}}))
cases["map_item_reader_unknown_field"] = one(mp(ItemProcessor=D, ItemReader={"Resource": R, "Bucket": "b"}))
cases["map_item_reader_arguments_in_jsonpath"] = one(mp(ItemProcessor=D, ItemReader={"Resource": R, "Arguments": {"Bucket": "b"}}))
cases["map_reader_config_max_items_negative"] = one(mp(ItemProcessor=D, ItemReader={"Resource": R, "ReaderConfig": {"InputType": "JSON", "MaxItems": -1}}))
cases["map_reader_config_max_items_too_large"] = one(mp(ItemProcessor=D, ItemReader={"Resource": R, "ReaderConfig": {"InputType": "JSON", "MaxItems": 100000001}}))
cases["map_reader_config_max_items_and_path"] = one(mp(ItemProcessor=D, ItemReader={"Resource": R, "ReaderConfig": {"MaxItems": 1, "MaxItemsPath": "$.n"}}))
cases["map_item_batcher_unknown_field"] = one(mp(ItemProcessor=D, ItemBatcher={"MaxItems": 5}))
cases["map_item_batcher_max_items_and_path"] = one(mp(ItemProcessor=D, ItemBatcher={"MaxItemsPerBatch": 5, "MaxItemsPerBatchPath": "$.n"}))
cases["map_item_batcher_negative"] = one(mp(ItemProcessor=D, ItemBatcher={"MaxInputBytesPerBatch": -5}))
cases["map_item_batcher_path_in_jsonata"] = one(mp(ItemProcessor=DJ, ItemBatcher={"MaxItemsPerBatchPath": "$.n"}), **dict(QueryLanguage="JSONata"))
cases["map_result_writer_resource_not_arn"] = one(mp(ItemProcessor=D, ResultWriter={"Resource": "s3", "Parameters": {"Bucket": "b"}}))
cases["map_items_path_in_jsonata"] = dict(one(mp(ItemsPath="$.items")), QueryLanguage="JSONata")
cases["map_iterator_in_jsonata"] = dict(one({"Type": "Map", "Iterator": M({"I1": pas()}, start="I1"), "End": True}), QueryLanguage="JSONata")
cases["map_items_in_jsonpath"] = one(mp(Items=[1, 2]))
cases["map_items_not_array"] = dict(one(mp(Items={"a": 1})), QueryLanguage="JSONata")
cases["map_next_crosses_scope"] = M({"A": mp(ItemProcessor=M({"I1": {"Type": "Pass", "Next": "B"}}, start="I1"), Next="B"), "B": {"Type": "Succeed"}})
cases["map_item_processor_not_object"] = one(mp(ItemProcessor=[]))

# query languages
JA = dict(QueryLanguage="JSONata")
cases["jsonata_state_input_path"] = one(pas(InputPath="$.x"), **JA)
cases["jsonata_state_parameters"] = one(task(Parameters={"a": 1}), **JA)
cases["jsonata_state_result_path"] = one(pas(ResultPath="$.x"), **JA)
cases["jsonata_state_result_selector"] = one(task(ResultSelector={"a": 1}), **JA)
cases["jsonata_state_output_path"] = one(pas(OutputPath="$.x"), **JA)
cases["jsonata_state_timeout_seconds_path"] = one(task(TimeoutSecondsPath="$.t"), **JA)
cases["jsonata_fail_error_path"] = one({"Type": "Fail", "ErrorPath": "$.e"}, **JA)
cases["jsonata_pass_result"] = one(pas(Result={"a": 1}), **JA)
cases["jsonata_assign_not_object"] = one(pas(Assign="{% $x %}"), **JA)
cases["jsonata_arguments_not_object_or_expression"] = one(task(Arguments="plain"), **JA)
cases["jsonata_seconds_not_expression"] = one({"Type": "Wait", "Seconds": "$.s", "End": True}, **JA)
cases["jsonpath_state_output"] = one(pas(Output={"a": 1}))
cases["jsonpath_state_arguments"] = one(task(Arguments={"a": 1}))
cases["jsonpath_state_in_jsonata_machine"] = one(pas(QueryLanguage="JSONPath"), **JA)
cases["jsonata_state_inside_branch_inherits_machine"] = one(par(QueryLanguage="JSONata", Branches=[M({"P1": pas(Output={"a": 1})}, start="P1")]))

# budgets
deep = pas()
for i in range(45):
    deep = {"Type": "Parallel", "Branches": [M({"S%d" % i: deep}, start="S%d" % i)], "End": True}
cases["too_deeply_nested"] = one(deep)

# several mistakes at once
cases["multi_several_mistakes"] = M({
    "A": {"Type": "Task", "Next": "Nope", "TimeoutSeconds": 0, "Retry": [{"ErrorEquals": ["States.ALL", "X"], "BackoffRate": 0}]},
    "B": {"Type": "Wait"},
    "C": {"Type": "Choice", "Choices": [{"Variable": "$.x"}]},
}, Version="1", Coment="x")
cases["multi_every_state_wrong"] = M({
    "A": {"Type": "Pass", "Resource": L, "Next": "B"},
    "B": {"Type": "Succeed", "Next": "C"},
    "C": {"Type": "Fail", "Cause": 1, "Error": "E", "ErrorPath": "$.e"},
    "D": {"Type": "Map", "End": True},
    "E": {"Type": "Parallel", "Branches": [], "End": True},
})
many = {}
for i in range(120):
    many["S%03d" % i] = {"Type": "Pass", "Next": "Nowhere%d" % i}
cases["too_many_diagnostics"] = M(many, start="S000")

os.makedirs("invalid", exist_ok=True)
for name, raw in RAW.items():
    open(os.path.join("invalid", name + ".asl.json"), "w").write(raw)
for name, d in cases.items():
    with open(os.path.join("invalid", name + ".asl.json"), "w") as f:
        if name in ("choice_rule_too_deep", "too_deeply_nested", "too_many_diagnostics"):
            json.dump(d, f)
        else:
            json.dump(d, f, indent=2)
        f.write("\n")
print(len(RAW) + len(cases), "cases")
