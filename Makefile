# Two commands on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run    set up .venv and run the product (kiosk, sign service, admin web)
#   make test   set up .venv and the test's system packages, then lint and run every test
#   sudo make install   install the lobby PC as an appliance (docs/install.md)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CONFIG ?= config.toml

.PHONY: run test setup system-deps-run system-deps-test lint format bench clean install

$(STAMP): pyproject.toml
	PYTHON=$(PYTHON) scripts/system-deps.sh run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

system-deps-test:
	PYTHON=$(PYTHON) scripts/system-deps.sh test

run: setup
	$(BIN)/python run_kiosk.py --config $(CONFIG)

test: setup system-deps-test lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python bench/bench_vote.py
	$(BIN)/python bench/bench_kiosk_frames.py
	$(BIN)/python bench/bench_kiosk_idle.py
	$(BIN)/python bench/bench_kiosk_start.py
	$(BIN)/python bench/bench_sign_wire.py
	$(BIN)/python bench/bench_sign_latency.py
	$(BIN)/python bench/bench_results_1m.py
	$(BIN)/python bench/bench_reports_1m.py

install:
	PYTHON=$(PYTHON) scripts/install.sh $(INSTALL_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
