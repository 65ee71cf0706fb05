# stepd — every target works on a fresh clone with only Go installed.

GO ?= go
PKGS ?= ./...

.PHONY: test deps vet arch unit race bench fuzz build fmt

## test: everything CI runs: vet, the architecture test, and all tests under the race detector.
test: deps vet arch race

## deps: test-only tools the tests use when present. The JSONata differential
## test compares with the reference jsonata-js, installed from the lockfile.
JSONATA_JS = query/jsonata/testdata/differential
deps:
	@if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then \
	  if [ ! -f $(JSONATA_JS)/node_modules/jsonata/package.json ]; then \
	    echo "npm ci in $(JSONATA_JS)"; \
	    (cd $(JSONATA_JS) && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	  fi; \
	else echo "node/npm not found: the JSONata differential test will be skipped"; fi

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
