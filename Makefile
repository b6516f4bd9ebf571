# The two commands a newcomer needs: `make serve` and `make test`.
# Everything they need is installed from this file (a fresh clone works).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve build test check install clean bench

serve: $(STAMP)  ## build and serve on http://127.0.0.1:8000, reloading on edits
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)  ## build site/ (atomically: a failed build leaves site/ as it was)
	$(BIN)/policy build

check: $(STAMP)  ## validate policy_src/ and list every problem
	$(BIN)/policy check

test: $(STAMP)  ## install what the tests need, then run every test
	./scripts/ensure-system-packages.sh
	$(BIN)/python -m pytest

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

clean:
	rm -rf site .site-* $(VENV) node_modules *.egg-info test-artifacts

bench: $(STAMP)  ## benchmarks (not part of make test)
	$(BIN)/python bench/build_time.py --runs 5
