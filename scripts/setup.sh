#!/usr/bin/env bash
# Prepare a fresh machine: a .venv with newsmon installed, and the Kafka broker jars cached.
# Idempotent: reinstalls only when pyproject.toml changed. Sourced by demo.sh and test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

PYTHON_BIN=""
for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    PYTHON_BIN="$candidate"; break
  fi
done
[ -n "$PYTHON_BIN" ] || die "Python 3.11 or newer is required (set PYTHON=/path/to/python3.11)"
command -v java >/dev/null 2>&1 || die "Java 17 or newer is required to run the Kafka broker"
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is required (found ${java_major:-unknown})"
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is required to fetch the Kafka jars from Maven Central"

if [ ! -x .venv/bin/python ]; then
  say "Creating .venv with $("$PYTHON_BIN" --version)"
  "$PYTHON_BIN" -m venv .venv
fi
stamp=".venv/.newsmon-installed"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "Installing newsmon and its dependencies into .venv (spaCy and its model: a few minutes the first time)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test]'
  echo "$want" > "$stamp"
fi
# Byte-compile newsmon's own modules: an editable install leaves them as source, and where PYTHONDONTWRITEBYTECODE
# is set every command would compile them again at its start (a tenth of a second of a one-page `analyze`).
.venv/bin/python -m compileall -q newsmon consumers producers >/dev/null
say "Making sure the Apache Kafka jars are cached (Maven Central, once per version)"
.venv/bin/python -c '
from newsmon.settings import load_settings
from newsmon.broker import ensure_jars
s = load_settings()
print("    jars in", ensure_jars(s.cache_dir, s.kafka_version))
' >&2
export PATH="$ROOT/.venv/bin:$PATH"
