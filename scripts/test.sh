#!/usr/bin/env bash
# Install everything on a fresh machine, then run the whole test suite (it starts its own Kafka).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# The console's browser tests drive Debian's Chromium (never a downloaded browser).
if [ -z "${NEWSMON_TEST_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing Debian's chromium for the console's browser tests"
    apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }
  else
    die "the console's browser tests need Chromium: install Debian's chromium (or set NEWSMON_TEST_CHROMIUM to a Chromium binary)"
  fi
fi
say "Running the tests"
exec .venv/bin/python -m pytest "$@"
