# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

# Integration tests use a database and a Redis db number of their own.
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/mestmatch_test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/11
export TEST_DATABASE_URL TEST_REDIS_URL

.PHONY: install run test lint unit bench clean translations

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m market.devrun

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# pytest prints its summary line ("N passed in S s"); exit 5 (no tests collected) is a failure.
test: install
	bash tests/ensure_services.sh
	$(MAKE) --no-print-directory lint
	@status=0; $(PY) -m pytest || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

unit: install
	$(PY) -m pytest -m "not integration"

# Web app languages: extract the English source strings, merge them into nl/en, compile the
# .mo files (committed, so running the app needs no build step).
TRANSLATIONS := market/translations
translations: install
	$(VENV)/bin/pybabel --quiet extract -F babel.cfg -k _l --no-location --sort-output \
		--project mestmatch --version 0.1.0 -o $(TRANSLATIONS)/messages.pot .
	$(VENV)/bin/pybabel --quiet update --ignore-obsolete --no-fuzzy-matching -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)
	$(VENV)/bin/pybabel compile --statistics -d $(TRANSLATIONS)

bench: install
	$(PY) -m matching bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
