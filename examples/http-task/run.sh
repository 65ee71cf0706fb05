#!/usr/bin/env bash
# Runs the http-task example: starts the example's orders API on a free
# local port, then runs workflow.asl.json with `stepd run`, whose HTTP
# Tasks call that API through the orders-api connection of stepd.yaml.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
server_pgid=""
cleanup() {
	# The API runs in its own process group (go run and the binary it builds).
	if [ -n "$server_pgid" ]; then kill -TERM -- "-$server_pgid" 2>/dev/null || true; wait 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# The connection reads the key from the environment (value: ${ORDERS_API_KEY}).
export ORDERS_API_KEY=${ORDERS_API_KEY:-example-key-$RANDOM$RANDOM}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
set -m # background jobs get their own process group
(cd "$root" && exec go run ./examples/http-task/server -listen "127.0.0.1:$port") >"$tmp/api.log" 2>&1 &
server_pgid=$!
set +m
for _ in $(seq 1 600); do
	# Any HTTP answer (401 without the key) means the API is up.
	if curl -s -o /dev/null "http://127.0.0.1:$port/orders/none"; then break; fi
	sleep 0.1
done
curl -s -o /dev/null "http://127.0.0.1:$port/orders/none" || { cat "$tmp/api.log" >&2; echo "the orders API did not start" >&2; exit 1; }

cd "$root"
go run ./cmd/stepd --config examples/http-task/stepd.yaml run examples/http-task/workflow.asl.json \
	--input "{\"apiBase\": \"http://127.0.0.1:$port\", \"item\": \"widget\", \"quantity\": 3}" "$@"
