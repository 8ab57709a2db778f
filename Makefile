# bwgraph: the two commands are `make serve` (install, build, serve on 127.0.0.1) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install build serve test lint typecheck docs clean system-deps

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

build: install
	$(BIN)/bwgraph build

serve: build
	$(BIN)/bwgraph serve --host $(HOST) --port $(PORT)

test: install system-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf data/build .pytest_cache .mypy_cache .ruff_cache
