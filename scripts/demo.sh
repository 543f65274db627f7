#!/usr/bin/env bash
# The main job on the seed corpus: start Kafka, replay the seeds, enrich them, show what landed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "Starting the local Kafka broker"
newsmon kafka start
say "Replaying the seed corpus (seeds/) into ${NEWSMON_TOPIC_RAW:-newsmon.articles.raw}"
newsmon replay seeds/
say "Enriching: the enricher consumes the raw topic and stops after 10 s without new articles"
newsmon enrich --idle-timeout 10
say "What landed in the topics"
newsmon topics show --limit 10
say "The same enrichment offline, without Kafka (newsmon analyze seeds/)"
newsmon analyze seeds/
say "Done. The broker keeps running; stop it with: .venv/bin/newsmon kafka stop"
