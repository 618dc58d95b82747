from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactwatch.dates import event_date, find_dates
from pactwatch.models import DateRef

THU = date(2024, 3, 14)  # a Thursday
JAN = date(2024, 1, 10)  # a Wednesday
JAN_THU = date(2024, 1, 4)
LEAP_NEXT = date(2025, 3, 1)

# sentence, lang, ref, value, precision, raw
CASES = [
    # English: days
    ("The talks ended today.", "en", THU, date(2024, 3, 14), "day", "today"),
    ("Troops withdrew yesterday.", "en", THU, date(2024, 3, 13), "day", "yesterday"),
    ("Talks resume tomorrow.", "en", THU, date(2024, 3, 15), "day", "tomorrow"),
    ("Clashes broke out the day before yesterday.", "en", THU, date(2024, 3, 12), "day",
     "the day before yesterday"),
    ("Gunmen struck last night, police said.", "en", THU, date(2024, 3, 13), "day", "last night"),
    ("Police raided the office on Monday.", "en", THU, date(2024, 3, 11), "day", "on Monday"),
    ("Monday's vote was close.", "en", THU, date(2024, 3, 11), "day", "Monday"),
    ("Rebels attacked last Monday.", "en", THU, date(2024, 3, 11), "day", "last Monday"),
    ("The army said on Thursday it had withdrawn.", "en", THU, date(2024, 3, 14), "day", "on Thursday"),
    ("The minister resigned last Thursday.", "en", THU, date(2024, 3, 7), "day", "last Thursday"),
    ("Talks open next Thursday.", "en", THU, date(2024, 3, 21), "day", "next Thursday"),
    ("Talks open next Monday.", "en", THU, date(2024, 3, 18), "day", "next Monday"),
    ("Shelling resumed Friday night.", "en", THU, date(2024, 3, 8), "day", "Friday night"),
    ("Shelling resumed on Sunday morning.", "en", THU, date(2024, 3, 10), "day", "on Sunday morning"),
    ("Protests began this Tuesday.", "en", THU, date(2024, 3, 12), "day", "this Tuesday"),
    ("Strikes began on wednesday.", "en", THU, date(2024, 3, 13), "day", "on wednesday"),
    # English: weeks, months, years
    ("Inflation rose last week.", "en", THU, date(2024, 3, 4), "week", "last week"),
    ("Leaders meet this week.", "en", THU, date(2024, 3, 11), "week", "this week"),
    ("Leaders meet next week.", "en", THU, date(2024, 3, 18), "week", "next week"),
    ("He said earlier this week that it would end.", "en", THU, date(2024, 3, 11), "week",
     "earlier this week"),
    ("Exports fell last month.", "en", THU, date(2024, 2, 1), "month", "last month"),
    ("Elections are due next month.", "en", THU, date(2024, 4, 1), "month", "next month"),
    ("Unemployment rose last year.", "en", THU, date(2023, 1, 1), "year", "last year"),
    ("Elections are due next year.", "en", THU, date(2025, 1, 1), "year", "next year"),
    ("Growth slowed this year.", "en", THU, date(2024, 1, 1), "year", "this year"),
    ("The ceasefire collapsed three days ago.", "en", THU, date(2024, 3, 11), "day", "three days ago"),
    ("The ceasefire collapsed 3 days ago.", "en", THU, date(2024, 3, 11), "day", "3 days ago"),
    ("The border closed two weeks ago.", "en", THU, date(2024, 2, 26), "week", "two weeks ago"),
    ("The deal was signed six months ago.", "en", THU, date(2023, 9, 1), "month", "six months ago"),
    ("The war began twelve years ago.", "en", THU, date(2012, 1, 1), "year", "twelve years ago"),
    ("The war began a year ago.", "en", THU, date(2023, 1, 1), "year", "a year ago"),
    ("A vote is expected in 10 days.", "en", THU, date(2024, 3, 24), "day", "in 10 days"),
    ("A vote is expected in three days.", "en", THU, date(2024, 3, 17), "day", "in three days"),
    # English: months and dates
    ("The strike ended last March.", "en", THU, date(2023, 3, 1), "month", "last March"),
    ("The strike ended last February.", "en", THU, date(2024, 2, 1), "month", "last February"),
    ("Talks stalled in March.", "en", THU, date(2024, 3, 1), "month", "in March"),
    ("Talks stalled in May.", "en", THU, date(2023, 5, 1), "month", "in May"),
    ("Talks stalled in April and resumed.", "en", THU, date(2023, 4, 1), "month", "in April"),
    ("The budget passed in January.", "en", THU, date(2024, 1, 1), "month", "in January"),
    ("Talks resume next March.", "en", THU, date(2025, 3, 1), "month", "next March"),
    ("The accord was signed March 3.", "en", THU, date(2024, 3, 3), "day", "March 3"),
    ("Riots erupted on March 20.", "en", THU, date(2023, 3, 20), "day", "on March 20"),
    ("The accord was signed March 3, 2024.", "en", THU, date(2024, 3, 3), "day", "March 3, 2024"),
    ("Fighting resumed on 3 March 2022.", "en", THU, date(2022, 3, 3), "day", "on 3 March 2022"),
    ("The vote on the 3rd of March passed.", "en", THU, date(2024, 3, 3), "day", "on the 3rd of March"),
    ("Parliament voted on 3 March.", "en", THU, date(2024, 3, 3), "day", "on 3 March"),
    ("Clashes began Sept. 9 in the north.", "en", THU, date(2023, 9, 9), "day", "Sept. 9"),
    ("On Monday, March 11, the army moved.", "en", THU, date(2024, 3, 11), "day", "On Monday, March 11"),
    ("The party was founded in 2019.", "en", THU, date(2019, 1, 1), "year", "in 2019"),
    ("Prices rose in early March.", "en", THU, date(2024, 3, 1), "month", "in early March"),
    ("Prices rose in late February.", "en", THU, date(2024, 2, 1), "month", "in late February"),
    ("Unrest flared mid-January.", "en", THU, date(2024, 1, 1), "month", "mid-January"),
    ("Trade fell in December 2023.", "en", THU, date(2023, 12, 1), "month", "in December 2023"),
    ("Protests began March last year.", "en", THU, date(2023, 3, 1), "month", "March last year"),
    ("Output has fallen since mid-2022.", "en", THU, date(2022, 1, 1), "year", "since mid-2022"),
    ("The report dated 2024-03-03 said so.", "en", THU, date(2024, 3, 3), "day", "2024-03-03"),
    ("Fighting has raged since the end of 2021.", "en", THU, date(2021, 1, 1), "year",
     "since the end of 2021"),
    # English: year boundary, leap day, month ends
    ("Prices fell last December.", "en", JAN, date(2023, 12, 1), "month", "last December"),
    ("Talks stalled in December.", "en", JAN, date(2023, 12, 1), "month", "in December"),
    ("The siege ended December 28.", "en", JAN, date(2023, 12, 28), "day", "December 28"),
    ("Markets fell last week.", "en", date(2024, 1, 3), date(2023, 12, 25), "week", "last week"),
    ("Exports fell last month.", "en", JAN, date(2023, 12, 1), "month", "last month"),
    ("Rebels attacked last Friday.", "en", JAN, date(2024, 1, 5), "day", "last Friday"),
    ("Rebels attacked on Sunday.", "en", JAN, date(2024, 1, 7), "day", "on Sunday"),
    ("The law passed on February 29.", "en", LEAP_NEXT, date(2024, 2, 29), "day", "on February 29"),
    ("The law passed on February 29.", "en", date(2024, 2, 28), date(2020, 2, 29), "day", "on February 29"),
    ("Troops left yesterday.", "en", date(2024, 3, 1), date(2024, 2, 29), "day", "yesterday"),
    ("Troops left yesterday.", "en", date(2023, 3, 1), date(2023, 2, 28), "day", "yesterday"),
    ("The deal fell apart a month ago.", "en", date(2024, 3, 31), date(2024, 2, 1), "month", "a month ago"),
    ("Exports fell last month.", "en", date(2024, 5, 31), date(2024, 4, 1), "month", "last month"),
    ("The vote is due tomorrow.", "en", date(2023, 12, 31), date(2024, 1, 1), "day", "tomorrow"),
    # Spanish: days
    ("El gobierno anunció hoy un nuevo plan.", "es", THU, date(2024, 3, 14), "day", "hoy"),
    ("Los rebeldes atacaron ayer la base.", "es", THU, date(2024, 3, 13), "day", "ayer"),
    ("La policía detuvo anteayer a dos líderes.", "es", THU, date(2024, 3, 12), "day", "anteayer"),
    ("Mañana se reunirán los ministros.", "es", THU, date(2024, 3, 15), "day", "Mañana"),
    ("Los ministros se reunirán manana.", "es", THU, date(2024, 3, 15), "day", "manana"),
    ("Las negociaciones seguirán pasado mañana.", "es", THU, date(2024, 3, 16), "day", "pasado mañana"),
    ("Los disparos se oyeron anoche.", "es", THU, date(2024, 3, 13), "day", "anoche"),
    ("Los manifestantes se reunieron el lunes.", "es", THU, date(2024, 3, 11), "day", "el lunes"),
    ("El ataque ocurrió el jueves.", "es", THU, date(2024, 3, 14), "day", "el jueves"),
    ("El ejército atacó el jueves pasado.", "es", THU, date(2024, 3, 7), "day", "el jueves pasado"),
    ("El ministro dimitió el pasado lunes.", "es", THU, date(2024, 3, 11), "day", "el pasado lunes"),
    ("Lunes pasado hubo protestas.", "es", THU, date(2024, 3, 11), "day", "Lunes pasado"),
    ("Este lunes se firmó el acuerdo.", "es", THU, date(2024, 3, 11), "day", "Este lunes"),
    ("Se votará el próximo lunes.", "es", THU, date(2024, 3, 18), "day", "el próximo lunes"),
    ("Se votará el lunes próximo.", "es", THU, date(2024, 3, 18), "day", "el lunes próximo"),
    ("Se votará el proximo jueves.", "es", THU, date(2024, 3, 21), "day", "el proximo jueves"),
    ("El miércoles se firmó el pacto.", "es", THU, date(2024, 3, 13), "day", "El miércoles"),
    ("El miercoles se firmó el pacto.", "es", THU, date(2024, 3, 13), "day", "El miercoles"),
    ("El sabado hubo disturbios.", "es", THU, date(2024, 3, 9), "day", "El sabado"),
    ("EL SÁBADO HUBO DISTURBIOS.", "es", THU, date(2024, 3, 9), "day", "EL SÁBADO"),
    ("Se reunieron el lunes por la mañana.", "es", THU, date(2024, 3, 11), "day", "el lunes por la mañana"),
    # Spanish: weeks, months, years
    ("La inflación subió la semana pasada.", "es", THU, date(2024, 3, 4), "week", "la semana pasada"),
    ("Los líderes se reúnen esta semana.", "es", THU, date(2024, 3, 11), "week", "esta semana"),
    ("Habrá elecciones la próxima semana.", "es", THU, date(2024, 3, 18), "week", "la próxima semana"),
    ("Habrá elecciones la semana próxima.", "es", THU, date(2024, 3, 18), "week", "la semana próxima"),
    ("Las exportaciones cayeron el mes pasado.", "es", THU, date(2024, 2, 1), "month", "el mes pasado"),
    ("El tratado se firmará el próximo mes.", "es", THU, date(2024, 4, 1), "month", "el próximo mes"),
    ("El desempleo subió el año pasado.", "es", THU, date(2023, 1, 1), "year", "el año pasado"),
    ("Habrá comicios el próximo año.", "es", THU, date(2025, 1, 1), "year", "el próximo año"),
    ("El PIB creció este año.", "es", THU, date(2024, 1, 1), "year", "este año"),
    ("El alto el fuego terminó hace dos días.", "es", THU, date(2024, 3, 12), "day", "hace dos días"),
    ("El alto el fuego terminó hace 2 días.", "es", THU, date(2024, 3, 12), "day", "hace 2 días"),
    ("La ofensiva empezó hace tres semanas.", "es", THU, date(2024, 2, 19), "week", "hace tres semanas"),
    ("El acuerdo se firmó hace un mes.", "es", THU, date(2024, 2, 1), "month", "hace un mes"),
    ("La guerra empezó hace diez años.", "es", THU, date(2014, 1, 1), "year", "hace diez años"),
    ("La votación será dentro de 5 días.", "es", THU, date(2024, 3, 19), "day", "dentro de 5 días"),
    # Spanish: months and dates
    ("Las protestas empezaron en marzo.", "es", THU, date(2024, 3, 1), "month", "en marzo"),
    ("Las protestas empezaron en mayo.", "es", THU, date(2023, 5, 1), "month", "en mayo"),
    ("La huelga acabó en marzo pasado.", "es", THU, date(2023, 3, 1), "month", "en marzo pasado"),
    ("La huelga acabó el pasado marzo.", "es", THU, date(2023, 3, 1), "month", "el pasado marzo"),
    ("Marzo pasado fue violento.", "es", THU, date(2023, 3, 1), "month", "Marzo pasado"),
    ("El acuerdo se firmó el 3 de marzo.", "es", THU, date(2024, 3, 3), "day", "el 3 de marzo"),
    ("El pacto se firmó el pasado 18 de mayo.", "es", THU, date(2023, 5, 18), "day", "el pasado 18 de mayo"),
    ("Se firmó el 3 de marzo de 2024 en Lima.", "es", THU, date(2024, 3, 3), "day", "el 3 de marzo de 2024"),
    ("Nació el 15 de enero del 2023.", "es", THU, date(2023, 1, 15), "day", "el 15 de enero del 2023"),
    ("Se firmó el 3 de marzo pasado.", "es", THU, date(2024, 3, 3), "day", "el 3 de marzo pasado"),
    ("Se votará el próximo 3 de marzo.", "es", THU, date(2025, 3, 3), "day", "el próximo 3 de marzo"),
    ("Se votará el próximo 20 de marzo.", "es", THU, date(2024, 3, 20), "day", "el próximo 20 de marzo"),
    ("Se celebró el 1º de mayo.", "es", THU, date(2023, 5, 1), "day", "el 1º de mayo"),
    ("El partido se fundó en 2019.", "es", THU, date(2019, 1, 1), "year", "en 2019"),
    ("Los precios subieron a principios de marzo.", "es", THU, date(2024, 3, 1), "month",
     "a principios de marzo"),
    ("Hubo lluvias a mediados de febrero.", "es", THU, date(2024, 2, 1), "month", "a mediados de febrero"),
    ("La crisis estalló a finales de diciembre.", "es", THU, date(2023, 12, 1), "month",
     "a finales de diciembre"),
    ("Ocurrió en el año 2020.", "es", THU, date(2020, 1, 1), "year", "en el año 2020"),
    ("MADRID, 3 mar (EFE).- El Gobierno habló.", "es", THU, date(2024, 3, 3), "day", "3 mar"),
    # Spanish: year boundary
    ("El ataque ocurrió el jueves pasado.", "es", JAN_THU, date(2023, 12, 28), "day", "el jueves pasado"),
    ("La huelga acabó en diciembre.", "es", JAN_THU, date(2023, 12, 1), "month", "en diciembre"),
    ("Ocurrió el pasado 28 de diciembre.", "es", JAN_THU, date(2023, 12, 28), "day",
     "el pasado 28 de diciembre"),
    ("Cayó a finales del año pasado.", "es", JAN_THU, date(2023, 1, 1), "year", "a finales del año pasado"),
    ("Cayó la semana pasada.", "es", JAN_THU, date(2023, 12, 25), "week", "la semana pasada"),
    ("Nació el 29 de febrero.", "es", LEAP_NEXT, date(2024, 2, 29), "day", "el 29 de febrero"),
    # "since" + a month and a day is a day, not the month
    ("Farmers have blocked the road since March 5.", "en", THU, date(2024, 3, 5), "day", "March 5"),
    ("Strikes have continued since February 27th.", "en", THU, date(2024, 2, 27), "day", "February 27th"),
    ("Prices have risen since February.", "en", THU, date(2024, 2, 1), "month", "since February"),
]


@pytest.mark.parametrize(("sentence", "lang", "ref", "value", "precision", "raw"), CASES)
def test_first_date(sentence: str, lang: str, ref: date, value: date, precision: str, raw: str) -> None:
    found = find_dates(sentence, lang, ref)
    assert found, f"no date in {sentence!r}"
    d = found[0]
    assert (d.value, d.precision, d.raw) == (value, precision, raw)
    assert sentence[d.start : d.end] == raw


NEGATIVES = [
    ("3 soldiers were killed and 1,200 troops deployed in 12 provinces.", "en"),
    ("The march on the capital drew thousands.", "en"),
    ("Officials may meet again soon.", "en"),
    ("May God protect the victims, the bishop said.", "en"),
    ("A force of 2000 troops crossed the river.", "en"),
    ("Rebels burned 2500 homes.", "en"),
    ("It was the first ceasefire in 20 years.", "en"),
    ("They died in three days of fighting.", "en"),
    ("The vote passed 45 to 12.", "en"),
    ("Se desplegaron 3 soldados y 1.200 efectivos en 12 provincias.", "es"),
    ("La reunión fue por la mañana.", "es"),
    ("Los ataques ocurrieron esa mañana en la capital.", "es"),
    ("El presidente visitó Santo Domingo.", "es"),
    ("Hoy en día la situación es grave.", "es"),
    ("Una fuerza de 2000 soldados cruzó el río.", "es"),
    ("La marcha llegó a la Plaza de Mayo.", "es"),
    ("El acuerdo se firmó el 31 de febrero.", "es"),
    ("Firmaron el 30 de febrero de 2024 en Quito.", "es"),
    ("It was signed on February 30, 2023.", "en"),
    ("The talks are held in English.", "xx"),
    ("", "en"),
]


@pytest.mark.parametrize(("sentence", "lang"), NEGATIVES)
def test_no_date(sentence: str, lang: str) -> None:
    assert find_dates(sentence, lang, THU) == []


@pytest.mark.parametrize(
    ("sentence", "lang", "ref", "value"),
    [
        ("Talks will resume on Monday.", "en", THU, date(2024, 3, 18)),
        ("The summit will open on Thursday.", "en", THU, date(2024, 3, 14)),
        ("Elections will be held in March.", "en", date(2024, 5, 2), date(2025, 3, 1)),
        ("Elections will be held in May.", "en", date(2024, 5, 2), date(2024, 5, 1)),
        ("The court will rule on March 20.", "en", THU, date(2024, 3, 20)),
        ("El tribunal fallará el jueves.", "es", THU, date(2024, 3, 14)),
        ("Las elecciones serán en marzo.", "es", date(2024, 5, 2), date(2025, 3, 1)),
        ("El tribunal fallará el 3 de marzo.", "es", THU, date(2025, 3, 3)),
    ],
)
def test_future_sentences_resolve_forward(sentence: str, lang: str, ref: date, value: date) -> None:
    assert event_date(sentence, lang, ref, future=True).value == value


@pytest.mark.parametrize(
    ("sentence", "lang", "relation"),
    [
        ("Talks resume tomorrow.", "en", "future"),
        ("The talks ended today.", "en", "present"),
        ("Troops withdrew yesterday.", "en", "past"),
        ("Leaders meet this week.", "en", "present"),
        ("He said earlier this week that it would end.", "en", "past"),
        ("It will be ratified later this year.", "en", "future"),
        ("Talks stalled in March.", "en", "present"),
        ("La votación será dentro de 5 días.", "es", "future"),
        ("La inflación subió la semana pasada.", "es", "past"),
    ],
)
def test_relation(sentence: str, lang: str, relation: str) -> None:
    assert find_dates(sentence, lang, THU)[0].relation == relation


def test_all_expressions_sorted_with_offsets() -> None:
    text = "Rebels who attacked on Monday said yesterday that talks would resume next week."
    found = find_dates(text, "en", THU)
    assert [d.raw for d in found] == ["on Monday", "yesterday", "next week"]
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert all(text[d.start : d.end] == d.raw for d in found)


def test_longest_expression_wins_over_overlaps() -> None:
    assert [d.raw for d in find_dates("Se verán pasado mañana por la mañana.", "es", THU)] == [
        "pasado mañana por la mañana"
    ]
    assert [d.raw for d in find_dates("It happened the day before yesterday.", "en", THU)] == [
        "the day before yesterday"
    ]


def test_event_date_skips_the_dateline() -> None:
    text = "KYIV, March 3 (Reuters) - Russian forces shelled the city on Saturday."
    d = event_date(text, "en", THU)
    assert (d.raw, d.value) == ("on Saturday", date(2024, 3, 9))
    only = event_date("MADRID, 3 mar (EFE).- El Gobierno habló.", "es", THU)
    assert (only.raw, only.value) == ("3 mar", date(2024, 3, 3))


def test_event_date_defaults_to_the_article_date() -> None:
    d = event_date("The government condemned the attack.", "en", THU)
    assert d == DateRef(THU, "day", None, relation="present")
    assert d.start == -1


PAST_EN = ["today", "yesterday", "the day before yesterday", "on Monday", "Friday night", "last Thursday",
           "this Sunday", "last week", "this week", "earlier this week", "last month", "this month",
           "last year", "this year", "three days ago", "2 weeks ago", "six months ago", "12 years ago",
           "last March", "in March", "in December", "March 3", "on 29 February", "the 31st of December",
           "in early June", "late last year", "last night"]
PAST_ES = ["hoy", "ayer", "anteayer", "el lunes", "el jueves pasado", "el pasado domingo", "este sábado",
           "la semana pasada", "esta semana", "el mes pasado", "el año pasado", "este año", "hace dos días",
           "hace 3 semanas", "hace un mes", "hace doce años", "en marzo", "el pasado marzo", "marzo pasado",
           "el 3 de marzo", "el pasado 18 de mayo", "el 29 de febrero", "a finales de diciembre", "anoche"]
FUTURE_EN = ["tomorrow", "next Monday", "next week", "next month", "next year", "in 3 days", "next March",
             "the day after tomorrow"]
FUTURE_ES = ["mañana", "pasado mañana", "el próximo lunes", "la próxima semana", "el próximo mes",
             "dentro de 3 días", "el próximo 3 de marzo", "el próximo año"]

refs = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@settings(database=None, max_examples=300)
@given(ref=refs, lang_expr=st.one_of(
    st.tuples(st.just("en"), st.sampled_from(PAST_EN)), st.tuples(st.just("es"), st.sampled_from(PAST_ES))
))
def test_expressions_without_future_marker_never_pass_the_article_date(
    ref: date, lang_expr: tuple[str, str]
) -> None:
    lang, expr = lang_expr
    text = f"Officials said {expr} that it ended." if lang == "en" else f"Fuentes dijeron {expr} que acabó."
    found = find_dates(text, lang, ref)
    assert [d.raw for d in found] == [expr]
    assert found[0].value <= ref
    assert found[0].relation in ("past", "present")


@settings(database=None, max_examples=200)
@given(ref=refs, lang_expr=st.one_of(
    st.tuples(st.just("en"), st.sampled_from(FUTURE_EN)), st.tuples(st.just("es"), st.sampled_from(FUTURE_ES))
))
def test_future_markers_resolve_after_the_article_date(ref: date, lang_expr: tuple[str, str]) -> None:
    lang, expr = lang_expr
    found = find_dates(f"-- {expr} --", lang, ref)
    assert [d.raw for d in found] == [expr]
    assert found[0].relation == "future"
    assert found[0].value > ref or found[0].precision != "day"


@settings(database=None, max_examples=500)
@given(text=st.text(), lang=st.sampled_from(["en", "es", "fr"]), ref=st.dates(), future=st.booleans())
def test_find_dates_never_raises(text: str, lang: str, ref: date, future: bool) -> None:
    found = find_dates(text, lang, ref, future=future)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for d in found:
        assert text[d.start : d.end] == d.raw


@settings(database=None, max_examples=300)
@given(
    words=st.lists(
        st.sampled_from(["el", "de", "hace", "dentro", "in", "of", "last", "next", "29", "31", "2024", "0",
                         "999", "febrero", "February", "May", "años", "days", "ago", "mañana", "la", "pasado",
                         "jueves", "Monday", "mid", "-", ",", "3rd", "9999", "1900", "week", "this", "semana",
                         "tomorrow", "year", "el próximo", "2099-12-31"]),
        max_size=8,
    ),
    ref=st.dates(),
)
def test_find_dates_never_raises_on_date_like_words(words: list[str], ref: date) -> None:
    text = " ".join(words)
    for lang in ("en", "es"):
        for d in find_dates(text, lang, ref):
            assert text[d.start : d.end] == d.raw
