# The front door: `make serve` (see the example county) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve site test check clean

# What is typed after a target (make new TITLE="关于$(…)的通知", FILE=…, YEAR=…) is data, never make or shell
# syntax. make would expand each of these variables where it is used and again when it puts it in a recipe's
# environment (running a `$(shell …)` in it, dropping a `$(…)`): each one given becomes a simple variable
# holding exactly the characters typed, exported; the recipes hand it over as "$$VAR", which the shell
# expands once and never reads as code, and as --option="$$VAR", so a value starting with - is a value.
# The tools check what they are given (in Chinese). Defaults first, so that they are exported too.
SIZE ?= S
PREVIEW_SIZE ?= example
EDITS ?= 3
CMS_PORT ?= 8081
CMS_UPSTREAM_PORT ?= 8082
PLATFORM ?= examples/platform/platform.yml
PLATFORM_OUT ?= platform-build
PLATFORM_JOBS ?= 2
# given: typed (on the command line or in the environment), even if empty
given = $(filter-out undefined,$(origin $(1)))
TYPED := FILE OUT NAME SITE_URL CATALOG ORGS CODE IDENTITY LINKS ORG ITEM TITLE KIND DATE YEAR AS_OF JSON FORGE \
	DRY_RUN FORCE SIZE PROFILE BENCH_ARGS PREVIEW_SIZE EDITS CMS_PORT CMS_UPSTREAM_PORT PLATFORM PLATFORM_OUT PLATFORM_JOBS
$(foreach v,$(TYPED),$(if $(call given,$(v)),$(eval override $(v) := $$(value $(v)))$(eval export $(v))))

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# The form editor (Decap CMS under admin/) and its local backend, from package-lock.json, when Node.js
# is installed; without it the site is built without admin/ (the public site never needs it).
# --ignore-scripts: the packages ship built files; vnu-jar's install script would download a Java
# runtime from the internet when none is installed (the tests' Java comes from tests/system-deps.sh).
NPM := $(shell command -v npm 2>/dev/null)
NODE_STAMP := node_modules/.installed
setup: $(if $(NPM),$(NODE_STAMP))

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# After a good build, its pages are added to published-urls.txt (commit it): every later build keeps them answered.
site: setup
	$(if $(AS_OF),GOV_AS_OF="$$AS_OF" )$(BIN)/mkdocs build
	PYTHONPATH=hooks $(BIN)/python -m govsite.checks.published

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# gitlab-ci-local (the platform's and a county's pipelines in tests/build/test_platform_ci.py, make platform) needs
# its regular-expression module (re2) built, which npm ci --ignore-scripts skips: built once, here.
GCL_STAMP := node_modules/.re2-built
$(GCL_STAMP): $(NODE_STAMP)
	npm rebuild re2 --loglevel=error
	touch $(GCL_STAMP)

test: test-deps setup $(if $(NPM),$(GCL_STAMP))
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
	PYTHONPATH=hooks $(BIN)/python -m govsite.checks $(if $(AS_OF),--as-of="$$AS_OF") $(if $(JSON),--json="$$JSON")

# Benchmark (issue 6): make bench [SIZE=S|M|L|S,M,L] [PROFILE=1] [BENCH_ARGS="--compare .bench/results/X.json"]
BENCH_STAMP := $(VENV)/.bench-installed
# BENCH_ARGS is a list of options: the shell splits it into words (unquoted), and runs nothing in it.
BENCH_FLAGS := --size="$$SIZE" $(if $(PROFILE),--profile) $$BENCH_ARGS

$(BENCH_STAMP): requirements-bench.txt $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $(BENCH_STAMP)

.PHONY: bench
bench: setup $(BENCH_STAMP)
	$(BIN)/python -m tests.bench.run $(BENCH_FLAGS)

# CI of a county (issue 13): the steps .gitlab-ci.yml, .gitea/workflows/site.yml and .github/workflows/site.yml
# run (deploy/ci/ci.sh; settings are CI variables, deploy/ci/README.md). ci-check: the checks report in
# ci-report/; ci-build: site/ (an editor's error fails it with the Chinese message); ci-deploy: rsync or S3 upload.
.PHONY: ci-check ci-build ci-deploy
ci-check: setup
	@bash deploy/ci/ci.sh check

ci-build: setup
	@bash deploy/ci/ci.sh build

ci-deploy:
	@bash deploy/ci/ci.sh deploy

# Preview speed (issue 13): mkdocs serve, one document edited, time until the served page shows it.
# make bench-preview [PREVIEW_SIZE=example|S|M] [EDITS=3]
.PHONY: bench-preview
bench-preview: setup $(BENCH_STAMP)
	$(BIN)/python -m tests.bench.preview --size="$$PREVIEW_SIZE" --edits="$$EDITS"

clean:
	rm -rf site .site.* $(VENV)

# A new document (issue 13): make new ORG=chengguan ITEM=fdzdgk-33 TITLE="关于……的通知" [DATE=YYYY-MM-DD] [KIND=意见征集];
# in a terminal, what is not given is chosen from numbered lists. Nothing is ever overwritten.
.PHONY: new codeowners cms
new: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.new $(if $(call given,ORG),--org="$$ORG") \
		$(if $(call given,ITEM),--item="$$ITEM") $(if $(call given,TITLE),--title="$$TITLE") $(if $(KIND),--kind="$$KIND") \
		$(if $(DATE),--date="$$DATE")

# .github/, .gitlab/ and .gitea/CODEOWNERS from the 编辑 of every _org.yml [FORGE=github|gitlab|gitea].
codeowners: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.codeowners $(if $(FORGE),--forge="$$FORGE")

# The form editor in the local preview: decap-server (writes into content/, on this machine only) behind
# the product's guard (govsite/tools/cms_guard.py: no document written over another, the build's checks
# before a save, uploads never replace, nothing published deleted), beside `make serve`; open
# http://127.0.0.1:8000/admin/. CMS_PORT (the guard's) must match extra.gov.cms.local_backend; decap-server
# listens on CMS_UPSTREAM_PORT, which only the guard uses. `make cms AS_OF=2026-06-30`: the guard's checks before
# a save and the preview's build judge dates as of that day (GOV_AS_OF, as `make site` passes it); a malformed
# date stops it before anything starts, with the message the build gives.
cms: setup
	@$(if $(AS_OF),GOV_AS_OF="$$AS_OF" )PYTHONPATH=hooks $(BIN)/python -m govsite.tools.cms_guard --check --root=.
	@test -x node_modules/.bin/decap-server || { echo "表单编辑器需要 Node.js 和 npm：安装后运行 make setup。"; exit 1; }
	@echo "表单编辑器：http://127.0.0.1:8000/admin/"
	$(if $(AS_OF),export GOV_AS_OF="$$AS_OF"; )BIND_HOST=127.0.0.1 PORT="$$CMS_UPSTREAM_PORT" GIT_REPO_DIRECTORY="$$(pwd)" node_modules/.bin/decap-server & \
		decap=$$!; PYTHONPATH=hooks $(BIN)/python -m govsite.tools.cms_guard --port="$$CMS_PORT" \
		--upstream="$$CMS_UPSTREAM_PORT" --root=. & guard=$$!; \
		trap 'kill $$decap $$guard' EXIT INT TERM; $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# The data file of a 政府信息公开工作年度报告 (issue 15): make annual-report ORG=minzheng YEAR=2025 writes
# content/<organisation folder>/年报/2025.yml, table 二 pre-filled from the content; never overwrites.
.PHONY: annual-report
annual-report: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.annual_report $(if $(call given,ORG),--org="$$ORG") \
		$(if $(YEAR),--year="$$YEAR")

# A county's own spreadsheets (issue 12). make import-catalog FILE=目录.xlsx (or .csv: one sheet per domain)
# writes catalog/*.yml and reports every cell it did not map; make export-catalog [OUT=catalog.xlsx] writes
# the catalog back in the same shape; make import-orgs FILE=单位.xlsx writes the _org.yml folders.
# Nothing is written when the spreadsheet has errors (each names file, sheet, row and column).
.PHONY: import-catalog export-catalog import-orgs new-county
import-catalog: setup
	@test -n "$$FILE" || { echo "用法：make import-catalog FILE=标准目录.xlsx"; exit 1; }
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.catalog_sheet import $(if $(DRY_RUN),--dry-run) -- "$$FILE"

export-catalog: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.catalog_sheet export $(if $(OUT),--out="$$OUT")

import-orgs: setup
	@test -n "$$FILE" || { echo "用法：make import-orgs FILE=单位.xlsx"; exit 1; }
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.import_orgs $(if $(DRY_RUN),--dry-run) -- "$$FILE"

# A fresh clone → this county's blank site: make new-county NAME=某某县 SITE_URL=https://… CATALOG=目录.xlsx
# ORGS=单位.xlsx [CODE=县政府信用代码 (without ORGS)] [IDENTITY="主办单位=… 联系方式=…"] [LINKS="依申请公开=https://…"];
# in a terminal, what is not given is asked for. The example county moves to examples/county/.
new-county: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.new_county $(if $(call given,NAME),--name="$$NAME") \
		$(if $(SITE_URL),--site-url="$$SITE_URL") $(if $(CATALOG),--catalog="$$CATALOG") \
		$(if $(ORGS),--orgs="$$ORGS") $(if $(CODE),--code="$$CODE") \
		$(if $(IDENTITY),--identities="$$IDENTITY") $(if $(LINKS),--links="$$LINKS") $(if $(FORCE),--force)

# docs/admin-guide.md's table of every extra.gov key, from its declaration (hooks/govsite/parse/settings.py).
.PHONY: settings-doc
settings-doc: setup
	PYTHONPATH=hooks $(BIN)/python -m govsite.tools.settings_doc docs/admin-guide.md

# The platform (集约化, issue 27; docs/platform.md): many county sites built, checked and reported together.
# make platform [PLATFORM=examples/platform/platform.yml] [PLATFORM_JOBS=2]: the platform's own GitLab CI pipeline
# (examples/platform/.gitlab-ci.yml: generate → the child pipeline of the changed sites → report → deploy) run
# on this machine by gitlab-ci-local (npm, package.json) with PLATFORM_JOBS jobs at once; without Node.js or
# rsync, the same steps in turn (every changed site, then the report). Results: $(PLATFORM_OUT)/.
# make platform-pipeline: only the child pipeline file ($(PLATFORM_OUT)/child.yml); make platform-check: platform.yml.
.PHONY: platform platform-pipeline platform-check
GCL := node_modules/.bin/gitlab-ci-local
PLATFORM_PY = PYTHONPATH=hooks $(BIN)/python -m govsite.platform

platform-check: setup
	$(PLATFORM_PY) check --config="$$PLATFORM"

platform-pipeline: setup
	mkdir -p "$$PLATFORM_OUT"
	$(PLATFORM_PY) pipeline --config="$$PLATFORM" --state="$$PLATFORM_OUT" --out="$$PLATFORM_OUT/child.yml"
	@echo "子流水线：$$PLATFORM_OUT/child.yml"

platform: setup $(if $(NPM),$(GCL_STAMP))
	@if [ -x $(GCL) ] && command -v rsync >/dev/null; then \
		echo "用 gitlab-ci-local 运行平台流水线（$$PLATFORM_JOBS 个作业并行）"; \
		$(if $(AS_OF),GOV_AS_OF="$$AS_OF" )$(GCL) --force-shell-executor --concurrency="$$PLATFORM_JOBS" --file examples/platform/.gitlab-ci.yml \
			--variable PLATFORM="$$PLATFORM" --variable PLATFORM_OUT="$$PLATFORM_OUT" || exit 1; \
	else \
		echo "没有 gitlab-ci-local（Node.js）或 rsync：逐个生成有变化的网站"; \
		mkdir -p "$$PLATFORM_OUT" && $(PLATFORM_PY) pipeline --config="$$PLATFORM" --state="$$PLATFORM_OUT" --matrix \
			--out="$$PLATFORM_OUT/changed.json" || exit 2; \
		for site in $$($(BIN)/python -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))))' "$$PLATFORM_OUT/changed.json"); do \
			$(PLATFORM_PY) build --config="$$PLATFORM" --out="$$PLATFORM_OUT" --site="$$site"; \
		done; \
		$(PLATFORM_PY) report --out="$$PLATFORM_OUT"; \
	fi
	$(PLATFORM_PY) status --config="$$PLATFORM" --out="$$PLATFORM_OUT"
