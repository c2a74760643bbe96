# Two entry points for a fresh machine: `make serve` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
# The query editor's JavaScript (YASGUI, pinned in package-lock.json), served by server/routes/editor.py.
NODE_STAMP := node_modules/.lexkg-installed

.PHONY: serve test setup test-tools build lint clean

# The texts of the seed act's family (Regulation 2021/1173 and the acts that change it), read in
# place when they are beside the project; without them the service is the seed act alone.
CORPUS ?= $(wildcard ../shared/corpus)

serve: setup
	LEXKG_CORPUS=$(CORPUS) $(BIN)/lexkg serve

test: setup test-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

setup: $(VENV)/.installed $(NODE_STAMP)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# `npm ci` installs exactly the lock file (and empties node_modules first, stamp included).
# Then the editor's build is copied into server/static/yasgui/, package data of lexkg.server.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	npm run --silent editor-assets
	touch $@

# Debian packages the tests use: Chromium and its driver (the browser tests) and Graphviz
# (the picture of the model).
test-tools:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/dot ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's chromium, chromium-driver and graphviz"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && \
		apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 \
			chromium chromium-driver graphviz >/dev/null; \
	else \
		echo "not root: install Debian's chromium, chromium-driver and graphviz for all tests" >&2; \
	fi

build: setup
	$(BIN)/lexkg build

clean:
	rm -rf $(VENV) build node_modules .pytest_cache .ruff_cache .hypothesis
