"""Where the main event happened: a place written as a location, not a topic, an origin or an adjective."""

from __future__ import annotations

from consumers.enrich.events import PlaceMention, article_text
from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of


def _where(title: str, body: str, *names: tuple[str, str, str]) -> str | None:
    """The main event's place, the given places found in the article at their first mention."""
    where = events_of(title, "", body, places=_places(article_text(title, "", body), *names)).main.where
    return where.name if where is not None else None


def _places(text: str, *names: tuple[str, str, str]) -> list[PlaceMention]:
    return [PlaceMention(name=n, country=c, admin1=None, kind=k, start=text.index(n), end=text.index(n) + len(n))
            for n, c, k in names]


def test_a_country_named_as_the_topic_or_the_participants_origin_is_not_where_it_happened():
    title, body = "Spymasters meet", ("Pakistan hosted a meeting of spymasters on the situation in Afghanistan. "
                                     "It was attended by intelligence heads from Russia and China.")
    text = article_text(title, "", body)
    places = _places(text, ("Pakistan", "PK", "country"), ("Afghanistan", "AF", "country"),
                     ("Russia", "RU", "country"), ("China", "CN", "country"))
    assert events_of(title, "", body, places=places).main.where.name == "Pakistan"


def test_a_place_used_as_an_adjective_is_not_where_it_happened():
    title, body = "Pakistan nears arms deal with Sudan", "The war threatens to fragment the strategic Red Sea country."
    text = article_text(title, "", body)
    places = _places(text, ("Red Sea", None, "region"))
    assert events_of(title, "", body, places=places).main.where is None


def test_the_town_the_people_hit_came_from_is_not_where_it_happened():
    title, body = "Nine killed in attack on pilgrims' bus", (
        "Nine people were killed when a bus carrying pilgrims from Uttar Pradesh and Delhi came under fire in "
        "Jammu and Kashmir's Reasi district on Sunday.")
    assert _where(title, body, ("Delhi", "IN", "city"), ("Reasi", "IN", "district")) == "Reasi"


def test_a_place_a_few_words_after_in_is_where_it_happened_but_not_one_the_convoy_came_from():
    title, body = "Six killed in suicide attack on convoy", (
        "Six people were killed in an attack on their convoy in Bisham tehsil of Khyber Pakhtunkhwa’s Shangla. "
        "The convoy was on its way from Islamabad to a camp.")
    text = article_text(title, "", body)
    places = _places(text, ("Shangla", "PK", "district"), ("Islamabad", "PK", "city"))
    assert events_of(title, "", body, places=places).main.where.name == "Shangla"
    title, body = "Pakistan and Iran agree on joint border patrols after Saravan killings", (
        "The two countries signed the agreement after a meeting of their interior ministers in Islamabad.")
    text = article_text(title, "", body)
    places = _places(text, ("Saravan", "IR", "city"), ("Islamabad", "PK", "city"))
    assert events_of(title, "", body, places=places).main.where.name == "Islamabad"


def test_a_place_after_an_abbreviation_with_an_ampersand_is_written_as_a_location():
    title, body = "Soldier succumbs, toll rises to 5", (
        "One soldier injured in an attack on an Army vehicle in the Botapathri area of J&K’s Gulmarg succumbed. "
        "Earlier militants fired at and injured a labourer in the Tral area of Pulwama district.")
    assert _where(title, body, ("Gulmarg", "IN", "city"), ("Tral", "IN", "city")) == "Gulmarg"


def test_the_state_that_hosts_a_meeting_is_where_it_happened_not_the_state_it_is_about():
    title, text_body = "Pakistan hosts meeting of regional spymasters", (
        "The hosting of the meeting reflects our wish for peace in the region and Afghanistan, a source said.")
    text = article_text(title, "", text_body)
    places = _places(text, ("Pakistan", "PK", "country"), ("Afghanistan", "AF", "country"))
    assert events_of(title, "", text_body, places=places).main.where.name == "Pakistan"


def test_a_province_written_as_the_location_beats_a_city_named_in_passing():
    title, body = "Gunmen kill three Spanish tourists", (
        "Kabul/Madrid/Delhi, May 18\n\nThree Spanish tourists were killed in an attack by gunmen in Afghanistan's "
        "central Bamyan province, Spain's foreign ministry said.")
    places = (("Kabul", "AF", "city"), ("Madrid", "ES", "city"), ("Bamyan", "AF", "admin1"))
    assert _where(title, body, *places) == "Bamyan"


def test_a_district_after_its_province_and_an_abbreviation_is_where_it_happened():
    title, body = "Eleven terrorists killed in operation", (
        "Security forces killed 11 terrorists in an operation in Khyber Pakhtunkhwa's (KP) Lakki Marwat district, "
        "the military said.")
    assert _where(title, body, ("Khyber Pakhtunkhwa", "PK", "admin1"), ("Lakki Marwat", "PK", "district")) == \
        "Lakki Marwat"


def test_where_the_wounded_were_taken_is_not_where_it_happened():
    title, body = "Terrorists kill 17 soldiers in army camp attack", (
        "Over two dozen soldiers were injured in the attack and were hospitalised in Srinagar, about 70 km away.\n\n"
        "The attackers barged into the camp near Uri town at 5.30 am.")
    assert _where(title, body, ("Srinagar", "IN", "city"), ("Uri", "IN", "city")) == "Uri"
    title, body = "Death toll in suicide bombing rises to 105", (
        "Two victims died overnight in hospitals in Peshawar, officials said.\n\n"
        "Rescue workers searched the rubble in the town of Ghalanai.")
    assert _where(title, body, ("Peshawar", "PK", "city"), ("Ghalanai", "PK", "city")) == "Ghalanai"


def test_the_settings_neighbour_is_not_where_it_happened_but_the_adjoining_district_named_as_a_location_is():
    title, body = "Militants storm police station", (
        "The police station in Laki Marwat bordering the South Waziristan district was attacked at midnight.")
    assert _where(title, body, ("South Waziristan", "PK", "district")) is None  # the town itself was not known
    title, body = "Militants storm police station", "Militants attacked a police station in the adjoining Khyber district."
    assert _where(title, body, ("Khyber", "PK", "district")) == "Khyber"


def test_a_dateline_gives_way_to_a_place_of_its_country_the_report_names():
    title = unify("بلوچستان: سیکیورٹی فورسز کی چوکی پر حملہ، 2 سپاہی شہید")
    body = unify("اسلام آباد (نیوز ڈیسک) بلوچستان کے ضلع کیچ کے علاقے سنگوان میں سیکیورٹی فورسز کی چوکی پر "
                 "دہشت گردوں نے حملہ کیا ہے، جس میں 2 سپاہی شہید ہو گئے۔")
    assert _where(title, body, (unify("اسلام آباد"), "PK", "city"), (unify("کیچ"), "PK", "district")) == unify("کیچ")
    body = "LAHORE: Militants attacked a police post in Bannu on Monday, killing two policemen."
    assert _where("Two policemen killed", body, ("LAHORE", "PK", "city"), ("Bannu", "PK", "district")) == "Bannu"


def test_a_dateline_stays_where_the_only_other_place_is_abroad_or_it_is_named_again():
    body = unify("کراچی (سٹاف رپورٹر) گرفتار دہشت گرد ہمدان کی نشاندہی پر 200 کلو بارودی مواد برآمد کرلیا گیا۔")
    assert _where(unify("کراچی: بارودی مواد برآمد"), body, (unify("کراچی"), "PK", "city"),
                  (unify("ہمدان"), "IR", "city")) == unify("کراچی")
    body = "QUETTA, Pakistan (AP) — Mastung police said a bomb hit a Quetta bus, killing two people."
    text = article_text("Bomb kills two", "", body)
    places = [PlaceMention(name, "PK", None, kind, text.index(word), text.index(word) + len(word))
              for name, word, kind in (("Quetta", "QUETTA", "city"), ("Mastung", "Mastung", "district"),
                                       ("Quetta", "Quetta", "city"))]
    assert events_of("Bomb kills two", "", body, places=places).main.where.name == "Quetta"


def test_an_urdu_place_before_mein_is_written_as_a_location():
    body = unify("کوئٹہ سے پشاور جانے والی جعفر ایکسپریس پر گزشتہ روز بولان میں دہشت گردوں نے حملہ کیا۔")
    assert _where(unify("جعفر ایکسپریس پر حملہ"), body, (unify("پشاور"), "PK", "city"),
                  (unify("بولان"), "PK", "district")) == unify("بولان")


def _in_punjab(text: str, *names: tuple[str, str]) -> list[PlaceMention]:
    return [PlaceMention(n, "PK", "Punjab", k, text.index(n), text.index(n) + len(n)) for n, k in names]


def test_arrests_in_a_list_of_a_provinces_towns_are_placed_in_the_province():
    title, body = "CTD arrests 16 terrorists in Punjab", (
        "The Counter Terrorism Department arrested 16 terrorists in Punjab.\n\n"
        "The operations were carried out in Bahawalpur, Mianwali, Chiniot and Vehari, a CTD spokesman said.")
    places = _in_punjab(article_text(title, "", body), ("Punjab", "admin1"), ("Bahawalpur", "city"),
                        ("Mianwali", "city"), ("Chiniot", "city"), ("Vehari", "district"))
    assert events_of(title, "", body, places=places).main.where.name == "Punjab"
    # two towns are no sweep: the town written as the location stays
    title, body = "CTD arrests two terrorists in Punjab", (
        "The Counter Terrorism Department arrested two terrorists in Mianwali. One was from Chiniot.")
    places = _in_punjab(article_text(title, "", body), ("Punjab", "admin1"), ("Mianwali", "city"), ("Chiniot", "city"))
    assert events_of(title, "", body, places=places).main.where.name == "Mianwali"


def test_a_datelines_sentence_that_sets_the_event_abroad_is_a_reaction_filed_at_home():
    title = "Pakistan condemns attack on border guards"
    body = "ISLAMABAD: Pakistan condemned the killing of eight border guards at Negour area of Iran on Tuesday."
    assert _where(title, body, ("ISLAMABAD", "PK", "city"), ("Iran", "IR", "country")) == "Iran"


def test_a_country_abroad_named_as_an_owner_leaves_the_dateline_the_setting():
    title = "Two men arrested in raid"
    body = "ISLAMABAD: Police arrested two men who worked in Afghanistan's interior ministry, officials said."
    assert _where(title, body, ("ISLAMABAD", "PK", "city"), ("Afghanistan", "AF", "country")) == "ISLAMABAD"


def test_a_capital_that_speaks_is_its_government_not_where_it_happened():
    title = "Guards killed in border attack"
    body = "Kabul said gunmen had killed 14 border guards near the border and crossed back into the mountains."
    assert _where(title, body, ("Kabul", "AF", "city")) is None


def test_the_city_a_persian_report_came_from_is_not_where_it_happened():
    title = unify("حمله تروریستی به مرکز آموزش پلیس")
    body = unify("به گزارش خبرگزاری صدا و سیما از اسلام‌آباد، مهاجمان به مرکز آموزش پلیس در شهر دیره اسماعیل خان "
                 "حمله کردند.")
    places = (("اسلاماباد", "PK", "city"), (unify("دیره اسماعیل خان"), "PK", "city"))
    assert _where(title, body, *places) == unify("دیره اسماعیل خان")


def test_a_place_that_names_a_road_gives_way_to_where_on_it_the_event_happened():
    title, body = "Two soldiers killed in ambush", ("Two soldiers were killed after militants ambushed an army convoy "
                                                    "on the Srinagar-Jammu national highway in Kulgam district.")
    assert _where(title, body, ("Srinagar", "IN", "city"), ("Jammu", "IN", "city"),
                  ("Kulgam", "IN", "district")) == "Kulgam"


def test_a_province_named_as_one_side_of_a_border_gives_way_to_the_dateline():
    title = "Police kill four militants near KP border"
    body = ("DERA GHAZI KHAN: Police killed four militants during an operation in the Kot Mubarak area on the "
            "Punjab and Khyber Pakhtunkhwa border.")
    assert _where(title, body, ("KP", "PK", "admin1"), ("DERA GHAZI KHAN", "PK", "city"), ("Punjab", "PK", "admin1"),
                  ("Khyber Pakhtunkhwa", "PK", "admin1")) == "DERA GHAZI KHAN"


def test_a_place_in_a_companys_name_gives_way_to_where_its_branch_was_hit():
    body = "The explosion near the Kabul Bank in the provincial capital of Lashkar Gah wounded 60 people."
    assert _where("Car bomb kills 29", body, ("Kabul", "AF", "city"), ("Lashkar Gah", "AF", "city")) == "Lashkar Gah"
    body = unify("په لښکرګاه کې د نوي کابل بانک مخې ته چاودنه وشوه.")
    assert _where(unify("چاودنه"), body, (unify("کابل"), "AF", "city"), (unify("لښکرګاه"), "AF", "city")) \
        == unify("لښکرګاه")


def test_a_lone_town_abroad_among_places_of_one_country_is_a_local_name_it_shares():
    title, body = "Three terrorists killed in operation", (
        "KHYBER: Three suspected terrorists were killed in an operation in the Sur Kamar area of Jamrud in the Khyber "
        "district on Friday, officials said.")
    assert _where(title, body, ("Sur", "OM", "city"), ("Jamrud", "PK", "town"), ("Khyber", "PK", "district")) \
        in ("Jamrud", "Khyber")
    # a town abroad the report sets the event in, with the dateline its only other place, stays
    assert _where("Blast in Kabul", "ISLAMABAD: A blast in Kabul killed five people on Friday, officials said.",
                  ("ISLAMABAD", "PK", "city"), ("Kabul", "AF", "city")) == "Kabul"
