# stepd — every target works on a fresh clone with only Go installed.

GO ?= go
PKGS ?= ./...

.PHONY: test deps vet arch unit race bench fuzz build fmt console console-deps console-check console-test

## test: everything CI runs: vet, the architecture test, and all tests under the race detector.
test: deps vet arch race console-check console-test

## deps: test-only tools the tests use when present. The JSONata differential
## test compares with the reference jsonata-js, installed from the lockfile.
JSONATA_JS = query/jsonata/testdata/differential
## The AWS integration tests run DynamoDB against dynalite, installed from its lockfile.
AWS_TEST_SERVERS = internal/runner/awssdk/testdata/servers
deps:
	@if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then \
	  if [ ! -f $(JSONATA_JS)/node_modules/jsonata/package.json ]; then \
	    echo "npm ci in $(JSONATA_JS)"; \
	    (cd $(JSONATA_JS) && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	  fi; \
	else echo "node/npm not found: the JSONata differential test will be skipped"; fi
	@if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then \
	  if [ ! -f $(AWS_TEST_SERVERS)/node_modules/dynalite/package.json ]; then \
	    echo "npm ci in $(AWS_TEST_SERVERS)"; \
	    (cd $(AWS_TEST_SERVERS) && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	  fi; \
	else echo "node/npm not found: the DynamoDB tests of internal/runner/awssdk will be skipped"; fi
	@if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory console-deps; \
	else echo "node/npm not found: the console checks and browser tests will be skipped"; fi

vet:
	$(GO) vet $(PKGS)

## arch: the dependency rules (pure packages never touch os, net, clocks, randomness).
arch:
	$(GO) test -count=1 ./internal/archtest/

race:
	$(GO) test -race -timeout 20m $(PKGS)

unit:
	$(GO) test $(PKGS)

## bench: the performance figures recorded in docs/performance.md.
bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

## fuzz: run every fuzz target for FUZZTIME (default 60s) each.
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$($(GO) list $(PKGS)); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$target"; \
	    $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

build:
	$(GO) build -o bin/stepd ./cmd/stepd

fmt:
	gofmt -w $$(git ls-files '*.go')

## console: rebuild the web console into internal/console/dist (committed,
## embedded by the Go binary). Needs node and npm.
CONSOLE_WEB = internal/console/web
console-deps:
	@if [ ! -f $(CONSOLE_WEB)/node_modules/.package-lock.json ] || \
	    [ $(CONSOLE_WEB)/package-lock.json -nt $(CONSOLE_WEB)/node_modules/.package-lock.json ]; then \
	  echo "npm ci in $(CONSOLE_WEB)"; \
	  (cd $(CONSOLE_WEB) && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	fi

console: console-deps
	cd $(CONSOLE_WEB) && node build.mjs

## console-check: the committed dist must be what the sources build to.
console-check:
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  echo "node/npm not found: console-check skipped"; exit 0; fi; \
	$(MAKE) --no-print-directory console-deps || exit 1; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd $(CONSOLE_WEB) && node build.mjs "$$tmp/dist") || exit 1; \
	if ! diff -r "$$tmp/dist" internal/console/dist >/dev/null; then \
	  diff -rq "$$tmp/dist" internal/console/dist; \
	  echo "internal/console/dist is out of date with internal/console/web/src: run make console and commit"; exit 1; \
	fi; echo "console-check: internal/console/dist is up to date"

## console-test: the console's JavaScript unit tests (node's test runner).
console-test:
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  echo "node/npm not found: console tests skipped"; exit 0; fi; \
	$(MAKE) --no-print-directory console-deps || exit 1; \
	cd $(CONSOLE_WEB) && node --test src/
