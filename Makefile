# The front door: `make serve` (see the example county) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve site test check clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

site: setup
	$(if $(AS_OF),GOV_AS_OF=$(AS_OF) )$(BIN)/mkdocs build

serve: site
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: test-deps setup
	$(BIN)/python -m pytest -q

# Chromium and nginx for the browser tests: installed (apt-get) as root or with passwordless sudo,
# otherwise one line saying what to run. Never prompts. GOVSITE_CHROMIUM / GOVSITE_NGINX override.
.PHONY: test-deps
test-deps:
	@bash tests/system-deps.sh

# The fast tier: in-process tests of tests/unit/ (no build, no browser), in well under a minute.
.PHONY: test-fast
test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

# Regulatory checks without building: `make check`, `make check AS_OF=2026-06-30`, `make check JSON=report.json`.
# Exit status 1 when a rule set to error is broken (warnings only: 0).
check: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.checks $(if $(AS_OF),--as-of $(AS_OF)) $(if $(JSON),--json $(JSON))

# Benchmark (issue 6): make bench [SIZE=S|M|L|S,M,L] [PROFILE=1] [BENCH_ARGS="--compare .bench/results/X.json"]
SIZE ?= S
BENCH_STAMP := $(VENV)/.bench-installed
BENCH_FLAGS := --size $(SIZE) $(if $(PROFILE),--profile) $(BENCH_ARGS)

$(BENCH_STAMP): requirements-bench.txt $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $(BENCH_STAMP)

.PHONY: bench
bench: setup $(BENCH_STAMP)
	$(BIN)/python -m tests.bench.run $(BENCH_FLAGS)

clean:
	rm -rf site .site.* $(VENV)
