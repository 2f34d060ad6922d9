# Seda: the two commands. `make demo` and `make test` create the environment when it is missing.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# python3.12 if it answers; else python3 when it is 3.12+ (pyenv reads .python-version here).
PYTHON ?= $(shell for p in python3.12 python3 python; do \
	  $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; break; }; \
	done)

PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

.PHONY: demo test test-pg env sysdeps clean

env: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: Python 3.12 or newer is needed (tried python3.12, python3, python)" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Debian's Chromium renders the digest and drives the dashboard's browser tests. Installed when missing
# and possible (root with apt); otherwise those tests are skipped and say why.
sysdeps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; } || \
	    echo "note: could not install chromium; the browser tests will be skipped" >&2; \
	  else echo "note: chromium is missing; the browser tests will be skipped" >&2; fi; }

demo: $(STAMP)
	$(VENV)/bin/seda demo

test: $(STAMP) sysdeps
	$(PY) -m pytest

# The whole suite with PostgreSQL as the test database (a fresh database per test).
test-pg: $(STAMP) sysdeps
	SEDA_TEST_DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest

clean:
	rm -rf $(VENV) data/*.db data/demo
