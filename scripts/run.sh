#!/usr/bin/env bash
# `make run`: install, train if needed, start everything. Every step is named and
# timed; a failure says which step and where its log is.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/steps.sh
STEP_TOTAL=3
step "install Python packages (uv, requirements/lock.txt)"
bash scripts/install.sh
step "train the model if data or config changed" var/logs/train.log
bash scripts/train.sh
step "start the servers (logs: var/logs/)"
_step_name=""  # scripts/stack.py reports each service as it becomes ready
trap - EXIT  # from here on scripts/stack.py names the service that fails and its log
exec .venv/bin/python -m scripts.stack run
