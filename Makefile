# Two commands do all set-up on a fresh machine:
#   make demo   installs everything, then starts the sandbox and JupyterLab on the guided notebook
#   make test   installs everything (and Debian's chromium if missing), then runs the test suite
VENV ?= .venv
PYTHON ?= python3

.PHONY: install demo test lint bench differential clean

$(VENV)/.installed: pyproject.toml $(wildcard extension/package.json extension/yarn.lock extension/src/*.ts extension/style/* extension/schema/*)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	rm -rf src/seccheck/labextension
	$(VENV)/bin/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/seccheck demo

test: install
	VENV=$(VENV) scripts/test.sh

lint: install
	$(VENV)/bin/ruff check src tests benchmarks

bench: install
	$(VENV)/bin/python benchmarks/run_scale.py

# Prowler (in its own virtualenv) and seccheck on the same sandbox estates; every disagreement
# listed, explained or not (benchmarks/differential/run.py). Minutes, not part of `make test`.
differential: install
	$(VENV)/bin/python benchmarks/differential/run.py

clean:
	rm -rf $(VENV) src/seccheck/labextension extension/lib extension/node_modules test-artifacts
