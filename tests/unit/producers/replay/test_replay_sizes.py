"""Replay of pages with very long articles: cut and published, never a stop for the files after them."""

from __future__ import annotations

from newsmon.messages import RawArticle, decode
from producers.replay.replayer import SeedReplayer
from tests.unit.newsmon.fakes import FakePublisher

PARAGRAPH = ("Security officials said the attackers opened fire on the checkpoint before dawn and the exchange "
             "of fire lasted for more than an hour, according to police in the district. ")


def page(tmp_path, name: str, paragraphs: int):
    body = "\n\n".join(PARAGRAPH.strip() for _ in range(paragraphs))
    path = tmp_path / name
    path.write_text(f"Attack on a checkpoint in Bannu\n\nBANNU: {body}\n", encoding="utf-8")
    return path


def test_a_two_megabyte_page_is_cut_and_the_next_page_is_still_replayed(tmp_path):
    big, small = page(tmp_path, "a_big.txt", 11_000), page(tmp_path, "b_small.txt", 3)  # ~2.1 MB and ~600 bytes
    lines: list[str] = []
    publisher = FakePublisher(max_bytes=2 * 1024 * 1024)
    summary = SeedReplayer(publisher, topic="raw", on_problem=lines.append, max_chars=200_000).replay(
        [str(big), str(small)])
    assert summary.files == 2 and summary.articles == 2 and summary.skipped == 0
    first, second = (decode(value, RawArticle) for _, _, value in publisher.sent)
    assert first.truncated and len(first.body) <= 200_000 and first.body.endswith("district.")
    assert not second.truncated
    assert len(lines) == 1 and lines[0].startswith(f"cut {big}: ") and "NEWSMON_MAX_ARTICLE_CHARS" in lines[0]


def test_an_article_the_record_limit_refuses_is_skipped_with_its_reason_and_the_rest_goes_on(tmp_path):
    big, small = page(tmp_path, "a_big.txt", 400), page(tmp_path, "b_small.txt", 3)  # ~80 KB, over 64 KiB
    lines: list[str] = []
    publisher = FakePublisher(max_bytes=65_536)
    summary = SeedReplayer(publisher, topic="raw", on_problem=lines.append).replay([str(big), str(small)])
    assert summary.articles == 1 and summary.skipped == 1
    assert len(lines) == 1 and lines[0].startswith(f"skipped {big}: record ") and "bytes" in lines[0]
    assert [decode(v, RawArticle).title for _, _, v in publisher.sent] == ["Attack on a checkpoint in Bannu"]
