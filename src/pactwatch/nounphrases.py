"""How a dictionary hit reads in its noun phrase: as an actor, a modifier, or people.

"41 people" and "miles de personas" are actors, "people familiar with the talks" are not
(:func:`determined`); "military drones" and "a firm response" use "military" and "firm" as modifiers,
"the military said" as an actor (:func:`modifies_noun`); "Indian and Pakistani troops" share one head noun
and "Albanians demonstrated" are people (:func:`bare_demonyms`); "outside the parliament building" and
"the road linking La Paz with Oruro" name places (:func:`names_building`, :func:`route_end`); "the group
Cuba Decide" is an organisation's name (:func:`organisation_name`) and "supporters of President X" are
people of X's side (:func:`followers`). The actor resolver (``actors.py``) asks these before it turns hits
into actors.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from .models import Actor, fold

if TYPE_CHECKING:
    from .actors import Hit

__all__ = [
    "bare_demonyms",
    "determined",
    "followers",
    "is_follower",
    "modifies_noun",
    "names_building",
    "organisation_name",
    "route_end",
]


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
        "decenas centenares millares docenas centenar millar docena dos tres cuatro cinco seis siete ocho "
        "nueve diez veinte cien mil".split()
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


# "outside the parliament building", "the police station", "frente a la sede del Congreso": places.
_BUILDING_AFTER = re.compile(r" (?:building|buildings|compound|premises|grounds|station|stations)\b")
_BUILDING_BEFORE = re.compile(
    r"\b(?:edificio|edificios|sede|palacio|recinto|instalaciones|puertas)\s+(?:del|de la|de los|de las)\s*$"
)


def names_building(text: str, h: Hit) -> bool:
    """Tell whether a body word only names a building ("outside the parliament building")."""
    if _BUILDING_AFTER.match(text, h.end):
        return True
    return _BUILDING_BEFORE.search(fold(text[max(0, h.start - 30) : h.start])) is not None


# "the roads that link La Paz with Oruro", "between Tangier and Algeciras", "from Lima to Cusco".
_ROUTE_JOINERS = frozenset({"and", "with", "to", "y", "con", "a", "-", "–"})


def route_end(text: str, h: Hit, hits: list[Hit]) -> bool:
    """Tell whether a capital is one end of a route or link whose other end is a plain place.

    A capital stands for its government ("Managua closed ..."), but joined to a city that is no
    capital ("La Paz con Oruro") it is a place again.
    """
    for x in hits:
        if x is h or x.kind != "city" or x.metonym:
            continue
        gap = fold(text[h.end : x.start] if x.start >= h.end else text[x.end : h.start]).strip()
        if gap in _ROUTE_JOINERS:
            return True
    return False


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


# Nouns that introduce the name of a non-governmental organisation ("the group Cuba Decide").
_ORG_NOUNS = re.compile(
    r"\b(?:organizacion|organizaciones|ong|asociacion|fundacion|plataforma|colectivo|movimiento|grupo|"
    r"organisation|organization|ngo|association|foundation|campaign|movement|group)\s+$"
)
_NAME_AFTER_COUNTRY = re.compile(r"(?: [A-ZÁÉÍÓÚÑ][\wáéíóúñü]+)+")


def organisation_name(text: str, h: Hit, hits: list[Hit]) -> Hit | None:
    """Return an NGO hit for a country name that begins an organisation's name ("Cuba Justa").

    After "la organización", "the group" and the like, a country name followed by more capitalised
    words is the organisation's own name: it says what the group works on, not where it is.
    """
    if h.kind != "country" or not _ORG_NOUNS.search(fold(text[max(0, h.start - 20) : h.start])):
        return None
    more = _NAME_AFTER_COUNTRY.match(text, h.end)
    if more is None or any(h.end <= x.start < more.end() for x in hits):
        return None
    name = text[h.start : more.end()]
    source = f"the name of an organisation '{name}': the country in it is not the group's own"
    return dataclasses.replace(
        h,
        end=more.end(),
        kind="org",
        code="NGO",
        sectors=("SOC",),
        source=source,
        title=False,
        metonym=False,
        place_id=None,
        needs_context=False,
        region=None,
        after_determiner=False,
        attributive=False,
    )


# "supporters of President X": the supporters are people of X's side, not X (roles/*.jsonl: CVL).
_FOLLOWERS = frozenset(
    "supporter supporters followers loyalists sympathisers sympathizers partisans partidario partidaria "
    "partidarios partidarias simpatizante simpatizantes seguidores seguidoras adeptos adeptas".split()
)
_OF = frozenset({"of", "of the", "de", "del", "de la", "de los", "de las"})
# Words in a leader's title that say the leader is out of power: their followers are the opposition.
_OUT_OF_POWER = frozenset({"former", "ex", "ex-", "exiled", "ousted", "deposed", "late"})


def is_follower(text: str, h: Hit) -> bool:
    return h.kind == "role" and fold(text[h.start : h.end]) in _FOLLOWERS


def followers(text: str, i: int, resolved: list[tuple[list[Hit], Actor]]) -> Actor | None:
    """Give "supporters of X" the country of X, and the opposition sector when X is out of power.

    "Supporters of President X" are people on X's side, not X; "partidarios del expresidente X" and
    "supporters of former President X" are the opposition.
    """
    chunk, actor = resolved[i]
    if i + 1 >= len(resolved) or len(chunk) != 1 or not is_follower(text, chunk[0]):
        return None
    lead_chunk, leader = resolved[i + 1]
    gap = fold(text[chunk[0].end : lead_chunk[0].start]).split()
    if gap and gap[-1] in _OUT_OF_POWER:
        gap = gap[:-1]  # "supporters of former Algerian President X"
    if " ".join(gap) not in _OF or leader.code == "---":
        return None
    span = fold(text[chunk[0].end : lead_chunk[-1].end])
    out_of_power = (
        bool(set(re.findall(r"[\w\-]+", span)) & _OUT_OF_POWER)
        or _EX_TITLE.search(span) is not None
        or leader.sector == "OPP"
    )
    sectors = ("OPP", *actor.sectors) if out_of_power else actor.sectors
    why = "; out of power, so the opposition (OPP)" if out_of_power else ""
    step = f"'{actor.entity_text}' of '{leader.entity_text}' ({leader.code}){why}"
    chain = tuple(c for c in actor.chain if not c.startswith("no country cue: country unknown"))
    return Actor(leader.code, sectors[0], actor.entity_text, None, sectors, (*chain, step))


_EX_TITLE = re.compile(
    r"\bex-?(?=presid|minist|mandatari|gobernador|lider|dictador|alcalde|canciller|primer)"
)
