#!/usr/bin/env bash
# Runs the nested-workflow example against a local stepd: starts
# `go run ./cmd/stepd serve` on a free port with a temporary data
# directory, creates nested-child and nested-parent with the AWS CLI,
# starts the parent, waits for it and prints its output.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
server_pgid=""
cleanup() {
	# The server runs in its own process group (go run and the stepd it builds).
	if [ -n "$server_pgid" ]; then kill -TERM -- "-$server_pgid" 2>/dev/null || true; wait 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=AKIDSTEPDEXAMPLE AWS_SECRET_ACCESS_KEY=stepd-example AWS_SESSION_TOKEN=
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"
set -m # background jobs get their own process group
(cd "$root" && exec go run ./cmd/stepd serve --listen "127.0.0.1:$port" --data-dir "$tmp/data") >"$tmp/serve.log" 2>&1 &
server_pgid=$!
set +m
for _ in $(seq 1 600); do
	if curl -fsS "$endpoint/readyz" >/dev/null 2>&1; then break; fi
	sleep 0.1
done
curl -fsS "$endpoint/readyz" >/dev/null || { cat "$tmp/serve.log" >&2; echo "stepd did not start" >&2; exit 1; }

# --no-cli-pager exists in AWS CLI v2 only (v1 never pages).
pager=()
case "$(aws --version 2>&1)" in aws-cli/1.*) ;; *) pager=(--no-cli-pager) ;; esac
sfn() { aws stepfunctions --endpoint-url "$endpoint" --region us-east-1 "${pager[@]}" --output text "$@"; }
role=arn:aws:iam::123456789012:role/stepd-example

# parent.asl.json names the child by its ARN under stepd's default region
# and account (us-east-1, 123456789012).
sfn create-state-machine --name nested-child --role-arn "$role" \
	--definition "file://$here/child.asl.json" --query stateMachineArn >/dev/null
parent=$(sfn create-state-machine --name nested-parent --role-arn "$role" \
	--definition "file://$here/parent.asl.json" --query stateMachineArn)
execution=$(sfn start-execution --state-machine-arn "$parent" --name run-1 \
	--input "file://$here/input.json" --query executionArn)

for _ in $(seq 1 200); do
	status=$(sfn describe-execution --execution-arn "$execution" --query status)
	[ "$status" != RUNNING ] && break
	sleep 0.05
done
echo "status: $status"
sfn describe-execution --execution-arn "$execution" --query output
[ "$status" = SUCCEEDED ]
