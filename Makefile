# The two commands of the README: `make run` and `make test`. Both create and reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUNDLE_STAMP := $(VENV)/.installed-bundle

.PHONY: run test test-moved-clock lint forms bench screenshots bundle bundle-smoke clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/swat-desktop $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check .

# The unit, io and services tests again under faketime, at 29/02/2028 and at a minute of
# 2027-2030 derived from the commit; DATE="2030-12-31 23:30 -05" repeats one moment.
test-moved-clock: $(STAMP)
	PYTHON=$(BIN)/python DATE="$(DATE)" PYTEST_ARGS="$(PYTEST_ARGS)" scripts/test_moved_clock.sh

lint: $(STAMP)
	$(BIN)/ruff check .

forms: $(STAMP)
	$(BIN)/python scripts/compile_forms.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/render_screens.py --out screenshots
	$(BIN)/python scripts/render_pdfs.py --out screenshots

# The one-folder bundle dist/swat-desktop/ (the Windows installer is built on Windows: README).
$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bundle]"
	touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	$(BIN)/python installer/build.py

# What CI runs after the tests: build the bundle, then its --version and --self-test.
bundle-smoke: $(BUNDLE_STAMP)
	$(BIN)/python installer/build.py --smoke

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
