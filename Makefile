# vanban — two commands set everything up: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
PORT   ?= 8001
# where `make serve` listens: 127.0.0.1 (this machine only) or 0.0.0.0 (every machine of the office network)
HOST   ?= 127.0.0.1
# the address colleagues type to reach the site (links inside calendar/*.ics): given, or http://HOST:PORT
# when HOST is this machine's own address on the network; none for 127.0.0.1/0.0.0.0 (the files then link nowhere)
ADDRESS ?= $(if $(filter 127.0.0.1 localhost 0.0.0.0 ::,$(HOST)),,http://$(HOST):$(PORT))
export VANBAN_BASE_URL := $(if $(ADDRESS),$(patsubst %/,%,$(ADDRESS)),$(VANBAN_BASE_URL))
STAMP  := $(VENV)/.installed
# Debian packages the pipeline uses: .doc reader, OCR with the Vietnamese model, PDF rendering, khal for calendar tests, chromium for the browser test
APT_PACKAGES := antiword poppler-utils tesseract-ocr tesseract-ocr-vie khal chromium

GOLD_IDS  := $(basename $(notdir $(wildcard $(SHARED)/corpus/dev/gold/*.json)))
GOLD_DOCS := $(foreach id,$(GOLD_IDS),$(wildcard $(SHARED)/corpus/dev/$(id).*))
# Gold files kept aside while rules are written (issue 15: 7 of the 12 new ones, drawn at random);
# `make eval-dev` scores the others, `make eval` all of them
ASIDE     := 001 023 036 038 054 058 d007
DEV_IDS   := $(filter-out $(foreach a,$(ASIDE),$(a)_%),$(GOLD_IDS))
DEV_DOCS  := $(foreach id,$(DEV_IDS),$(wildcard $(SHARED)/corpus/dev/$(id).*))

.PHONY: help install system-deps ingest serve test test-fast lint eval eval-dev eval-rules golden bench calendar fuzz clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

install: system-deps $(STAMP) ## make .venv and install vanban, its tools and Debian packages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps: ## install missing Debian packages (needs root; otherwise says what is missing)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages: $$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	      || echo "warning: could not install $$missing (vanban doctor says what is missing)"; \
	  else echo "warning: missing Debian packages (run as root or install them): $$missing"; fi; \
	fi

ingest: install ## extract corpus/ (what changed) and rebuild data/vanban.db
	$(BIN)/vanban ingest corpus

serve: ingest ## install, ingest corpus/ and serve Datasette on http://$(HOST):$(PORT)/ (HOST=0.0.0.0 ADDRESS=http://may-chu:8001 for the office)
	$(BIN)/vanban serve --host $(HOST) --port $(PORT)

test: install ## run the whole test suite (slow checks included)
	$(BIN)/pytest -q

test-fast: install ## the suite without the slow (OCR, browser, khal) checks
	$(BIN)/pytest -q -m "not slow"

lint: install ## ruff and mypy
	$(BIN)/ruff check pipeline tests
	$(BIN)/mypy pipeline

eval: install ## extract the dev gold documents and score them with ../shared/eval/score.py
	@rm -rf build/eval && mkdir -p build/eval
	@$(BIN)/vanban extract $(GOLD_DOCS) --out build/eval -j 0
	@$(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/corpus/dev/gold --pred build/eval

bench: install ## speed and memory against the targets: prints a table, writes bench/results/*.json
	$(BIN)/vanban bench --corpus $(SHARED)/corpus --out bench/results

FUZZ_COUNT ?= 10000
FUZZ_JOBS  ?= 1
fuzz: install ## read and extract FUZZ_COUNT mutated real sentences (≤ 10 kB, 1 s each); failing inputs in build/fuzz/
	$(BIN)/python -m tests.fuzz --count $(FUZZ_COUNT) --jobs $(FUZZ_JOBS) --max-bytes 10000 --slow 1 --out build/fuzz

calendar: install ## write calendar/all.ics, calendar/<unit>.ics and *-tasks.ics from data/vanban.db (run make ingest first)
	$(BIN)/vanban calendar

eval-dev: install ## make eval without the gold files kept aside (ASIDE): the one to use while writing rules
	@rm -rf build/eval-dev && mkdir -p build/eval-dev/pred build/eval-dev/gold
	@cp $(foreach id,$(DEV_IDS),$(SHARED)/corpus/dev/gold/$(id).json) build/eval-dev/gold/
	@$(BIN)/vanban extract $(DEV_DOCS) --out build/eval-dev/pred -j 0
	@$(BIN)/python $(SHARED)/eval/score.py --gold build/eval-dev/gold --pred build/eval-dev/pred $(SCORE_FLAGS)

eval-rules: install ## precision/recall per rule and per construction on the dev gold (ASIDE left out unless RULES_FLAGS=--with-aside)
	@$(BIN)/python -m tests.eval_rules --shared $(SHARED) --aside "$(ASIDE)" $(RULES_FLAGS)

golden: install ## regenerate tests/golden/*.json (review the diff before committing)
	$(BIN)/python -m tests.golden_update

clean: ## remove generated files (not .venv)
	rm -rf build data extracted/*.json extracted/.manifest.json extracted/.manifest.log extracted/.ingest.lock calendar
