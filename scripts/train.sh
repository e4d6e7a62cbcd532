#!/usr/bin/env bash
# Train models/current.tar.gz only when the training inputs changed (config, domain,
# data, package versions). Python code is not part of a Rasa model: no retrain for it.
# Rasa's training cache (.rasa/cache) keeps every component whose inputs did not
# change, so a new NLU example or a reworded response retrains only what it touches.
# FORCE_TRAIN=1 retrains everything from scratch (rasa train --force).
#
# Incremental path (docs/performance.md, section 8): when the previous model exists and
# ONLY the NLU examples (data/nlu) changed since it was trained, with the same label
# set (no new intent, FAQ key, entity, regex, lookup or synonym) and the same config,
# domain, responses, rules, stories and packages (scripts/train_inputs.py), the
# previous model is finetuned: rasa train --finetune --epoch-fraction
# ${FINETUNE_EPOCH_FRACTION:-0.2}. Anything else, or a failed finetune, is a full
# (cached) training. INCREMENTAL_TRAIN=0 turns the incremental path off.
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
  # models trained before the incremental path existed: record their input parts now
  [ -f models/.fingerprint-parts ] || .venv/bin/python scripts/train_inputs.py \
    > models/.fingerprint-parts 2>/dev/null || rm -f models/.fingerprint-parts
  exit 0
fi
force=()
[ "${FORCE_TRAIN:-0}" = "1" ] && force=(--force)
mkdir -p var/logs
log=var/logs/train.log
: > "$log"
start=$(date +%s)
parts=$(.venv/bin/python scripts/train_inputs.py 2>/dev/null || echo "- -")
parts_stamp=models/.fingerprint-parts
read -r new_fixed new_nlu <<< "$parts"
status=1
if [ "${FORCE_TRAIN:-0}" != "1" ] && [ "${INCREMENTAL_TRAIN:-1}" = "1" ] \
   && [ -f models/current.tar.gz ] && [ -f "$parts_stamp" ] && [ "$new_fixed" != "-" ]; then
  read -r old_fixed old_nlu < "$parts_stamp"
  if [ "$old_fixed" = "$new_fixed" ] && [ "$old_nlu" != "$new_nlu" ]; then
    echo "  only NLU examples changed: finetuning the previous model" \
         "(epoch fraction ${FINETUNE_EPOCH_FRACTION:-0.2}; INCREMENTAL_TRAIN=0 for a full training)"
    cp models/current.tar.gz models/.previous.tar.gz
    set +e
    .venv/bin/rasa train --fixed-model-name current --out models \
      --finetune models/.previous.tar.gz --epoch-fraction "${FINETUNE_EPOCH_FRACTION:-0.2}" 2>&1 \
      | .venv/bin/python scripts/train_progress.py --log "$log"
    status=${PIPESTATUS[0]}
    set -e
    rm -f models/.previous.tar.gz
    if [ "$status" -ne 0 ]; then
      echo "  finetuning failed (rasa train exit $status; $log): full training instead" >&2
      cp "$log" "$log.finetune-failed"
      : > "$log"
    fi
  fi
fi
if [ "$status" -ne 0 ]; then
  set +e
  .venv/bin/rasa train --fixed-model-name current --out models "${force[@]}" 2>&1 \
    | .venv/bin/python scripts/train_progress.py --log "$log" --expected models/.train-seconds
  status=${PIPESTATUS[0]}
  set -e
fi
if [ "$status" -ne 0 ]; then
  echo "Training failed (rasa train exit $status). The end of its log ($log):" >&2
  tail -n 25 "$log" >&2
  exit "$status"
fi
echo "$want" > "$stamp"
echo "$parts" > "$parts_stamp"
echo "  trained in $(( $(date +%s) - start ))s: models/current.tar.gz"
