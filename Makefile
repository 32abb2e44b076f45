# hookctl — the two set-up commands are `make demo` and `make test`.
GO        ?= go
BIN       := bin/hookctl
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
DATE      ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS   := -s -w -X github.com/hookctl/hookctl/internal/cli.Version=$(VERSION) \
             -X github.com/hookctl/hookctl/internal/cli.Commit=$(COMMIT) \
             -X github.com/hookctl/hookctl/internal/cli.Date=$(DATE)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all build test unit lint demo bench fuzz generate check-generated release-check clean

all: build

## build: compile bin/hookctl, statically linked as releases are (no cgo:
## nothing in hookctl needs it, and a static binary skips the dynamic loader
## at every start, about 1 ms; docs/performance.md)
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/hookctl

## test: lint, generated files fresh, then every unit, end-to-end and
## real-shell test with the race detector (installs the shells it needs)
test: lint check-generated
	bash scripts/install-test-deps.sh
	$(GO) test -race -count=1 -timeout 45m ./...

## lint: gofmt, go vet and staticcheck must be clean
lint:
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$fmt" ]; then echo "gofmt needed:"; echo "$$fmt"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## demo: a narrated tour of every command on the built-in sandbox
demo: build
	@bash scripts/demo.sh $(BIN)

## bench: Go benchmarks, then the built binary timed beside its baselines,
## and listen under load beside a bare receiver
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@bash bench/run.sh $(BIN)
	@bash bench/listen.sh $(BIN)

## generate: rebuild completions/ and docs/ from the command tree
generate:
	$(GO) run ./cmd/gendocs

## check-generated: fail if completions/ or docs/ are stale
check-generated: generate
	@git diff --exit-code -- completions docs || { echo "generated files are stale: run make generate and commit"; exit 1; }

## fuzz: run every fuzz target for a bounded time
fuzz:
	bash scripts/fuzz.sh

## release-check: goreleaser check, a snapshot build into dist/ and a smoke
## test of it (the .deb unpacked file by file, version, man -l, checksums,
## SBOMs, cask); slow, so not part of test (README, Development)
release-check:
	bash scripts/release-check.sh

## clean: remove build output
clean:
	rm -rf bin dist
