#!/usr/bin/env bash
# Install everything on a fresh machine, then run the whole test suite (it starts its own Kafka).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
say "Running the tests"
exec .venv/bin/python -m pytest "$@"
