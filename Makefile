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
ASSET_LINT := tools/asset-lint

.PHONY: test-ninth setup system node demo test faults bench docs examples clean

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

# Biome (npm, pinned by package-lock.json) lints the JavaScript, CSS and HTML under cigraph/render/assets/.
$(ASSET_LINT)/node_modules/.installed: $(ASSET_LINT)/package.json $(ASSET_LINT)/package-lock.json
	cd $(ASSET_LINT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# graphology-gexf (npm, pinned) reads the GEXF exports in the interop tests.
GEXF_DIR := tools/gexf-check
$(GEXF_DIR)/node_modules/.installed: $(GEXF_DIR)/package.json $(GEXF_DIR)/package-lock.json
	cd $(GEXF_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: $(NODE_DIR)/node_modules/.installed $(ASSET_LINT)/node_modules/.installed $(GEXF_DIR)/node_modules/.installed

# Re-fetch the query page's editor (YASGUI, npm, pinned by tools/yasgui/package-lock.json) into
# cigraph/server_assets/yasgui/. The copied files are committed: nothing else needs npm for them.
yasgui:
	bash tools/yasgui/vendor.sh

# -- the main job ---------------------------------------------------------------
INITIATIVES := DCEC EPE "Living SJ" SPRP "Sault Ste. Marie Poverty Round Table" TRC92 "LA Promise Zone" SLATE-Z

demo: setup system
	@mkdir -p $(OUT)/maps
	$(CIGRAPH) build --workspace $(WS)
	$(CIGRAPH) validate --workspace $(WS)
	$(CIGRAPH) stats --workspace $(WS) | tee $(OUT)/stats.txt
	$(CIGRAPH) export --workspace $(WS) --format ttl -o $(OUT)/cigraph.ttl
	$(CIGRAPH) export --workspace $(WS) --format jsonld -o $(OUT)/cigraph.jsonld
	$(CIGRAPH) export --workspace $(WS) --format graphml -o $(OUT)/cigraph.graphml
	$(CIGRAPH) load --workspace $(WS)
	$(CIGRAPH) cypher backbones --workspace $(WS) | tee $(OUT)/backbones-cypher.txt
	$(CIGRAPH) sparql backbones --workspace $(WS) --format csv -o $(OUT)/backbones-sparql.csv
	$(CIGRAPH) sparql provenance-gaps --workspace $(WS)
	$(CIGRAPH) gaps --workspace $(WS) -o $(OUT)/gaps.csv
	$(CIGRAPH) gaps --workspace $(WS) -o $(OUT)/gaps.json
	$(CIGRAPH) gaps --workspace $(WS) -o $(OUT)/gaps.md
	$(CIGRAPH) centrality --workspace $(WS) -o $(OUT)/centrality.csv
	$(CIGRAPH) centrality --workspace $(WS) --view backbones -o $(OUT)/backbones.md
	$(CIGRAPH) scorecard --workspace $(WS) -o $(OUT)/scorecard.md
	$(CIGRAPH) report --workspace $(WS) --maps maps -o $(OUT)/report.html
	$(CIGRAPH) report --workspace $(WS) --maps maps -o $(OUT)/report.pdf
	$(CIGRAPH) report --workspace $(WS) -o $(OUT)/report.md
	$(CIGRAPH) assess --all --workspace $(WS) -o $(OUT)/assessment.csv
	$(CIGRAPH) assess --all --workspace $(WS) -o $(OUT)/assessment.json
	$(CIGRAPH) export --workspace $(WS) --format gexf -o $(OUT)/collaboration.gexf
	$(CIGRAPH) export --workspace $(WS) --format kumu -o $(OUT)/collaboration-kumu.json
	$(CIGRAPH) export --workspace $(WS) --format xlsx --initiative DCEC -o $(OUT)/dcec-workbook.xlsx
	$(CIGRAPH) build --no-bundled --data examples/dufferin-county-equity-collaborative.xlsx --workspace $(OUT)/example-workspace
	$(CIGRAPH) gaps --workspace $(OUT)/example-workspace -o $(OUT)/example-gaps.md
	$(CIGRAPH) map --workspace $(WS) --highlight-gaps -o $(OUT)/maps/overview.html
	@for i in $(INITIATIVES); do \
	  f=$$(echo "$$i" | tr 'A-Z .' 'a-z--' | tr -s '-'); \
	  $(CIGRAPH) map --workspace $(WS) --initiative "$$i" --view activities --highlight-gaps -o $(OUT)/maps/$$f.html || exit $$?; \
	  $(CIGRAPH) profile "$$i" --workspace $(WS) -o $(OUT)/initiatives/$$f || exit $$?; \
	done
	@echo "Demo outputs are in $(OUT)/ (open $(OUT)/report.html, $(OUT)/initiatives/*/index.html and $(OUT)/maps/overview.html in a browser)"

# -- tests ----------------------------------------------------------------------
test: setup system node
	$(BIN)/python -m pytest -n 2 -q

# The whole suite on the case studies plus a ninth initiative (tests/data/ninth/): no generic test may
# depend on how many initiatives data/ holds (tests/test_ninth.py checks the mechanism in every run).
test-ninth: setup system node
	$(BIN)/python -m pytest -n 2 -q --ninth

# The fault catalogue (docs/faults.md) with its long soak variants (many concurrent trials):
# `make test` runs every case once; this runs the soak ones too.
faults: setup node
	$(BIN)/python -m pytest -q -n 2 -m 'soak or not soak' tests/faults

# 100k and 1M triples (BENCH_10M=1 adds 10M): stages in-process, the commands as whole processes,
# baselines in the same run; regenerates benchmarks/RESULTS.md. Needs a quiet machine.
bench: setup
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_workbook.py

# The example workbooks in examples/ (tests/authoring/test_examples.py checks they are up to date).
examples: setup
	$(BIN)/python examples/generate.py

# The same harness at 10k and 100k, to check it (results in benchmarks/results/quick.*, RESULTS.md untouched).
bench-quick: setup
	$(BIN)/python benchmarks/run.py --sizes 10k,100k --baseline-timeout 60 --command-timeout 300 --notes /dev/null \
	  --md benchmarks/results/quick.md --json benchmarks/results/quick.json

docs: setup system
	$(BIN)/python -m cigraph.render.ontology_docs docs/ontology
	$(BIN)/python docs/screenshot.py
	$(BIN)/python docs/authoring_screenshot.py

clean:
	rm -rf $(OUT) .cigraph .pytest_cache
