# The two commands of the README: `make run` and `make test`. Both create and reuse .venv.
# Every install takes constraints.txt (`make lock`) as constraints: the same versions each time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUNDLE_STAMP := $(VENV)/.installed-bundle
BENCH_STAMP := $(VENV)/.installed-bench
LOCK := constraints.txt
UV := $(BIN)/uv

.PHONY: run cli test test-moved-clock lint bench screenshots bundle bundle-smoke \
	installer-check lock clean

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[test,dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/swat-desktop $(ARGS)

# The command line without activating .venv: make cli ARGS="usuario listar". Only the
# command's own output is printed (@), as when it is typed.
cli: $(STAMP)
	@$(BIN)/swat-desktop $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check .

# The unit, io and services tests again under faketime, at 29/02/2028 and at a minute of
# 2027-2030 derived from the commit; DATE="2030-12-31 23:30 -05" repeats one moment.
test-moved-clock: $(STAMP)
	PYTHON=$(BIN)/python DATE="$(DATE)" PYTEST_ARGS="$(PYTEST_ARGS)" scripts/test_moved_clock.sh

lint: $(STAMP)
	$(BIN)/ruff check .

# The benchmarks' baselines need pandas and psutil, which the tests do not: the bench extra.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench $(ARGS)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/render_screens.py --out screenshots
	QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.25 $(BIN)/python scripts/render_laptop.py --out screenshots/laptop
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/render_laptop.py --out screenshots/laptop
	$(BIN)/python scripts/render_pdfs.py --out screenshots

# The one-folder bundle dist/swat-desktop/ (the Windows installer is built on Windows: README;
# installer-check only proves on Linux that its script compiles).
$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[bundle]"
	touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	$(BIN)/python installer/build.py

# What CI runs after the tests: build the bundle, then its --version and --self-test.
bundle-smoke: $(BUNDLE_STAMP)
	$(BIN)/python installer/build.py --smoke

# The Windows installer script compiled on Linux by Inno Setup's ISCC.exe (npm, pinned in
# installer/innosetup/) under wine, around the bundle that bundle or bundle-smoke left in
# dist/swat-desktop/; needs wine with wine32:i386 and npm (.ci/run installs them). About 1 min.
installer-check: $(STAMP)
	$(BIN)/python installer/iscc_wine.py

# constraints.txt from pyproject.toml (scripts/lock.py; needs the network). uv, the lock extra,
# is installed alone, at the lock's version: a pyproject.toml that the lock no longer satisfies
# cannot be installed, and must still be lockable.
$(UV):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(LOCK) uv

lock: $(UV)
	$(BIN)/python scripts/lock.py $(ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache installer/innosetup/node_modules
