# The two commands of the README: `make serve` and `make test`. Each does its own set-up.
export NO_MKDOCS_2_WARNING := 1
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build offline dist test test-python test-js check schemas bench-check bench-matcher bench-build bench-loop bench-lighthouse browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || [ -n "$$CHROMIUM" ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chromium)"; exit 1; fi; }

## Serve the sample site with live reload on http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

## Build the sample site into site/ (strict: warnings fail the build)
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Build the offline copy into site-offline/: open site-offline/index.html from the disk, no server
offline: $(STAMP)
	KNOWLEDGE_OFFLINE=true $(BIN)/mkdocs build --strict -d site-offline

## The sdist and wheel of mkdocs-knowledge-plugin in dist/, checked by twine (what release.yml does)
dist: $(STAMP)
	$(BIN)/pip install --quiet build twine
	rm -rf dist
	$(BIN)/python -m build
	$(BIN)/python -m twine check --strict dist/*

## Validate content, FAQ and tables like CI does
check: $(STAMP)
	$(BIN)/knowledge check

## Every test: Python (builds, CLI, browser) and JavaScript (matcher parity)
test: $(STAMP) node_modules/.package-lock.json browser test-js test-python

test-js:
	node --test tests/

test-python: $(STAMP)
	$(BIN)/python -m pytest -q

## Regenerate the JSON Schemas for editors from the loaders' models
schemas: $(STAMP)
	$(BIN)/python -m knowledge.check.schemas

## How long `knowledge check` takes beside `mkdocs build` on generated content
bench-check: $(STAMP)
	$(BIN)/python tests/check/bench_check.py

## Our build against plain Material's blog on generated content (sizes: BENCH_ARGS="--articles 50 --faq 100,200")
bench-build: $(STAMP)
	$(BIN)/python tests/bench/bench_build.py $(BENCH_ARGS)

## Lighthouse on our post, home, FAQ and category pages (es, en) and plain Material's post: medians of 3 runs
bench-lighthouse: $(STAMP) node_modules/.package-lock.json browser
	$(BIN)/python tests/bench/lighthouse.py $(BENCH_ARGS)

## Compare our matcher with fuse.js, MiniSearch and lunr on ../shared/bench
bench-matcher: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python tests/bench/run.py

## The FAQ learning loop: triage the sample queries' dev half, accept the right suggestions, score the test half
bench-loop: $(STAMP)
	$(BIN)/python tests/bench/loop.py

clean:
	rm -rf site site-offline $(VENV) node_modules
