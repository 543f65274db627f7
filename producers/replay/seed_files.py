"""Find and read saved pages; each unusable file is an InputError that names it and the reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from newsmon.errors import InputError

MAX_PAGE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class PageFile:
    """A path to replay, or the reason it cannot be."""

    path: Path
    problem: InputError | None = None


def find_pages(paths: list[str]) -> Iterator[PageFile]:
    """Expand files and directories (their *.txt files, sorted) in the order given."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            pages = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not pages:
                yield PageFile(path, InputError(name, "directory has no .txt files"))
            for page in pages:
                yield PageFile(page)
        elif path.is_file():
            yield PageFile(path)
        elif path.exists():
            yield PageFile(path, InputError(name, "not a regular file"))
        else:
            yield PageFile(path, InputError(name, "no such file or directory"))


def read_page(path: Path) -> str:
    """The text of a saved page; raises InputError for empty, binary, oversized or non-UTF-8 files."""
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise InputError(str(path), f"file is {size} bytes, over the {MAX_PAGE_BYTES}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from exc
    if not data.strip():
        raise InputError(str(path), "file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) * 0.05:
        raise InputError(str(path), "binary file (mostly control characters), not text")
    return text
