# shellcheck shell=bash
# Defaults for every setting the assistant reads. Sourced by the Makefile and the
# run/test scripts; a value already set in the environment wins.
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$(pwd)"
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export WIDGET_PORT="${WIDGET_PORT:-8080}"
export CONSOLE_PORT="${CONSOLE_PORT:-8081}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}"
export TRACKER_DB_URL="${TRACKER_DB_URL:-sqlite:///var/tracker.db}"
# EMERGENCY_NUMBER, CRISIS_LINE, HUMAN_CONTACT: defaults live in clinical/settings.py.
export ACTION_TIMEOUT_SECONDS="${ACTION_TIMEOUT_SECONDS:-8}"
# Dependency noise, not ours (pkg_resources, SQLAlchemy 2.0, matplotlib, TensorFlow's
# C++ start-up chatter). Our own code's warnings are tested in pytest, which has its
# own filters; set PYTHONWARNINGS=default to see everything.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::PendingDeprecationWarning,ignore::FutureWarning}"
export SQLALCHEMY_SILENCE_UBER_WARNING="${SQLALCHEMY_SILENCE_UBER_WARNING:-1}"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
mkdir -p var
