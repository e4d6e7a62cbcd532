#!/usr/bin/env bash
# Train models/current.tar.gz only when the training inputs changed (config, domain,
# data, package versions). Python code is not part of a Rasa model: no retrain for it.
# Rasa's training cache (.rasa/cache) keeps every component whose inputs did not
# change.
# FORCE_TRAIN=1 retrains everything from scratch (rasa train --force).
#
# Incremental paths (docs/performance.md, sections 8 and 9), decided by
# scripts/train_inputs.py from the parts the current model was trained from
# (models/.fingerprint-parts):
#  * only the content of responses changed (FAQ answers in data/responses, responses in
#    domain.yml), same response names: the trained model is kept and the new responses
#    are written into it (scripts/update_answers.py; nothing retrains, seconds; also
#    after a finetune, when Rasa's cache no longer holds the components);
#  * NLU examples (data/nlu) changed, same label set, config, domain, response names,
#    rules, stories and packages: the previous model is finetuned (rasa train
#    --finetune --epoch-fraction ${FINETUNE_EPOCH_FRACTION:-0.2}); after
#    ${FINETUNE_LIMIT:-5} finetunes in a row the next one is a full training (drift);
#    the finetune skips Rasa's data validation (about 14 s in one run: the label set, domain and
#    stories are unchanged since the validated full training; `make validate`, which
#    `make test` runs, still checks the new examples);
#  * anything else, or a failed incremental step: a full (cached) training.
# INCREMENTAL_TRAIN=0 turns both incremental paths off.
# TRAIN_PROJECT_DIR=<folder> trains the project in that folder (its config.yml,
# domain.yml, data/, requirements/lock.txt; models/, var/logs/ and .rasa/cache there)
# with this checkout's tools (make bench uses it on a copy of the project).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
source scripts/env.sh
py="$here/.venv/bin/python"
rasa="$here/.venv/bin/rasa"
project="$(cd "${TRAIN_PROJECT_DIR:-$here}" && pwd)"
# Learned urgency classifier (clinical/urgency_model.py): rebuilt only when its corpus or
# code changed (seconds). Its check (about 2 s of imports) runs while the training inputs
# are read; it is waited for before Rasa starts (Rasa's SafetyPolicy loads the model) and
# the script fails if it fails.
"$py" -m clinical.urgency_model train &
urgency_pid=$!
wait_urgency() {
  if [ -n "${urgency_pid:-}" ]; then
    local pid=$urgency_pid
    urgency_pid=
    wait "$pid" || { echo "Building the urgency model failed." >&2; exit 1; }
  fi
}
trap 'wait_urgency' EXIT
cd "$project"
inputs=$(find config.yml domain.yml data requirements/lock.txt -type f \
          \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) | sort)
want=$(cat $inputs | sha256sum | cut -d' ' -f1)
stamp=models/.fingerprint
parts_stamp=models/.fingerprint-parts
finetunes_stamp=models/.finetunes
if [ -f models/current.tar.gz ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ "${FORCE_TRAIN:-0}" != "1" ]; then
  echo "  the model is up to date (models/current.tar.gz)"
  # models trained before the incremental paths existed: record their input parts now
  parts_now=$("$py" "$here/scripts/train_inputs.py" --root . 2>/dev/null || true)
  if [ "$(wc -w <<< "$parts_now")" -eq 3 ] \
     && [ "$(cat "$parts_stamp" 2>/dev/null)" != "$parts_now" ]; then
    echo "$parts_now" > "$parts_stamp"
  fi
  exit 0
fi
force=()
[ "${FORCE_TRAIN:-0}" = "1" ] && force=(--force)
mkdir -p var/logs models
log=var/logs/train.log
: > "$log"
start=$(date +%s)
finetunes=$(cat "$finetunes_stamp" 2>/dev/null || echo 0)
how=full
if [ "${FORCE_TRAIN:-0}" != "1" ] && [ "${INCREMENTAL_TRAIN:-1}" = "1" ] \
   && [ -f models/current.tar.gz ]; then
  # one process: the decision and the parts line ("<how> <fixed> <nlu> <answers>")
  decision=$("$py" "$here/scripts/train_inputs.py" --root . decide --parts-file "$parts_stamp" \
               --finetunes "$finetunes" --with-parts 2>>"$log" || echo "full - - -")
  read -r how p_fixed p_nlu p_answers <<< "$decision"
  parts="${p_fixed:--} ${p_nlu:--} ${p_answers:--}"
  case "$how" in full|finetune|answers) ;; *) how=full parts="- - -" ;; esac
else
  parts=$("$py" "$here/scripts/train_inputs.py" --root . 2>>"$log" || echo "- - -")
fi
status=1
if [ "$how" = "answers" ]; then
  echo "  only response texts changed: writing them into the current model" \
       "(nothing retrains; INCREMENTAL_TRAIN=0 for a full training)"
  set +e
  "$py" "$here/scripts/update_answers.py" --root . >>"$log" 2>&1
  status=$?
  set -e
  grep -o 'answers updated in the model.*' "$log" | sed 's/^/  /' || true
  if [ "$status" -ne 0 ]; then
    echo "  updating the answers failed (exit $status; $log): full training instead" >&2
    cp "$log" "$log.answers-failed"
    : > "$log"
  fi
elif [ "$how" = "finetune" ]; then
  echo "  only NLU examples changed: finetuning the previous model" \
       "(epoch fraction ${FINETUNE_EPOCH_FRACTION:-0.2}, finetune $((finetunes + 1)) of" \
       "${FINETUNE_LIMIT:-5} before a full training; INCREMENTAL_TRAIN=0 for a full training)"
  cp models/current.tar.gz models/.previous.tar.gz
  wait_urgency
  set +e
  "$rasa" train --fixed-model-name current --out models \
    --finetune models/.previous.tar.gz --epoch-fraction "${FINETUNE_EPOCH_FRACTION:-0.2}" \
    --skip-validation 2>&1 \
    | "$py" "$here/scripts/train_progress.py" --log "$log"
  status=${PIPESTATUS[0]}
  set -e
  rm -f models/.previous.tar.gz
  if [ "$status" -ne 0 ]; then
    echo "  finetuning failed (rasa train exit $status; $log): full training instead" >&2
    cp "$log" "$log.finetune-failed"
    : > "$log"
  fi
fi
if [ "$status" -ne 0 ]; then
  how=full
  wait_urgency
  set +e
  "$rasa" train --fixed-model-name current --out models "${force[@]}" 2>&1 \
    | "$py" "$here/scripts/train_progress.py" --log "$log" --expected models/.train-seconds
  status=${PIPESTATUS[0]}
  set -e
fi
if [ "$status" -ne 0 ]; then
  echo "Training failed (rasa train exit $status). The end of its log ($log):" >&2
  tail -n 25 "$log" >&2
  exit "$status"
fi
case "$how" in
  full) echo 0 > "$finetunes_stamp" ;;
  finetune) echo $((finetunes + 1)) > "$finetunes_stamp" ;;
esac
echo "$want" > "$stamp"
echo "$parts" > "$parts_stamp"
echo "  trained in $(( $(date +%s) - start ))s ($how): models/current.tar.gz"
