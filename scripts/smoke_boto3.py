#!/usr/bin/env python3
"""One state machine flow through boto3 against a stepd endpoint (argv[1]).

inject_host_prefix=False keeps boto3 from sending StartSyncExecution to a
"sync-" prefixed host that a local endpoint does not have.
"""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint = sys.argv[1]
sfn = boto3.client(
    "stepfunctions",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="AKIDSTEPDSMOKE",
    aws_secret_access_key="stepd-smoke",
    config=Config(inject_host_prefix=False),
)


def check(what, got, want):
    if got != want:
        sys.exit(f"smoke_boto3: FAIL: {what}: got {got!r}, want {want!r}")


definition = json.dumps({
    "StartAt": "Double",
    "States": {"Double": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, $.n)"}, "End": True}},
})
role = "arn:aws:iam::123456789012:role/stepd"
arn = sfn.create_state_machine(name="boto3-flow", definition=definition, roleArn=role, publish=True)["stateMachineArn"]
check("arn", arn, "arn:aws:states:us-east-1:123456789012:stateMachine:boto3-flow")
check("versions", len(sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]), 1)
ex = sfn.start_execution(stateMachineArn=arn, name="b1", input=json.dumps({"n": 21}))["executionArn"]
for _ in range(200):
    d = sfn.describe_execution(executionArn=ex)
    if d["status"] != "RUNNING":
        break
    time.sleep(0.05)
check("status", d["status"], "SUCCEEDED")
check("output", json.loads(d["output"]), {"n": 42})
events = sfn.get_execution_history(executionArn=ex)["events"]
check("last event", events[-1]["type"], "ExecutionSucceeded")
sfn.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
check("tags", sfn.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "k", "value": "v"}])
try:
    sfn.describe_execution(executionArn=ex + "-missing")
    sys.exit("smoke_boto3: FAIL: missing execution described")
except sfn.exceptions.ExecutionDoesNotExist:
    pass
express = sfn.create_state_machine(name="boto3-fast", definition=definition, roleArn=role, type="EXPRESS")["stateMachineArn"]
out = sfn.start_sync_execution(stateMachineArn=express, input=json.dumps({"n": 2}))
check("sync", (out["status"], json.loads(out["output"])), ("SUCCEEDED", {"n": 4}))
sfn.delete_state_machine(stateMachineArn=arn)
sfn.delete_state_machine(stateMachineArn=express)

# TestState with the fields boto3 sends since November 2025: a mocked
# error on the second attempt of a retrier, and variables.
task = json.dumps({
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "f", "Payload.$": "$"},
    "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}],
    "End": True,
})
out = sfn.test_state(definition=task, input=json.dumps({"data": "value"}), inspectionLevel="DEBUG",
                     stateConfiguration={"retrierRetryCount": 1},
                     mock={"errorOutput": {"error": "Lambda.ServiceException", "cause": "Service error"}})
check("test_state retry", (out["status"], out["inspectionData"]["errorDetails"]),
      ("RETRIABLE", {"retryIndex": 0, "retryBackoffIntervalSeconds": 4}))
out = sfn.test_state(definition=json.dumps({"Type": "Pass", "Parameters": {"v.$": "$x"}, "Assign": {"y": 2}, "End": True}),
                     variables=json.dumps({"x": 1}), inspectionLevel="DEBUG")
check("test_state variables", (out["status"], json.loads(out["output"]), json.loads(out["inspectionData"]["variables"])),
      ("SUCCEEDED", {"v": 1}, {"x": 1, "y": 2}))
print("smoke_boto3: OK")
