"""Unusable page files are named with the reason; usable ones are read."""

from __future__ import annotations

import pytest

from newsmon.errors import InputError
from producers.replay.replayer import load_articles
from producers.replay.seed_files import find_pages, read_page


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "file is empty"),
        (b"  \n\n\t ", "file is empty"),
        (b"GIF89a\x00\x01\x02", "binary file (contains NUL bytes)"),
        (b"\x01\x02\x03\x04\x05\x06 abc", "binary file (mostly control characters)"),
        ("na\xefve".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_files_raise_an_input_error_naming_file_and_reason(tmp_path, content, reason):
    path = tmp_path / "page.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_page(path)
    assert str(info.value).startswith(f"{path}: {reason}")


def test_a_page_with_no_article_is_an_input_error(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text("Home\nSport\nWeather\n")
    with pytest.raises(InputError, match="no article found"):
        load_articles(path)


def test_directories_expand_to_sorted_txt_files_and_problems_are_listed(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.md").write_text("x")
    empty = tmp_path / "empty"
    empty.mkdir()
    pages = list(find_pages([str(tmp_path), str(empty), str(tmp_path / "missing.txt")]))
    assert [p.path.name for p in pages if p.problem is None] == ["a.txt", "b.txt"]
    assert [p.problem.reason for p in pages if p.problem] == [
        "directory has no .txt files", "no such file or directory",
    ]
