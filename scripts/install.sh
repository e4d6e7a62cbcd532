#!/usr/bin/env bash
# Create .venv with the locked Python packages (uv + the overrides that let Rasa 3.6
# run on Python 3.11). Re-syncs only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if ! command -v uv >/dev/null 2>&1; then
  echo "Installing uv..."
  "$PY" -m pip install --quiet --disable-pip-version-check uv
fi
UV="$(command -v uv || echo "$("$PY" -m site --user-base)/bin/uv")"
if [ ! -x .venv/bin/python ]; then
  "$UV" venv --quiet --python 3.11 .venv
fi
stamp=.venv/.lock-sha256
want=$(sha256sum requirements/lock.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing Python packages from requirements/lock.txt (first time: a few minutes)..."
  VIRTUAL_ENV="$PWD/.venv" "$UV" pip sync --quiet requirements/lock.txt
  echo "$want" > "$stamp"
fi
