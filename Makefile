# Consult — `make run` serves the demo, `make test` runs every test. Both set everything up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 8000
export PORT
# Background jobs go to this Redis, taken by `flask worker` (started beside gunicorn when it answers).
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: setup run test translations system-packages clean

setup: $(VENV)/.installed system-packages translations

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Chromium for the browser tests, fonts that cover Arabic for the PDF exports, Pango for WeasyPrint.
system-packages:
	@bash scripts/system-packages.sh

translations: $(VENV)/.installed
	$(PY) scripts/translations.py compile

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo
	REDIS_URL=$(REDIS_URL) VENV=$(VENV) bash scripts/serve.sh

test: setup
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) instance
