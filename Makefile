# Seda: the two commands. `make demo` and `make test` create the environment when it is missing.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# python3.12 if it answers; else python3 when it is 3.12+ (pyenv reads .python-version here).
PYTHON ?= $(shell for p in python3.12 python3 python; do \
	  $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; break; }; \
	done)

.PHONY: demo test env clean

env: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: Python 3.12 or newer is needed (tried python3.12, python3, python)" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/seda demo

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV) data/*.db
