# The README's commands. `make run` and `make test` need nothing else on a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench lint scan migrate demo clean console

$(STAMP): requirements.in requirements.txt requirements-dev.txt package.json
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

node_modules/.bin/azurite: package.json
	npm ci --no-audit --no-fund || npm install --no-audit --no-fund
	touch $@

install: $(STAMP) node_modules/.bin/azurite

# The web console (web/): npm ci from its lock file, then a build only when a source changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json
web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

web/dist/console/index.html: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run build

console: web/dist/console/index.html

local.settings.json:
	cp local.settings.sample.json local.settings.json

run: install console local.settings.json
	@mkdir -p .data
	$(BIN)/privacy migrate
	$(BIN)/python -m devtools.run_local

test: install console
	$(BIN)/ruff check .
	$(BIN)/mypy shared functions devtools function_app.py
	cd web && npx vitest run
	$(BIN)/python -m pytest tests -q -n auto --maxprocesses 4 --dist loadfile

scan: install
	bash infra/scan.sh

bench: install console
	$(BIN)/python -m bench $(BENCH_ARGS)

migrate: install
	$(BIN)/privacy migrate

clean:
	rm -rf .data
