"""What `newsmon analyze` prints for one article: a JSON object, or a short readable summary."""

from __future__ import annotations


def analysis_row(source: str, result) -> dict:
    """The JSON object `analyze --json` prints for one article."""
    return {
        "source": source,
        "id": result.id,
        "title": result.article.title,
        "language": result.language,
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "mentions": a.mentions} for a in result.actors],
        "categories": [{"label": c.label, "score": c.score, "evidence": list(c.evidence)} for c in result.categories],
        "event": {"type": result.event.type, "killed": result.event.killed, "injured": result.event.injured,
                  "date": result.event.date},
        "places": [{"name": p.name, "country": p.country} for p in result.places],
    }


def readable(row: dict) -> str:
    """A short human summary of one analysed article."""
    event = row["event"]
    facts = ", ".join(f"{event[k]} {k}" for k in ("killed", "injured") if event[k] is not None)
    return "\n".join([
        f"{row['source']}: {row['title']} [{row['language']}]",
        "  actors:     " + (", ".join(f"{a['id']} x{a['mentions']}" for a in row["actors"]) or "none"),
        "  categories: " + ", ".join(f"{c['label']} {c['score']:.2f}" for c in row["categories"]),
        f"  event:      {event['type'] or 'unknown'}" + (f" ({facts})" if facts else "") + (f" on {event['date']}" if event["date"] else ""),
        "  places:     " + (", ".join(f"{p['name']} ({p['country'] or '?'})" for p in row["places"][:8]) or "none"),
    ])
