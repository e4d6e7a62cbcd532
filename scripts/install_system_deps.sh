#!/usr/bin/env bash
# System packages the TEST SUITE needs (running the assistant needs none of them):
# Chromium for the browser tests, PostgreSQL for the tracker-store tests, Redis for
# the lock-store tests. Installs only what is missing (needs root for apt-get).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# the server binaries, and the `postgres` system user the tests run them as when root
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! id postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
