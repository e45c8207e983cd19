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

# The form editor (Decap CMS under admin/) and its local backend, from package-lock.json, when Node.js
# is installed; without it the site is built without admin/ (the public site never needs it).
NPM := $(shell command -v npm 2>/dev/null)
NODE_STAMP := node_modules/.installed
setup: $(if $(NPM),$(NODE_STAMP))

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

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

# A new document (issue 13): make new ORG=chengguan ITEM=fdzdgk-33 TITLE="关于……的通知" [DATE=YYYY-MM-DD];
# in a terminal, what is not given is chosen from numbered lists. Nothing is ever overwritten.
.PHONY: new codeowners cms
given = $(filter-out undefined,$(origin $(1)))
new: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.new $(if $(call given,ORG),--org "$$ORG") \
		$(if $(call given,ITEM),--item "$$ITEM") $(if $(call given,TITLE),--title "$$TITLE") $(if $(DATE),--date $(DATE))

# .github/, .gitlab/ and .gitea/CODEOWNERS from the 编辑 of every _org.yml [FORGE=github|gitlab|gitea].
codeowners: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.codeowners $(if $(FORGE),--forge $(FORGE))

# The form editor in the local preview: decap-server (writes into content/, on this machine only)
# beside `make serve`; open http://127.0.0.1:8000/admin/. CMS_PORT must match extra.gov.cms.local_backend.
CMS_PORT ?= 8081
cms: site
	@test -x node_modules/.bin/decap-server || { echo "表单编辑器需要 Node.js 和 npm：安装后运行 make setup。"; exit 1; }
	@echo "表单编辑器：http://127.0.0.1:8000/admin/"
	BIND_HOST=127.0.0.1 PORT=$(CMS_PORT) GIT_REPO_DIRECTORY=$(CURDIR) node_modules/.bin/decap-server & \
		trap 'kill $$!' EXIT INT TERM; $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000
