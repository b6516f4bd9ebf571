# The two commands a newcomer needs: `make serve` and `make test`.
# Everything they need is installed from this file (a fresh clone works).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# npm writes this file on every install; it stands for "node_modules is current".
NODE_STAMP := node_modules/.package-lock.json
DEPS   := $(STAMP) $(NODE_STAMP)

.PHONY: serve build test test-fast check install clean bench scorm

# PROCEDURE=<folder name> previews just that procedure: in a manual of hundreds,
# an edit then reloads in about a second instead of a whole build's time.
serve: $(DEPS)  ## build and serve on http://127.0.0.1:8000, reloading on edits
	./scripts/ensure-system-packages.sh build
	$(BIN)/policy serve --dev-addr 127.0.0.1:8000 $(if $(PROCEDURE),--procedure $(PROCEDURE))

build: $(DEPS)  ## build site/ (atomically: a failed build leaves site/ as it was)
	./scripts/ensure-system-packages.sh build
	$(BIN)/policy build

# The self-assessment as a SCORM 1.2 package for the district's LMS, in dist/
# (PROCEDURE=<folder name> when more than one procedure has questions).
scorm: $(DEPS)  ## write dist/<procedure>-scorm12.zip to upload to an LMS
	./scripts/ensure-system-packages.sh build
	mkdir -p dist
	$(BIN)/policy scorm --force -o dist $(if $(PROCEDURE),--procedure $(PROCEDURE))

check: $(DEPS)  ## validate policy_src/ and list every problem
	$(BIN)/policy check

test: $(DEPS)  ## install what the tests need, then run every test
	./scripts/ensure-system-packages.sh test
	$(BIN)/python -m pytest

# The edit loop: no browser, no site build, no Pyodide, no PDF (markers in pyproject.toml).
test-fast: $(STAMP)  ## the quick tests only, in seconds
	$(BIN)/python -m pytest -q -m "not browser and not site and not pyodide and not pdf"

install: $(DEPS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# The pinned Pyodide (package.json / package-lock.json). `npm ci` also puts
# the verified tarball in npm's cache, which the build copies the runtime from.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .site-* $(VENV) node_modules *.egg-info test-artifacts .cache

# Each prints its table and rewrites its own section of bench/results.md.
bench: $(DEPS)  ## benchmarks (not part of make test)
	$(BIN)/python bench/build_time.py --runs 5
	$(BIN)/python bench/scale.py --runs 3
	$(BIN)/python bench/manual_scale.py --runs 3
	$(BIN)/python bench/engine_ready.py --runs 5
	$(BIN)/python bench/network_ready.py --runs 5
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/pdf_time.py --runs 5
	$(BIN)/python bench/pdf_compare.py --runs 5 --cold-runs 3
