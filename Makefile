# Two promises from the README: `make run` and `make test` work on a fresh clone.
# torch is installed on its own first, pinned to the CPU build, so that nothing
# later (sentence-transformers) lets a resolver pull a multi-gigabyte CUDA build.
# Then the embedding model is exported to ONNX once, with torch, so that answering
# a question needs only onnxruntime (files under $(VENV)/share/posenqa/models).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.posenqa-installed
PAPER := corpus/posen-2001-wp01-8.pdf

.PHONY: install run test lint eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m posenqa.models.fetch_reranker
	HF_HUB_OFFLINE=1 $(BIN)/python -m posenqa.models.export
	touch $(STAMP)

install: $(STAMP)

run: install
	HF_HUB_OFFLINE=1 $(BIN)/posenqa tui $(PAPER)

test: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q
	$(BIN)/ruff check src tests

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# The committed report names its inputs by their paths in the repository, and its
# index stays in the checkout (index/, removed by `make clean`) as before.
eval: install
	HF_HUB_OFFLINE=1 $(BIN)/posenqa eval --gold evals/gold.jsonl --paper $(PAPER) --index-dir index \
		--mode all --split test --report evals/results/report.md --json-out evals/results/report.json

bench: install
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) index/*/
