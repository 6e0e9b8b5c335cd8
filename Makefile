# One entry point for set-up, tests and the demo. Every target creates the virtualenv and installs
# what it needs when it is missing, so a fresh machine needs only `make test` or `make demo`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The engine's hot modules compiled by mypyc in place (setup.py; docs/engine.md, "Compiled engine"):
# rebuilt whenever the engine's sources (mypyc reads the types of every module they import) or the build
# change, so `make test` tests what is on disk.
ENGINE_STAMP := $(VENV)/.compiled-stamp
COMPILED_SOURCES := setup.py $(shell find matchers -name '*.py')
# Debian packages the build or the tests need: libicu-dev (PyICU, pulled by rigour's normality,
# builds against it), pkg-config (PyICU's build finds ICU with it), chromium (the review console's
# end-to-end tests drive Debian's browser through Playwright; never `playwright install`), prometheus
# (promtool and the server for the deploy checks in tests/deploy), gcc (mypyc's C output of the engine).
APT_PACKAGES := libicu-dev pkg-config chromium prometheus gcc
# The console's accessibility check injects axe-core (an npm package) into Chromium; npm comes with
# Node.js (Debian's `nodejs` and `npm`, installed only when no npm is on the PATH).
NODE_APT_PACKAGES := nodejs npm
AXE_CORE := axe-core@4.14.1
AXE_DIR := $(VENV)/node

.PHONY: setup system-deps test lint bench bench-pipeline demo console clean

setup: $(STAMP) $(ENGINE_STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml Makefile
	$(MAKE) system-deps
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	HOLDLINE_MYPYC=0 $(BIN)/python -m pip install -q -e '.[dev]'
	command -v npm >/dev/null 2>&1 || $(MAKE) system-deps APT_PACKAGES="$(NODE_APT_PACKAGES)"
	npm install --silent --no-audit --no-fund --no-save --prefix $(AXE_DIR) $(AXE_CORE)
	touch $(STAMP)

# Compiled, or fail: a machine that cannot compile must say so, not test a slower engine than it ships.
$(ENGINE_STAMP): $(STAMP) $(COMPILED_SOURCES)
	HOLDLINE_MYPYC=1 $(BIN)/python -m pip install -q --no-deps -e .
	touch $(ENGINE_STAMP)

# Style (ruff), architecture contracts (import-linter, [tool.importlinter] in pyproject.toml) and types
# (mypy, [tool.mypy]).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

# The engine's benchmarks (a few minutes); the broker ones start Tansu and worker processes (~10 min).
bench: setup
	$(BIN)/python -m bench.speed
	$(BIN)/python -m bench.accuracy
	$(BIN)/python -m bench.pairs_f1
	$(BIN)/python -m bench.rescreen

bench-pipeline: setup
	$(BIN)/python -m bench.pipeline
	$(BIN)/python -m bench.scaling

demo: setup
	$(BIN)/python -m tests.support.demo

# The review console on a local test broker with a worker on sample traffic (see docs/console.md).
console: setup
	$(BIN)/python -m tests.support.console_demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache *.egg-info build
	rm -f matchers/*.so matchers/_compiled.json
