"""How a dictionary hit reads in its noun phrase: as an actor, a modifier, or people.

"41 people" and "miles de personas" are actors, "people familiar with the talks" are not
(:func:`determined`); "military drones" and "a firm response" use "military" and "firm" as modifiers,
"the military said" as an actor (:func:`modifies_noun`); "Indian and Pakistani troops" share one head noun
and "Albanians demonstrated" are people (:func:`bare_demonyms`). The actor resolver (``actors.py``) asks
these before it turns hits into actors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .models import Actor, fold

if TYPE_CHECKING:
    from .actors import Hit

__all__ = ["bare_demonyms", "determined", "modifies_noun"]


# Words after which a noun that is also an adjective or part of a phrase is a group of people.
_DETERMINERS = {
    "en": frozenset(
        "the a an these those many some several most other ordinary local young hundreds thousands "
        "millions dozens scores two three four five six seven eight nine ten twelve twenty fifty hundred "
        "thousand million".split()
    ),
    "es": frozenset(
        "el la los las un una unos unas su sus nuestros nuestras estos estas esos esas aquellos aquellas "
        "varios varias muchos muchas numerosos numerosas algunos algunas otros otras demas cientos miles "
        "decenas centenares millares docenas dos tres cuatro cinco seis siete ocho nueve diez veinte "
        "cien mil".split()
    ),
}
# "miles de personas", "thousands of people": the quantifier comes before "of" / "de".
_QUANTIFIER_OF = frozenset({"of", "de"})


def determined(text: str, start: int, lang: str) -> bool:
    """Tell whether a noun at ``start`` follows a determiner, a number or a quantifier with "of"/"de"."""
    words = re.findall(r"[\w’'\-]+", fold(text[max(0, start - 40) : start]))
    if not words:
        # a capital at the start of a Spanish sentence: "Vecinos de X marcharon" (English "People familiar
        # with the talks said" is a source, not an actor)
        return lang == "es" and text[start].isupper()
    dets = _DETERMINERS.get(lang, _DETERMINERS["en"])
    last = words[-1]
    if last in dets or last.replace(".", "").replace(",", "").isdigit():
        return True
    return (
        last in _QUANTIFIER_OF
        and len(words) > 1
        and words[-2] in dets
        and words[-2] not in ("el", "la", "the")
    )


# Words that can follow a noun subject or object: an attributive word before them is a noun itself.
_AFTER_NOUN = frozenset(
    "said says say told tells has have had is was were are be been being will would could can may might "
    "must should shall did does do also and or but nor of in on at to for from with by that which who "
    "whom whose as not no than then into onto over under after before during since until against about "
    "across through near outside inside around its their his her a an the this these those".split()
)


def modifies_noun(text: str, h: Hit, hits: list[Hit]) -> bool:
    """Tell whether a word like "military" modifies the lowercase noun after it ("military drones")."""
    m = re.match(r" ([a-z][a-z\-]*)\b", text[h.end : h.end + 30])
    if m is None or any(x.start == h.end + 1 for x in hits):
        return False  # punctuation or a dictionary word after it: "the military said", "military officials"
    if any(x.end + 1 == h.start and x.kind in ("demonym", "country") for x in hits):
        return False  # "a Cuban military delegation": the delegation is the Cuban military's
    word = m.group(1)
    if word in _AFTER_NOUN or word.endswith("ed"):
        return False
    before = fold(text[max(0, h.start - 12) : h.start]).split()
    determined = bool(before) and (before[-1] in ("the", "its", "their") or before[-1].endswith(("'s", "’s")))
    # "the military says", "Venezuela's military controls": after a determiner a word in -s is rather
    # the verb than a plural noun
    return not (word.endswith("s") and determined)


_AND = frozenset({"and", "or", ",", "y", "e", "o", "и"})


def bare_demonyms(
    text: str, resolved: list[tuple[list[Hit], Actor]], lang: str
) -> list[tuple[list[Hit], Actor]]:
    """Give a demonym (or a country used as one) standing alone the head noun it shares or stands for.

    "Indian and Pakistani troops", "US and British forces", "marinos rusos y venezolanos": it shares
    the head of the coordinated actor (MIL). "Albanians demonstrated", "más de 18.000 mexicanos": a
    plural demonym used as a noun is people (CVL).
    """
    out = list(resolved)
    for i, (chunk, a) in enumerate(resolved):
        if len(chunk) != 1 or chunk[0].kind not in ("demonym", "country") or a.sectors:
            continue
        h = chunk[0]
        step = None
        shared: Actor | None = None
        nxt = resolved[i + 1] if i + 1 < len(resolved) else None
        prev = resolved[i - 1] if i > 0 else None
        if (
            nxt is not None
            and len(nxt[0]) >= 2
            and nxt[0][0].kind == "demonym"
            and nxt[0][1].kind == "role"
            and fold(text[h.end : nxt[0][0].start]).strip() in _AND
        ):
            head, shared = nxt[0][1], nxt[1]
        elif (
            prev is not None
            and h.kind == "demonym"
            and len(prev[0]) >= 2
            and prev[0][-1].kind == "demonym"
            and prev[0][-2].kind == "role"
            and fold(text[prev[0][-1].end : h.start]).strip() in _AND
        ):
            head, shared = prev[0][-2], prev[1]
        if shared is not None:
            noun = text[head.start : head.end]
            step = f"'{a.entity_text}' shares the head '{noun}' of '{shared.entity_text}'"
            sectors = shared.sectors
        elif h.kind == "demonym" and _plural_noun(text, h, lang):
            step = f"plural demonym '{a.entity_text}' used as a noun: people (CVL)"
            sectors = ("CVL",)
        if step is None or not sectors:
            continue
        out[i] = (chunk, Actor(a.code, sectors[0], a.entity_text, a.name, sectors, (*a.chain, step)))
    return out


def _plural_noun(text: str, h: Hit, lang: str) -> bool:
    """Tell whether a demonym is a plural noun ("Albanians", "los cubanos"), not an adjective."""
    surface = fold(text[h.start : h.end])
    after = text[h.end : h.end + 2]
    if lang == "en":
        # "Swiss", "Seychellois" are singular; "Cubans", "Iraqis" are people
        return surface.endswith("s") and not surface.endswith(("ss", "ois")) and not after.startswith("'")
    if lang == "es":
        return surface.endswith(("os", "as", "es")) and determined(text, h.start, lang)
    return False
