"""A state named as the militants' sponsor or as a border takes no part; a border clash with gunmen named is their
attack (events/roles.py, events/one_sided.py)."""

from __future__ import annotations

import pytest

from tests.unit.consumers.enrich.event_helpers import enrich_one, roles_of


def _roles(enricher, title: str, body: str) -> dict[str, str]:
    return roles_of(enrich_one(enricher, title, body))


@pytest.mark.parametrize("title, body", [
    ("Security forces kill 9 Indian-sponsored terrorists in Bannu",
     "Security forces killed nine terrorists backed by India in an intelligence-based operation in Bannu district "
     "on Sunday, the military said."),
    ("بنوں میں آپریشن، بھارتی حمایت یافتہ 9 خوارج ہلاک",
     "سکیورٹی فورسز نے بنوں میں آپریشن کرتے ہوئے بھارتی پراکسی فتنہ الخوارج کے 9 دہشت گرد ہلاک کر دیے۔"),
])
def test_the_state_said_to_back_the_militants_takes_no_part_in_the_operation(enricher, title, body):
    roles = _roles(enricher, title, body)
    assert roles.get("IN") == "mentioned"
    assert roles.get("PK") == "participant"


def test_a_state_that_names_a_border_takes_no_part_in_the_operation(enricher):
    roles = _roles(enricher, "Six terrorists killed in operation on Pak-Afghan border in North Waziristan",
                   "Security forces killed six terrorists in an operation near the Pakistan-Afghanistan border in "
                   "North Waziristan on Monday night, the military said.")
    assert roles.get("AF") == "mentioned" and roles.get("PK") == "participant"


@pytest.mark.parametrize("title, body", [
    ("کلاچی میں آپریشن، 7 خوارج ہلاک",
     "سکیورٹی فورسز نے کلاچی میں آپریشن میں 7 دہشت گرد ہلاک کر دیے جن میں تین افغان شہری بھی شامل تھے۔ ترجمان پاک فوج "
     "نے کہا کہ پاکستان عبوری افغان حکومت سے توقع رکھتا ہے کہ وہ اپنی سرزمین استعمال نہیں ہونے دے گی۔"),
    ("Security forces kill 7 terrorists in Kulachi",
     "Security forces killed seven terrorists in an operation in Kulachi on Sunday. The military urged the interim "
     "Afghan government to deny its soil to the militants."),
])
def test_the_state_whose_nationals_were_killed_or_whom_a_statement_urges_takes_no_part(enricher, title, body):
    roles = _roles(enricher, title, body)
    assert roles.get("AF") == "mentioned" and roles.get("PK") == "participant"


def test_a_border_clash_in_which_gunmen_killed_one_states_guards_is_their_attack(enricher):
    result = enrich_one(
        enricher, "Nine Iranian border guards killed in clashes on Pakistan border",
        "Gunmen killed nine Iranian border guards in clashes near Saravan on the border with Pakistan overnight, "
        "state media said on Sunday.")
    main = result.event
    roles = roles_of(result)
    assert main.type != "clash" and main.killed == 9
    assert roles.get("IR") == "target" and roles.get("PK") == "mentioned"


def test_the_group_the_men_of_an_operation_belonged_to_further_down_is_its_subject(enricher):
    roles = _roles(enricher, "CTD kills 7 terrorists in Tank operation",
                   "The Counter Terrorism Department killed seven terrorists in an intelligence-based operation in Tank "
                   "on Sunday, officials said.\n\nWeapons and explosives were recovered from the hideout.\n\n"
                   "The area was cordoned off and a search was under way.\n\nThe wounded were taken to hospital.\n\n"
                   "Officials said the terrorists belonged to the outlawed Tehreek-e-Taliban Pakistan.")
    assert roles.get("ttp") == "subject"


def test_the_group_the_executed_men_were_part_of_is_its_subject_and_no_military_story(enricher):
    result = enrich_one(
        enricher, "Iran hangs two men over bombing of Revolutionary Guards bus",
        "Iran hanged two men in Zahedan on Saturday over the bombing of a bus of the Revolutionary Guards.\n\n"
        "The judiciary said the military court found them guilty.\n\nThe area has seen attacks on the forces.\n\n"
        "They were also found guilty of being part of the Sunni jihadist Jaish al-Adl group, Mizan said.")
    roles = roles_of(result)
    assert roles.get("jaish-al-adl") == "subject"
    assert {c.label for c in result.categories} & {"military", "terrorism"} == set()


def test_a_pashto_state_named_as_the_border_takes_no_part_in_a_strike(enricher):
    roles = _roles(enricher, "د افغانستان د پولې ترسنگ په شمالي وزیرستان کې هوايي بریدونه",
                   "د افغانستان د پولې ترسنگ د پاکستان په شمالي وزیرستان کې هوايي بریدونو پنځه وسله وال وژلي دي.")
    assert roles.get("AF") == "mentioned"


@pytest.mark.parametrize("title, body, role", [
    # its own men hit: a target
    ("Taliban district police chief killed in Kunar blast",
     "A bomb hit the vehicle of a Taliban district police chief in Kunar on Thursday, killing him and wounding five "
     "others, officials said.", "target"),
    # beside the security forces fighting them they are not the forces' men, and they did the attack
    ("سقوط ساختمان فرماندهی پولیس قیصار بدست طالبان",
     "شب گذشته طالبان بالای ساختمان ولسوالی قیصار حمله موتر بم انجام دادند و سپس وارد فرماندهی امنیه شدند. جنگ میان "
     "نیروهای امنیتی و طالبان ادامه دارد.", "perpetrator"),
    # only speaking of an attack: mentioned
    ("Suicide bomber kills 9 at mosque in Kunduz",
     "A suicide bomber blew himself up at a mosque in Kunduz on Friday, killing nine people, a spokesman for the "
     "Taliban's provincial police command said.", "mentioned"),
    # its men seized in an arrest: its subject; its forces making an arrest act for its state
    ("NDS operatives arrest Taliban commander riding IRGC vehicle in Herat",
     "Operatives of the National Directorate of Security have arrested a Taliban military official for Karokh "
     "district of Herat, the NDS said in a statement.", "subject"),
    ("Taliban forces arrest six Daesh members in Nangarhar",
     "Taliban forces arrested six members of Daesh in Nangarhar province on Sunday, officials said.", "participant"),
])
def test_the_governing_groups_part_follows_what_its_men_did_or_suffered(enricher, title, body, role):
    assert _roles(enricher, title, body).get("afghan-taliban") == role
