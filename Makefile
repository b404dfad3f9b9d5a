# Parallax: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SET    ?= corpora/putin-xi-2024
# llama-cpp-python has no binary wheel here; it compiles once (about 7 min on
# 2 cores) and pip keeps the built wheel in its cache for the next install.
export CMAKE_ARGS ?= -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DGGML_NATIVE=OFF

.PHONY: install models demo report test test-fast bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first and pinned: a bare torch requirement pulls a multi-GB CUDA build.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --disable-pip-version-check -e '.[llm,test,html,cluster]'
	touch $(STAMP)

install: $(STAMP)

models: $(STAMP)
	$(BIN)/parallax models install

# Opens the sample set in the terminal UI (which translates it the first time,
# with progress); without a terminal it prints the Markdown report instead.
demo: models
	@if [ -t 0 ] && [ -t 1 ]; then \
		$(BIN)/parallax $(SET); \
	else \
		$(BIN)/parallax report $(SET) --format markdown; \
	fi

report: models
	$(BIN)/parallax report $(SET) --format json

test: models
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not real_models"

bench: models
	$(BIN)/python bench/align.py
	$(BIN)/python bench/translate.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
