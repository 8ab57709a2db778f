# bwgraph: the two commands are `make serve` (install, build, serve on 127.0.0.1) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install build serve test lint typecheck docs clean system-deps web-deps browser-deps virtuoso load-test bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Java for the HermiT reasoner (owlready2); installed only where missing.
system-deps:
	@command -v java >/dev/null 2>&1 || { \
	  echo "installing a Java runtime for the OWL reasoner"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq default-jre-headless; fi; }
	@## WeasyPrint and fonts with the report's symbols (✓ ⚙ ✗ ❌ ✅): the seed documents are printed to
	@## PDF in tests/extract/test_variants.py and must read back to the same facts.
	@command -v weasyprint >/dev/null 2>&1 && fc-list | grep -q Symbola || { \
	  echo "installing weasyprint and fonts for the PDF variants of the seed documents"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq weasyprint fonts-dejavu-core fonts-symbola; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq weasyprint fonts-dejavu-core fonts-symbola; fi; }

## Browser libraries served by the API from local files (YASGUI, Swagger UI, ReDoc, axe-core):
## versions pinned in api/web/package-lock.json, fetched from the npm registry, copied to
## api/web/static/vendor/ (git-ignored). nodejs/npm come from apt where missing.
WEB := api/web
VENDOR := $(WEB)/static/vendor
NPM_MODULES := $(WEB)/node_modules
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(1); \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $(1); fi

$(VENDOR)/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "installing nodejs/npm"; $(call APT_INSTALL,nodejs npm); }
	npm ci --prefix $(WEB) --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/yasgui $(VENDOR)/swagger-ui $(VENDOR)/redoc $(VENDOR)/axe-core
	cp $(NPM_MODULES)/@zazuko/yasgui/build/yasgui.min.js $(NPM_MODULES)/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/yasgui/
	cp $(NPM_MODULES)/swagger-ui-dist/swagger-ui-bundle.js $(NPM_MODULES)/swagger-ui-dist/swagger-ui.css $(VENDOR)/swagger-ui/
	# ReDoc's footer loads a logo from cdn.redoc.ly: point it at a local blank image
	sed 's#https://cdn.redoc.ly/redoc/logo-mini.svg#/static/blank.svg#' \
	  $(NPM_MODULES)/redoc/bundles/redoc.standalone.js > $(VENDOR)/redoc/redoc.standalone.js
	cp $(NPM_MODULES)/axe-core/axe.min.js $(VENDOR)/axe-core/
	touch $@

web-deps: $(VENDOR)/.installed

## Headless chromium (Debian's package) for the browser tests in tests/web; no Playwright downloads.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { echo "installing chromium for the browser tests"; \
	  $(call APT_INSTALL,chromium fonts-dejavu-core); }

## Virtuoso Open Source for the remote-store tests (tests/stores start their own throwaway database
## on loopback ports); installed only where missing, non-interactively. The package asks for a dba
## password for its system database: preseeded with a random one nobody needs.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { echo "installing virtuoso-opensource for tests/stores"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); PW=$$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'); \
	  printf '%s\n' "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password $$PW" \
	    "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password $$PW" | $$SUDO debconf-set-selections; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource; }

## Rebuilds only when a source, the reference data, the ontology, the shapes or the code changed
## (a stamp with their hashes next to the graph; bwgraph.pipeline.up_to_date), so `make serve` on
## an unchanged checkout starts serving at once. `bwgraph build` always builds.
build: install
	$(BIN)/python -m bwgraph.pipeline --if-changed

serve: build web-deps
	$(BIN)/bwgraph serve --host $(HOST) --port $(PORT)

test: install system-deps web-deps browser-deps virtuoso
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

## The bounded load test of the endpoint (issue 9): 30 s, 16 connections, loopback only;
## writes bench/results/load-test.{md,csv}; fails on a single error.
load-test: build
	$(BIN)/python -m bench.load_test --seconds $(or $(SECONDS),30) --connections $(or $(CONNECTIONS),16)

## The benchmark of issue 12 (bench/README.md): installs wrk (apt) and the peers (bench/.peers),
## measures real size, ×10 and ≈1 M triples (BENCH_ARGS="--scales 1,10,1M,100" adds ×100), writes
## bench/results/results.{md,csv,json} and growth.{png,svg}. Minutes; no pass/fail on times.
bench: install
	@command -v wrk >/dev/null 2>&1 || { echo "installing wrk"; $(call APT_INSTALL,wrk); }
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf data/build .pytest_cache .mypy_cache .ruff_cache
