# santeqa — the two commands a new machine needs: `make serve` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: setup system-deps model serve index test lint unit bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

## setup: the virtual environment, the package, the French word list and the model folder
setup: $(BIN)/python system-deps
	# torch first and pinned: an unpinned torch makes pip fetch a multi-GB CUDA build
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/santeqa model install

## system-deps: Debian packages (French and English word lists; Chromium for the browser test;
## Apertium English -> Spanish -> French, for English questions read again in French)
DEBS := wfrench wamerican chromium apertium apertium-eng-spa apertium-fr-es
system-deps:
	@if [ ! -f /usr/share/dict/french ] || [ ! -f /usr/share/dict/american-english ] || ! command -v chromium >/dev/null \
	    || [ ! -f /usr/share/apertium/modes/eng-spa.mode ] || [ ! -f /usr/share/apertium/modes/es-fr.mode ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS) >/dev/null; \
	  else \
	    echo "missing system packages: run 'sudo apt-get install $(DEBS)'"; exit 1; \
	  fi; \
	fi

## serve: set up, then start the server (it builds the index first when there is none)
serve: setup
	$(BIN)/santeqa serve

index: setup
	$(BIN)/santeqa index

## lint: ruff (format + check) and mypy on src/
lint:
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

## test: lint, then every test (unit, integration with the real model, browser)
test: lint
	$(BIN)/pytest -q

## unit: the fast tests only
unit:
	$(BIN)/pytest -q -m "not integration and not browser"

## bench: the speed table (backends, batching, clients, corpus size; loopback only, ~15 min)
## and the rebuild figures; written to benchmarks/RESULTS.md (the README's table is copied from it)
bench:
	{ echo '# Benchmark results (`make bench`)'; echo; \
	  HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/speed.py 2>/dev/null; \
	  echo; echo '## Rebuilds'; echo; echo '```'; \
	  HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/rebuild.py 2>/dev/null; echo '```'; } \
	  | tee benchmarks/RESULTS.md

clean:
	rm -rf $(VENV) models index/gen-* index/CURRENT
