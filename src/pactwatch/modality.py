"""Decide whether an event is a fact: modality (PLOVER's auxiliary modes) and attribution cues."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .models import fold

# Cues are folded (lowercase, no accents) and matched on word boundaries in the clause before the trigger.
_NEGATION = {
    "en": (
        "not",
        "n't",
        "never",
        "no longer",
        "neither",
        "nor",
        "failed to",
        "did not",
        "has not",
        "have not",
    ),
    "es": (
        "no",
        "nunca",
        "jamas",
        "tampoco",
        "ni",
        "se abstuvo",
        "se abstuvieron",
        "se abstiene",
        "se abstienen",
    ),
}
# Phrases with "no" that negate nothing: "no obstante" (however), "no solo ... sino" (not only).
_NOT_NEGATION = {"es": re.compile(r"\bno (?:obstante|solo|solamente)\b")}
_HYPOTHETICAL = {
    "en": (
        "if",
        "unless",
        "could",
        "might",
        "may have",
        "may be",
        "may soon",
        "would",
        "possibly",
        "perhaps",
        "reportedly considering",
        "rumoured",
        "rumored",
        "rumours",
        "rumors",
        "speculation",
        "whether",
        "could it be",
        "in case",
        # what someone demands or urges has not happened (yet)
        "demanded that",
        "demand that",
        "demands that",
        "demanding that",
        "urged",
        "urges",
        "called on",
        "calls on",
        "called for",
        "calls for",
        "call for",
        "calling for",
        "to force",
        "asked",
        "to demand",
        "in order to",
        "proposal to",
        "must",
        "should",
    ),
    "es": (
        "si",
        "podria",
        "podrian",
        "quizas",
        "quiza",
        "tal vez",
        "posiblemente",
        "se especula",
        "rumores",
        "en caso de",
        "acaso",
        "pudiera",
        "pudieran",
        "de ser asi",
        "exigio que",
        "exigieron que",
        "exige que",
        "exigen que",
        "pidio que",
        "pidieron que",
        "pide que",
        "piden que",
        "para exigir",
        "para pedir",
        "para reclamar",
        "insto a",
        "instaron a",
        "debe",
        "deben",
        "deberia",
        "deberian",
        # what is feared, weighed, intended or threatened has not happened
        "por temor a",
        "por miedo a",
        "ante el temor de",
        "la posibilidad de",
        "intencion de",
        "se prepara para",
        "se preparan para",
        "se dispone a",
        "se disponen a",
        "amenazo con",
        "amenazaron con",
        "amenaza con",
        "amenazan con",
        "amenazado con",
        "amenazando con",
    ),
}
_FUTURE = {
    "en": (
        "will",
        "'ll",
        "shall",
        "is to",
        "are to",
        "plans to",
        "plan to",
        "planned to",
        "planning to",
        "intends to",
        "intend to",
        "is expected to",
        "are expected to",
        "is scheduled to",
        "are scheduled to",
        "is set to",
        "are set to",
        "going to",
        "aims to",
        "agreed to",
        "agree to",
        "pledged to",
        "promised to",
        "prepared to",
        "ready to",
        "undertook to",
        "vowed to",
        "is due to",
        "are due to",
        "was due to",
        "were due to",
        "next week",
        "next month",
        "next year",
        "in the coming",
    ),
    "es": (
        "va a",
        "van a",
        "planea",
        "planean",
        "prevé",
        "preve",
        "preven",
        "tiene previsto",
        "tienen previsto",
        "se propone",
        "acordaron",
        "acordo",
        "se comprometio",
        "se comprometieron",
        "prometio",
        "proximo",
        "proxima",
        "proximos",
        "proximas",
        "la semana que viene",
    ),
}
_HISTORICAL = {
    "en": ("had", "in the past", "years ago", "decades ago", "back in", "formerly", "once"),
    "es": ("habia", "habian", "en el pasado", "hace anos", "hace decadas", "antano"),
}
_ES_FUTURE_VERB = re.compile(r"\w+(?:ara|aran|era|eran|ira|iran|aremos|eremos|iremos)$")
_CLAUSE_BREAK = re.compile(r"[;:]|,\s*(?:but|while|whereas|pero|mientras|aunque)\b|\b(?:but|pero)\b")
_BREAK_WORDS = (";", ":", "but", "while", "whereas", "pero", "mientras", "aunque")  # one is in every break

# Matched on folded (lowercase) text, so the patterns are lowercase and need no IGNORECASE.
_ATTRIBUTION = {
    "en": re.compile(
        r"\b(?:according to|as reported by|citing|cited by)\s+((?:the\s+)?[^,.;]{2,80}?)(?=[,.;]|$)"
        r"|\b((?:the\s+)?(?:[\w'-]+\s){0,5}?(?:agency|news agency|ministry|outlet|newspaper|daily|channel|"
        r"spokesperson|spokesman|spokeswoman|sources?|officials?)(?:\s+[\w'-]+){0,2}?)\s+(?:said|reported|announced|stated|"
        r"wrote|confirmed|claimed)\b"
        r"|\b(?:said|wrote|posted|announced)\s+on\s+(twitter|x|telegram|facebook|(?:its|his|her|their)\s+"
        r"(?:telegram|website|twitter|x|facebook)\s*(?:channel|account|page)?)",
    ),
    "es": re.compile(
        r"\b(?:segun|de acuerdo con|citando a|citado por)\s+((?:el|la|los|las)?\s*[^,.;]{2,80}?)(?=[,.;]|$)"
        r"|\b(?:informo|informaron|reporto|reportaron|indico|indicaron|anuncio|confirmo|publico)\s+"
        r"((?:el|la|los|las)\s+(?:[\w'-]+\s){0,5}?(?:agencia|diario|periodico|cancilleria|ministerio|canal|"
        r"portavoz|vocero|vocera|fuentes?)(?:\s+[\w'-]+){0,4}?)(?=[,.;]|$)"
        r"|\b(?:en|a traves de)\s+(?:su\s+cuenta\s+(?:de|en)\s+)?(twitter|x|telegram|facebook)\b",
    ),
}


# Words one of which every branch of _ATTRIBUTION needs, tested as substrings before the regex runs.
_ATTRIBUTION_ANCHORS = {
    "en": (
        "according to",
        "reported by",
        "citing",
        "cited by",
        "said",
        "reported",
        "announced",
        "stated",
        "wrote",
        "confirmed",
        "claimed",
        "posted",
    ),
    "es": (
        "segun",
        "de acuerdo con",
        "citando a",
        "citado por",
        "informo",
        "informaron",
        "reporto",
        "reportaron",
        "indico",
        "indicaron",
        "anuncio",
        "confirmo",
        "publico",
        "twitter",
        "telegram",
        "facebook",
        " x",
    ),
}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reported or claimed what the sentence says, and where that phrase sits."""

    text: str
    start: int
    end: int


def clause_start(folded: str, trigger_start: int) -> int:
    """Return the offset where the clause holding the trigger begins."""
    head = folded[:trigger_start]
    if not any(w in head for w in _BREAK_WORDS):
        return 0  # every break holds one of these: most clauses have none, and the regex costs more
    start = 0
    for m in _CLAUSE_BREAK.finditer(folded, 0, trigger_start):
        start = m.end()
    return start


_PUNCT = re.compile(r"[^\w\s]+")


def _spaced(window: str) -> str:
    """Return the window as space-separated words, punctuation kept as its own token, padded by spaces.

    A cue then occurs on word boundaries exactly when " cue " is a substring, and a phrase cue cannot
    span punctuation.
    """
    return " " + " ".join(_PUNCT.sub(" # ", window).split()) + " "


@functools.cache
def _split_cues(cues: tuple[str, ...]) -> tuple[tuple[tuple[str, str, bool], ...], frozenset[str], bool]:
    """Return (cue, needle, clitic) for each cue, the cues' first words, and whether any is a clitic.

    Clitics ("'ll", "n't") match inside a word.
    """
    out = []
    for cue in cues:
        clitic = cue.startswith("'") or cue == "n't"
        out.append((cue, cue if clitic else _spaced(cue), clitic))
    firsts = frozenset(_spaced(c).split()[0] for c, _, clitic in out if not clitic)
    return tuple(out), firsts, any(clitic for _, _, clitic in out)


def _has(cues: tuple[str, ...], window: str) -> str | None:
    """Return the first cue of ``cues`` (in list order) found in ``window`` on word boundaries."""
    split, firsts, clitics = _split_cues(cues)
    spaced = _spaced(window)
    if not clitics and firsts.isdisjoint(spaced.split()):
        return None  # no word of the window starts a cue: most windows
    for cue, needle, clitic in split:
        if needle in (window if clitic else spaced):
            return cue
    return None


def _es_past_subjunctive(text: str, folded: str, verb: str, start: int) -> bool:
    """Tell whether a folded "-ara"/"-iera" form is the past subjunctive, not the future.

    Folding merges them; the written future carries its accent ("visitará") and the past subjunctive does
    not ("después de que la delegación visitara México"). Text in capitals may drop accents, so it counts
    as the future.
    """
    if not verb.endswith(("ara", "aran", "era", "eran", "ira", "iran")):
        return False
    at = folded.find(verb, start)
    written = text[at : at + len(verb)] if at >= 0 and len(text) == len(folded) else ""
    return bool(written) and not written.isupper() and not any(c in "áéí" for c in written[-4:])


def detect_modality(
    text: str,
    trigger_start: int,
    trigger_end: int,
    lang: str,
    folded: str | None = None,
    clause: int | None = None,
) -> tuple[str, str | None]:
    """Return (modality, cue) for the event whose trigger spans ``trigger_start:trigger_end``.

    Order matters: a question or a conditional is never a fact, whatever else the clause says.
    ``folded`` is ``fold(text)`` and ``clause`` is ``clause_start(folded, trigger_start)`` when the caller
    has them already.
    """
    folded = fold(text) if folded is None else folded
    stripped = folded.strip()
    if stripped.endswith("?") or ("¿" in folded[:trigger_start]):
        return "question", "?"
    start = clause_start(folded, trigger_start) if clause is None else clause
    window = folded[max(start, trigger_start - 90) : trigger_start]
    cue = _has(_HYPOTHETICAL.get(lang, ()), window)
    if cue:
        return "hypothetical", cue
    trigger = folded[trigger_start:trigger_end]
    not_negation = _NOT_NEGATION.get(lang)
    negatable = not_negation.sub(" ", window[-40:]) if not_negation else window[-40:]
    cue = _has(_NEGATION.get(lang, ()), negatable)
    if cue:
        return "negated", cue
    words = trigger.split()
    verb = words[1] if len(words) > 1 and words[0] == "se" else (words[0] if words else "")
    if (
        lang == "es"
        and _ES_FUTURE_VERB.match(verb)
        and not _es_past_subjunctive(text, folded, verb, trigger_start)
    ):
        return "future", trigger
    cue = _has(_FUTURE.get(lang, ()), window[-60:])
    if cue:
        return "future", cue
    cue = _has(_HISTORICAL.get(lang, ()), window[-40:])
    if cue:
        return "historical", cue
    return "factual", None


def find_attribution(text: str, lang: str, folded: str | None = None) -> Attribution | None:
    """Return the attribution phrase of a sentence ("according to the TASS agency"), if any."""
    pattern = _ATTRIBUTION.get(lang)
    if pattern is None:
        return None
    folded = fold(text) if folded is None else folded
    if not any(a in folded for a in _ATTRIBUTION_ANCHORS[lang]):
        return None  # each branch of the pattern needs one of these words: most sentences have none
    m = pattern.search(folded)
    if not m:
        return None
    group = next(i for i in range(1, (pattern.groups or 0) + 1) if m.group(i))
    s, e = m.span(group)
    return Attribution(text[s:e].strip(), m.start(), m.end())
