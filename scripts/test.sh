#!/usr/bin/env bash
# The whole test suite, in the order that fails fastest (Sara's CI order):
# lint (ruff check, ruff format --check, mypy) -> unit tests -> data validation -> train if needed -> conversation tests ->
# real servers (end-to-end REST, failure safety, NLU + safety evaluation, browser,
# channels, console, benchmark smoke run).
# Every step is named and timed; a failure says which step and where its log is.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/steps.sh
export PYTHONDONTWRITEBYTECODE=1
STEP_TOTAL=8
echo "make test: 8 steps; on 2 cores about 5 minutes of training when data or config"
echo "changed, then about 10-15 minutes of tests."
step "system packages for the tests (Chromium, PostgreSQL, Redis)"
bash scripts/install_system_deps.sh
step "lint (ruff check, ruff format --check, mypy)"
.venv/bin/ruff check actions clinical rasa_ext scripts eval tests urgency_corpus console widget storage
.venv/bin/ruff format --check actions clinical rasa_ext scripts eval tests urgency_corpus console widget storage \
  || { echo "run \`make format\` to format these files" >&2; exit 1; }
.venv/bin/mypy clinical storage rasa_ext actions console eval scripts widget urgency_corpus
step "unit tests (no servers)"
.venv/bin/python -m pytest -m "not stack and not scale" -q -p no:cacheprovider
step "training data validation" var/logs/validate.log
mkdir -p var/logs
.venv/bin/rasa data validate --fail-on-warnings --quiet > var/logs/validate.log 2>&1 \
  || { tail -n 30 var/logs/validate.log >&2; exit 1; }
step "train the model if data or config changed" var/logs/train.log
bash scripts/train.sh
step "conversation tests (rasa test core)" var/logs/test-stories.log
.venv/bin/rasa test core --model models/current.tar.gz --stories tests/test_stories \
  --fail-on-prediction-errors --out results/core --quiet > var/logs/test-stories.log 2>&1 \
  || { tail -n 40 var/logs/test-stories.log >&2; echo "failed stories: results/core/failed_test_stories.yml" >&2; exit 1; }
step "end-to-end tests against the running servers (server logs: test-artifacts/logs/)"
.venv/bin/python -m pytest -m stack -q -p no:cacheprovider
step "scaled stack under load and faults (PostgreSQL, Redis, 2 Rasa + 2 action servers, nginx)"
.venv/bin/python -m pytest -m scale -q -s -p no:cacheprovider tests/scale
step_done
echo
echo "make test: all 8 steps passed in $(steps_total_time)."
