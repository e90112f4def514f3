# Verksted: `make run` starts the embedded server, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test venv translations lint clean

$(BIN)/.installed: requirements.txt requirements-test.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

venv: $(BIN)/.installed

translations: venv
	$(BIN)/pybabel compile -d translations -f --statistics 2>&1 | tail -n 3

run: venv translations
	$(BIN)/python -m app --port $(PORT)

test: venv translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/python -m ruff check app tests

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
