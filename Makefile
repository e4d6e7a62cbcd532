# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
ENV := source scripts/env.sh &&
PY := .venv/bin/python

.PHONY: help install train run run-scaled chat test test-unit test-scale soak validate test-stories lint format eval bench bench-quick bench-red-flags bench-stored profile clean

help:
	@echo "make run    install, train if needed, start everything (Ctrl-C stops)"
	@echo "make test   install, train if needed, run the whole test suite"
	@echo "make eval   NLU accuracy + safety evaluation against a running bot (prints figures)"
	@echo "make bench  this bot against the stock Rasa starter, side by side (15-25 min)"
	@echo "make chat   talk to the running assistant in the terminal (after make run)"
	@echo "make run-scaled  PostgreSQL + Redis + 2 Rasa + 2 action servers behind nginx"
	@echo "make test-scale  50 patients through the balancer, with faults (prints figures)"
	@echo "make soak   10 minutes of steady load on one instance (memory growth, figures)"
	@echo "other: install train validate test-unit test-stories lint format clean"
	@echo "       bench-quick (no training) bench-stored (1M stored conversations) profile"
	@echo "       bench-red-flags (red-flag check latency only)"

install:
	@bash scripts/install.sh

train: install
	@bash scripts/train.sh

run:
	@bash scripts/run.sh

# RASA=n ACTIONS=m to change the numbers; TRACKER_DB_URL=postgresql://... and
# REDIS_URL=redis://... to use existing servers instead of local ones.
RASA ?= 2
ACTIONS ?= 2
run-scaled: train
	@bash scripts/install_system_deps.sh
	@$(ENV) $(PY) -m scripts.stack run --rasa $(RASA) --actions $(ACTIONS)

chat: install
	@$(ENV) $(PY) scripts/chat.py

# lint: ruff check + ruff format --check on LINT_PATHS, mypy on TYPED_PATHS (the same
# commands as the lint step of scripts/test.sh); format: rewrite LINT_PATHS with ruff format.
LINT_PATHS := actions clinical rasa_ext scripts eval tests urgency_corpus $(wildcard console widget storage)
TYPED_PATHS := clinical storage rasa_ext actions console eval scripts widget urgency_corpus
lint: install
	@$(ENV) .venv/bin/ruff check $(LINT_PATHS)
	@$(ENV) .venv/bin/ruff format --check $(LINT_PATHS)
	@$(ENV) .venv/bin/mypy $(TYPED_PATHS)

format: install
	@$(ENV) .venv/bin/ruff format $(LINT_PATHS)

test-unit: install
	@$(ENV) $(PY) -m pytest -m "not stack and not scale" -q

test-scale: train
	@bash scripts/install_system_deps.sh
	@$(ENV) $(PY) -m pytest -m scale -q -s -p no:cacheprovider tests/scale

soak: train
	@$(ENV) $(PY) -m scripts.soak

validate: install
	@$(ENV) .venv/bin/rasa data validate --fail-on-warnings --quiet

test-stories: train
	@$(ENV) .venv/bin/rasa test core --model models/current.tar.gz --stories tests/test_stories \
		--fail-on-prediction-errors --out results/core --quiet

test: install
	@bash scripts/test.sh

eval: train
	@$(ENV) $(PY) -m eval.run_all

bench: install
	@$(ENV) $(PY) -m eval.bench

bench-quick: install
	@$(ENV) $(PY) -m eval.bench --no-training

bench-stored: install
	@$(ENV) $(PY) -m eval.bench.stored

profile: train
	@$(ENV) $(PY) -m eval.bench.profile

bench-red-flags: install
	@$(ENV) $(PY) -m eval.bench_red_flags

clean:
	rm -rf results test-artifacts .pytest_cache models/current.tar.gz models/.fingerprint models/urgency.joblib var/logs
