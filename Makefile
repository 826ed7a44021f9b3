# hourglass: build, test and run the Central Asian trafficking model.
GO ?= go
N ?= 100

.PHONY: all build run test bench check fmt vet clean

all: test

build:
	$(GO) build -o bin/hourglass ./cmd/hourglass

## run: the main job: the embedded baseline, N replications; prints where the results are
run:
	$(GO) run ./cmd/hourglass run -n $(N)

## test: vet, formatting, and every test
test: vet
	@unformatted=$$(gofmt -l cmd sim scenarios); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) test ./...

vet:
	$(GO) vet ./...

## bench: the benchmarks (one baseline replication, ...); figures go in BENCHMARKS.md
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## check: validate every shipped scenario file
check:
	$(GO) run ./cmd/hourglass check scenarios/baseline.toml

fmt:
	gofmt -w cmd sim scenarios

clean:
	rm -rf bin
