# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STORE ?= var/demo-store
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: demo test install eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

demo: $(STAMP)
	$(BIN)/kg --store $(DEMO_STORE) ingest examples/articles
	$(BIN)/kg --store $(DEMO_STORE) stats

# docs/EVALUATION.md: extraction and QA scored against the gold of eval/dev and, when it is
# there, ../shared/articles (EVAL.md); written only when the whole evaluation succeeds.
EVAL_DIRS ?= eval/dev $(wildcard ../shared/articles)
eval: $(STAMP)
	$(BIN)/python -m kg.evaluate --markdown $(EVAL_DIRS) > docs/EVALUATION.md.tmp \
		|| { rm -f docs/EVALUATION.md.tmp; exit 1; }
	mv docs/EVALUATION.md.tmp docs/EVALUATION.md
	@echo "wrote docs/EVALUATION.md"

clean:
	rm -rf $(VENV) var build *.egg-info
