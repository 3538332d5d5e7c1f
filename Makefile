# Two entry points, each builds .venv on first use:
#   make demo   clean the five seed documents and print the result
#   make test   ruff + mypy + the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench venv clean-venv

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m cleaner --explain seeds/ 2>&1 | head -n 400 || true
	@echo "---- cleaned text of each seed ----"
	@for f in seeds/*.txt; do echo "==== $$f"; $(BIN)/python -m cleaner "$$f"; done

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests benchmarks
	$(BIN)/ruff format --check cleaner
	$(BIN)/mypy cleaner

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/accuracy.py

clean-venv:
	rm -rf $(VENV)
