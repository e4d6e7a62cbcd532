#!/usr/bin/env bash
# System packages the TEST SUITE and the scaled mode need (running one instance with
# `make run` needs none of them): Chromium for the browser tests, PostgreSQL for the
# tracker-store tests and `make run-scaled`, Redis for the lock store, nginx as the load
# balancer of `make run-scaled` / `make test-scale`. Installs only what is missing
# (needs root for apt-get). Package scripts are not allowed to start system services:
# every server is started by the tests or scripts/stack.py on free loopback ports.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# the server binaries, and the `postgres` system user the tests run them as when root
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! id postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # Debian starts a package's service on install unless policy-rc.d says no (101).
  # Say no for the length of this install when nothing else does, so no system-wide
  # nginx/redis/postgres is left running on the default ports.
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    added_policy=1
  fi
  trap '[ -z "$added_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
