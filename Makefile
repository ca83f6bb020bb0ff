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

help: ## liệt kê các lệnh make
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

install: system-deps $(STAMP) ## tạo .venv, cài vanban, công cụ của nó và các gói Debian

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps: ## cài các gói Debian còn thiếu (cần quyền root; nếu không thì báo gói nào thiếu)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "đang cài các gói Debian: $$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	      || echo "cảnh báo: không cài được $$missing (vanban doctor cho biết còn thiếu gì)"; \
	  else echo "cảnh báo: thiếu các gói Debian (chạy với quyền root hoặc tự cài): $$missing"; fi; \
	fi

ingest: install ## nạp văn bản: trích xuất những tệp đã đổi trong corpus/ rồi dựng lại data/vanban.db
	$(BIN)/vanban ingest corpus

serve: ingest ## cài, nạp corpus/ rồi mở trang trên http://$(HOST):$(PORT)/ (cho cả cơ quan: HOST=0.0.0.0 ADDRESS=http://may-chu:8001)
	$(BIN)/vanban serve --host $(HOST) --port $(PORT)

# two pytest-xdist workers (2 cores): tests sharing an expensive fixture stay on one worker (tests/conftest.py)
PYTEST_JOBS ?= -n 2 --dist loadgroup

test: install ## chạy toàn bộ kiểm thử (cả các kiểm thử chậm)
	$(BIN)/pytest -q $(PYTEST_JOBS)

test-fast: install ## kiểm thử, trừ các kiểm thử chậm (OCR, trình duyệt, khal)
	$(BIN)/pytest -q $(PYTEST_JOBS) -m "not slow"

lint: install ## kiểm tra mã bằng ruff và mypy
	$(BIN)/ruff check pipeline tests
	$(BIN)/mypy pipeline

eval: install ## trích xuất các văn bản có đáp án (gold) và chấm điểm bằng ../shared/eval/score.py
	@rm -rf build/eval && mkdir -p build/eval
	@$(BIN)/vanban extract $(GOLD_DOCS) --out build/eval -j 0
	@$(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/corpus/dev/gold --pred build/eval

bench: install ## đo tốc độ và bộ nhớ so với mục tiêu: in một bảng, ghi bench/results/*.json
	$(BIN)/vanban bench --corpus $(SHARED)/corpus --out bench/results

FUZZ_COUNT ?= 10000
FUZZ_JOBS  ?= 1
fuzz: install ## đọc và trích xuất FUZZ_COUNT câu thật bị biến đổi (≤ 10 kB, 1 giây mỗi câu); đầu vào lỗi ghi vào build/fuzz/
	$(BIN)/python -m tests.fuzz --count $(FUZZ_COUNT) --jobs $(FUZZ_JOBS) --max-bytes 10000 --slow 1 --out build/fuzz

calendar: install ## ghi lịch calendar/all.ics, calendar/<đơn vị>.ics và *-tasks.ics từ data/vanban.db (chạy make ingest trước)
	$(BIN)/vanban calendar

eval-dev: install ## như make eval, trừ các đáp án để riêng (ASIDE): dùng khi viết quy tắc
	@rm -rf build/eval-dev && mkdir -p build/eval-dev/pred build/eval-dev/gold
	@cp $(foreach id,$(DEV_IDS),$(SHARED)/corpus/dev/gold/$(id).json) build/eval-dev/gold/
	@$(BIN)/vanban extract $(DEV_DOCS) --out build/eval-dev/pred -j 0
	@$(BIN)/python $(SHARED)/eval/score.py --gold build/eval-dev/gold --pred build/eval-dev/pred $(SCORE_FLAGS)

eval-rules: install ## độ chính xác/độ phủ theo từng quy tắc và từng cấu trúc trên đáp án dev (bỏ ASIDE, trừ khi RULES_FLAGS=--with-aside)
	@$(BIN)/python -m tests.eval_rules --shared $(SHARED) --aside "$(ASIDE)" $(RULES_FLAGS)

golden: install ## tạo lại tests/golden/*.json (xem kỹ phần khác trước khi commit)
	$(BIN)/python -m tests.golden_update

clean: ## xoá các tệp sinh ra (trừ .venv)
	rm -rf build data extracted/*.json extracted/.manifest.json extracted/.manifest.log extracted/.ingest.lock calendar
