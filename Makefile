# Parley's everyday commands. Each creates .venv on first use, so a fresh clone needs
# only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   ?= $(CURDIR)/.demo-casebook

.PHONY: run test test-long lint types demo bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Before Qt starts on X11: the libraries its xcb plugin needs, and the one command that
# installs any that are missing (ui/qt_platform.py).
run: $(STAMP)
	@$(BIN)/python -m ui.qt_platform
	$(BIN)/python main.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

test: lint types
	$(BIN)/python -m pytest

test-long: $(STAMP)
	$(BIN)/python -m pytest -m long

demo: $(STAMP)
	@$(BIN)/python -m ui.qt_platform
	$(BIN)/python main.py demo --vault "$(DEMO)"
	$(BIN)/python main.py --vault "$(DEMO)"

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench.py

# Installer targets (`make installer`, `make installer-test`) live beside the installer.
-include installer/installer.mk

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
