"""The country of an actor without a country cue of its own, from its sentence or its document.

An analyst reads "Deputy Defence Minister X received ..., the Belarusian Defence Ministry said" and knows X
is Belarusian; reads "Foreign Minister Y accused Caracas" in a story about Guyana and Venezuela and knows Y
is Guyanese; reads "protesters" in a story set in Peru. These rules do the same, in a fixed order, and write
each inference into the actor's resolution chain with its reason ("document: lead country BLR ..."). Without
a cue in the document the actor keeps ``---`` and the chain says why: a country is never invented.

:func:`sentence_link` ties an actor to another actor of its sentence (a delegation and its leader, a
possessive and its antecedent); :func:`nearest_cue` applies the document-level rules (the same person named
earlier, the institution of a title, the other side of a two-country story, the lead's country, the story's
setting). The actor resolver (``actors.py``) calls them for every chunk that has no country.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .gazetteer import NONSTATE_CODES, is_state_code
from .models import Actor, fold
from .names import person_keys

if TYPE_CHECKING:
    from .actors import DocContext, Hit

__all__ = ["STATE_SECTORS", "Setting", "coordinated_lead", "nearest_cue", "sentence_link"]


def coordinated_lead(text: str, resolved: list[tuple[list[Hit], Actor]]) -> bool:
    """Tell whether the first sentence opens with two actors of different countries ("Russia and Belarus")."""
    if len(resolved) < 2:
        return False
    (c0, a0), (c1, a1) = resolved[0], resolved[1]
    gap = fold(text[c0[-1].end : c1[0].start]).strip()
    return a0.code != a1.code and gap in ("and", "y", "e", ",", "и")


# "a delegation of the Cuban armed forces led by Colonel X": X belongs to the body that X leads.
_LED_BY = re.compile(
    r"(?:\bled by|\bheaded by|\bcommanded by|\bencabezad[ao]s? por|\bliderad[ao]s? por|\bpresidid[ao]s? por|"
    r"\bdirigid[ao]s? por|\bal mando de|\bво главе с|\bпод руководством)(?: the| la| el| los| las)?\s*$"
)
# "Armenia withdrew its border guards": a possessive refers to the state actor named before it.
_POSSESSIVE = {
    "en": ("its", "their"),
    "es": ("su", "sus"),
    "ru": ("свой", "свои", "своих", "своим", "своими", "свою", "своей", "своего", "своё", "свое"),
}


def sentence_link(
    text: str, chunk: list[Hit], actor: Actor, earlier: list[tuple[list[Hit], Actor]], lang: str
) -> Actor:
    """Give an actor the country of an earlier actor of its sentence that the grammar ties it to.

    "The Cuban side was led by Colonel X" and "una delegación de las FAR encabezada por la coronela X"
    (X leads that body); "Armenia withdrew its border guards" (the possessive refers to the first
    acting state of the sentence, as a rule its subject).
    """
    start = chunk[0].start
    prior = [(c, a) for c, a in earlier if is_state_code(a.code)]
    if not prior:
        return actor
    c, body = prior[-1]
    gap = fold(text[c[-1].end : start])
    if len(gap) <= 40 and not re.search(r"[;:()]", gap) and _LED_BY.search(gap):
        step = f"'{actor.entity_text}' leads '{body.entity_text}' ({body.code}) in this sentence"
        return _with_code(actor, body.code, step)
    words = fold(text[max(0, start - 8) : start]).split()
    if words and words[-1] in _POSSESSIVE.get(lang, ()):
        # the antecedent is an acting state ("Armenia", "Madrid", "Venezuela's Defence Ministry"), not a
        # demonym that only qualifies a noun ("thirty Cuban officers at its academy")
        acting = [(c, a) for c, a in prior if not (len(c) == 1 and c[0].kind == "demonym")]
        owner = _antecedent(text, start, acting)
        if owner is not None and owner.sector in (None, *STATE_SECTORS):
            step = f"possessive '{words[-1]}' refers to '{owner.entity_text}' ({owner.code}) in this sentence"
            return _with_code(actor, owner.code, step)
    return actor


_CLAUSE_OPENER = re.compile(r"\b(?:that|which|que|cual|что|который|которая|которое|которые)\b|;")


def _antecedent(text: str, pos: int, acting: list[tuple[list[Hit], Actor]]) -> Actor | None:
    """Return what a possessive at ``pos`` refers to: the subject of its clause, as a rule.

    "Baghdad demanded that Ankara withdraw its troops" (Ankara: the first actor of the clause);
    "Venezuela says that its troops" / "exigió a Georgetown que retire sus tropas" (the clause has no
    actor before the possessive: the nearest one before it); "Pakistan, a US ally, urged its citizens"
    (one clause: its first actor).
    """
    if not acting:
        return None
    openers = [m.end() for m in _CLAUSE_OPENER.finditer(fold(text[:pos]))]
    if openers:
        boundary = openers[-1]
        inside = [a for c, a in acting if c[0].start >= boundary]
        if inside:
            return inside[0]
        return acting[-1][1]
    return acting[0][1]


@dataclass(frozen=True, slots=True)
class Setting:
    """The countries a sentence names in its own words: actors with their own cue, and places."""

    text: str
    named: list[tuple[str, str]]  # (words, country) of every actor with its own cue and every place
    states: list[tuple[str, str]]  # (words, country) of the government actors among them ("Caracas")
    settings: list[tuple[str, str]]  # places, and countries or state bodies: where the sentence is set
    divisions: list[tuple[str, str]] = field(default_factory=list)  # (words, country) of divisions named


# Title words that say nothing about which institution a title belongs to.
_GENERIC_TITLE_WORDS = frozenset(
    "the of for and de del la las los el y deputy vice first acting chief head senior minister "
    "ministers ministry ministro ministra ministros ministerio viceministro viceministra adjunto adjunta "
    "primer primero primera secretary secretario secretaria general state estado affairs asuntos "
    "министр министра министру министром замминистра заместитель заместителя глава главы первый".split()
)
# A bare "the ministry" / "el ministerio" refers to the last ministry the document named.
_ANAPHORIC_BODIES = frozenset({"ministry", "ministerio", "министерство"})
# Sectors of bodies that news names without their country when the story is about that country.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
_STATE_OWNED = re.compile(r"\b(?:state|state-owned|state-run|estatal|estatales|del estado)\b")
# Groups that news names without their country in a story set in one country ("protesters", "miners").
_CIVIL_SECTORS = frozenset({"PTY", "OPP", "REB", "CVL", "LAB", "EDU", "AGR", "SOC", "JRN"})
# Armed non-state groups take the country of the division they act in ("paramilitares ..., META , URIBE").
_ARMED_SECTORS = frozenset({"REB", "UAF", "PRM"})


def nearest_cue(
    text: str,
    chunk: list[Hit],
    actor: Actor,
    others: list[Actor],
    ctx: DocContext,
    state: Counter[str],
    here: Setting,
) -> Actor:
    """Give an actor without a country cue in its own words the nearest cue the document supports.

    In order:

    1. the same person named with a country earlier (in the document or the registry);
    2. the institution its title belongs to, named with a country in this sentence or earlier
       ("Deputy Defence Minister X ..., the Belarusian Defence Ministry said");
    3. for an official (a titled person, a minister, a spokesman) in a story about two countries, the
       other country when the sentence names only one of the two ("Foreign Minister X accused Caracas");
    4. for an official or a state body, the lead's country when it is one of the document's two main
       countries ("Russia will respond ..., spokeswoman X said");
    5. for an official or a state body (a state-owned company too), the country the document is about
       (it leads every other country; a named person needs it to have twice the mentions of the next);
    6. for an armed group ("paramilitares", "hombres armados", "rebels"), the country of the one division
       its sentence names when the sentence names no other country ("..., ARAUCA , TAME");
    7. for a group of civilians, workers, students, journalists or opposition ("protesters", "los
       mineros"), the country the story is set in (every country mention, or three in four, is of that
       country); a named one ("the journalist X") only when its own sentence names that country and no
       other (a journalist arrested in Bamako by Malian soldiers), never from the rest of the story.

    Without any of these the actor keeps ``---`` and the chain says why: a country is never invented.
    """
    if actor.name:
        for key in person_keys(actor.name):
            known = ctx.people.get(key)
            if known is not None and known.code != "---":
                where = ctx.origins.get(key, "named with a country earlier in the document")
                return _with_code(actor, known.code, f"'{actor.name}' is {known.name}, {where}")
    linked = _institution(text, chunk, actor, others, ctx)
    if linked is not None:
        return linked
    primary = actor.sector or ""
    counts = ctx.doc_counts(state)
    ranked = counts.most_common(3)
    if primary in STATE_SECTORS or (primary == "BUS" and _STATE_OWNED.search(fold(actor.entity_text))):
        # a state-owned company ("la empresa estatal ETECSA") belongs to its state like a ministry
        # an official: a title with a government sector (minister, spokesman, ambassador), named or not
        official = any(h.kind == "role" and h.title and "GOV" in h.sectors for h in chunk)
        if actor.name is not None and not official:
            return actor  # a named officer or person: only cues of their own (a rank is not an office)
        if official:
            found = _other_side(actor, ranked, here)
            if found is not None:
                return found
        top2 = [c for c, _ in ranked[:2]]
        lead = ctx.lead
        if lead and ctx.sentences > 1 and lead[0] in top2 and lead[1] != actor.entity_text:
            # (a lone sentence has no lead to speak of)
            step = f"document: lead country {lead[0]} (the first sentence's actor '{lead[1]}')"
            return _with_code(actor, lead[0], step)
        if ranked and (official or any(h.kind == "role" for h in chunk)):
            top, n = ranked[0]
            second = ranked[1][1] if len(ranked) > 1 else 0
            if n > second and (actor.name is None or (n >= 2 and n >= 2 * second)):
                step = (
                    f"document: about {top} ({n} mentions, next {second}); '{actor.entity_text}' has no cue"
                )
                return _with_code(actor, top, step)
    if primary in _ARMED_SECTORS and any(h.kind == "role" for h in chunk):
        found = _division_setting(actor, here)
        if found is not None:
            return found
    if primary in _CIVIL_SECTORS and ranked and any(h.kind == "role" for h in chunk):
        if actor.name is not None:
            # "arrested the journalist X at his home in Bamako": a named person only from the sentence itself
            return _story_setting(actor, counts, here, None, own_words_only=True)
        return _story_setting(actor, counts, here, ctx.lead if ctx.sentences > 1 else None)
    return actor


def _institution(
    text: str, chunk: list[Hit], actor: Actor, others: list[Actor], ctx: DocContext
) -> Actor | None:
    """Link a title or body to its institution named with a country in the sentence or earlier.

    "Deputy Defence Minister X ..., the Belarusian Defence Ministry said" shares the words of the
    institution; a bare "the ministry" is the last ministry named.
    """
    keys = {
        w
        for h in chunk
        if h.kind == "role"
        for w in _WORD.findall(fold(text[h.start : h.end]))
        if len(w) > 3 and w not in _GENERIC_TITLE_WORDS
    }
    head = fold(actor.entity_text).split()
    if not keys and len(head) == 1 and head[0] in _ANAPHORIC_BODIES:
        for body in reversed(ctx.bodies):
            if body.code not in NONSTATE_CODES and head[0] in fold(body.entity_text).split():
                step = (
                    f"'{actor.entity_text}' is the last {head[0]} named: '{body.entity_text}' ({body.code})"
                )
                return _with_code(actor, body.code, step)
    if not keys:
        return None
    titled = any(h.kind == "role" and h.title for h in chunk)
    for body in [*(o for o in others if o.code != "---"), *reversed(ctx.bodies)]:
        if body is actor:
            continue
        words = _body_words(body.entity_text)
        if body.code in NONSTATE_CODES and (titled or not keys <= words):
            continue  # a bare "Security Council" is the "UN Security Council" named before; a minister is not
        if words & keys and fold(body.entity_text) != fold(actor.entity_text):
            step = (
                f"no country cue in '{actor.entity_text}'; its institution "
                f"'{body.entity_text}' is {body.code} in this document"
            )
            return _with_code(actor, body.code, step)
    return None


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def _body_words(entity_text: str) -> frozenset[str]:
    """The folded words of a body's name, looked up for every titled person of a document."""
    return frozenset(_WORD.findall(fold(entity_text)))


def _other_side(actor: Actor, ranked: list[tuple[str, int]], here: Setting) -> Actor | None:
    """In a story about two countries, an official facing one side's government belongs to the other.

    "Foreign Minister X accused Caracas" in a story about Guyana and Venezuela: X is Guyanese. Applies
    only when both countries are named at least twice and a third is named less, and when the sentence
    names one of the two only, as a government ("Caracas", "the Venezuelan government").
    """
    if len(ranked) < 2 or ranked[1][1] < 2 or (len(ranked) > 2 and ranked[2][1] >= ranked[1][1]):
        return None
    pair = (ranked[0][0], ranked[1][0])
    named = {c for _, c in here.named} & set(pair)
    side = next(iter(named)) if len(named) == 1 else None
    words = next((w for w, c in here.states if c == side), None)
    if side is None or words is None:
        return None
    other = pair[1] if side == pair[0] else pair[0]
    step = (
        f"document: about {pair[0]} and {pair[1]}; this sentence names {side} ('{words}') "
        f"as the other side, so '{actor.entity_text}' is {other}"
    )
    return _with_code(actor, other, step)


def _division_setting(actor: Actor, here: Setting) -> Actor | None:
    """Give an armed group the country of the divisions its sentence is set in, if one and uncontested.

    "Paramilitares ejecutaron a una persona , META , EL CASTILLO": Meta is a Colombian department, so the
    paramilitaries are Colombian. Divisions do not re-country civilians or officials: a victim or a
    visitor named in a department need not be from its country, and a city or country cue does that.
    """
    codes = {c for _, c in here.divisions}
    if len(codes) != 1 or not {c for _, c in here.named} <= codes:
        return None
    (code,) = codes
    words = next(w for w, c in here.divisions if c == code)
    step = f"this sentence is set in '{words}', a division of {code}; no country cue in '{actor.entity_text}'"
    return _with_code(actor, code, step)


def _story_setting(
    actor: Actor,
    counts: Counter[str],
    here: Setting,
    lead: tuple[str, str] | None = None,
    own_words_only: bool = False,
) -> Actor:
    """Give civilians, workers or opposition the country their sentence or story is set in.

    The sentence names only the document's main country, as a place or a state ("protesters in Lima",
    "Peruvian police fired at protesters"); or it names none and three in four of the document's
    country mentions are of one country, or the main country (ahead of every other) is the lead's.
    """
    ranked = counts.most_common(2)
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    total = sum(counts.values())
    own = {c for _, c in here.named}
    setting = next((w for w, c in here.settings if c == top), None)
    if own == {top} and setting is not None:
        step = (
            f"this sentence names only {top} ('{setting}'), the document's main country; "
            f"no country cue in '{actor.entity_text}'"
        )
        return _with_code(actor, top, step)
    if own_words_only:
        return actor
    if not own and 4 * n >= 3 * total:
        step = (
            f"document: the story is set in {top} ({n} of {total} country mentions); "
            f"no country cue in '{actor.entity_text}'"
        )
        return _with_code(actor, top, step)
    if not own and lead is not None and lead[0] == top and n > second:
        step = (
            f"document: the story is set in {top}, its main country ({n} mentions, next {second}) and the "
            f"lead's (the first sentence's actor '{lead[1]}'); no country cue in '{actor.entity_text}'"
        )
        return _with_code(actor, top, step)
    return actor


def _with_code(actor: Actor, code: str, step: str) -> Actor:
    chain = tuple(c for c in actor.chain if not c.startswith("no country cue: country unknown"))
    return Actor(code, actor.sector, actor.entity_text, actor.name, actor.sectors, (*chain, step))
