# FacePass developer entry points. `make demo` and `make test` work on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
# Tests and the demo use the verified models in ../shared when it exists, else ./models (`make models`).
MODEL_DIR ?= $(if $(wildcard $(SHARED)/models/opencv_zoo),$(abspath $(SHARED)/models),$(abspath models))
export FACEPASS_MODEL_DIR ?= $(MODEL_DIR)
export SAM_CLI_TELEMETRY := 0
export AWS_DEFAULT_REGION ?= us-east-1
# The browser tests drive Debian's chromium; no npm or pip package may download a browser.
CHROMIUM := /usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help venv models web lint validate test test-fast demo local bench eval-lfw clean

help:
	@echo "make demo   - run the whole system locally on photos (embedded PostgreSQL, local S3)"
	@echo "make test   - lint, validate template.yaml and run every test"
	@echo "make local  - start the local stack (API on 127.0.0.1:8300) until Ctrl-C"
	@echo "make web    - build the kiosk and HR console (web/dist) from web/package-lock.json"
	@echo "make models - put the default model pack in ./models (copy from ../shared or download, sha256-checked)"
	@echo "make bench  - print performance figures"

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-insightface.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-insightface.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

venv: $(VENV)/.installed

# The web apps: npm ci from the lockfile when it changed, then the Vite build into web/dist.
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web: web/node_modules/.package-lock.json
	cd web && npm run build

# Debian's chromium for the browser tests, installed when missing (CI runs as root).
$(CHROMIUM):
	apt-get update && apt-get install -y chromium chromium-driver

# ./models feeds the container image build; tests read FACEPASS_MODEL_DIR directly.
# MODEL_PACK=sface-int8 also derives the int8 SFace from the verified fp32 file (NNCF, sha256-pinned result).
MODEL_PACK ?= $(or $(FACEPASS_MODEL_PACK),sface)
models: venv
	$(BIN)/facepass models fetch --pack $(MODEL_PACK) --dest models $(if $(wildcard $(SHARED)/models/opencv_zoo),--source $(SHARED)/models)

lint: venv
	$(BIN)/ruff check .

validate: venv
	$(BIN)/sam validate --lint --template template.yaml --region $(AWS_DEFAULT_REGION)

test: venv web $(CHROMIUM) lint validate
	$(BIN)/python -m pytest

test-fast: venv web $(CHROMIUM)
	$(BIN)/python -m pytest -x -q -m "not slow"

demo: venv web
	$(BIN)/facepass demo

local: venv web
	$(BIN)/facepass local up

bench: venv
	$(BIN)/python bench/identify.py
	$(BIN)/python bench/cost.py
	$(BIN)/python bench/coldstart.py
	$(BIN)/python bench/faces.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/liveness.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/absences_bulk.py

eval-lfw: venv
	$(BIN)/facepass eval pairs --root $(SHARED)/faces/lfw-dev --pairs $(SHARED)/faces/lfw-dev/protocol/pairsDevTest.txt --pack sface
	$(BIN)/facepass eval pairs --root $(SHARED)/faces/lfw-dev --pairs $(SHARED)/faces/lfw-dev/protocol/pairsDevTest.txt --pack buffalo_s

clean:
	rm -rf .aws-sam .pytest_cache .ruff_cache web/dist
