#!/usr/bin/env bash
# The main job on the seed corpus: start Kafka, replay the seeds, show what landed in the topics.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "Starting the local Kafka broker"
newsmon kafka start
say "Replaying the seed corpus (seeds/) into ${NEWSMON_TOPIC_RAW:-newsmon.articles.raw}"
newsmon replay seeds/
say "What landed in the topics"
newsmon topics show --limit 10
say "Done. The broker keeps running; stop it with: .venv/bin/newsmon kafka stop"
