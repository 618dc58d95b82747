"""Find the date expressions of a sentence and resolve them against the article date.

English and Spanish, stdlib only. Each language has a closed lexicon (weekdays, months, number words) and a
short list of rules; a rule is one regular expression over the folded sentence (:func:`pactwatch.models.fold`:
lowercase, accents stripped, same length, so offsets carry over) and a resolver that turns the match into a
:class:`~pactwatch.models.DateRef`, or refuses it. All rules of a language are joined into one lookahead
alternation that says where an expression can start, tried only a few words before a date word or a year;
sentences with neither are dropped after one word split and a set test.

Conventions: ``raw`` includes the words that carry meaning ("on Monday", "el pasado 18 de mayo", "in 2024");
a week, month or year is given by its first day (Monday, the 1st, January 1st) with that precision;
``relation`` compares the whole period with the article date (a period that contains it is "present").
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pactwatch.models import DateRef, fold

__all__ = ["SUPPORTED_LANGUAGES", "event_date", "find_dates"]

SUPPORTED_LANGUAGES = ("en", "es")

# A resolved expression: value, precision, and the relation when it is not read off the value
# ("earlier this week" starts on this week's Monday but is in the past).
_Hit = tuple[date, str, str | None]
_INVALID: _Hit = (date.min, "", None)  # a date-shaped expression that names no date: it hides its parts


@dataclass(frozen=True, slots=True)
class _Lexicon:
    weekdays: Mapping[str, int]
    months: Mapping[str, int]  # full names and their variants
    abbreviations: Mapping[str, int]  # only accepted next to a day number
    numbers: Mapping[str, int]
    keywords: frozenset[str]  # words without which no rule can match (the prefilter)
    reldays: Mapping[str, int]  # "yesterday" -> -1
    bare_months: bool  # may a month stand alone ("March")? English capitalizes it, Spanish does not
    bare_weekdays: bool
    capital_only: frozenset[str]  # month words that are also common words ("may")
    not_before_manana: frozenset[str]  # "la mañana" is the morning, not tomorrow
    after_year: frozenset[str]  # words that may follow "of 2024" / "de 2024" (else it is a count)


@dataclass(frozen=True, slots=True)
class _Ctx:
    text: str
    folded: str
    ref: date
    future: bool
    lex: _Lexicon


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    resolve: Callable[[re.Match[str], _Ctx], _Hit | None]


# --- lexicons -----------------------------------------------------------------------------------------------

_EN = _Lexicon(
    weekdays={d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                          "saturday", "sunday"))},
    months={m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                        "august", "september", "october", "november", "december"), 1)},
    abbreviations={"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                   "oct": 10, "nov": 11, "dec": 12},
    numbers={"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
             "thirty": 30},
    keywords=frozenset({"today", "tonight", "yesterday", "tomorrow", "night", "morning", "afternoon",
                        "evening", "ago", "week", "weeks", "month", "months", "year", "years", "day",
                        "days"}),
    reldays={"the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0, "tonight": 0,
             "this morning": 0, "this afternoon": 0, "this evening": 0, "tomorrow": 1,
             "the day after tomorrow": 2},
    bare_months=True,
    bare_weekdays=True,
    capital_only=frozenset({"may"}),
    not_before_manana=frozenset(),
    after_year=frozenset({"and", "or", "but", "when", "while", "after", "before", "until", "the", "was",
                          "were", "is", "had", "has", "that", "which", "in", "on", "at", "to", "for", "as",
                          "with", "election", "elections", "war", "crisis"}),
)

_ES = _Lexicon(
    weekdays={d: i for i, d in enumerate(("lunes", "martes", "miercoles", "jueves", "viernes", "sabado",
                                          "domingo"))},
    months={**{m: i for i, m in enumerate(("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                                           "agosto", "septiembre", "octubre", "noviembre", "diciembre"), 1)},
            "setiembre": 9},
    abbreviations={"ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8, "sep": 9,
                   "sept": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12},
    numbers={"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
             "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15,
             "veinte": 20, "treinta": 30},
    keywords=frozenset({"hoy", "ayer", "anteayer", "antier", "anoche", "manana", "tarde", "noche", "semana",
                        "mes", "ano", "hace", "dentro"}),
    reldays={"anteayer": -2, "antier": -2, "antes de ayer": -2, "ayer": -1, "anoche": -1, "hoy": 0,
             "esta manana": 0, "esta tarde": 0, "esta noche": 0, "manana": 1, "pasado manana": 2},
    bare_months=False,
    bare_weekdays=False,
    capital_only=frozenset(),
    not_before_manana=frozenset({"la", "esta", "esa", "aquella", "una", "cada", "media", "misma", "toda",
                                 "otra", "su", "nuestra", "buena", "de"}),
    after_year=frozenset({"y", "o", "pero", "cuando", "mientras", "tras", "antes", "hasta", "el", "la", "los",
                          "las", "fue", "era", "que", "en", "a", "con", "para", "como", "se"}),
)

# --- rules --------------------------------------------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    """Return a regex alternation of words, longest first so a prefix never shadows a word."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_NUM_START = r"(?<![0-9][.,])"  # not the tail of "1,200" or "3.5"
_NUM_END = r"(?![.,]?[0-9])"  # not the head of one
_DAY = _NUM_START + r"(?P<day>[0-9]{1,2})" + _NUM_END
_YEAR = _NUM_START + r"(?P<year>[0-9]{4})" + _NUM_END
_ISO = r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9])"


def _month_words(lex: _Lexicon) -> str:
    """Return the month names and, with their optional dot, the abbreviations ("Sept.", "3 mar")."""
    return rf"(?:{_alt(lex.months)})\b|(?:{_alt(lex.abbreviations)})\b\.?"


def _count(lex: _Lexicon) -> str:
    return _NUM_START + r"(?P<n>[0-9]{1,3}" + _NUM_END + "|" + _alt(lex.numbers) + ")"


def _en_patterns() -> dict[str, str]:
    w, m = _alt(_EN.weekdays), _alt(_EN.months)
    ma = _month_words(_EN)
    n = _count(_EN)
    part = r"(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)[-\s]+"
    year = r"(?:,?\s+" + _YEAR + r"\b)?"
    return {
        "iso": _ISO,
        "month_day": rf"(?:on\s+)?(?:(?P<wd>{w}),?\s+)?(?P<month>{ma})\s+{_DAY}(?:st|nd|rd|th)?\b{year}",
        "day_month": rf"(?:on\s+)?(?:(?P<wd>{w}),?\s+)?(?:the\s+)?{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<month>{ma}){year}",
        "month": rf"(?:(?P<prep>in|since|during)\s+)?(?:{part})?(?:(?P<mod>last|next|this|past)\s+)?"
        rf"(?P<month>{m})\b(?:,?\s+{_YEAR}\b|\s+(?:of\s+)?(?P<yrel>last|this|next)\s+year\b)?"
        # a day number after the month makes it a day ("since March 25"): leave it to month_day
        r"(?!\s+[0-9]{1,2}(?:st|nd|rd|th)?\b)",
        "year": rf"(?:(?P<prep>in|since|during|of)\s+)?(?:the\s+year\s+|{part})?{_YEAR}\b",
        "relday": r"(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|"
        r"tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))\b"
        r"(?:\s+(?:morning|afternoon|evening|night)\b)?",
        "weekday": r"(?:(?P<mod>this\s+past|this\s+coming|last|next|coming|this|on|(?:early|late)(?:\s+on)?)"
        rf"\s+)?(?P<wd>{w})\b(?:\s+(?:morning|afternoon|evening|night)\b)?",
        "period": r"(?:(?P<part>earlier|later|early|late|mid)[-\s]+)?(?P<mod>last|this|next)\s+"
        r"(?P<unit>week|month|year)\b",
        "ago": rf"{n}\s+(?P<unit>day|week|month|year)s?\s+ago\b",
        "in": rf"in\s+{n}\s+(?P<unit>day|week|month|year)s?\b(?!\s+of\b)",
        "from_now": rf"{n}\s+(?P<unit>day|week|month|year)s?\s+from\s+now\b",
    }


def _es_patterns() -> dict[str, str]:
    w, m = _alt(_ES.weekdays), _alt(_ES.months)
    ma = _month_words(_ES)
    n = _count(_ES)
    part = r"(?P<part>principios|comienzos|inicios|mediados|finales|fines)"
    unit = r"(?P<unit>dias?|semanas?|mes(?:es)?|anos?)\b"
    tod = r"(?:\s+(?:por|en|a)\s+la\s+(?:manana|tarde|noche)\b)?"
    return {
        "iso": _ISO,
        "day_month": rf"(?:(?:el|este)\s+)?(?:(?P<mod>pasado|proximo)\s+)?(?:(?P<wd>{w}),?\s+)?"
        rf"(?:(?P<first>primero)|{_DAY}(?:\.?[º°ª])?)\s+(?:de\s+)?(?P<month>{ma})"
        rf"(?:,?\s+(?:del?\s+)?{_YEAR}\b)?(?:\s+(?P<post>pasado|proximo)\b)?",
        "month": rf"(?:(?P<prep>en|desde|durante)\s+)?(?:(?:a\s+)?{part}\s+de\s+)?(?:el\s+mes\s+de\s+)?"
        rf"(?:(?:el\s+)?(?P<mod>pasado|proximo)\s+)?(?P<month>{m})\b(?:\s+(?:del?\s+)?{_YEAR}\b|"
        rf"\s+(?P<post>pasado|proximo)\b|\s+(?:del\s+ano\s+(?P<yrel>pasado|proximo|que\s+viene)|"
        rf"de\s+(?P<ythis>este)\s+ano)\b)?",
        "year": rf"(?:(?P<prep>en|desde|durante|del?)\s+)?(?:(?:a\s+)?{part}\s+del?\s+)?(?:el\s+)?(?:ano\s+)?"
        rf"{_YEAR}\b",
        "relday": r"(?P<word>pasado\s+manana|antes\s+de\s+ayer|anteayer|antier|anoche|ayer|"
        r"hoy(?!\s+(?:en\s+)?dia\b)|manana|esta\s+(?:manana|tarde|noche))\b" + tod,
        "weekday": rf"(?:(?P<art>el|del|este)\s+)?(?:(?P<mod>pasado|proximo)\s+)?(?P<wd>{w})\b"
        rf"(?:\s+(?P<post>pasado|proximo|que\s+viene)\b)?" + tod,
        "period": rf"(?:(?:a\s+)?{part}\s+(?:de\s+)?)?(?P<art>la|el|del|esta|este)\s+"
        r"(?:(?P<mod>pasad[oa]|proxim[oa])\s+)?(?P<unit>semana|mes|ano)\b"
        r"(?:\s+(?P<post>pasad[oa]|proxim[oa]|que\s+viene)\b)?",
        "ago": rf"hace\s+(?:(?:mas\s+de|casi|unos|unas|apenas)\s+)?{n}\s+{unit}",
        "in": rf"dentro\s+de\s+(?:(?:unos|unas)\s+)?{n}\s+{unit}",
    }


# --- resolution ---------------------------------------------------------------------------------------------

_MODES = {
    "last": "last", "past": "last", "this past": "last", "pasado": "last", "pasada": "last",
    "next": "next", "coming": "next", "this coming": "next", "proximo": "next", "proxima": "next",
    "que viene": "next", "this": "this", "este": "this", "esta": "this",
}
_UNITS = {"day": "day", "dia": "day", "week": "week", "semana": "week", "month": "month", "mes": "month",
          "year": "year", "ano": "year"}
_YEAR_MIN, _YEAR_MAX = 1900, 2100


def _mode(m: re.Match[str], *groups: str) -> str | None:
    """Return "last", "next" or "this" from the first modifier group that matched."""
    for g in groups:
        word = m.groupdict().get(g)
        if word:
            return _MODES.get(" ".join(word.split()))
    return None


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _month_start(d: date, months: int = 0) -> date:
    y, mo = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, mo + 1, 1)


def _shift(ref: date, n: int, unit: str) -> tuple[date, str]:
    """Return the period n units away from ref (n < 0 is the past), normalized to its first day."""
    if unit == "day":
        return ref + timedelta(days=n), "day"
    if unit == "week":
        return _monday(ref + timedelta(weeks=n)), "week"
    if unit == "month":
        return _month_start(ref, n), "month"
    return date(ref.year + n, 1, 1), "year"


def _period_end(value: date, precision: str) -> date:
    if precision == "week":
        return value + timedelta(days=6)
    if precision == "month":
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision == "year":
        return value.replace(month=12, day=31)
    return value


def _relation(value: date, precision: str, ref: date) -> str:
    if value > ref:
        return "future"
    return "past" if _period_end(value, precision) < ref else "present"


def _weekday_date(ref: date, wd: int, mode: str | None, future: bool) -> date:
    if mode == "last":
        return ref - timedelta(days=(ref.weekday() - wd) % 7 or 7)
    if mode == "next":
        return ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
    if future:
        return ref + timedelta(days=(wd - ref.weekday()) % 7)
    return ref - timedelta(days=(ref.weekday() - wd) % 7)


def _month_year(ref: date, month: int, mode: str | None, future: bool) -> int:
    if mode == "last":
        return ref.year if month < ref.month else ref.year - 1
    if mode == "next":
        return ref.year if month > ref.month else ref.year + 1
    if mode == "this":
        return ref.year
    if future:
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def _day_month_date(ref: date, month: int, day: int, mode: str | None, future: bool) -> date | None:
    """Return the nearest valid month/day in the direction the mode and tense give (Feb 29 skips years)."""
    forward = mode == "next" or (mode is None and future)
    strict = mode in ("last", "next")
    for k in range(9):
        year = ref.year + k if forward else ref.year - k
        if not 1 <= year <= 9999 or (month == 2 and day == 29 and not calendar.isleap(year)):
            continue
        value = date(year, month, day)
        if forward and (value > ref or (value == ref and not strict)):
            return value
        if not forward and (value < ref or (value == ref and not strict)):
            return value
    return None


def _month_number(word: str, lex: _Lexicon) -> int:
    return lex.months.get(word) or lex.abbreviations[word.rstrip(".")]


def _lowercase_common_word(m: re.Match[str], c: _Ctx) -> bool:
    """Tell if the month is a word like "may" written in lowercase, so likely not a month."""
    return m["month"] in c.lex.capital_only and not c.text[m.start("month")].isupper()


def _iso(m: re.Match[str], c: _Ctx) -> _Hit | None:
    return date(int(m["year"]), int(m["month"]), int(m["day"])), "day", None


def _day_month(m: re.Match[str], c: _Ctx) -> _Hit | None:
    if _lowercase_common_word(m, c):
        return None
    month = _month_number(m["month"], c.lex)
    day = 1 if m.groupdict().get("first") else int(m["day"])
    # "31 de febrero" names no date: drop it whole rather than keep "febrero"; but in "March 32 people"
    # the number is a count, and "March" may still be the date
    invalid = _INVALID if m.start("day") < m.start("month") or m["year"] else None
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return invalid
    if m["year"]:
        year = int(m["year"])
        if not _YEAR_MIN <= year <= _YEAR_MAX:
            return None
        if day > calendar.monthrange(year, month)[1]:
            return invalid
        return date(year, month, day), "day", None
    value = _day_month_date(c.ref, month, day, _mode(m, "mod", "post"), c.future)
    return (value, "day", None) if value else None


def _month(m: re.Match[str], c: _Ctx) -> _Hit | None:
    if _lowercase_common_word(m, c):
        return None
    if m.span() == m.span("month"):  # a month alone: English capitalizes it, Spanish does not
        if not (c.lex.bare_months and c.text[m.start()].isupper()):
            return None
        if m["month"] in c.lex.capital_only and not c.text[: m.start()].strip():
            return None  # "May they..." opens a sentence
    month = c.lex.months[m["month"]]
    yrel = m.groupdict().get("yrel") or m.groupdict().get("ythis")
    if m["year"]:
        year = int(m["year"])
        if not _YEAR_MIN <= year <= _YEAR_MAX:
            return None
    elif yrel:
        year = c.ref.year + {"last": -1, "next": 1}.get(_MODES.get(" ".join(yrel.split()), ""), 0)
    else:
        year = _month_year(c.ref, month, _mode(m, "mod", "post"), c.future)
    return date(year, month, 1), "month", None


def _year(m: re.Match[str], c: _Ctx) -> _Hit | None:
    year = int(m["year"])
    if m.start() == m.start("year") or not _YEAR_MIN <= year <= _YEAR_MAX:
        return None
    if m["prep"] in ("of", "de", "del") and not m["part"]:
        # "a force of 2000 troops": after a bare "of N", a content word makes N a count
        following = _NEXT_WORD.match(c.folded, m.end())
        if following and following.group(1) not in c.lex.after_year:
            return None
    return date(year, 1, 1), "year", None


def _relday(m: re.Match[str], c: _Ctx) -> _Hit | None:
    word = " ".join(m["word"].split())
    if word == "manana" and c.lex.not_before_manana:
        before = c.folded[max(0, m.start() - 12) : m.start()].split()
        if before and before[-1] in c.lex.not_before_manana:
            return None
    return c.ref + timedelta(days=c.lex.reldays[word]), "day", None


def _weekday(m: re.Match[str], c: _Ctx) -> _Hit | None:
    if not c.lex.bare_weekdays and m.span("wd")[0] == m.start() and not m.groupdict().get("post"):
        return None
    mode = _mode(m, "mod", "post")
    value = _weekday_date(c.ref, c.lex.weekdays[m["wd"]], None if mode == "this" else mode, c.future)
    return value, "day", None


def _period(m: re.Match[str], c: _Ctx) -> _Hit | None:
    mode = _mode(m, "mod", "post") or _mode(m, "art")
    if mode is None:
        return None
    value, precision = _shift(c.ref, {"last": -1, "next": 1}.get(mode, 0), _UNITS[m["unit"]])
    part = m["part"]
    return value, precision, "past" if part == "earlier" else "future" if part == "later" else None


def _count_value(m: re.Match[str], c: _Ctx) -> int:
    n = m["n"]
    return int(n) if n.isdigit() else c.lex.numbers[n]


def _unit(m: re.Match[str]) -> str:
    word = m["unit"]
    return _UNITS.get(word) or _UNITS.get(word[:-1]) or _UNITS[word[:-2]]  # dias, meses


_NOT_A_DEADLINE = re.compile(
    r"\b(?:first|time|ever|most|least|best|worst|highest|lowest|biggest|largest|longest|greatest"
    r"|strongest|\w+iest)\b(?:\W+\w+){0,3}\W*\Z"
)


def _ago(m: re.Match[str], c: _Ctx) -> _Hit | None:
    value, precision = _shift(c.ref, -_count_value(m, c), _unit(m))
    return value, precision, None


def _ahead(m: re.Match[str], c: _Ctx) -> _Hit | None:
    # "the first election in 20 years" looks back, it does not set a date
    if _NOT_A_DEADLINE.search(c.folded, max(0, m.start() - 60), m.start()):
        return None
    value, precision = _shift(c.ref, _count_value(m, c), _unit(m))
    return value, precision, None


_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")

_RESOLVERS: dict[str, Callable[[re.Match[str], _Ctx], _Hit | None]] = {
    "iso": _iso, "month_day": _day_month, "day_month": _day_month, "month": _month, "year": _year,
    "relday": _relday, "weekday": _weekday, "period": _period, "ago": _ago, "in": _ahead, "from_now": _ahead,
}


@dataclass(frozen=True, slots=True)
class _Grammar:
    lex: _Lexicon
    rules: tuple[_Rule, ...]
    starts: re.Pattern[str]  # can a rule start here, and which first: one lookahead alternation of them all


def _grammar(lex: _Lexicon, patterns: Mapping[str, str]) -> _Grammar:
    rules = tuple(_Rule(name, re.compile(p), _RESOLVERS[name]) for name, p in patterns.items())
    # inner groups become anonymous so that the i-th group of `starts` is the i-th rule
    anonymous = (re.sub(r"\(\?P<\w+>", "(?:", p) for p in patterns.values())
    starts = re.compile(r"(?<!\w)(?=" + "|".join(f"({p})" for p in anonymous) + ")")
    keywords = lex.keywords | lex.weekdays.keys() | lex.months.keys()
    return _Grammar(replace(lex, keywords=frozenset(keywords)), rules, starts)


_PREFILTER_WORD = re.compile(r"[^\W\d_]+")
_WORD_START = re.compile(r"(?<!\w)\w")
_DIGIT = re.compile(r"[0-9]")
_YEAR_DIGITS = re.compile(r"[0-9]{4}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_REACH = 40  # how far before its digit or date word an expression may start ("a principios de esta semana")
_GRAMMARS = {"en": _grammar(_EN, _en_patterns()), "es": _grammar(_ES, _es_patterns())}


def _anchors(folded: str, grammar: _Grammar) -> list[int]:
    """Return where the date words and years of a folded sentence start; none means it has no date.

    Every expression holds a date word, a year, or a day number next to a month abbreviation ("3 Mar").
    """
    words = _PREFILTER_WORD.findall(folded)
    present = grammar.lex.keywords.intersection(words)
    found: list[int] = []
    if _DIGIT.search(folded) is not None:
        found = [m.start() for m in _YEAR_DIGITS.finditer(folded)]
        present |= grammar.lex.abbreviations.keys() & set(words)
    for word in present:
        i = folded.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not folded[i - 1].isalnum()) and (j == len(folded) or not folded[j].isalnum()):
                found.append(i)
            i = folded.find(word, j)
    return sorted(found)


def _fold(text: str) -> str:
    """Return :func:`fold` of text, faster when few characters are not ASCII."""
    low = text.lower()
    if len(low) != len(text):
        return fold(text)
    if low.isascii():
        return low
    return _NON_ASCII.sub(lambda m: fold(m.group()), low)


def _candidates(ctx: _Ctx, grammar: _Grammar, anchors: list[int]) -> Iterator[tuple[int, int, _Hit]]:
    """Yield the longest resolvable expression at each place one can start, near a digit or date word."""
    folded = ctx.folded
    scanned = 0
    for anchor in anchors:
        lo, hi = max(scanned, anchor - _REACH), anchor + 1
        scanned = hi
        for word in _WORD_START.finditer(folded, lo, hi):
            start = grammar.starts.match(folded, word.start())
            if start is None or start.lastindex is None:
                continue
            best: tuple[int, int, _Hit] | None = None
            for rule in grammar.rules[start.lastindex - 1 :]:  # the rules before it cannot match here
                m = rule.regex.match(folded, word.start())
                if m is None or (best is not None and m.end() <= best[1]):
                    continue
                try:
                    hit = rule.resolve(m, ctx)
                    if hit is not None and hit[1] and hit[2] is None:
                        hit = (hit[0], hit[1], _relation(hit[0], hit[1], ctx.ref))
                except (ValueError, OverflowError):  # a date outside what datetime can hold
                    hit = None
                if hit is not None:
                    best = (m.start(), m.end(), hit)
            if best is not None:
                yield best


def find_dates(text: str, lang: str, ref: date, *, future: bool = False) -> list[DateRef]:
    """Return every date expression of a sentence, resolved against the article date, sorted by start.

    ``future`` says the sentence is about something still to come, so bare weekdays, months and
    day-months resolve forward. Unsupported languages give ``[]``; no input raises.
    """
    grammar = _GRAMMARS.get(lang.lower()[:2])
    if grammar is None:
        return []
    folded = _fold(text)
    anchors = _anchors(folded, grammar)
    if not anchors:
        return []
    ctx = _Ctx(text=text, folded=folded, ref=ref, future=future, lex=grammar.lex)
    # overlapping candidates: the longest wins, then the earliest
    chosen: list[tuple[int, int, _Hit]] = []
    for s, e, hit in sorted(_candidates(ctx, grammar, anchors), key=lambda f: (f[0] - f[1], f[0])):
        if all(e <= cs or s >= ce for cs, ce, _ in chosen):
            chosen.append((s, e, hit))
    chosen.sort(key=lambda f: f[0])
    return [
        DateRef(value, precision, text[s:e], s, e, relation or "past")
        for s, e, (value, precision, relation) in chosen
        if precision
    ]


_DATELINE_HEAD = re.compile(r"\s*(?:[^\W\d_][^,;:()\[\]\n]{0,48},\s*)?\Z")
_DATELINE_TAIL = re.compile(r"\s*(?:\(|\[|[-\u2013\u2014/]|\.-|:)")


def _is_dateline(text: str, d: DateRef) -> bool:
    """Tell if the date opens a dateline such as "KYIV, March 3 (Reuters) -" or "Madrid, 3 mar (EFE).-"."""
    head = text[: d.start]
    return (
        bool(_DATELINE_HEAD.match(head))
        and (not head.strip() or head.lstrip()[0].isupper())
        and bool(_DATELINE_TAIL.match(text, d.end))
    )


@functools.lru_cache(maxsize=256)
def event_date(text: str, lang: str, ref: date, future: bool = False) -> DateRef:
    """Return the date of the event a sentence reports: its first date expression, else the article date.

    A dateline date is used only when the sentence has no other date. Cached: the events of one sentence
    share it.
    """
    found = find_dates(text, lang, ref, future=future)
    for d in found:
        if not _is_dateline(text, d):
            return d
    return found[0] if found else DateRef(ref, "day", None, relation="present")
