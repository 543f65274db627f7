"""The console's pages: routes to handlers that ask the store and render a template. Nothing here talks to
Kafka; actions go through the callables the service gives it."""

from __future__ import annotations

import functools
import logging
import mimetypes
import os
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from werkzeug.exceptions import BadRequest, HTTPException, NotFound, ServiceUnavailable
from werkzeug.routing import Map, Rule
from werkzeug.security import safe_join
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from consumers.console import PACKAGE_DIR
from consumers.console import queries_board as qb
from consumers.console import queries_health as qh
from consumers.console import queries_story as qs
from consumers.console.charts import bar_chart
from consumers.console.queries_corrections import merged_into
from consumers.console.store import Store
from consumers.console.web import corrections
from consumers.console.web import filters as template_filters
from consumers.console.web import taxii
from consumers.console.web.guard import Guard, confirmation_page, harden

log = logging.getLogger(__name__)
STATIC_DIR = PACKAGE_DIR / "static"


@dataclass
class Actions:
    """What the console can ask the pipeline to do; each returns a sentence saying what it did."""

    redeliver: Callable[[str | None], str] | None = None
    enable: Callable[[str], str] | None = None
    correct: Callable[[object], str] | None = None  # publish an analyst's Correction (web/corrections.py)
    last: list[str] = field(default_factory=list)  # the latest outcomes, newest first, shown on the health page

    def record(self, outcome: str) -> None:
        """Keep an outcome for the health page: the ten latest, newest first."""
        self.last.insert(0, outcome)
        del self.last[10:]


@dataclass
class Context:
    store: Store
    guard: Guard
    catalog: object | None = None
    endpoints: list[str] = field(default_factory=list)
    actions: Actions = field(default_factory=Actions)
    is_ready: Callable[[], bool] = lambda: True


URLS = Map([
    Rule("/", endpoint="board"), Rule("/board/live", endpoint="live"), Rule("/story/<story_id>", endpoint="story"),
    Rule("/board/overview", endpoint="overview"),
    Rule("/search", endpoint="search"), Rule("/actor/<actor_id>", endpoint="actor"), Rule("/health", endpoint="health"),
    Rule("/actions/<any(redeliver, enable):name>", endpoint="action", methods=["GET", "POST"]), Rule("/static/<name>", endpoint="static"),
    Rule("/actions/correct", endpoint="correct", methods=["GET", "POST"]),
    Rule("/healthz", endpoint="healthz"), Rule("/readyz", endpoint="readyz"), *taxii.RULES,
])


@functools.lru_cache(maxsize=16)
def _static_file(name: str) -> tuple[bytes, str] | None:
    """A shipped static file's bytes and type, read once; None for a name that is not one."""
    path = safe_join(str(STATIC_DIR), name)  # None for a path that leaves the folder
    if path is None or name.startswith(".") or not os.path.isfile(path):
        return None
    with open(path, "rb") as handle:
        return handle.read(), mimetypes.guess_type(name)[0] or "application/octet-stream"


class ConsoleApp:
    def __init__(self, context: Context) -> None:
        self.ctx = context
        self.env = Environment(loader=PackageLoader("consumers.console", "templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True))
        self.env.filters.update(template_filters.FILTERS)
        self.env.globals.update(csrf=context.guard.csrf_token, actions_enabled=context.guard.actions_enabled)
        self.taxii = taxii.TaxiiApi(context.store)

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            endpoint, values = URLS.bind_to_environ(environ).match()
            if endpoint not in ("healthz", "readyz", "static"):
                refused = self.ctx.guard.refuse_read(request)
                if refused is not None:
                    refused = taxii.refusal(refused) if endpoint.startswith("taxii_") else refused
                    return harden(refused)(environ, start_response)
            if endpoint.startswith("taxii_"):
                response = self.taxii.respond(endpoint, request, **values)
            else:
                response = getattr(self, f"on_{endpoint}")(request, **values)
        except HTTPException as exc:
            response = taxii.http_error(exc) if request.path.startswith(taxii.PREFIX) else \
                self.render("error.html", exc.code or 500, code=exc.code, message=exc.description)
        return harden(response)(environ, start_response)

    def render(self, template: str, status: int = 200, **values) -> Response:
        html = self.env.get_template(template).render(**values)
        return Response(html, status, mimetype="text/html")

    def _conn(self):
        return self.ctx.store.reader()

    def on_board(self, request: Request) -> Response:
        f = qb.Filters.from_args(request.args)
        conn = self._conn()
        rows = qb.board(conn, f)
        return self.render("board.html", f=f, rows=rows[:qb.PAGE_SIZE], more=len(rows) > qb.PAGE_SIZE,
                           choices=qb.choices(conn), version=qb.version(conn), ready=self.ctx.is_ready(),
                           overview=qb.overview(conn, f))

    def on_overview(self, request: Request) -> Response:
        """The board's map and timeline alone, for the live board to swap in when the store moved."""
        f = qb.Filters.from_args(request.args)
        return self.render("board_overview.html", overview=qb.overview(self._conn(), f))

    def on_live(self, request: Request) -> Response:
        conn = self._conn()
        now = qb.version(conn)
        if request.args.get("since") == str(now):
            return Response(status=204, headers={"X-Board-Version": str(now)})
        f = qb.Filters.from_args(request.args)
        rows = qb.board(conn, f)[:qb.PAGE_SIZE]
        response = self.render("board_rows.html", rows=rows)
        response.headers["X-Board-Version"] = str(now)
        return response

    def on_story(self, request: Request, story_id: str) -> Response:
        conn = self._conn()
        view = qs.story(conn, story_id)
        if view is None:
            target = merged_into(conn, story_id)  # an analyst merged it into another story
            if target is not None:
                return redirect(f"/story/{quote(target, safe='')}", 302)
            raise NotFound(f"No story {story_id} in the console store (yet).")
        return self.render("story.html", s=view, **corrections.story_extras(self.ctx, conn, view.state))

    def on_correct(self, request: Request) -> Response:
        return corrections.on_correct(self, request)

    def on_search(self, request: Request) -> Response:
        f = qb.Filters.from_args(request.args)
        conn = self._conn()
        rows = qb.search(conn, f)
        hits = [{"row": r, "snippet": qb.snippet(r["body"] or r["summary"], f.q)} for r in rows[:qb.PAGE_SIZE]]
        return self.render("search.html", f=f, hits=hits, more=len(rows) > qb.PAGE_SIZE, choices=qb.choices(conn),
                           searched=qb.match_expression(f.q) is not None)

    def on_actor(self, request: Request, actor_id: str) -> Response:
        catalog = self.ctx.catalog
        entry = catalog.actors.get(actor_id) if catalog is not None else None
        activity = qh.actor_activity(self._conn(), actor_id)
        if entry is None and not activity["total"]:
            raise NotFound(f"No actor {actor_id} in the catalog or the store.")
        parents = [catalog.actors[p] for p in catalog.ancestors(actor_id) if p in catalog.actors] if entry else []
        children = sorted((a for a in catalog.actors.values() if a.parent == actor_id), key=lambda a: a.name) \
            if catalog is not None else []
        weeks = bar_chart(activity["weeks"], title="events per week", unit="events")
        killed = bar_chart([(m, k) for m, k, _ in activity["months"]], title="killed per month", unit="killed",
                           series=2)
        injured = bar_chart([(m, i) for m, _, i in activity["months"]], title="injured per month", unit="injured",
                            series=2, offset=1)
        return self.render("actor.html", actor_id=actor_id, entry=entry, parents=parents, children=children,
                           activity=activity, weeks=weeks, killed=killed, injured=injured)

    def on_health(self, request: Request) -> Response:
        conn = self._conn()
        dead = qh.dead_letters(conn)
        return self.render("health.html", feeds=qh.feeds(conn), stages=qh.stages(conn, dead), dead=dead, endpoints=qh.endpoints(conn, self.ctx.endpoints),
                           last=self.ctx.actions.last, ready=self.ctx.is_ready(),
                           no_endpoint=not self.ctx.endpoints)

    def on_action(self, request: Request, name: str) -> Response:
        refused = self.ctx.guard.refuse_action(request)
        if refused is not None:
            return refused
        endpoint = (request.values.get("endpoint") or "").strip() or None
        if name == "enable" and endpoint is None:
            raise BadRequest("Say which endpoint to enable.")
        if name == "enable" and endpoint not in self.ctx.endpoints:
            raise BadRequest(f"{endpoint} is not in the endpoints file.")
        if request.method == "GET":
            return confirmation_page(self.render("confirm.html", name=name, endpoint=endpoint))
        actions = self.ctx.actions
        run = getattr(actions, name)
        if run is None:
            raise ServiceUnavailable(f"This console cannot {name}: no endpoints file.")
        outcome = run(endpoint)
        log.info("Console action %s (%s): %s", name, endpoint or "every endpoint", outcome)
        actions.record(outcome)
        return redirect("/health#actions", 303)

    def on_static(self, request: Request, name: str) -> Response:
        found = _static_file(name)
        if found is None:
            raise NotFound()
        return Response(found[0], mimetype=found[1], headers={"Cache-Control": "max-age=300"})

    def on_healthz(self, request: Request) -> Response:
        return Response("ok\n", mimetype="text/plain")

    def on_readyz(self, request: Request) -> Response:
        ready = self.ctx.is_ready()
        return Response("ready\n" if ready else "catching up\n", 200 if ready else 503, mimetype="text/plain")
