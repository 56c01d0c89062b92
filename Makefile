# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STORE ?= var/demo-store
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: demo test install browser eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Headless Chromium and its driver for the browser tests (tests/e2e), from Debian's packages.
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; \
		elif command -v sudo >/dev/null; then SUDO=sudo; \
		else echo "make browser: chromium is missing and this is not root (no sudo): install chromium and chromium-driver, or the browser tests will skip (and fail under CI)" >&2; exit 0; fi; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium chromium-driver; }

demo: $(STAMP)
	$(BIN)/kg --store $(DEMO_STORE) ingest examples/articles
	$(BIN)/kg --store $(DEMO_STORE) stats
	$(BIN)/kg --store $(DEMO_STORE) serve --host $(HOST) --port $(PORT)

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
