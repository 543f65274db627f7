"""The console's pages over WSGI: escaping, headers, the guard on reads and actions, the live board."""

from __future__ import annotations

import base64
import re

import pytest
from werkzeug.test import Client

from consumers.catalog import load_catalog
from consumers.console.ingest import rows_for
from consumers.console.service import check_binding
from consumers.console.store import Store
from consumers.console.web.app import Actions, ConsoleApp, Context
from consumers.console.web.guard import Guard
from newsmon.errors import ConfigError
from tests.unit.consumers.console import records as r

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "console.sqlite")
    a1 = r.article(1, title=f"Kalat attack {HOSTILE}")
    a1 = a1.model_copy(update={"article": a1.article.model_copy(update={"url": "javascript:alert(3)"})})
    s1 = r.story(1, [a1])
    s1 = s1.model_copy(update={"articles": tuple(a.model_copy(update={"url": "javascript:alert(3)"})
                                                 for a in s1.articles)})
    alert = r.alert(s1)
    alert = alert.model_copy(update={"rules": tuple(h.model_copy(update={"why": HOSTILE}) for h in alert.rules)})
    ops = r.endpoint_state("ops", disabled=True).model_copy(update={"reason": HOSTILE})
    feed = r.feed_status("geo", streak=2).model_copy(update={"last_error": HOSTILE})
    s.apply([("t", 0, n, rows_for(m)) for n, m in enumerate([a1, s1, alert, ops, feed])])
    yield s
    s.close()


def client(store, *, token=None, host="127.0.0.1", calls=None) -> Client:
    calls = calls if calls is not None else []
    actions = Actions(redeliver=lambda e: calls.append(("redeliver", e)) or "redelivery started",
                      enable=lambda e: calls.append(("enable", e)) or f"enabled {e}")
    ctx = Context(store=store, guard=Guard(token=token, host=host), catalog=load_catalog(), endpoints=["ops"],
                  actions=actions)
    return Client(ConsoleApp(ctx))


def basic(token: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"desk:{token}".encode()).decode()}


@pytest.mark.parametrize("path", ["/", "/story/s1", "/search?q=Kalat", "/actor/bla", "/health"])
def test_every_page_escapes_article_text_and_sends_a_strict_policy(store, path):
    response = client(store).get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    if path != "/actor/bla":
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/console.js" defer>']


def test_unknown_story_and_actor_are_404_pages(store):
    assert client(store).get("/story/none").status_code == 404
    assert client(store).get("/actor/nobody-at-all").status_code == 404


def test_reads_are_open_on_loopback_and_need_the_token_elsewhere(store):
    assert client(store, token="t0ken", host="127.0.0.1").get("/").status_code == 200
    away = client(store, token="t0ken", host="0.0.0.0")
    refused = away.get("/")
    assert refused.status_code == 401 and "Basic" in refused.headers["WWW-Authenticate"]
    assert away.get("/", headers=basic("wrong")).status_code == 401
    assert away.get("/", headers=basic("t0ken")).status_code == 200
    assert away.get("/", headers={"Authorization": "Bearer t0ken"}).status_code == 200
    rebinding = client(store).get("/", headers={"Host": "attacker.example:8470"})
    assert rebinding.status_code == 403  # a name pointed at 127.0.0.1 does not read a loopback console
    assert client(store).get("/", headers={"Host": "localhost:8470"}).status_code == 200
    assert client(store).get("/", headers={"Host": "[::1]:8470"}).status_code == 200
    proxied = client(store, token="t0ken")  # loopback, behind a reverse proxy that passes the public name
    assert proxied.get("/", headers={"Host": "desk.example.org"}).status_code == 403  # no login prompt either
    assert proxied.get("/", headers={"Host": "desk.example.org", "Authorization": "Bearer t0ken"}).status_code == 200
    assert proxied.get("/", headers={"Host": "desk.example.org", **basic("wrong")}).status_code == 403
    assert proxied.get("/", headers={"Host": "127.0.0.1:8470"}).status_code == 200
    with pytest.raises(ConfigError, match="NEWSMON_CONSOLE_TOKEN"):
        check_binding("0.0.0.0", None)
    check_binding("::1", None)


def test_actions_need_the_token_a_csrf_token_and_this_origin(store):
    calls: list = []
    assert client(store, calls=calls).post("/actions/redeliver", data={"endpoint": "ops"}).status_code == 403
    c = client(store, token="t0ken", calls=calls)
    assert c.get("/actions/redeliver?endpoint=ops").status_code == 401
    page = c.get("/actions/redeliver?endpoint=ops", headers=basic("t0ken")).get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert c.post("/actions/redeliver", data={"endpoint": "ops", "csrf": "0" * 64},
                  headers=basic("t0ken")).status_code == 403
    assert c.post("/actions/redeliver", data={"endpoint": "ops", "csrf": csrf},
                  headers=basic("t0ken") | {"Origin": "http://evil.example"}).status_code == 403
    assert calls == []
    done = c.post("/actions/redeliver", data={"endpoint": "ops", "csrf": csrf}, headers=basic("t0ken"))
    assert done.status_code == 303 and calls == [("redeliver", "ops")]
    c.post("/actions/enable", data={"endpoint": "ops", "csrf": csrf}, headers=basic("t0ken"))
    assert calls[-1] == ("enable", "ops")
    assert "enabled ops" in c.get("/health").get_data(as_text=True)
    unknown = c.post("/actions/enable", data={"endpoint": "nowhere", "csrf": csrf}, headers=basic("t0ken"))
    assert unknown.status_code == 400 and calls[-1] == ("enable", "ops")


def test_the_live_board_answers_only_when_the_store_moved(store):
    c = client(store)
    first = c.get("/board/live")
    version = first.headers["X-Board-Version"]
    assert first.status_code == 200 and "/story/s1" in first.get_data(as_text=True)
    assert c.get(f"/board/live?since={version}").status_code == 204
    store.apply([("t", 0, 10, rows_for(r.story(2, [r.article(2, title="Quetta blast")])))])
    moved = c.get(f"/board/live?since={version}")
    assert moved.status_code == 200 and "Quetta blast" in moved.get_data(as_text=True)


def test_static_files_are_served_and_paths_outside_are_not(store):
    c = client(store)
    assert c.get("/static/console.css").status_code == 200
    assert c.get("/static/..%2F__init__.py").status_code == 404
    assert c.get("/static/.hidden").status_code == 404  # reaches the handler, refused by its own check
    assert c.get("/static/missing.css").status_code == 404


def test_a_story_page_lists_the_other_events_its_reports_mention_apart_from_its_own_facts(tmp_path):
    from newsmon.messages import EventFacts, Evidence, Place

    s = Store(tmp_path / "mentioned.sqlite")
    earlier = f"Twelve people were killed in last week's court bombing. {HOSTILE}"
    related = EventFacts(type="bombing", killed=12, injured=36, relation="referenced",
                         where=Place(name="Islamabad", country="PK", kind="city"),
                         evidence=tuple(Evidence(fact=fact, sentence=earlier, start=0, end=len(earlier))
                                        for fact in ("killed", "injured")))
    a1 = r.article(1).model_copy(update={"related_events": (related,)})
    s.apply([("t", 0, n, rows_for(m)) for n, m in enumerate([a1, r.story(1, [a1])])])
    try:
        page = client(s).get("/story/s1").get_data(as_text=True)
    finally:
        s.close()
    own, other = page.split("Other events the reports mention")
    assert "<strong>7</strong>" in own and "<strong>12</strong>" not in own  # the story's toll, not the other
    assert "bombing · Islamabad, PK · 12 killed · 36 injured" in other and "referenced" in other
    assert other.count("Twelve people were killed in last week&#39;s court bombing.") == 1  # once, for both facts
    assert HOSTILE not in page


def test_the_health_page_says_when_no_endpoint_is_configured(store):
    notice = "No webhook endpoint is configured"
    assert notice not in client(store).get("/health").get_data(as_text=True)  # "ops" is configured
    bare = Client(ConsoleApp(Context(store=store, guard=Guard(token=None, host="127.0.0.1"), catalog=load_catalog())))
    html = bare.get("/health").get_data(as_text=True)
    assert f"{notice} (NEWSMON_ENDPOINTS_FILE): alerts reach only this console" in html
