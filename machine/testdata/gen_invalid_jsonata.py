# Generates the JSONata create-time cases of machine/testdata/invalid
# (files jsonata_*). Run from machine/testdata: python3 gen_invalid_jsonata.py;
# then go test ./machine -update, and read the .want files.
# Rules: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
# AWS's codes for these: INVALID_JSONATA_EXPRESSION (the parser refuses it)
# and UNSUPPORTED_JSONATA_EXPRESSION ("Reference to 'phone' at the top level
# is not supported.", "Reference to '$$' is not supported.", $states.errorOutput
# outside a Catch), at the pointer of the string that holds the expression.
import json

def sm(state, **extra):
    d = {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": state}}
    d.update(extra)
    return d

def P(**kw):
    return {"Type": "Pass", "End": True, **kw}

def T(**kw):
    return {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True, **kw}

cases = {
    "jsonata_syntax_error": sm(P(Output="{% 1 + %}")),
    "jsonata_unclosed_string": sm(P(Output="{% 'abc %}")),
    "jsonata_unknown_operator": sm(P(Output="{% 1 ^^ 2 %}")),
    "jsonata_elvis_rejected": sm(P(Output="{% $states.input.a ?: 'x' %}")),
    "jsonata_coalesce_rejected": sm(P(Output="{% $states.input.a ?? 'x' %}")),
    "jsonata_dollar_top_level": sm(P(Output="{% $ %}")),
    "jsonata_dollar_path_top_level": sm(P(Output="{% $.field %}")),
    "jsonata_dollar_dollar_top_level": sm(P(Output="{% $$.field %}")),
    "jsonata_bare_field": sm(P(Output="{% field.sub %}")),
    "jsonata_error_output_outside_catch": sm(P(Output="{% $states.errorOutput %}")),
    "jsonata_bare_field_in_array": sm(P(Output={"a": [1, "{% phone %}"]})),
    "jsonata_bare_field_in_choice_rule": {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Condition": "{% flag = true %}", "Next": "B"}], "Default": "B"}, "B": P()}},
    "jsonata_empty_expression": sm(P(Output="{%  %}")),
    "jsonata_nested_arguments_bad": sm(T(Arguments={"a": {"b": ["{% ) %}"]}})),
    "jsonata_assign_bad": sm(P(Assign={"x": "{% [1, 2 %}"})),
    "jsonata_condition_bad": sm({"Type": "Choice", "Choices": [{"Condition": "{% 1 = %}", "Next": "B"}], "Default": "B"}, States={"A": {"Type": "Choice", "Choices": [{"Condition": "{% 1 = %}", "Next": "B"}], "Default": "B"}, "B": P()}),
    "jsonata_wait_seconds_bad": sm({"Type": "Wait", "Seconds": "{% ( %}", "End": True}),
    "jsonata_fail_cause_bad": sm({"Type": "Fail", "Cause": "{% $states.input. %}"}),
    "jsonata_items_bad": sm({"Type": "Map", "Items": "{% [ %}", "ItemProcessor": {"StartAt": "I", "States": {"I": P()}}, "End": True}),
    "jsonata_catch_output_bad": sm(T(Catch=[{"ErrorEquals": ["States.ALL"], "Output": "{% } %}", "Next": "A"}])),
    "jsonata_input_path_forbidden": sm(P(InputPath="$.a")),
    "jsonata_parameters_forbidden": sm(T(Parameters={"a": 1})),
    "jsonata_result_path_forbidden": sm(T(ResultPath="$.r")),
    "jsonpath_state_in_jsonata_machine": sm({"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}),
}
for name, d in cases.items():
    with open("invalid/" + name + ".asl.json", "w") as f:
        json.dump(d, f, indent=2)
        f.write("\n")
