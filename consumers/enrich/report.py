"""What `newsmon analyze` prints for one article: a JSON object, or a short readable summary."""

from __future__ import annotations

from newsmon.messages import EnrichedArticle, EventFacts


def event_row(event: EventFacts) -> dict:
    """One event as analyze prints it: the facts, then the evidence sentence of each."""
    row = event.model_dump(mode="json", exclude={"evidence"})
    row["evidence"] = {e.fact: {"sentence": e.sentence, "start": e.start, "end": e.end} for e in event.evidence}
    return row


def analysis_row(source: str, result: EnrichedArticle) -> dict:
    """The JSON object `analyze --json` prints for one article (schema_version is the EnrichedArticle's)."""
    return {
        "source": source,
        "id": result.id,
        "schema_version": result.schema_version,
        "title": result.article.title,
        "language": result.language,
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "mentions": a.mentions, "role": a.role,
                    "salience": a.salience} for a in result.actors],
        "categories": [{"label": c.label, "score": c.score, "evidence": list(c.evidence)} for c in result.categories],
        "event": event_row(result.event),
        "related_events": [event_row(e) for e in result.related_events],
        "places": [{"name": p.name, "admin1": p.admin1, "country": p.country, "kind": p.kind} for p in result.places],
    }


def _facts(event: dict) -> str:
    parts = [event["type"] or "unknown"]
    numbers = [f"{event[k]} {label}" for k, label in (("killed", "killed"), ("injured", "injured"),
                                                      ("attackers_killed", "attackers killed")) if event[k] is not None]
    if numbers:
        parts.append("(" + ", ".join(numbers) + ")")
    if event["where"]:
        where = event["where"]
        parts.append("in " + ", ".join(x for x in (where["name"], where["admin1"], where["country"]) if x))
    if event["date"]:
        parts.append(f"on {event['date']}")
    if event["perpetrator"]:
        parts.append(f"by {event['perpetrator']['actor']} ({event['perpetrator']['basis']})")
    if event["denied_by"]:
        parts.append("denied by " + ", ".join(event["denied_by"]))
    if event["targets"]:
        parts.append("against " + ", ".join(event["targets"]))
    return " ".join(parts)


def readable(row: dict) -> str:
    """A short human summary of one analysed article, each main-event fact with its sentence."""
    lines = [
        f"{row['source']}: {row['title']} [{row['language']}]",
        "  actors:     " + (", ".join(f"{a['id']} ({a['role']}, {a['salience']})" for a in row["actors"]) or "none"),
        "  categories: " + ", ".join(f"{c['label']} {c['score']:.2f}" for c in row["categories"]),
        "  event:      " + _facts(row["event"]),
    ]
    for fact, evidence in row["event"]["evidence"].items():
        quote = " ".join(evidence["sentence"].split())
        quote = quote if len(quote) <= 160 else quote[:160].rsplit(" ", 1)[0] + " …"  # the record has it all
        lines.append(f"    {fact + ':':<17} \"{quote}\"")
    for related in row["related_events"]:
        lines.append(f"  {related['relation'] + ':':<11} " + _facts(related))
    lines.append("  places:     " + (", ".join(f"{p['name']} ({', '.join(x for x in (p['admin1'], p['country']) if x) or '?'})"
                                               for p in row["places"][:8]) or "none"))
    return "\n".join(lines)
