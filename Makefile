# Two commands do everything from a fresh clone:
#   make demo   - create .venv, install deploylint, lint fixtures/demo
#   make test   - create .venv with the test extras, run ruff, mypy --strict and pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP_DEMO := $(VENV)/.installed-demo
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test lint typecheck pytest docs docs-check bench bench-peers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# an editable install made for the tests serves the demo too (a plain install over it would leave
# the tests' subprocesses running a stale copy)
$(STAMP_DEMO): $(BIN)/python pyproject.toml
	if [ ! -f $(STAMP_TEST) ]; then $(BIN)/python -m pip install -q .; fi
	touch $@

$(STAMP_TEST): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@ $(STAMP_DEMO)

# the demo plants info-level advice too (layer order, caches, single-stage builds): show it
demo: $(STAMP_DEMO)
	$(BIN)/deploylint check --min-severity info fixtures/demo || test $$? -eq 1
	@echo "--- what 'deploylint check --fix --unsafe-fixes' would change (nothing is written):"
	$(BIN)/deploylint check --diff --unsafe-fixes -q fixtures/demo || test $$? -eq 1

lint: $(STAMP_TEST)
	$(BIN)/ruff check deploylint tests scripts benchmarks
	$(BIN)/ruff format --check deploylint tests scripts benchmarks

typecheck: $(STAMP_TEST)
	$(BIN)/mypy --strict deploylint

pytest: $(STAMP_TEST)
	$(BIN)/python -m pytest -n auto -p no:cacheprovider

docs: $(STAMP_TEST)
	$(BIN)/python scripts/gen_docs.py
	$(BIN)/mkdocs build --strict --site-dir $(VENV)/site

# the docs site must build without warnings (broken links, missing pages)
docs-check: $(STAMP_TEST)
	$(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

test: lint typecheck pytest docs-check

bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/run.py

# deploylint beside hadolint, compose-lint, gixy-ng and zizmor (installed into benchmarks/.venv-peers)
bench-peers: $(STAMP_TEST)
	$(BIN)/python benchmarks/peers.py

clean:
	rm -rf $(VENV) build dist *.egg-info
