# shellcheck shell=bash
# Named, timed steps for the run/test scripts:  step "name"; ...; step_done
# A failing command inside a step prints which step failed, after how long, and
# where its log is (STEP_LOG, when the step set one).
_step_name=""
_step_start=0
_step_no=0
STEP_TOTAL="${STEP_TOTAL:-}"
STEP_LOG=""
_steps_begin=$(date +%s)

_clock() { local s=$1; if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi; }

step() {
  step_done
  _step_no=$((_step_no + 1))
  _step_name="$1"
  _step_start=$(date +%s)
  STEP_LOG="${2:-}"
  local of=""; [ -n "$STEP_TOTAL" ] && of="/$STEP_TOTAL"
  printf '\n=== [%s%s] %s ===\n' "$_step_no" "$of" "$_step_name"
}

step_done() {
  if [ -n "$_step_name" ]; then
    printf '    done: %s (%s)\n' "$_step_name" "$(_clock $(( $(date +%s) - _step_start )))"
    _step_name=""
  fi
}

_step_failed() {
  local status=$?
  [ "$status" -eq 0 ] && return
  if [ -n "$_step_name" ]; then
    printf '\nFAILED at step [%s] "%s" after %s (exit %s).\n' "$_step_no" "$_step_name" \
      "$(_clock $(( $(date +%s) - _step_start )))" "$status" >&2
    if [ -n "$STEP_LOG" ]; then
      printf 'Its log: %s\n' "$STEP_LOG" >&2
    else
      printf 'Its output is just above.\n' >&2
    fi
  fi
}
trap _step_failed EXIT

steps_total_time() { _clock $(( $(date +%s) - _steps_begin )); }
