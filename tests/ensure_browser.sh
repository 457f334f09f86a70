#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (tests/browser); never
# downloads a browser of Playwright's own. Installs with apt-get where missing.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if [ -x "$CHROMIUM" ]; then
  exit 0
fi
printf '[browser] installing chromium with apt-get\n'
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
test -x "$CHROMIUM" || { printf '[browser] %s is still missing\n' "$CHROMIUM" >&2; exit 1; }
