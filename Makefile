# 石首市惠企政策门户 — every command sets itself up on a fresh machine (Python 3.11 + root).
#   make serve     install into .venv, build strictly, serve at http://127.0.0.1:8000
#   make test      install what the tests need (Debian's chromium, the successor stacks), lint, run every test
#   make test-fast the edit-test loop: Python packages only (no browser, nginx or faketime), one build (under 30 s)
# More: make lint | golden | build | check | inspect [SITE=...] | new | import FILE=... DEPT=... | accept FILE=... [UPDATE=1] |
#       publish DEST=... [URL=...] | rollback DEST=... | bench | bench-input | successor | vendor | clean

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SITE   ?= site
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: compare-builds bench-lighthouse bench-floor install install-test system-test-deps successor build serve test test-fast lint \
	golden check new import accept schema vendor inspect publish rollback bench bench-input clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }

# The pinned requirements, then the project itself (the `portal` MkDocs plugin and `macros`),
# editable: builds, tests and `python -m macros` all run the code in this folder.
$(VENV)/.site-installed: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.site-installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.site-installed

install-test: $(VENV)/.test-installed system-test-deps node_modules/.package-lock.json

# The record form's browser libraries, ajv (which compiles the record contract into the form's
# validation code), ESLint and, for the accessibility tests (tests/test_browser_a11y.py), axe-core
# (package.json, exact versions in package-lock.json), installed exactly as locked. The site uses the
# copies in overrides/assets/vendor/ (`make vendor`); the tests check those copies against
# node_modules and inject axe-core from there. Debian's nodejs and npm where there is no npm yet.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's nodejs and npm"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# After changing a version in package.json (and `npm install`), or data/policy.schema.json: copy the
# libraries into the site's assets, compile the contract into the form's validation code, and record
# versions and checksums (overrides/assets/vendor/manifest.json).
vendor: node_modules/.package-lock.json install
	$(PY) -m macros vendor

# Debian packages the tests drive: chromium for the browser tests (Playwright never downloads
# browsers here) as a Chinese reader has it: chromium-l10n (its Chinese date box, 年/月/日) and
# fonts-noto-cjk (Noto Sans CJK, the font Android phones draw Chinese with; without a Chinese font
# Chromium draws boxes, and the browser tests refuse to run: harness/browser.py); faketime (builds
# under another clock, tests/test_open_data.py) and nginx, which the served tests run with
# deploy/nginx.conf. nginx-light where the release still has it, else nginx (more modules).
APT_INSTALL = apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
system-test-deps:
	@command -v chromium >/dev/null 2>&1 && test -f /usr/lib/chromium/locales/zh-CN.pak || { \
	  echo "Installing Debian's chromium and its Chinese language pack for the browser tests"; \
	  $(APT_INSTALL) chromium chromium-l10n; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  echo "Installing Debian's fonts-noto-cjk: the browser tests see Chinese as readers do"; \
	  $(APT_INSTALL) fonts-noto-cjk; }
	@command -v faketime >/dev/null 2>&1 || { \
	  echo "Installing Debian's faketime for the reproducible-build tests"; \
	  $(APT_INSTALL) faketime; }
	@PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null 2>&1 || { \
	  echo "Installing Debian's nginx for the served-site tests"; \
	  $(APT_INSTALL) nginx-light || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

# The successor stacks (README, "后继技术栈 / Successor stack"), each in its own virtualenv, rebuilt
# from scratch whenever its pins change: ProperDocs + Material in .venv-properdocs, ProperDocs +
# MaterialX in .venv-materialx (MaterialX's package is also called `material`). The requirement files
# list every package, so `--no-deps` installs exactly them; it is needed because Material, MaterialX
# and mkdocs-macros-plugin declare `mkdocs`, which ProperDocs replaces. The project itself, once it is
# an installable package (pyproject.toml), goes in as well, without dependencies.
define successor-venv
	rm -rf $(1)
	$(PYTHON) -m venv $(1) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(1); }
	$(1)/bin/python -m pip install --quiet --upgrade pip
	$(1)/bin/python -m pip install --quiet --no-deps -r $(2)
	if [ -f pyproject.toml ]; then $(1)/bin/python -m pip install --quiet --no-deps -e .; fi
	touch $(1)/.installed
endef

.venv-properdocs/.installed: requirements-successor-material.txt $(wildcard pyproject.toml)
	$(call successor-venv,.venv-properdocs,requirements-successor-material.txt)

.venv-materialx/.installed: requirements-successor-materialx.txt $(wildcard pyproject.toml)
	$(call successor-venv,.venv-materialx,requirements-successor-materialx.txt)

successor: .venv-properdocs/.installed .venv-materialx/.installed

build: install
	$(PY) -m mkdocs build --strict --clean -d $(SITE)

serve: build
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

# Everything: lint, then every test (browser, nginx, extra builds, successor stacks). CI runs this.
test: install-test successor lint
	$(PY) -m pytest

# The edit-test loop: only what requirements-test.txt and `npm ci` install (no Debian package: no
# browser, nginx or faketime; the JavaScript runs in node, tests/test_js.py) and no full build
# beyond the shared one (which runs while the tests needing no site do; one more build stops at its
# first check, the proof that a content problem stops a build); two worker processes (pytest-xdist),
# a test file each at a time, share that one build. The loop keeps Python's and pytest's compiled
# modules (__pycache__/, ignored by git and by the project copies), which every process would
# otherwise compile again on every run.
test-fast: $(VENV)/.test-installed node_modules/.package-lock.json
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n 2 --dist loadfile -m "not browser and not served and not faketime and not slow"

# Python (ruff) and the portal's JavaScript (ESLint, eslint.config.mjs).
lint: $(VENV)/.test-installed node_modules/.package-lock.json
	$(PY) -m ruff check .
	node_modules/.bin/eslint .

# Rewrite the golden files (the checker's messages on tests/fixtures/*) from the current checker;
# review the diff (`git diff tests/fixtures`) before committing it.
golden: $(VENV)/.test-installed
	PYTHONPATH=. $(PY) tests/regen_golden.py

# Build the site at BASE (a git revision) and from the working tree and list every file that differs
# (harness/compare_builds.py): a refactoring must print "no differences".
BASE ?= HEAD
compare-builds: install
	PYTHONPATH=. $(PY) harness/compare_builds.py $(BASE)

# Department workflow: `make check` (all files) or `make check FILES="docs/policies/x/y.md ..."`
check: install
	$(PY) -m macros check $(FILES)

# `make new` asks for department, id, title and 文号; or pass DEPT=... ID=... TITLE=... DOCNO=...
new: install
	$(PY) -m macros new $(if $(DEPT),--department "$(DEPT)") $(if $(ID),--id "$(ID)") $(if $(TITLE),--title "$(TITLE)") $(if $(DOCNO),--document-number "$(DOCNO)")

# Word to a draft record: `make import FILE=通知.docx DEPT=kejing` (optional ID=kejing-xxx).
# The draft lists every guess in a comment; `make check` then lists what is still missing.
import: install
	@test -n "$(FILE)" -a -n "$(DEPT)" || { echo "用法：make import FILE=文件.docx DEPT=部门代码 [ID=政策编号]"; exit 2; }
	$(PY) -m macros import "$(FILE)" --department "$(DEPT)" $(if $(ID),--id "$(ID)")

# Maintainers: a record file a department sent (the record form's 提交 step), `make accept FILE=下载/<id>.md`:
# checked as `make check` checks it, placed at docs/policies/<部门>/<id>.md and committed on a new branch
# accept/<id>-<日期> without touching the current checkout. UPDATE=1 confirms replacing an existing record
# (run without it first: it shows the diff); NOTE=修订说明, DEPT=修订部门 (default: the record's), BASE=rev.
accept: install
	@test -n "$(FILE)" || { echo "用法：make accept FILE=政策文件.md [UPDATE=1] [NOTE=修订说明] [DEPT=部门代码] [BASE=提交]"; exit 2; }
	$(PY) -m macros accept "$(FILE)" $(if $(filter 1 yes true,$(UPDATE)),--update) $(if $(NOTE),--note "$(NOTE)") $(if $(DEPT),--department "$(DEPT)") --base "$(or $(BASE),HEAD)"

# The contract's enums from the vocabularies, then the form's validation code compiled from it.
schema: install node_modules/.package-lock.json
	$(PY) -m macros schema
	$(PY) -m macros vendor

# Self-inspection against the national check indicators for government websites (国办秘函〔2019〕19号):
# builds the site (or inspects SITE=folder as it is), prints a Chinese summary, writes the report into
# the site (inspect/index.html and inspect/report.json); exit 1 on a veto (单项否决) or a broken internal link.
inspect: install
	@if [ "$(origin SITE)" = "file" ]; then $(MAKE) --no-print-directory build; fi
	$(PY) -m macros inspect --site "$(SITE)"

# Safe publishing: build into a new release, check it, switch DEST (a symlink) atomically. URL: the
# public address the release is built for (site_url), e.g. https://<政府门户>/hqzc/ for a column
# (deploy/shishou-portal-column.conf); without it, $SITE_URL.
publish: install
	@test -n "$(DEST)" || { echo "用法：make publish DEST=/var/www/portal [URL=https://<政府门户域名>/hqzc/]"; exit 2; }
	$(PY) -m macros publish --dest "$(DEST)" $(if $(URL),--url "$(URL)")

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

# Lighthouse 12 (bench/package.json) against the site served by deploy/nginx.conf: README, "Speed".
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# The build against the floor (plain MkDocs + Material + jieba, same records): README, "Speed".
bench-floor: install
	cd bench && ../$(PY) floor.py --builds $(or $(BUILDS),3)

bench-lighthouse: install system-test-deps bench/node_modules/.installed
	cd bench && ../$(PY) lighthouse.py --runs $(or $(RUNS),3)

# How fast hostile department files (alias bomb, deep nesting, 8 GiB file) are refused.
bench-input: install
	$(PY) bench/hostile_input.py

clean:
	rm -rf $(SITE) $(VENV) .venv-properdocs .venv-materialx .pytest_cache .ruff_cache *.egg-info node_modules .cache
