# Consult — `make run` serves the demo, `make test` runs every test. Both set everything up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 8000
export PORT
# Background jobs go to this Redis, taken by `flask worker` (started beside gunicorn when it answers).
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: setup run test lint translations system-packages test-tools clean

setup: $(VENV)/.installed system-packages translations test-tools

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Chromium for the browser tests, fonts that cover Arabic for the PDF exports, Pango for WeasyPrint.
system-packages:
	@bash scripts/system-packages.sh

# axe-core for the accessibility browser test, from npm at the version locked in scripts/package-lock.json
# (never from a CDN; nothing of it is served). Skipped, with a word, where npm is missing.
test-tools: scripts/node_modules/.installed

scripts/node_modules/.installed: scripts/package.json scripts/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix scripts --no-audit --no-fund --silent && touch $@; \
	else echo "npm is missing: the accessibility browser test (axe-core) will be skipped"; fi

translations: $(VENV)/.installed
	$(PY) scripts/translations.py compile

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo
	REDIS_URL=$(REDIS_URL) VENV=$(VENV) bash scripts/serve.sh

# The linter first (ruff.toml says what it checks), then every test.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

test: setup lint
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) instance scripts/node_modules
