# Two commands on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run    set up .venv and run the product (kiosk, sign service, admin web)
#   make test   set up .venv and the test's system packages, then lint and run every test
#   sudo make install   install the lobby PC as an appliance (docs/install.md)
#   make central   try the province's central server on a throwaway PostgreSQL (central.toml)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CONFIG ?= config.toml

.PHONY: run test setup system-deps-run system-deps-test lint format bench clean install central

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

# The central server for a trial: PostgreSQL as the tests start it, deleted at Ctrl+C.
central: setup
	PYTHON=$(PYTHON) scripts/system-deps.sh central
	$(BIN)/python scripts/central_trial.py --config central.toml

test: setup system-deps-test lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every benchmark runs even after another's FAIL; the target fails if any did.
BENCHES = bench_vote bench_kiosk_frames bench_kiosk_idle bench_kiosk_start bench_kiosk_taps bench_sign_wire \
	bench_sign_latency bench_sign_reconnect bench_frozen_store bench_exports bench_results_1m bench_reports_1m \
	bench_central_ingest bench_central_catchup

bench: setup
	@failed=""; for name in $(BENCHES); do \
		$(BIN)/python bench/$$name.py || failed="$$failed $$name"; \
	done; \
	if [ -n "$$failed" ]; then echo "benchmarks with a FAIL:$$failed"; exit 1; fi

install:
	PYTHON=$(PYTHON) scripts/install.sh $(INSTALL_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
