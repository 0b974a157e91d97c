# The two commands of the README: `make demo` and `make test`. Both bootstrap themselves.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export INNOCENCE_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test bootstrap lint types serve bench eval lock screenshots

bootstrap:
	@./scripts/bootstrap.sh

demo: bootstrap
	$(BIN)/innocence migrate --no-input
	$(BIN)/innocence demo
	INNOCENCE_DEMO=1 $(BIN)/innocence serve

test: bootstrap
	@./scripts/test.sh

lint: bootstrap
	$(BIN)/ruff check .

types: bootstrap
	$(BIN)/mypy innocence

bench: bootstrap
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

eval: bootstrap
	@for e in eval/eval_*.py; do echo "== $$e"; $(BIN)/python $$e || exit 1; done

# Pictures of the demo's main pages for the README (docs/screenshots/), from the demo data.
screenshots: bootstrap
	$(BIN)/python scripts/screenshots.py

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	$(BIN)/pip install -e '.[dev]' && $(BIN)/pip freeze --exclude-editable | grep -v '^innocence-files' > requirements.lock
