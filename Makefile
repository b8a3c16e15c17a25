# The two commands of the README:
#   make run   installs into .venv, prepares the database and catalog, starts the kiosk on simulators
#   make test  installs what the tests need and runs the whole suite
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3

.PHONY: run test install install-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

install: $(PY)
	bash scripts/system-packages.sh run
	$(PIP) install -q -r requirements.txt
	$(PIP) install -q --no-deps -e .

install-test: $(PY)
	bash scripts/system-packages.sh test
	$(PIP) install -q -r requirements-test.txt
	$(PIP) install -q --no-deps -e .

run: install
	$(VENV)/bin/flask --app kiosk init-db
	$(PY) -m kiosk

test: install-test
	$(PY) -m pytest
