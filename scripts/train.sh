#!/usr/bin/env bash
# Train models/current.tar.gz only when the training inputs changed (config, domain,
# data, package versions). Python code is not part of a Rasa model: no retrain for it.
# Rasa's training cache (.rasa/cache) keeps every component whose inputs did not
# change, so a new NLU example or a reworded response retrains only what it touches.
# FORCE_TRAIN=1 retrains everything from scratch (rasa train --force).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Learned urgency classifier (clinical/urgency_model.py): rebuilt only when its corpus or code changed (seconds).
.venv/bin/python -m clinical.urgency_model train
inputs=$(find config.yml domain.yml data requirements/lock.txt -type f \
          \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) | sort)
want=$(cat $inputs | sha256sum | cut -d' ' -f1)
stamp=models/.fingerprint
if [ -f models/current.tar.gz ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ "${FORCE_TRAIN:-0}" != "1" ]; then
  echo "  the model is up to date (models/current.tar.gz)"
  exit 0
fi
force=()
[ "${FORCE_TRAIN:-0}" = "1" ] && force=(--force)
mkdir -p var/logs
log=var/logs/train.log
: > "$log"
start=$(date +%s)
set +e
.venv/bin/rasa train --fixed-model-name current --out models "${force[@]}" 2>&1 \
  | .venv/bin/python scripts/train_progress.py --log "$log" --expected models/.train-seconds
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "Training failed (rasa train exit $status). The end of its log ($log):" >&2
  tail -n 25 "$log" >&2
  exit "$status"
fi
echo "$want" > "$stamp"
echo "  trained in $(( $(date +%s) - start ))s: models/current.tar.gz"
