# Each target builds .venv on first use (pip is upgraded inside it first: pip 23.2.1
# cannot resolve trafilatura's lxml[html-clean] extra).
#   make demo    clean the five seed documents and print the result
#   make test    ruff + mypy + the whole test suite, then the wheel check (what .ci/run runs)
#   make bench   speed and accuracy benchmarks against the peers
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench venv clean-venv wheel-check

# setup.py builds the two C extensions (cleaner/_ctext*.c, cleaner/_cdom*.c; optional:
# without a compiler the install uses the Python twins): editing the C reinstalls, which
# rebuilds them. The old binaries are deleted first and, where a compiler is (as
# .ci/wheel-check decides), a build that failed stops here: pip --quiet hides the optional
# build's failure, and the last binary, left in cleaner/, would run (and pass the tests
# that compare it with the Python) instead of the C.
$(STAMP): pyproject.toml setup.py $(wildcard cleaner/_ctext*.[ch] cleaner/_cdom*.[ch])
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	rm -f cleaner/_ctext*.so cleaner/_cdom*.so  # a failed rebuild must not leave an old binary
	$(BIN)/python -m pip install --quiet -e '.[test,bench,all]'
	@if command -v "$${CC:-cc}" >/dev/null 2>&1 && \
	    ! $(BIN)/python -c 'import cleaner._ctext, cleaner._cdom' 2>/dev/null; then \
	    echo "make venv: a C compiler ($${CC:-cc}) is here but cleaner._ctext or _cdom did not build" \
	         "(pip install -v -e . shows why)" >&2; exit 1; fi
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m cleaner seeds/

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests benchmarks tools
	$(BIN)/ruff format --check cleaner tests benchmarks tools
	$(BIN)/mypy cleaner benchmarks tools

test: lint
	$(BIN)/python -m pytest
	./.ci/wheel-check

# The wheel, installed non-editable into a fresh venv with trafilatura at its lower bound.
wheel-check:
	./.ci/wheel-check

bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py --out benchmarks/results/speed.md
	$(BIN)/python benchmarks/accuracy.py --out benchmarks/results/accuracy.md
	$(BIN)/python benchmarks/charts.py

clean-venv:
	rm -rf $(VENV)
