# Two commands do everything on a fresh Debian machine (as root):
#   make run    set up, then talk to the skill in the local runner
#   make test   set up, then run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := espeak-ng alsa-utils

.PHONY: setup system-packages run test lint bench model serve lambda-zip clean

setup: system-packages $(STAMP)

# Debian packages the local runner speaks through; installed only when missing.
system-packages:
	@missing=""; \
	command -v espeak-ng >/dev/null 2>&1 || missing="$$missing espeak-ng"; \
	command -v aplay >/dev/null 2>&1 || missing="$$missing alsa-utils"; \
	$(PYTHON) -c "import ensurepip" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
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

# Regenerate skill-package/ and ask-resources.json from intents/definitions/.
model: setup
	$(PY) -m intents build

clean:
	rm -rf $(VENV) dist build *.egg-info .pytest_cache .ruff_cache .hypothesis
