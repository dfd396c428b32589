# Two commands do everything on a fresh Debian machine (as root):
#   make run    set up, then talk to the skill in the local runner
#   make test   set up, then run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := espeak-ng alsa-utils chromium chromium-driver nginx nodejs npm
# Amazon's APL tools (apl-suggester, apl-viewhost-web), pinned by package-lock.json.
NODE_STAMP := node_modules/.installed

.PHONY: setup system-packages run test lint bench model serve studio lambda-zip clean

# Web service settings (make serve HOST=0.0.0.0 PORT=8443 WORKERS=4).
HOST ?= 127.0.0.1
PORT ?= 8080
WORKERS ?= 2
STUDIO_PORT ?= 8765
# The Lambda runtime the package is built for (skill.yaml's lambda_runtime).
LAMBDA_PYTHON ?= 3.12
LAMBDA_DIR := dist/lambda

setup: system-packages $(STAMP) $(NODE_STAMP)

# Debian packages the local runner speaks through, the browser the studio's test
# drives, nginx for the test of deploy/nginx.conf, and Node with npm for Amazon's
# APL tools; installed only when missing.
system-packages:
	@missing=""; \
	command -v espeak-ng >/dev/null 2>&1 || missing="$$missing espeak-ng"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v aplay >/dev/null 2>&1 || missing="$$missing alsa-utils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null 2>&1 || missing="$$missing chromium-driver"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	$(PYTHON) -c "import ensurepip" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Exactly the versions in package-lock.json, again whenever the lock file changes.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(PY) -m local_runner chat

test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .

bench: setup
	$(PY) -m bench

# Regenerate skill-package/ and ask-resources.json from intents/definitions/,
# then train the local runner's matcher on it and cache the result.
model: setup
	$(PY) -m intents build
	$(PY) -m local_runner train

# The content editors' page on http://127.0.0.1:$(STUDIO_PORT)/
studio: setup
	$(PY) -m local_runner studio --port $(STUDIO_PORT)

# The Alexa endpoint on $(HOST):$(PORT) under gunicorn, with the settings in
# gunicorn.conf.py; on the internet put deploy/nginx.conf in front (docs/operations.md).
serve: setup
	@$(PY) -m content >/dev/null
	WEB_CONCURRENCY=$(WORKERS) $(VENV)/bin/gunicorn --bind $(HOST):$(PORT) --access-logfile - \
		'skill.webservice:create_app()'

# dist/closer-again-lambda.zip: our packages plus deploy/lambda-requirements.txt
# as Linux x86-64 wheels for the Lambda runtime, byte-compiled by that Python
# when it is installed (else the build says so). dist/lambda/ is what ask deploy uploads.
lambda-zip: setup
	rm -rf $(LAMBDA_DIR) dist/closer-again-lambda.zip
	$(PY) -m pip install --quiet --no-compile --target $(LAMBDA_DIR) --platform manylinux2014_x86_64 \
		--implementation cp --python-version $(LAMBDA_PYTHON) --only-binary=:all: \
		-r deploy/lambda-requirements.txt
	$(PY) -m pip install --quiet --no-compile --target $(LAMBDA_DIR) --no-deps ask-sdk-dynamodb-persistence-adapter
	cp -r skill intents content $(LAMBDA_DIR)/
	find $(LAMBDA_DIR)/skill $(LAMBDA_DIR)/intents $(LAMBDA_DIR)/content -name __pycache__ -prune -exec rm -rf {} +
	$(PY) -c "from content import load_content; load_content('$(LAMBDA_DIR)/content/data')"
	$(PY) -c "from content import load_content; from content.programmes import load_programmes; \
		from content.keeping import load_keeping; d = '$(LAMBDA_DIR)/content/data'; \
		load_programmes(load_content(d), d); load_keeping(d)"
	$(PY) -m deploy.lambda_package check $(LAMBDA_DIR) $(LAMBDA_PYTHON)
	$(PY) -m deploy.lambda_package compile $(LAMBDA_DIR) $(LAMBDA_PYTHON)
	cd $(LAMBDA_DIR) && $(abspath $(PY)) -m zipfile -c ../closer-again-lambda.zip .
	@echo "built dist/closer-again-lambda.zip"

clean:
	rm -rf $(VENV) node_modules dist build *.egg-info .pytest_cache .ruff_cache .hypothesis
