"""A read-only TAXII 2.1 server inside the console: discovery, one API root (`newsmon`), one collection (`alerts`,
every story revision as STIX 2.1), its objects and manifest with `added_after` and paging (`next`, `more`).

    GET /taxii2/                                              discovery
    GET /taxii2/newsmon/                                      the API root
    GET /taxii2/newsmon/collections/[ID/]                     the collections, the alerts collection
    GET /taxii2/newsmon/collections/ID/objects/[OBJECT/]      objects (an envelope), one object
    GET /taxii2/newsmon/collections/ID/objects/OBJECT/versions/
    GET /taxii2/newsmon/collections/ID/manifest/

ID is the collection's UUID (COLLECTION_ID) or its alias `alerts`. Reads follow the console's guard like every page
(free on loopback, the token elsewhere); answers and errors are `application/taxii+json;version=2.1`. The store
keeps the newest version of each object, so `match[version]` of last, first or all gives the same one.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import datetime, timezone

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect, Rule
from werkzeug.wrappers import Request, Response

from consumers.console import queries_taxii as qt
from consumers.console.store import Store
from consumers.stix import MEDIA_TYPE as STIX_MEDIA_TYPE
from consumers.stix.ids import NAMESPACE

MEDIA_TYPE = "application/taxii+json;version=2.1"
PREFIX = "/taxii2/"
API_ROOT = "newsmon"
COLLECTION_ID = str(uuid.uuid5(NAMESPACE, "taxii-collection/alerts"))
COLLECTION_ALIAS = "alerts"
DEFAULT_PAGE, MAX_PAGE = 100, 1000
_ROOT = f"{PREFIX}{API_ROOT}/collections/<collection>"

RULES = [
    Rule(PREFIX, endpoint="taxii_discovery"),
    Rule(f"{PREFIX}{API_ROOT}/", endpoint="taxii_root"),
    Rule(f"{PREFIX}{API_ROOT}/collections/", endpoint="taxii_collections"),
    Rule(f"{_ROOT}/", endpoint="taxii_collection"),
    Rule(f"{_ROOT}/objects/", endpoint="taxii_objects"),
    Rule(f"{_ROOT}/objects/<object_id>/", endpoint="taxii_object"),
    Rule(f"{_ROOT}/objects/<object_id>/versions/", endpoint="taxii_versions"),
    Rule(f"{_ROOT}/manifest/", endpoint="taxii_manifest"),
]


class BadRequest(ValueError):
    """A filter or page position the server cannot read: a 400 in TAXII's error form."""


def answer(body: dict, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False), status, headers or {}, content_type=MEDIA_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


def error(status: int, title: str, description: str = "", headers: dict | None = None) -> Response:
    """A TAXII error message."""
    return answer({"title": title, "description": description, "http_status": str(status)}, status, headers)


def refusal(refused: Response) -> Response:
    """The guard's refusal (401 asking for the token, 403) as a TAXII error, keeping its challenge header."""
    headers = {k: v for k, v in refused.headers.items() if k.lower() == "www-authenticate"}
    return error(refused.status_code, "Unauthorized" if refused.status_code == 401 else "Forbidden",
                 refused.get_data(as_text=True).strip(), headers)


def http_error(exc: HTTPException) -> Response:
    """An HTTP error under /taxii2/ in TAXII's form; a redirect (a path without its final slash) stays one."""
    if isinstance(exc, RequestRedirect):
        return exc.get_response()
    return error(exc.code or 500, exc.name, exc.description or "")


def acceptable(accept: str | None) -> bool:
    """Whether the Accept header takes TAXII 2.1 JSON (no header, */* and a bare taxii+json do too)."""
    if not accept:
        return True
    for part in accept.split(","):
        kind, *params = [p.strip().lower() for p in part.split(";")]
        version = next((p.split("=", 1)[1].strip() for p in params if p.startswith("version=")), None)
        if kind in ("*/*", "application/*") or (kind == "application/taxii+json" and version in (None, "2.1")):
            return True
    return False


def _time(value: str, name: str) -> datetime:
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{name} must be a timestamp such as 2024-05-01T10:00:00.000Z, not {value!r}") from None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _version(value: str) -> str:
    """A match[version] timestamp as objects write `modified` (2024-05-01T10:00:00.000Z)."""
    return _time(value, "match[version]").strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _list(args, name: str) -> tuple[str, ...]:
    return tuple(v.strip() for value in args.getlist(name) for v in value.split(",") if v.strip())


def read_filter(args) -> qt.ObjectFilter | None:
    """The request's filters; None when they can match nothing (another spec_version)."""
    spec = _list(args, "match[spec_version]")
    if spec and "2.1" not in spec:
        return None
    try:
        limit = min(int(args.get("limit", DEFAULT_PAGE)), MAX_PAGE)
    except ValueError:
        raise BadRequest("limit must be a whole number") from None
    if limit < 1:
        raise BadRequest("limit must be at least 1")
    after = None
    if args.get("next"):
        added, _, last_id = args["next"].partition(":")
        if not added.isdigit() or not last_id:
            raise BadRequest("next is not a page position this server gave")
        after = (int(added), last_id)
    versions = _list(args, "match[version]")
    any_version = not versions or {"last", "first", "all"} & set(versions)
    return qt.ObjectFilter(
        added_after=qt.millis(_time(args["added_after"], "added_after")) if args.get("added_after") else None,
        after=after, ids=_list(args, "match[id]"), types=_list(args, "match[type]"), limit=limit,
        versions=() if any_version else tuple(_version(v) for v in versions))


def _dates(rows) -> dict:
    if not rows:
        return {}
    return {"X-TAXII-Date-Added-First": qt.iso(rows[0]["added"]), "X-TAXII-Date-Added-Last": qt.iso(rows[-1]["added"])}


def _envelope(page: qt.Page, items: list[dict], key: str = "objects") -> dict:
    body: dict = {"more": page.more}
    if page.more:
        last = page.rows[-1]
        body["next"] = f"{last['added']}:{last['id']}"
    if items:
        body[key] = items
    return body


class TaxiiApi:
    """The TAXII endpoints over the console's store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def respond(self, endpoint: str, request: Request, **values) -> Response:
        if not acceptable(request.headers.get("Accept")):
            return error(406, "Not Acceptable", f"This server answers in {MEDIA_TYPE}.")
        collection = values.pop("collection", None)
        if collection is not None and collection not in (COLLECTION_ID, COLLECTION_ALIAS):
            return error(404, "Not Found", f"No collection {collection} on this API root.")
        try:
            return getattr(self, endpoint.removeprefix("taxii_"))(request, **values)
        except BadRequest as exc:
            return error(400, "Bad Request", str(exc))

    def discovery(self, request: Request) -> Response:
        root = f"{request.host_url}{PREFIX.lstrip('/')}{API_ROOT}/"
        return answer({"title": "newsmon", "description": "Security news stories, one STIX 2.1 report per revision.",
                       "default": root, "api_roots": [root]})

    def root(self, request: Request) -> Response:
        return answer({"title": "newsmon", "description": "The desk's alerts as STIX 2.1, read-only.",
                       "versions": [MEDIA_TYPE], "max_content_length": 0})

    def collections(self, request: Request) -> Response:
        return answer({"collections": [collection_resource()]})

    def collection(self, request: Request) -> Response:
        return answer(collection_resource())

    def objects(self, request: Request, *, object_id: str | None = None) -> Response:
        found = read_filter(request.args)
        if found is None:
            return answer({"more": False})
        if object_id is not None:
            found = dataclasses.replace(found, ids=(object_id,))
        page = qt.objects(self.store.reader(), found)
        if object_id is not None and not page.rows:
            return error(404, "Not Found", f"No object {object_id} in the collection (in this version).")
        items = [json.loads(row["body"]) for row in page.rows]
        return answer(_envelope(page, items), headers=_dates(page.rows))

    def object(self, request: Request, object_id: str) -> Response:
        return self.objects(request, object_id=object_id)

    def versions(self, request: Request, object_id: str) -> Response:
        row = qt.one(self.store.reader(), object_id)
        if row is None:
            return error(404, "Not Found", f"No object {object_id} in the collection.")
        return answer({"more": False, "versions": [row["modified"]]}, headers=_dates([row]))

    def manifest(self, request: Request) -> Response:
        found = read_filter(request.args)
        if found is None:
            return answer({"more": False})
        page = qt.objects(self.store.reader(), found)
        items = [{"id": row["id"], "date_added": qt.iso(row["added"]), "version": row["modified"],
                  "media_type": STIX_MEDIA_TYPE} for row in page.rows]
        return answer(_envelope(page, items), headers=_dates(page.rows))


def collection_resource() -> dict:
    return {"id": COLLECTION_ID, "title": "alerts", "alias": COLLECTION_ALIAS,
            "description": "Every story revision newsmon alerted on, as STIX 2.1: a report, the event, its actors, "
                           "place and relationships. A new revision replaces its objects (same ids, newer modified).",
            "can_read": True, "can_write": False, "media_types": [STIX_MEDIA_TYPE]}
