"""Event patterns as data: load, validate and inflect the per-language trigger dictionaries.

One JSONL record per pattern, e.g.::

    {"id": "en.consult.visit", "type": "CONSULT", "mode": "visit", "verbs": ["visit", "travel to"],
     "nouns": ["visit"], "layout": "actor-recipient", "context": ["diplomatic"]}

``verbs`` are lemmas or phrases whose first word is inflected (English: -s/-ed/-ing; Spanish: the
third-person indicative forms of every tense; subjunctives are left out because many read as nouns or
adjectives, "firme", "cometa", and what is wished for is not an event); ``forms`` are extra literal
forms (irregular verbs); ``nouns`` are nominal triggers ("the meeting between X and Y"); ``phrases`` are
matched literally. ``requires``/``excludes`` are words of which one must occur / none may occur in the
sentence; ``objects``/``not_objects`` look only at the trigger's object, the few words after it in its
clause ("captured the town" is territory taken, "captured two suspects" an arrest). Several patterns may
share a surface form: those with ``objects`` are tried first, then those with ``requires``, then the one
plain pattern, and the first whose conditions hold fires.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .codebook import load_codebook
from .errors import DataError
from .models import fold

# "speaker": the actor is the subject of the sentence's reporting verb, the recipient the subject of the
# trigger's clause ("Russia said Sudan must return the helicopter"). "handover": the recipient is the group
# after "to"/"a", what is handed over is not ("extradited 12 suspects to the United States"). "arrival": the
# subject arrives and is the recipient; the country it arrives in lets it in and is the actor ("peacekeepers
# arrived in Lebanon").
LAYOUTS = ("actor-recipient", "recipient-actor", "mutual", "host", "speaker", "handover", "arrival")
_FIELDS = {
    "id",
    "type",
    "mode",
    "verbs",
    "forms",
    "nouns",
    "phrases",
    "layout",
    "context",
    "note",
    "requires",
    "excludes",
    "objects",
    "not_objects",
}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One event pattern: what triggers it, how its arguments are laid out, what it codes."""

    id: str
    type: str
    mode: str | None
    layout: str
    context: tuple[str, ...]
    requires: tuple[str, ...]  # folded words of which one must occur in the sentence
    excludes: tuple[str, ...]  # folded words that veto the pattern when present in the sentence
    where: str
    objects: tuple[str, ...] = ()  # folded words of which one must occur in the trigger's object
    not_objects: tuple[str, ...] = ()  # folded words that veto the trigger when they occur in its object


@dataclass(frozen=True, slots=True)
class Trigger:
    """A surface form (folded) that fires a pattern; ``nominal`` for nouns."""

    norm: str
    pattern: Pattern
    nominal: bool
    participle: bool


# --- inflection -------------------------------------------------------------------------------------

_EN_VOWELS = "aeiou"


def inflect_en(verb: str) -> set[str]:
    """Return the regular English forms of a verb (base, -s, -ed, -ing)."""
    forms = {verb}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in _EN_VOWELS:
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
    return forms


_ES_ENDINGS = {
    "ar": (
        "a",
        "an",
        "o",
        "aron",
        "aba",
        "aban",
        "ara",
        "aran",
        "aria",
        "arian",
        "ado",
        "ada",
        "ados",
        "adas",
        "ando",
        "ar",
        "ase",
        "asen",
    ),
    "er": (
        "e",
        "en",
        "io",
        "ieron",
        "ia",
        "ian",
        "era",
        "eran",
        "eria",
        "erian",
        "ido",
        "ida",
        "idos",
        "idas",
        "iendo",
        "er",
        "iera",
        "ieran",
    ),
    "ir": (
        "e",
        "en",
        "io",
        "ieron",
        "ia",
        "ian",
        "ira",
        "iran",
        "iria",
        "irian",
        "ido",
        "ida",
        "idos",
        "idas",
        "iendo",
        "ir",
        "iera",
        "ieran",
    ),
}
# Future and conditional endings reach the modality check through this set (folded forms).
ES_FUTURE_ENDINGS = ("ara", "aran", "era", "eran", "ira", "iran")


def inflect_es(verb: str) -> set[str]:
    """Return the folded third-person forms of a regular Spanish verb (plus reflexive "se" forms)."""
    v = fold(verb)
    reflexive = v.endswith("se") and v[-4:-2] in _ES_ENDINGS
    if reflexive:
        v = v[:-2]
    ending = v[-2:]
    if ending not in _ES_ENDINGS:
        return {v}
    stem = v[:-2]
    forms = {stem + e for e in _ES_ENDINGS[ending]}
    if reflexive:
        forms |= {"se " + f for f in forms if not f.endswith(("ar", "er", "ir", "ando", "iendo"))}
        forms |= {v + "se"}
    return forms


def _participle(form: str, lang: str) -> bool:
    if lang == "es":
        return form.endswith(("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"))
    return form.endswith("ed") or form in _EN_IRREGULAR_PARTICIPLES


_EN_IRREGULAR_PARTICIPLES = frozenset(
    {
        "met",
        "held",
        "signed",
        "sent",
        "shot",
        "hit",
        "struck",
        "seized",
        "beaten",
        "taken",
        "given",
        "killed",
        "arrested",
        "expelled",
        "withdrawn",
        "sold",
    }
)


def _expand(phrase: str, lang: str) -> set[str]:
    words = fold(phrase).split()
    if not words:
        return set()
    first, rest = words[0], words[1:]
    heads = inflect_es(first) if lang == "es" else inflect_en(first)
    tail = (" " + " ".join(rest)) if rest else ""
    if lang == "es" and first.endswith("se") and rest:
        return {h + tail for h in heads}
    return {h + tail for h in heads}


# --- loading ----------------------------------------------------------------------------------------


def _package_file(lang: str) -> tuple[str, str]:
    ref = resources.files("pactwatch") / "data" / "patterns" / f"{lang}.jsonl"
    return f"patterns/{lang}.jsonl", ref.read_text(encoding="utf-8")


def parse_patterns(text: str, where: str, lang: str) -> list[tuple[Pattern, list[Trigger]]]:
    """Parse pattern records, raising :class:`DataError` naming ``where:line`` on a bad one."""
    book = load_codebook()
    seen: set[str] = set()
    out: list[tuple[Pattern, list[Trigger]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        here = f"{where}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(here, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(rec, dict):
            raise DataError(here, "a pattern record must be a JSON object")
        unknown = set(rec) - _FIELDS
        if unknown:
            raise DataError(here, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_FIELDS)}")
        pid = rec.get("id")
        if not isinstance(pid, str) or not pid:
            raise DataError(here, "missing 'id' (a stable string such as 'en.consult.visit')")
        if pid in seen:
            raise DataError(here, f"duplicate id {pid!r}")
        seen.add(pid)
        etype = rec.get("type")
        if not isinstance(etype, str) or not book.is_type(etype):
            raise DataError(here, f"{pid}: 'type' must be one of the 16 PLOVER types, not {etype!r}")
        mode = rec.get("mode")
        if mode is not None and not book.is_mode(etype, mode):
            raise DataError(here, f"{pid}: {mode!r} is not a mode of {etype}")
        layout = rec.get("layout", "actor-recipient")
        if layout not in LAYOUTS:
            raise DataError(here, f"{pid}: 'layout' must be one of {LAYOUTS}, not {layout!r}")
        contexts = rec.get("context", [])
        for c in contexts:
            if not book.is_context(c):
                raise DataError(here, f"{pid}: unknown context {c!r}")
        lists = {}
        for key in ("verbs", "forms", "nouns", "phrases", "requires", "excludes", "objects", "not_objects"):
            value = rec.get(key, [])
            if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
                raise DataError(here, f"{pid}: {key!r} must be a list of non-empty strings")
            lists[key] = value
        if not (lists["verbs"] or lists["forms"] or lists["nouns"] or lists["phrases"]):
            raise DataError(here, f"{pid}: give at least one of 'verbs', 'forms', 'nouns', 'phrases'")
        pattern = Pattern(
            pid,
            etype,
            mode,
            layout,
            tuple(contexts),
            tuple(fold(x) for x in lists["requires"]),
            tuple(fold(x) for x in lists["excludes"]),
            here,
            tuple(fold(x) for x in lists["objects"]),
            tuple(fold(x) for x in lists["not_objects"]),
        )
        triggers: dict[str, Trigger] = {}
        for verb in lists["verbs"]:
            for form in _expand(verb, lang):
                triggers[form] = Trigger(form, pattern, False, _participle(form.split()[0], lang))
        for form in lists["forms"] + lists["phrases"]:
            norm = fold(form)
            triggers[norm] = Trigger(norm, pattern, False, _participle(norm.split()[0], lang))
        for noun in lists["nouns"]:
            norm = fold(noun)
            triggers[norm] = Trigger(norm, pattern, True, False)
        out.append((pattern, list(triggers.values())))
    return out


@functools.cache
def load_patterns(lang: str, extra: tuple[Path, ...] = ()) -> tuple[Trigger, ...]:
    """Return every trigger of the packaged patterns for ``lang`` plus the user's pattern files."""
    where, text = _package_file(lang)
    parsed = parse_patterns(text, where, lang)
    for path in extra:
        try:
            user = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(str(path), f"cannot read pattern file: {exc}") from None
        overrides = parse_patterns(user, str(path), lang)
        ids = {p.id for p, _ in overrides}
        parsed = [(p, t) for p, t in parsed if p.id not in ids] + overrides
    return tuple(_flatten(parsed))


def _flatten(parsed: Iterable[tuple[Pattern, list[Trigger]]]) -> Iterable[Trigger]:
    for _, triggers in parsed:
        yield from triggers
