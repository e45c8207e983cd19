# The front door: `make serve` (see the example county) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve site test clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

site: setup
	$(BIN)/mkdocs build

serve: site
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: setup
	$(BIN)/python -m pytest -q

clean:
	rm -rf site .site.* $(VENV)
