# Two commands set everything up: `make run` starts the app, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/callnotes

demo: $(STAMP)
	$(BIN)/callnotes demo && $(BIN)/callnotes

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports

# Speed figures beside baselines from the same run (../shared/QUALITY.md); the generated
# databases are cached in .bench-cache/, the figures also written to $(BENCH_JSON).
# SIZE: the timeline entries of the database the figures run on (100k, 1M, 5M…).
BENCH_JSON ?= bench-results.json
SIZE ?= 100k
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks --json $(BENCH_JSON) --size $(SIZE)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache
