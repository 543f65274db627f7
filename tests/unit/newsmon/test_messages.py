"""Message contracts: envelope, round trip, validation on decode."""

from __future__ import annotations

import json

import pydantic
import pytest

from newsmon.errors import DecodeError
from newsmon.messages import Alert, EnrichedArticle, RawArticle, RuleHit, Source, decode, encode


def raw(**kw) -> RawArticle:
    return RawArticle(**{"id": "a1", "title": "Title", "source": "seeds/x.txt", **kw})


def test_envelope_is_on_the_wire_and_round_trips():
    article = raw(body="Body")
    wire = json.loads(encode(article))
    assert list(wire)[:4] == ["schema", "schema_version", "id", "produced_at"]
    assert wire["schema"] == "newsmon.RawArticle" and wire["schema_version"] == 1
    assert decode(encode(article), RawArticle) == article


def test_messages_are_frozen():
    with pytest.raises(pydantic.ValidationError):
        raw().title = "changed"


def test_nested_messages_round_trip():
    enriched = EnrichedArticle(id="a1", article=raw(), language="en")
    assert decode(encode(enriched), EnrichedArticle).article.title == "Title"
    alert = Alert(id="w1", story_id="s", headline="T", rules=[RuleHit(id="r", name="R", severity="low", why="w")],
                  sources=[Source(id="a1", title="T")])
    assert decode(encode(alert), Alert).sources[0].id == "a1"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "no value"),
        (b"\xff\xfe", "not UTF-8"),
        (b"{not json", "invalid newsmon.RawArticle"),
        (b'{"schema": "newsmon.RawArticle", "id": "x", "source": "s"}', "title: Field required"),
        (b'{"schema": "newsmon.Alert", "id": "x", "title": "t", "source": "s"}', "expected 'newsmon.RawArticle'"),
        (b'{"schema": "newsmon.RawArticle", "schema_version": 2, "id": "x", "title": "t", "source": "s"}',
         "schema_version 2 is not supported"),
    ],
)
def test_invalid_records_raise_decode_error(data, message):
    with pytest.raises(DecodeError, match=message.replace("(", r"\(")):
        decode(data, RawArticle)


def test_unknown_optional_fields_from_a_newer_writer_are_ignored():
    wire = json.loads(encode(raw()))
    wire["added_later"] = 1
    assert decode(json.dumps(wire).encode(), RawArticle).id == "a1"
