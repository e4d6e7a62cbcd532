#!/usr/bin/env bash
# Train models/current.tar.gz only when the training inputs changed (config, domain,
# data, package versions). Python code is not part of a Rasa model: no retrain for it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
inputs=$(find config.yml domain.yml data requirements/lock.txt -type f \
          \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) | sort)
want=$(cat $inputs | sha256sum | cut -d' ' -f1)
stamp=models/.fingerprint
if [ -f models/current.tar.gz ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ "${FORCE_TRAIN:-0}" != "1" ]; then
  echo "Model is up to date (models/current.tar.gz)."
  exit 0
fi
export PYTHONWARNINGS="ignore::DeprecationWarning"  # dependency noise, not ours
echo "Training the model (data or config changed; a few minutes on 2 cores)..."
start=$(date +%s)
.venv/bin/rasa train --fixed-model-name current --out models --force --quiet
echo "$want" > "$stamp"
echo "Trained in $(( $(date +%s) - start ))s."
