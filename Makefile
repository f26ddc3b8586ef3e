# cigraph: two commands do all set-up on a fresh machine:
#   make demo   - create .venv, install, run the main job end to end (embedded store)
#   make test   - the same set-up, then the whole test suite
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
OUT     ?= cigraph-out
WS      ?= $(OUT)/workspace
CIGRAPH := $(BIN)/cigraph
NODE_DIR := tools/cypher-lint

.PHONY: setup system node demo test bench docs clean

# -- set-up -------------------------------------------------------------------
$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/.installed

# Debian packages the browser tests need (headless Chromium); skipped when present.
system:
	bash .ci/system-packages.sh

# Neo4j's own Cypher parser (npm, pinned by package-lock.json) for the Cypher lint tests.
$(NODE_DIR)/node_modules/.installed: $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: $(NODE_DIR)/node_modules/.installed

# -- the main job ---------------------------------------------------------------
demo: setup
	@mkdir -p $(OUT)
	$(CIGRAPH) build --workspace $(WS)
	$(CIGRAPH) validate --workspace $(WS)
	$(CIGRAPH) stats --workspace $(WS) | tee $(OUT)/stats.txt
	$(CIGRAPH) export --workspace $(WS) --format ttl -o $(OUT)/cigraph.ttl
	$(CIGRAPH) export --workspace $(WS) --format jsonld -o $(OUT)/cigraph.jsonld
	$(CIGRAPH) export --workspace $(WS) --format graphml -o $(OUT)/cigraph.graphml
	@echo "Demo outputs are in $(OUT)/"

# -- tests ----------------------------------------------------------------------
test: setup system node
	$(BIN)/python -m pytest -n 2 -q

bench: setup
	$(BIN)/python benchmarks/run.py

docs: setup
	$(BIN)/python -m cigraph.render.ontology_docs docs/ontology

clean:
	rm -rf $(OUT) .cigraph .pytest_cache
