# One entry point for people and CI. `make serve` and `make test` do all the set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The test suite needs PostgreSQL as well as SQLite (a missing PostgreSQL fails the run).
POLICYAPI_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
POLICYAPI_REQUIRE_POSTGRES ?= 1
export POLICYAPI_TEST_POSTGRES_URL POLICYAPI_REQUIRE_POSTGRES

.PHONY: install serve test test-extended lint openapi bench lock audit load clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the API with the seeded data on the embedded SQLite default (http://127.0.0.1:8000;
## `make serve PORT=8080 HOST=0.0.0.0` elsewhere).
HOST ?= 127.0.0.1
PORT ?= 8000
# Serving needs only the runtime dependencies: their own venv, from the hashed runtime lock.
SERVE_VENV := .venv-serve
SERVE_BIN := $(SERVE_VENV)/bin
SERVE_STAMP := $(SERVE_VENV)/.installed
# PyTorch's CPU build (the suggester's) is not on PyPI: it is installed first and alone, by its
# locked hash, from PyTorch's CPU index or a wheel folder pip is configured with (--find-links).
# One try at that index (it may be out of reach where the folder serves), not one per package.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
$(SERVE_STAMP): requirements-serve.lock pyproject.toml
	$(PYTHON) -m venv $(SERVE_VENV)
	sed -n '/^torch==/,/[^\\]$$/p' requirements-serve.lock > $(SERVE_VENV)/torch.lock
	$(SERVE_BIN)/pip install --quiet --require-hashes --no-deps --retries 0 \
		--extra-index-url '$(TORCH_INDEX)' -r $(SERVE_VENV)/torch.lock
	$(SERVE_BIN)/pip install --quiet --require-hashes -r requirements-serve.lock
	$(SERVE_BIN)/pip install --quiet --no-deps -e .
	touch $(SERVE_STAMP)

serve: $(SERVE_STAMP) /usr/sbin/nginx
	$(SERVE_BIN)/policyapi db upgrade
	$(SERVE_BIN)/policyapi seed load
	$(SERVE_BIN)/policyapi serve --host '$(HOST)' --port '$(PORT)'

## Lint, type-check and run every test on SQLite and PostgreSQL.
test: lint /usr/bin/chromium /usr/sbin/nginx
	$(BIN)/pytest

## The suite again on the seeds plus a fictional document and article, added the way README's
## "Adding data" says (tests/extend_seeds.py): no test may depend on today's dataset. The slow
## browser and fuzz tests are left out to keep it short.
EXTENDED := .pytest_cache/extended
test-extended: $(STAMP)
	rm -rf $(EXTENDED)
	mkdir -p $(EXTENDED)
	$(BIN)/python -m tests.extend_seeds seeds $(EXTENDED)/seeds
	POLICYAPI_TEST_SEEDS=$(CURDIR)/$(EXTENDED)/seeds $(BIN)/pytest -m "not slow"

# The embed tests drive Debian's headless Chromium (Playwright never downloads a browser here).
/usr/bin/chromium:
	@echo "make test: installing Debian's chromium with apt-get for the browser tests (once; needs root and the network)"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# `policyapi serve` puts Debian's nginx in front of gunicorn (tests/test_front.py serves through it).
/usr/sbin/nginx:
	@echo "installing Debian's nginx with apt-get: policyapi serve runs it in front of gunicorn (once; needs root and the network)"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx

lint: $(STAMP)
	$(BIN)/ruff check policyapi tests migrations bench
	$(BIN)/ruff format --check policyapi tests migrations bench
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile
	$(BIN)/bandit -q -r policyapi

## Regenerate the committed OpenAPI document from the code.
openapi: $(STAMP)
	$(BIN)/policyapi openapi write --format json openapi/openapi.json

## Pin every dependency with hashes (install with `pip install --require-hashes -r requirements.lock`);
## requirements-serve.lock: the runtime ones alone, at the same versions (what `make serve` installs).
## PyTorch's CPU build (torch 2.13.0+cpu) is not on PyPI: the locks take it from TORCH_WHEELS,
## PyTorch's CPU wheel page, or a folder holding the wheel (`make lock TORCH_WHEELS=/opt/wheels`).
TORCH_WHEELS ?= https://download.pytorch.org/whl/cpu/torch/
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--find-links '$(TORCH_WHEELS)' --custom-compile-command "make lock" -q \
		-o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --constraint requirements.lock --generate-hashes \
		--python-version 3.11 --find-links '$(TORCH_WHEELS)' \
		--custom-compile-command "make lock" -q -o requirements-serve.lock

## Check the locked dependencies against known vulnerabilities (needs PyPI's JSON API).
audit: $(STAMP)
	$(BIN)/pip-audit -r requirements.lock --require-hashes --disable-pip

## Side by side with a bare-Flask ceiling, a hand-written floor and Datasette, on 1M synthetic
## statements (SQLite and PostgreSQL); prints the table. Not part of CI: installs wrk if missing.
bench: $(STAMP)
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py

## 2 x 60 s under wrk, 64 connections, mixed endpoints: req/s, latency, errors, worker memory.
load: $(STAMP)
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) $(SERVE_VENV) instance .pytest_cache .mypy_cache .ruff_cache
