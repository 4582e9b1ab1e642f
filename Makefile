# thidua — the few commands people need. `make demo` to try it, `make test` before every change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: demo demo-reset test lint typecheck format migrations-check test-sqlite test-postgres test-databases test-browser bench install messages clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The demo runs as production does (DEBUG off: the product's own error pages, styles served by
# whitenoise from collected files); the secret key is made once in var/ when SECRET_KEY is unset.
demo: $(STAMP)
	scripts/ensure-audio.sh
	scripts/ensure-office.sh
	scripts/ensure-ocr.sh
	@mkdir -p var
	$(BIN)/thidua migrate --verbosity 0
	$(BIN)/thidua collectstatic --noinput --verbosity 0
	$(BIN)/thidua load-demo --if-empty --address http://127.0.0.1:$(PORT)
	@echo "thidua chạy tại http://127.0.0.1:$(PORT)  (Ctrl+C để dừng)"
	@# The production server and a background worker, as in service; plain HTTP on this machine, so the
	@# session cookie may travel without TLS.
	@SECURE_COOKIES=0 $(BIN)/thidua worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SECURE_COOKIES=0 $(BIN)/thidua serve --bind 127.0.0.1:$(PORT)

# The demo from scratch: its SQLite database in var/ (and the audit chain's anchors) is removed, made
# again and the demo commune loaded; .venv, the keys and static files stay. Stop `make demo` first.
# Refused when the database is not a SQLite file or holds accounts other than the demo's logins.
demo-reset: $(STAMP)
	@mkdir -p var
	$(BIN)/thidua load-demo --reset --no-input --address http://127.0.0.1:$(PORT)
	@echo "Chạy lại bằng: make demo"

# What mypy checks: the access rules, the helpers, the audit trail, and every app's services and
# selectors, whether a module (`services.py`) or a package (`services/`). Settings live in pyproject.toml.
TYPED := thidua/access.py thidua/lib thidua/audit $(filter-out thidua/audit/%,\
	$(wildcard thidua/*/services.py thidua/*/services thidua/*/selectors.py thidua/*/selectors))
MYPY := THIDUA_TESTING=1 $(BIN)/mypy $(TYPED)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MYPY)

typecheck: $(STAMP)
	$(MYPY)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: $(STAMP)
	THIDUA_TESTING=1 SQLITE_PATH=:memory: $(BIN)/thidua makemigrations --check --dry-run

# The browser journeys, the papers opened in LibreOffice and the scans read by Tesseract (markers
# `browser`, `office`, `ocr`) run once, in test-browser, not on each database.
test-sqlite: $(STAMP)
	THIDUA_TESTING=1 $(BIN)/pytest -q -m "not browser and not office and not ocr"

test-postgres: $(STAMP)
	THIDUA_TESTING=1 scripts/with-postgres.sh $(BIN)/pytest -q -m "not browser and not office and not ocr"

# Both databases side by side, each in its own data directory (what `make test` runs).
test-databases: $(STAMP)
	scripts/ensure-audio.sh
	scripts/ensure-signing.sh
	THIDUA_TESTING=1 scripts/test-databases.sh $(BIN)/pytest -q -m "not browser and not office and not ocr"

test-browser: $(STAMP)
	scripts/ensure-chromium.sh
	scripts/ensure-office.sh
	scripts/ensure-ocr.sh
	scripts/ensure-audio.sh
	scripts/ensure-signing.sh
	THIDUA_TESTING=1 $(BIN)/pytest -q -m "browser or office or ocr"

test: lint migrations-check test-databases test-browser

bench: $(STAMP)
	scripts/ensure-office.sh
	scripts/ensure-ocr.sh
	THIDUA_TESTING=1 $(BIN)/python -m bench

messages: $(STAMP)
	cd thidua && THIDUA_TESTING=1 ../$(BIN)/thidua makemessages -l en --no-obsolete && THIDUA_TESTING=1 ../$(BIN)/thidua compilemessages

clean:
	rm -rf $(VENV) var
