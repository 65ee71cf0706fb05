#!/usr/bin/env bash
# Smoke test of stepd's AWS Step Functions API through the AWS CLI and
# boto3: creates, runs, inspects, redrives and deletes state machines and
# checks every answer. Exits non-zero on the first mismatch.
#
# STEPD_ENDPOINT=http://127.0.0.1:PORT uses a running server; otherwise the
# script builds stepd and runs `stepd serve` on a free loopback port with a
# temporary data directory.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tmp=$(mktemp -d)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=AKIDSTEPDSMOKE AWS_SECRET_ACCESS_KEY=stepd-smoke AWS_SESSION_TOKEN=
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
# StartSyncExecution and TestState are sent to a "sync-" prefixed host by
# default; a local endpoint has no such name.
export AWS_DISABLE_HOST_PREFIX_INJECTION=true

endpoint=${STEPD_ENDPOINT:-}
if [ -z "$endpoint" ]; then
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	(cd "$root" && go build -o "$tmp/stepd" ./cmd/stepd)
	"$tmp/stepd" serve --listen "127.0.0.1:$port" --data-dir "$tmp/data" >"$tmp/serve.log" 2>&1 &
	server_pid=$!
	endpoint="http://127.0.0.1:$port"
	for _ in $(seq 1 100); do
		if curl -fsS "$endpoint/readyz" >/dev/null 2>&1; then break; fi
		sleep 0.1
	done
fi
export STEPD_ENDPOINT=$endpoint

# --no-cli-pager exists in AWS CLI v2 only (v1 never pages).
pager=()
case "$(aws --version 2>&1)" in aws-cli/1.*) ;; *) pager=(--no-cli-pager) ;; esac
sfn() { aws stepfunctions --endpoint-url "$endpoint" --region us-east-1 "${pager[@]}" --output json "$@"; }
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
# field JSON PYEXPR: evaluates PYEXPR with d bound to the parsed JSON.
field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }
expect() { # expect WHAT GOT WANT
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}
wait_closed() { # wait_closed ARN -> prints the final DescribeExecution
	local out status
	for _ in $(seq 1 200); do
		out=$(sfn describe-execution --execution-arn "$1")
		status=$(field "$out" 'd["status"]')
		if [ "$status" != RUNNING ]; then echo "$out"; return; fi
		sleep 0.05
	done
	fail "execution $1 still RUNNING"
}

prefix="arn:aws:states:us-east-1:123456789012"
hello='{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('"'"'hello {}'"'"', $.who)"},"Next":"B"},"B":{"Type":"Pass","End":true}}}'
role="arn:aws:iam::123456789012:role/stepd"

echo "smoke: create, describe, list"
out=$(sfn create-state-machine --name smoke-hello --definition "$hello" --role-arn "$role")
expect "create arn" "$(field "$out" 'd["stateMachineArn"]')" "$prefix:stateMachine:smoke-hello"
out=$(sfn describe-state-machine --state-machine-arn "$prefix:stateMachine:smoke-hello")
expect "describe status" "$(field "$out" 'd["status"]')" ACTIVE
expect "describe type" "$(field "$out" 'd["type"]')" STANDARD
expect "describe definition" "$(field "$out" 'd["definition"]')" "$hello"
out=$(sfn list-state-machines)
expect "list" "$(field "$out" '[m["name"] for m in d["stateMachines"]].count("smoke-hello")')" 1

echo "smoke: run and inspect"
out=$(sfn start-execution --state-machine-arn "$prefix:stateMachine:smoke-hello" --name run1 --input '{"who":"world"}')
expect "execution arn" "$(field "$out" 'd["executionArn"]')" "$prefix:execution:smoke-hello:run1"
out=$(wait_closed "$prefix:execution:smoke-hello:run1")
expect "status" "$(field "$out" 'd["status"]')" SUCCEEDED
expect "output" "$(field "$out" 'json.loads(d["output"])["greeting"]')" "hello world"
out=$(sfn get-execution-history --execution-arn "$prefix:execution:smoke-hello:run1")
expect "history" "$(field "$out" '",".join(e["type"] for e in d["events"])')" \
	"ExecutionStarted,PassStateEntered,PassStateExited,PassStateEntered,PassStateExited,ExecutionSucceeded"
out=$(sfn get-execution-history --execution-arn "$prefix:execution:smoke-hello:run1" --reverse-order --max-items 1)
expect "history reverse" "$(field "$out" 'd["events"][0]["type"]')" ExecutionSucceeded
out=$(sfn list-executions --state-machine-arn "$prefix:stateMachine:smoke-hello" --status-filter SUCCEEDED)
expect "list executions" "$(field "$out" 'len(d["executions"])')" 1
if err=$(sfn start-execution --state-machine-arn "$prefix:stateMachine:smoke-hello" --name run1 2>&1); then
	fail "duplicate execution name accepted"
fi
case "$err" in *ExecutionAlreadyExists*) ;; *) fail "duplicate name: $err" ;; esac

echo "smoke: activity, failure and redrive"
out=$(sfn create-activity --name smoke-work)
act=$(field "$out" 'd["activityArn"]')
expect "activity arn" "$act" "$prefix:activity:smoke-work"
work='{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"'"$act"'","End":true}}}'
sfn create-state-machine --name smoke-work --definition "$work" --role-arn "$role" >/dev/null
sfn start-execution --state-machine-arn "$prefix:stateMachine:smoke-work" --name w1 --input '{"job":7}' >/dev/null
out=$(sfn get-activity-task --activity-arn "$act" --worker-name smoke)
expect "task input" "$(field "$out" 'd["input"]')" '{"job":7}'
sfn send-task-failure --task-token "$(field "$out" 'd["taskToken"]')" --error Broken --cause "first try" >/dev/null
out=$(wait_closed "$prefix:execution:smoke-work:w1")
expect "failed" "$(field "$out" 'd["status"]+"/"+d["error"]')" FAILED/Broken
sfn redrive-execution --execution-arn "$prefix:execution:smoke-work:w1" >/dev/null
out=$(sfn get-activity-task --activity-arn "$act" --worker-name smoke)
token=$(field "$out" 'd["taskToken"]')
sfn send-task-heartbeat --task-token "$token" >/dev/null
sfn send-task-success --task-token "$token" --task-output '{"done":true}' >/dev/null
out=$(wait_closed "$prefix:execution:smoke-work:w1")
expect "redriven" "$(field "$out" 'd["status"]+"/"+str(d["redriveCount"])+"/"+d["output"]')" 'SUCCEEDED/1/{"done":true}'

echo "smoke: express and StartSyncExecution"
sfn create-state-machine --name smoke-fast --type EXPRESS --definition "$hello" --role-arn "$role" >/dev/null
out=$(sfn start-sync-execution --state-machine-arn "$prefix:stateMachine:smoke-fast" --input '{"who":"sync"}')
expect "sync" "$(field "$out" 'd["status"]+"/"+json.loads(d["output"])["greeting"]')" "SUCCEEDED/hello sync"

echo "smoke: distributed map"
dist='{"StartAt":"M","States":{"M":{"Type":"Map","Label":"Each","ItemBatcher":{"MaxItemsPerBatch":2},"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"N","States":{"N":{"Type":"Pass","Parameters":{"n.$":"States.ArrayLength($.Items)"},"End":true}}},"End":true}}}'
sfn create-state-machine --name smoke-dist --definition "$dist" --role-arn "$role" >/dev/null
sfn start-execution --state-machine-arn "$prefix:stateMachine:smoke-dist" --name d1 --input '[1,2,3]' >/dev/null
out=$(wait_closed "$prefix:execution:smoke-dist:d1")
expect "distributed output" "$(field "$out" 'd["status"]+"/"+d["output"]')" 'SUCCEEDED/[{"n":2},{"n":1}]'
out=$(sfn list-map-runs --execution-arn "$prefix:execution:smoke-dist:d1")
run=$(field "$out" 'd["mapRuns"][0]["mapRunArn"]')
case "$run" in "$prefix:mapRun:smoke-dist/Each:"*) ;; *) fail "map run arn $run" ;; esac
out=$(sfn describe-map-run --map-run-arn "$run")
expect "map run" "$(field "$out" 'd["status"]+"/"+str(d["itemCounts"]["total"])+"/"+str(d["executionCounts"]["succeeded"])')" "SUCCEEDED/3/2"
sfn update-map-run --map-run-arn "$run" --max-concurrency 4 >/dev/null
out=$(sfn describe-map-run --map-run-arn "$run")
expect "updated map run" "$(field "$out" 'd["maxConcurrency"]')" 4
out=$(sfn get-execution-history --execution-arn "$prefix:execution:smoke-dist:d1")
expect "distributed history" "$(field "$out" '",".join(e["type"] for e in d["events"])')" \
	"ExecutionStarted,MapStateEntered,MapStateStarted,MapRunStarted,MapRunSucceeded,MapStateSucceeded,MapStateExited,ExecutionSucceeded"

echo "smoke: validate"
out=$(sfn validate-state-machine-definition --definition '{"StartAt":"X","States":{}}')
expect "validate" "$(field "$out" 'd["result"]')" FAIL

echo "smoke: test-state"
out=$(sfn test-state --definition '{"Type": "Pass", "InputPath": "$.payload", "Parameters": {"data": 1}, "ResultPath": "$.result", "OutputPath": "$.result.data", "Next": "Another State"}' \
	--role-arn "$role" --input '{"payload": {"foo": "bar"}}' --inspection-level DEBUG)
expect "test-state" "$(field "$out" 'd["status"]+"/"+d["nextState"]+"/"+d["output"]')" "SUCCEEDED/Another State/1"
expect "test-state inspection" "$(field "$out" 'd["inspectionData"]["afterParameters"]+" "+d["inspectionData"]["afterResultPath"]')" \
	'{"data":1} {"payload":{"foo":"bar"},"result":{"data":1}}'
out=$(sfn test-state --definition '{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}], "End": true}' \
	--mock '{"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}}' --inspection-level DEBUG)
expect "test-state caught" "$(field "$out" 'd["status"]+"/"+d["nextState"]+"/"+str(d["inspectionData"]["errorDetails"]["catchIndex"])')" "CAUGHT_ERROR/Handle/0"

echo "smoke: delete"
for m in smoke-hello smoke-work smoke-fast smoke-dist; do sfn delete-state-machine --state-machine-arn "$prefix:stateMachine:$m" >/dev/null; done
sfn delete-activity --activity-arn "$act" >/dev/null
if err=$(sfn describe-state-machine --state-machine-arn "$prefix:stateMachine:smoke-hello" 2>&1); then
	fail "deleted state machine still described"
fi
case "$err" in *StateMachineDoesNotExist*) ;; *) fail "after delete: $err" ;; esac

echo "smoke: boto3"
python3 "$here/smoke_boto3.py" "$endpoint"
echo "smoke: OK"
