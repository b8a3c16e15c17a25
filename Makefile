# The two commands of the README:
#   make run   installs into .venv, prepares the database and catalog, starts the kiosk on simulators
#              (PORT=8080 to serve elsewhere; Ctrl-C stops it)
#   make test  installs what the tests need and runs the whole suite
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3
PORT ?= 5000

.PHONY: run test install install-test translations

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

install: $(PY)
	bash scripts/system-packages.sh run
	$(PIP) install -q -r requirements.txt
	$(PIP) install -q --no-deps -e .
	$(VENV)/bin/pybabel compile --statistics -d kiosk/translations

install-test: $(PY)
	bash scripts/system-packages.sh test
	$(PIP) install -q -r requirements-test.txt
	$(PIP) install -q --no-deps -e .
	$(VENV)/bin/pybabel compile --statistics -d kiosk/translations

run: install
	$(VENV)/bin/flask --app kiosk init-db
	$(PY) -m kiosk --simulation --port $(PORT)

test: install-test
	$(PY) -m pytest

# After changing user-facing text: refresh the catalog, then translate the new entries in the .po.
translations: $(PY)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project govkiosk -o kiosk/translations/messages.pot .
	$(VENV)/bin/pybabel update -i kiosk/translations/messages.pot -d kiosk/translations --no-fuzzy-matching
