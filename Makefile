# 石首市惠企政策门户 — every command sets itself up on a fresh machine (Python 3.11 + root).
#   make serve     install into .venv, build strictly, serve at http://127.0.0.1:8000
#   make test      install what the tests need (Debian's chromium included), run them
# More: make build | check | new | publish DEST=... | rollback DEST=... | bench | clean

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SITE   ?= site
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install install-test system-test-deps build serve test check new schema publish rollback bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.site-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.site-installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.site-installed

install-test: $(VENV)/.test-installed system-test-deps

# Debian packages the tests drive: chromium for the browser tests (Playwright never downloads
# browsers here) and nginx, which tests/test_security_served.py runs with deploy/nginx.conf.
# nginx-light where the release still has it, else nginx (the same server, more modules).
system-test-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null 2>&1 || { \
	  echo "Installing Debian's nginx for the served-site tests"; \
	  apt-get update -qq && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light \
	    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }; }

build: install
	$(PY) -m mkdocs build --strict --clean -d $(SITE)

serve: build
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: install-test
	$(PY) -m pytest

# Department workflow: `make check` (all files) or `make check FILES="docs/policies/x/y.md ..."`
check: install
	$(PY) -m macros check $(FILES)

# `make new` asks for department, id, title and 文号; or pass DEPT=... ID=... TITLE=... DOCNO=...
new: install
	$(PY) -m macros new $(if $(DEPT),--department "$(DEPT)") $(if $(ID),--id "$(ID)") $(if $(TITLE),--title "$(TITLE)") $(if $(DOCNO),--document-number "$(DOCNO)")

schema: install
	$(PY) -m macros schema

# Safe publishing: build into a new release, check it, switch DEST (a symlink) atomically.
publish: install
	@test -n "$(DEST)" || { echo "用法：make publish DEST=/var/www/portal"; exit 2; }
	$(PY) -m macros publish --dest "$(DEST)"

rollback: install
	@test -n "$(DEST)" || { echo "用法：make rollback DEST=/var/www/portal"; exit 2; }
	$(PY) -m macros rollback --dest "$(DEST)"

$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.test-installed
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

# Search benchmarks (temporary folders): a synthetic site of N records against stock Material,
# and the real site against Pagefind. See README, "Benchmarks".
N ?= 10000
bench: $(VENV)/.bench-installed system-test-deps
	cd bench && ../$(PY) run.py -n $(N)

clean:
	rm -rf $(SITE) $(VENV) .pytest_cache
