# Kring — the two commands a new user needs are `make run` and `make test`.
GO      ?= go
BIN     := bin/kring
ADDR    ?= 127.0.0.1:8080
DATA    ?= ./data
# staticcheck, pinned: `go run` fetches this exact version through the Go module proxy, so a
# fresh machine needs nothing installed and the lint result does not drift.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME    ?= 5s

.PHONY: run build test bench loadtest vet lint fuzz fmt-check content-check reset-demo vendor screenshots clean

## run: build and start Kring with the demo data set on http://127.0.0.1:8080
run: build
	./$(BIN) -demo -addr $(ADDR) -data $(DATA)

## build: compile the single binary into bin/kring
build:
	$(GO) build -o $(BIN) ./server/cmd/kring

## test: everything CI runs: gofmt, vet, the content check and all tests (unit, integration, browser) with the race detector
test: fmt-check vet content-check
	$(GO) test -race -count=1 -timeout 30m ./...

## lint: staticcheck over every package (CI runs it before the tests)
lint:
	$(GO) run $(STATICCHECK) ./...

## fuzz: run each fuzz target for FUZZTIME (5s); `make test` runs their committed seeds only
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzSafeNext$$' -fuzztime $(FUZZTIME) ./server/
	$(GO) test -run '^$$' -fuzz '^FuzzScreen$$' -fuzztime $(FUZZTIME) ./server/privacy/
	$(GO) test -run '^$$' -fuzz '^FuzzContent$$' -fuzztime $(FUZZTIME) ./modules/
	$(GO) test -run '^$$' -fuzz '^FuzzFrames$$' -fuzztime $(FUZZTIME) ./server/room/
	$(GO) test -run '^$$' -fuzz '^FuzzReportMarkdown$$' -fuzztime $(FUZZTIME) ./server/room/

## bench: the Go benchmarks (dashboards at realistic size, pages against a static file, room decide/apply/commit, privacy screen) and a short room load run (20 meetings x 12 people, 10 s) against the reference server; see docs/performance.md
bench: build
	$(GO) test -run '^$$' -bench 'BenchmarkDashboards|BenchmarkPages' -benchtime 2s -count 1 ./server/
	$(GO) test -run '^$$' -bench . -benchtime 1s -count 1 ./server/room/ ./server/privacy/
	./$(BIN) loadtest -rooms 20 -people 12 -rate 1 -duration 10s

## loadtest: the room at the issue's sizes (100 and 250 meetings of 12, a card a second each for 30 s) against the reference server; several minutes each
loadtest: build
	./$(BIN) loadtest -rooms 100 -people 12 -rate 1 -duration 30s
	./$(BIN) loadtest -rooms 250 -people 12 -rate 1 -duration 30s

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## content-check: validate the learning content, methods and question bank
content-check: build
	./$(BIN) content check

## reset-demo: throw the demo database away; the next `make run` starts fresh
reset-demo:
	rm -rf $(DATA)

## vendor: refresh the NL Design System CSS in static/vendor from the npm registry (needs npm)
vendor:
	sh static/vendor/vendor.sh

## screenshots: render the login page and a trainee's home page at 390 and 1280 px into docs/screenshots
screenshots:
	KRING_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run TestScreenshots ./server/

clean:
	rm -rf bin

## bench-pages: wrk against a running Kring: the login and a lesson page as a ratio of a static file's requests per second, and the start-up time (needs wrk; docs/performance.md)
.PHONY: bench-pages
bench-pages: build
	./docs/bench/pages.sh
