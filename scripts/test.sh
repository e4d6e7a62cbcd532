#!/usr/bin/env bash
# The whole test suite, in the order that fails fastest (Sara's CI order):
# lint -> unit tests -> data validation -> train if needed -> conversation tests ->
# real servers (end-to-end REST, failure safety, NLU + safety evaluation, browser,
# channels, console).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
step() { printf '\n=== %s ===\n' "$1"; }
export PYTHONDONTWRITEBYTECODE=1
step "system packages for the tests"
bash scripts/install_system_deps.sh
step "lint (ruff)"
.venv/bin/ruff check actions clinical rasa_ext scripts eval tests $( [ -d console ] && echo console ) $( [ -d widget ] && echo widget )
step "unit tests (no servers)"
.venv/bin/python -m pytest -m "not stack and not scale" -q -p no:cacheprovider
step "training data validation"
.venv/bin/rasa data validate --fail-on-warnings --quiet
step "train the model if data or config changed"
bash scripts/train.sh
step "conversation tests (rasa test core)"
.venv/bin/rasa test core --model models/current.tar.gz --stories tests/test_stories \
  --fail-on-prediction-errors --out results/core --quiet
step "end-to-end tests against the running servers"
.venv/bin/python -m pytest -m stack -q -p no:cacheprovider
step "scaled stack under load and faults (PostgreSQL, Redis, 2 Rasa + 2 action servers, nginx)"
.venv/bin/python -m pytest -m scale -q -s -p no:cacheprovider tests/scale
