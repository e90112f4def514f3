# Verksted: `make run` starts the embedded server, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test venv translations messages lint clean

$(BIN)/.installed: requirements.txt requirements-test.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

venv: $(BIN)/.installed

# Catalogues: translations/<locale>/LC_MESSAGES/messages.po (nb, en).
# `make messages` re-extracts every msgid from app/ and templates/ and merges
# new ones into both catalogues (new strings come out empty or fuzzy: translate
# them, tests/web/test_translations.py fails until you do).
# `make translations` compiles the .po files into the git-ignored .mo files.
BABEL_EXTRACT_FLAGS := -F babel.cfg -k _l -k lazy_gettext --add-location=file \
	--sort-output --project=Verksted --copyright-holder=Verksted -c TRANSLATORS:

messages: venv
	$(BIN)/pybabel --quiet extract $(BABEL_EXTRACT_FLAGS) -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations \
		--ignore-pot-creation-date

translations: venv
	$(BIN)/pybabel compile -d translations --statistics

run: venv translations
	$(BIN)/python -m app --port $(PORT)

test: venv translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/python -m ruff check app tests

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
