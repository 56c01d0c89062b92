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
	$(BIN)/kg --store $(DEMO_STORE) import examples/demo.ttl
	$(BIN)/kg --store $(DEMO_STORE) stats

clean:
	rm -rf $(VENV) var build *.egg-info
