"""Which count is an event's toll (events/tolls.py): a toll that counts the attackers too gives way to the
victims' own figure when the report gives the two apart."""

from __future__ import annotations

from newsmon.arabic_script import unify
from tests.unit.consumers.enrich.event_helpers import events_of


def test_a_headline_toll_with_the_attackers_in_it_gives_way_to_the_victims_figure():
    title = unify("حمله تروریستی به مقر ارتش پاکستان با ۱۱ کشته")
    body = unify("گروهی از تروریست‌ها به یک مقر ارتش در بنو حمله کردند.\n\n"
                 "به گفته ارتش، در درگیری مسلحانه میان طرفین ۵ تروریست به هلاکت رسیده و شش سرباز نیز کشته شدند.")
    main = events_of(title, "", body).main
    assert (main.killed, main.attackers_killed) == (6, 5)


def test_a_toll_that_no_two_figures_add_up_to_stays():
    title = unify("حمله تروریستی به مقر ارتش پاکستان با ۱۱ کشته")
    body = unify("گروهی از تروریست‌ها به یک مقر ارتش در بنو حمله کردند.\n\n"
                 "به گفته ارتش، در درگیری مسلحانه ۵ تروریست به هلاکت رسیده و چهار سرباز نیز کشته شدند.")
    assert events_of(title, "", body).main.killed == 11


def test_a_headlines_dead_that_the_lead_counts_as_the_attackers_by_the_same_figure_are_the_attackers():
    title = unify("کندهار کې د طالبانو برید تمبول شوی او ۳۶ تنه یې وژل شوي")
    body = unify("امنیتي مقامات وايي چې د وسله والو طالبانو لویه حمله یې پر شا تمبولې او ۳۶ وسله وال طالبان "
                 "یې په ترڅ کې وژل شوي.")
    main = events_of(title, "", body).main
    assert (main.killed, main.attackers_killed) == (None, 36)
    main = events_of("Attack on army camp repulsed, 12 killed", "",
                     "Forces repulsed an attack on an army camp in Bannu. Twelve terrorists were killed, and two "
                     "soldiers were also killed in the exchange of fire.").main
    assert (main.killed, main.attackers_killed) == (2, 12)
    # the headline tells the two apart itself: three of each
    main = events_of(unify("پشاور میں ایف سی ہیڈکوارٹر پر خودکش حملہ، 3 اہلکار شہید، 3 دہشتگرد ہلاک"), "",
                     unify("حملے میں 8 افراد زخمی ہوئے۔")).main
    assert (main.killed, main.attackers_killed) == (3, 3)


def test_english_alike():
    main = events_of("Attack on army camp in Bannu leaves 11 dead", "",
                     "Militants stormed an army camp in Bannu on Monday.\n\n"
                     "Five terrorists were killed in the exchange of fire, while six soldiers were also killed.").main
    assert (main.killed, main.attackers_killed) == (6, 5)


def test_a_clash_counts_the_dead_of_both_sides():
    main = events_of("Border clash near Zaranj leaves 11 dead", "",
                     "Forces of the two countries exchanged fire near Zaranj on Saturday.\n\n"
                     "Five militants were killed in the clash, while six border guards were also killed.").main
    assert main.type == "clash" and main.killed == 11


def test_an_age_set_off_after_a_name_is_no_toll():
    main = events_of("Terror attack in Rajouri village", "",
                     "Gunmen opened fire on houses in Dhangri village of Rajouri on Sunday evening.\n\n"
                     "Three of them\u2015Deepak Kumar, 23, Pritam Lal, 57, and Satish Sharma, 45\u2015were declared "
                     "dead on arrival.").main
    assert main.killed != 45 and main.killed != 57


def test_a_toll_under_a_clause_pointing_at_another_kind_of_event_is_not_this_ones():
    # "The designation" points back at a designation; its "deadly attack" is another, earlier one
    main = events_of("Three killed in militant attack in southeast Iran", "",
                     "At least three Iranian border guards were killed in an attack in Mirjaveh on Thursday.\n\n"
                     "Jaish al-Adl claimed responsibility for the attack.\n\n"
                     "The group was designated a terrorist organisation by the United States.\n\n"
                     "The designation was in response to a deadly attack by the group on the Revolutionary Guards, "
                     "which killed 27 guards near Zahedan.").main
    assert main.killed == 3


def test_the_wounded_counted_only_further_down_are_the_events():
    main = events_of("Four foreign cyclists killed in Tajikistan", "",
                     "Four foreign cyclists were killed on Sunday when a car rammed them in Danghara district.\n\n"
                     "The cyclists were on a tour of Central Asia, a police official said.\n\n"
                     "Officials gave no motive. Tajikistan rarely sees such violence against visitors.\n\n"
                     "The government has promised to find those responsible, the interior ministry said.\n\n"
                     "Three other cyclists, including a woman from Switzerland, were injured.").main
    assert (main.killed, main.injured) == (4, 3)


def test_the_toll_of_this_incident_further_down_is_the_events():
    title = unify("طالبان کا قندھار میں اماراتی سفیر پر بم حملے سے اظہار لاتعلقی")
    body = unify("افغان طالبان نے قندھار میں ایک روز قبل ہونے والے بم دھماکے میں ملوث ہونے کی تردید کردی ہے۔\n\n"
                 "طالبان نے بدھ کو ایک مختصر بیان جاری کیا۔\n\nحکام نے تحقیقات شروع کر دی ہیں۔\n\n"
                 "گورنر نے میڈیا سے بات نہیں کی۔\n\nاس واقعے میں پانچ افراد ہلاک اور بارہ زخمی ہوگئے تھے۔")
    main = events_of(title, "", body).main
    assert (main.killed, main.injured) == (5, 12)


def test_an_operations_dead_counted_as_the_militants_by_the_same_figure_are_the_militants():
    main = events_of("CTD claims killing 12 terrorists in Lakki Marwat operation", "",
                     "The police launched a rocket attack on a vehicle carrying the terrorists. The vehicle was "
                     "destroyed and all 12 on board were killed.").main
    assert (main.type, main.killed, main.attackers_killed) == ("operation", None, 12)
    # the forces' own dead, another figure, stay the toll
    main = events_of("Security forces kill 12 terrorists in North Waziristan operation", "",
                     "Two soldiers were killed in the exchange of fire during the operation.").main
    assert (main.type, main.killed, main.attackers_killed) == ("operation", 2, 12)


def test_the_officials_figure_outweighs_the_one_a_group_claims():
    title = unify("غزني کې موټربم برید؛ طالبان د ۲۵ او حکومت د ۴ کسانو د وژل کېدو خبره کوي")
    body = unify("د طالبانو ویاند وایي چې په دې برید کې ۲۵ عسکر وژل شوي دي.\n\n"
                 "د والي ویاند په خبره، دې برید کې ۴ امنیتي سرتیري وژل شوي او ۷ نور ټپیان شوي دي.")
    main = events_of(title, "", body, actors={unify("طالبانو"): ("afghan-taliban", "group")}).main
    assert main.killed == 4


def test_a_total_that_includes_the_attackers_it_counts_leaves_the_victims():
    main = events_of("11 including five terrorists killed in Quetta hotel attack", "",
                     "Gunmen stormed a hotel in Quetta on Monday.").main
    assert (main.killed, main.attackers_killed) == (6, 5)


def test_a_total_that_includes_attackers_counted_elsewhere_leaves_the_victims():
    main = events_of("Gunmen storm Quetta hotel", "",
                     "Security forces killed all six attackers after a siege on Monday.\n\n"
                     "The toll from the siege rose to 20 including the attackers, officials said.").main
    assert (main.killed, main.attackers_killed) == (14, 6)


def test_a_pashto_weeks_figures_are_no_events_toll():
    title = unify("هلمند کې روانه اوونۍ ۳۸ ملکیان وژل شوي")
    body = unify("په هلمند کې په روانه اوونۍ کې ۳۸ ملکيان وژل شوي او ۳۷ نور ټپیان شوي دي.")
    assert events_of(title, "", body).main.killed is None


def test_an_estimate_gives_way_to_an_exact_figure_of_its_size():
    lead = ("A suicide bomber struck a market in Bannu on Sunday, killing 12 people. "
            "Police said nearly 100 people were injured.")
    body = lead + " Doctors at the district hospital said 96 injured people were brought in."
    assert events_of("Suicide bomber kills 12 in Bannu", "", body, parsed=True).main.injured == 96
    # an exact figure far from the estimate is of someone else: the estimate stands
    body = lead + " Doctors at the district hospital said 9 injured people were brought in."
    assert events_of("Suicide bomber kills 12 in Bannu", "", body, parsed=True).main.injured == 100


def test_one_sides_claim_of_the_losses_it_inflicted_gives_way_to_the_officials_figure():
    body = ("A border clash in the Upper Kurram district on Saturday left soldiers dead. According to security "
            "sources, one soldier was killed and 11 others were injured. The Taliban forces, however, claimed that "
            "19 Pakistani soldiers were killed.")
    main = events_of("Border clash in Upper Kurram", "", body, parsed=True).main
    assert (main.killed, main.injured) == (1, 11)


def test_a_count_since_the_start_of_a_month_is_a_tally_not_the_attacks_toll():
    body = ("Militants attacked an army base in Boulkessi on Sunday. More than 400 soldiers have been killed by "
            "militants since the start of May in bases across the Sahel.")
    assert events_of("Militants attack army base in Boulkessi", "", body, parsed=True).main.killed is None


def test_an_urdu_part_named_before_including_is_no_count_of_its_own():
    title = unify("زرغون روڈ پر پولیس وین کے قریب دھماکا، ایک اہلکار شہید، پانچ اہلکاروں سمیت گیارہ افراد زخمی")
    main = events_of(title, "", "").main
    assert (main.killed, main.injured) == (1, 11)


def test_the_taliban_counted_as_men_are_the_fighters_not_the_victims():
    body = ("Insurgents overran a checkpoint in the east of the province, killing three police and wounding four "
            "others.\n\nThe district police chief said the police drove the attackers back at dawn, killing 15 "
            "Taliban.")
    for parsed in (False, True):
        main = events_of("Taliban attack on checkpoint kills 3 police", "", body, parsed=parsed).main
        assert (main.killed, main.injured, main.attackers_killed) == (3, 4, 15)


def test_the_taliban_counted_as_men_in_persian_are_the_fighters_and_students_are_victims():
    from consumers.enrich.events import native

    def counted(sentence: str) -> list[tuple[str, int, bool]]:
        return [(c.kind, c.value, c.attackers) for c in native.counts(unify(sentence))]

    assert counted("نیروها از ولسوالی دفاع کردند که در نتیجه آن، ۱۰ طالب کشته شدند") == [("killed", 10, True)]
    assert counted("دھماکے میں 5 طالب علم جاں بحق ہوگئے") == [("killed", 5, False)]
