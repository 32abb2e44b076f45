# hookctl — the two set-up commands are `make demo` and `make test`.
GO        ?= go
BIN       := bin/hookctl
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
DATE      ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS   := -s -w -X github.com/hookctl/hookctl/pkg/cli.Version=$(VERSION) \
             -X github.com/hookctl/hookctl/pkg/cli.Commit=$(COMMIT) \
             -X github.com/hookctl/hookctl/pkg/cli.Date=$(DATE)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all build test unit lint demo bench fuzz generate check-generated release-check clean

all: build

## build: compile bin/hookctl
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/hookctl

## test: vet, then every unit and end-to-end test with the race detector
test: lint
	$(GO) test -race -count=1 ./...

## lint: gofmt, go vet and staticcheck must be clean
lint:
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$fmt" ]; then echo "gofmt needed:"; echo "$$fmt"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## demo: a narrated tour of every command on the built-in sandbox
demo: build
	@bash scripts/demo.sh $(BIN)

## bench: Go benchmarks, then the built binary timed beside its baselines
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@bash bench/run.sh $(BIN)

## clean: remove build output
clean:
	rm -rf bin dist
