"""Decide whether an event is a fact: modality (PLOVER's auxiliary modes) and attribution cues."""

from __future__ import annotations

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
    "es": ("no", "nunca", "jamas", "tampoco", "ni"),
}
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
        "undertook to",
        "vowed to",
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

_ATTRIBUTION = {
    "en": re.compile(
        r"\b(?:according to|as reported by|citing|cited by)\s+((?:the\s+)?[^,.;]{2,80}?)(?=[,.;]|$)"
        r"|\b((?:the\s+)?(?:[\w'-]+\s){0,5}?(?:agency|news agency|ministry|outlet|newspaper|daily|channel|"
        r"spokesperson|spokesman|spokeswoman|sources?|officials?)(?:\s+[\w'-]+){0,2}?)\s+(?:said|reported|announced|stated|"
        r"wrote|confirmed|claimed)\b"
        r"|\b(?:said|wrote|posted|announced)\s+on\s+(Twitter|X|Telegram|Facebook|(?:its|his|her|their)\s+"
        r"(?:Telegram|website|Twitter|X|Facebook)\s*(?:channel|account|page)?)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b(?:segun|de acuerdo con|citando a|citado por)\s+((?:el|la|los|las)?\s*[^,.;]{2,80}?)(?=[,.;]|$)"
        r"|\b(?:informo|informaron|reporto|reportaron|indico|indicaron|anuncio|confirmo|publico)\s+"
        r"((?:el|la|los|las)\s+(?:[\w'-]+\s){0,5}?(?:agencia|diario|periodico|cancilleria|ministerio|canal|"
        r"portavoz|vocero|vocera|fuentes?)(?:\s+[\w'-]+){0,4}?)(?=[,.;]|$)"
        r"|\b(?:en|a traves de)\s+(?:su\s+cuenta\s+(?:de|en)\s+)?(Twitter|X|Telegram|Facebook)\b",
        re.IGNORECASE,
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
    start = 0
    for m in _CLAUSE_BREAK.finditer(folded, 0, trigger_start):
        start = m.end()
    return start


def _has(cues: tuple[str, ...], window: str) -> str | None:
    for cue in cues:
        if cue.startswith("'") or cue == "n't":
            if cue in window:
                return cue
            continue
        if re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", window):
            return cue
    return None


def detect_modality(text: str, trigger_start: int, trigger_end: int, lang: str) -> tuple[str, str | None]:
    """Return (modality, cue) for the event whose trigger spans ``trigger_start:trigger_end``.

    Order matters: a question or a conditional is never a fact, whatever else the clause says.
    """
    folded = fold(text)
    stripped = folded.strip()
    if stripped.endswith("?") or ("¿" in folded[:trigger_start]):
        return "question", "?"
    start = clause_start(folded, trigger_start)
    window = folded[max(start, trigger_start - 90) : trigger_start]
    cue = _has(_HYPOTHETICAL.get(lang, ()), window)
    if cue:
        return "hypothetical", cue
    trigger = folded[trigger_start:trigger_end]
    cue = _has(_NEGATION.get(lang, ()), window[-40:])
    if cue:
        return "negated", cue
    if lang == "es" and _ES_FUTURE_VERB.match(trigger.split()[0] if trigger.split() else ""):
        return "future", trigger
    cue = _has(_FUTURE.get(lang, ()), window[-60:])
    if cue:
        return "future", cue
    cue = _has(_HISTORICAL.get(lang, ()), window[-40:])
    if cue:
        return "historical", cue
    return "factual", None


def find_attribution(text: str, lang: str) -> Attribution | None:
    """Return the attribution phrase of a sentence ("according to the TASS agency"), if any."""
    pattern = _ATTRIBUTION.get(lang)
    if pattern is None:
        return None
    folded = fold(text)
    m = pattern.search(folded)
    if not m:
        return None
    group = next(i for i in range(1, (pattern.groups or 0) + 1) if m.group(i))
    s, e = m.span(group)
    return Attribution(text[s:e].strip(), m.start(), m.end())
