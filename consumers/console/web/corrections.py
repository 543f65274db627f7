"""The correction action: a story page's form (GET) shows what it will ask and a confirm button; the confirmed
form (POST, token and CSRF as every action) is published for the alerter that owns the story. And what the story
page needs to offer corrections and show those made."""

from __future__ import annotations

import logging
import sqlite3
from urllib.parse import quote

from pydantic import ValidationError
from werkzeug.exceptions import BadRequest, NotFound, ServiceUnavailable
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from consumers.console import queries_corrections as qc
from consumers.console.corrections import BASES, PLACE_KINDS, FormError, parse_form, summary
from consumers.console.web.guard import confirmation_page
from newsmon.errors import BrokerUnavailable, ConfigError
from newsmon.messages import StoryState

log = logging.getLogger(__name__)
FIELDS = ("story", "kind", "killed", "injured", "actor", "basis", "name", "admin1", "country", "place_kind", "date",
          "into", "article", "note")


def on_correct(app, request: Request) -> Response:
    """GET: the confirmation page of a correction; POST: publish it and go back to the story."""
    ctx = app.ctx
    refused = ctx.guard.refuse_action(request)
    if refused is not None:
        return refused
    conn = ctx.store.reader()
    story_id = (request.values.get("story") or "").strip()
    state = _state(conn, story_id)
    if state is None:
        raise NotFound(f"No story {story_id} in the console store.")
    try:
        correction = parse_form(request.values, state, catalog=ctx.catalog,
                                story_exists=lambda other: _state(conn, other) is not None)
    except (FormError, ValidationError) as exc:
        raise BadRequest(f"This correction cannot be made: {exc}") from None
    if request.method == "GET":
        values = {name: request.values[name] for name in FIELDS if request.values.get(name)}
        return confirmation_page(app.render("correct.html", state=state, headline=_headline(state),
                                            summary=summary(correction), kind=request.values.get("kind"),
                                            values=values))
    if ctx.actions.correct is None:
        raise ServiceUnavailable("This console cannot publish corrections.")
    try:
        outcome = ctx.actions.correct(correction)
    except (BrokerUnavailable, ConfigError) as exc:
        raise ServiceUnavailable(f"The correction was not sent: {exc}") from None
    log.info("Console correction %s of story %s (%s): %s", correction.id, story_id, summary(correction), outcome)
    ctx.actions.record(outcome)
    return redirect(f"/story/{quote(story_id)}#corrections", 303)


def story_extras(ctx, conn: sqlite3.Connection, state: StoryState) -> dict:
    """What the story page shows of corrections, and offers when actions are on."""
    extras = {"corrections": qc.story_corrections(conn, state), "corrected": qc.corrected_facts(state),
              "merge_choices": [], "actor_choices": [], "bases": BASES, "place_kinds": PLACE_KINDS}
    if ctx.guard.actions_enabled:
        extras["merge_choices"] = qc.merge_choices(conn, state)
        extras["actor_choices"] = actor_choices(ctx.catalog)
    return extras


def actor_choices(catalog) -> list[tuple[str, str, str]]:
    """(id, name, kind) of every catalog actor, groups first, each by name."""
    if catalog is None:
        return []
    return sorted(((a.id, a.name, a.kind) for a in catalog.actors.values()), key=lambda a: (a[2] != "group", a[1]))


def _state(conn: sqlite3.Connection, story_id: str) -> StoryState | None:
    row = conn.execute("SELECT state FROM stories WHERE id = ?", (story_id,)).fetchone() if story_id else None
    return StoryState.model_validate_json(row["state"]) if row else None


def _headline(state: StoryState) -> str:
    return state.articles[-1].title if state.articles else state.id
