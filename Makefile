# stackaudit: the two commands a newcomer needs are `make demo` and `make test`.
GO        ?= go
BIN       := bin/stackaudit
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS   := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT)
FUZZTIME  ?= 60s
# The audit date of the demo, so that its findings do not drift with the calendar.
DEMO_AS_OF ?= 2026-11-20

.PHONY: build test demo bench fuzz fmt clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/stackaudit

test:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@# -timeout: a package's default 10 minutes is too short for the CLI's
	@# end-to-end scripts under -race on a 2-core machine that is busy with
	@# something else; nothing here waits on the clock.
	$(GO) test -race -count=1 -timeout 40m ./...
	@# A few seconds of the fast parser's differential fuzz against hclsyntax
	@# (its seed corpus already ran above); make fuzz runs it long. A count,
	@# not a duration: a -fuzztime deadline can fail a starved worker mid-input.
	$(GO) test -run '^$$' -fuzz '^FuzzFastParse$$' -fuzztime 20000x ./inventory/internal/fastparse

demo: build
	@echo "== stackaudit validate examples/acme"
	@$(BIN) validate examples/acme
	@echo
	@echo "== stackaudit fmt -check examples/"
	@$(BIN) fmt -check examples/ && echo "examples/ is formatted canonically"
	@echo
	@echo "== stackaudit check examples/acme --as-of $(DEMO_AS_OF)  (with its committed usage snapshot)"
	@$(BIN) check examples/acme --as-of $(DEMO_AS_OF) --fail-on none
	@mkdir -p demo-out
	@$(BIN) check examples/acme --as-of $(DEMO_AS_OF) --fail-on none --format sarif -o demo-out/acme.sarif
	@$(BIN) check examples/acme --as-of $(DEMO_AS_OF) --fail-on none --format markdown -o demo-out/acme.md
	@echo
	@echo "== stackaudit audit examples/acme --sandbox --as-of $(DEMO_AS_OF) -o demo-out/acme-audit.xlsx"
	@echo "   (scans the built-in vendor simulator over loopback HTTP: no credentials, no network)"
	@$(BIN) audit examples/acme --sandbox --as-of $(DEMO_AS_OF) -o demo-out/acme-audit.xlsx
	@echo
	@echo "== stackaudit dashboard examples/acme --as-of $(DEMO_AS_OF) -o demo-out/site"
	@$(BIN) dashboard examples/acme --as-of $(DEMO_AS_OF) -o demo-out/site
	@echo
	@echo "Wrote demo-out/acme.sarif (GitHub code scanning), demo-out/acme.md (PR comment),"
	@echo "the audit workbook: $(CURDIR)/demo-out/acme-audit.xlsx"
	@echo "and the dashboard: $(CURDIR)/demo-out/site/index.html"

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./...

# Every fuzz target of every package, each for FUZZTIME (FUZZTIME=10m make fuzz
# for a long run). The targets are found with `go test -list`, so a new one
# runs without being listed here.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for name in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$name ($$pkg, $(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin demo-out
