"""Find and resolve actors in sentences: countries, bodies, titled people and document-level references.

Resolution works at three levels, and every actor carries the chain of steps that produced it:

1. dictionary hits (gazetteer names, demonyms, metonyms, organisations; role titles and bodies);
2. chunks: adjacent hits joined by connectors ("the Cuban MININT, General Julio Fonseca") merge into one
   actor, with the country from the cue and the sector from the title or body;
3. the document: titled people are remembered so a later bare "Fonseca" resolves, nicknames ("the island")
   need their country elsewhere in the document, and "the two countries" / "ambos gobiernos" stand for the
   two countries the document is about.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import ahocorasick

from .gazetteer import (
    GazEntry,
    Place,
    Region,
    RoleEntry,
    load_gazetteer,
    load_modifiers,
    load_places,
    load_regions,
    load_roles,
    roles_from_env,
)
from .models import Actor, Mention, Sentence, fold

# Phrases that stand for the two (or all) countries the document is about.
_PAIR_PHRASES = {
    "en": (
        "the two countries",
        "both countries",
        "the two governments",
        "both governments",
        "the two sides",
        "both sides",
        "the two nations",
        "both nations",
        "the two allies",
        "the parties",
        "the two states",
        "the two officials",
        "both officials",
        "the two ministers",
        "both ministers",
        "the two leaders",
        "both leaders",
        "the two presidents",
        "the two foreign ministers",
        "the two defence ministers",
        "the two defense ministers",
    ),
    "ru": (
        "обе страны",
        "обеих стран",
        "две страны",
        "двух стран",
        "обе стороны",
        "обеих сторон",
        "оба правительства",
        "оба министра",
        "оба лидера",
    ),
    "es": (
        "los dos paises",
        "ambos paises",
        "los dos gobiernos",
        "ambos gobiernos",
        "las dos partes",
        "ambas partes",
        "las partes",
        "ambas naciones",
        "las dos naciones",
        "los dos aliados",
        "los dos estados",
        "ambos estados",
        "los dos funcionarios",
        "ambos funcionarios",
        "los dos ministros",
        "ambos ministros",
        "los dos cancilleres",
        "ambos cancilleres",
        "los dos mandatarios",
        "ambos mandatarios",
        "los dos presidentes",
        "ambos presidentes",
        "los dos lideres",
        "ambos lideres",
    ),
}
# What may stand between two hits of one actor ("the head of the Cuban MININT, General X").
_CONNECTORS = {
    # Russian chains its genitives without a word between them ("министр обороны России")
    "ru": frozenset({"", ",", "-"}),
    "en": frozenset({"", "the", "of", "of the", ",", ", the", "'s", "’s", "for", "for the", "-"}),
    "es": frozenset(
        {
            "",
            "el",
            "la",
            "los",
            "las",
            "de",
            "del",
            "de la",
            "de los",
            "de las",
            ",",
            ", el",
            ", la",
            "para",
            "para el",
            "para la",
            "-",
        }
    ),
}
_LOCATIVE = {
    "en": frozenset({"in", "at", "near", "outside", "inside", "from", "across", "around"}),
    "es": frozenset({"en", "cerca de", "desde", "hacia"}),
    "ru": frozenset({"в", "во", "из", "на", "под", "около", "близ"}),
}
_NAME_WORD = re.compile(r"[A-ZÁÉÍÓÚÑÜА-ЯЁ](?:[\w’'\-]+|\.)?")  # a name word, or an initial with its dot
_NAME_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "bin", "ibn", "al", "van", "von", "da", "dos"}
)
_BOUNDARY = re.compile(r"\w", re.UNICODE)

KIND_PRIORITY = {
    "institution": 0,
    "org": 0,
    "role": 1,
    "country": 2,
    "demonym": 2,
    "city": 3,
    "nickname": 4,
    "region": 5,
}


@dataclass(frozen=True, slots=True)
class Hit:
    """One dictionary match in a sentence, before merging into actors."""

    start: int
    end: int
    kind: str  # country | demonym | nickname | city | org | institution | role | pair | name
    code: str | None
    sectors: tuple[str, ...]
    source: str  # dictionary id and file:line, for the resolution chain
    title: bool = False
    metonym: bool = False
    place_id: str | None = None
    needs_context: bool = False
    region: Region | None = None  # a nickname of one country of this region ("the Caribbean country")


@dataclass(slots=True)
class DocContext:
    """What the coder has learned about the document so far (mutable, per document only)."""

    countries: Counter[str] = field(default_factory=Counter)
    first_seen: dict[str, int] = field(default_factory=dict)
    people: dict[str, Actor] = field(default_factory=dict)  # folded surname or full name -> actor
    # where a person key came from when it was not this document (e.g. "registry entry 12"), for the chain
    origins: dict[str, str] = field(default_factory=dict)
    # actors resolved to a country so far, for linking a later title to its institution ("Defence Minister"
    # -> "the Belarusian Defence Ministry")
    bodies: list[Actor] = field(default_factory=list)
    # spelling skeleton of each one-word person key -> the key ("martchenko" finds "marchenko")
    skeletons: dict[str, str] = field(default_factory=dict)
    # countries the whole document names (actors and places), counted by read_ahead before resolution
    ahead: Counter[str] | None = None
    # the country of the lead: the first actor of the document's first sentence, with its words
    lead: tuple[str, str] | None = None
    lead_seen: bool = False
    sentences: int = 0  # how many sentences the document has (read ahead), 0 if unknown
    hits_ahead: dict[int, tuple[str, list[Hit]]] = field(default_factory=dict)  # sentence index -> its hits

    def add_person(self, key: str, actor: Actor, origin: str | None = None) -> None:
        """Remember a person under a folded key; ``origin`` names where it came from if not this document."""
        self.people[key] = actor
        if origin is None:
            self.origins.pop(key, None)
        else:
            self.origins[key] = origin
        if " " not in key:
            self.skeletons.setdefault(name_key(key), key)

    def note_country(self, code: str) -> None:
        if len(code) == 3 and code.isalpha() and code.isupper() and code not in _NONSTATE:
            self.countries[code] += 1
            self.first_seen.setdefault(code, len(self.first_seen))

    def doc_counts(self, state: Counter[str]) -> Counter[str]:
        """Return the document's country mentions: all of them if read ahead, else those seen so far."""
        return self.ahead if self.ahead is not None else state

    def main_pair(self) -> tuple[str, ...]:
        ranked = sorted(self.countries, key=lambda c: (-self.countries[c], self.first_seen[c]))
        return tuple(ranked[:2])


_NONSTATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    code: str | None
    sectors: tuple[str, ...]
    source: str
    title: bool
    metonym: bool
    place_id: str | None
    needs_context: bool
    surface: str | None = None  # set when the form must match with this exact letter case
    region: Region | None = None


class ActorFinder:
    """Finds actor mentions and place candidates in sentences of one language."""

    def __init__(
        self,
        lang: str,
        gazetteer: Sequence[GazEntry],
        roles: Sequence[RoleEntry],
        modifiers: Sequence[str],
        places: dict[str, Place],
        regions: dict[str, Region] | None = None,
    ) -> None:
        self.lang = lang
        regions = regions if regions is not None else {}
        self.places = places
        self.connectors = _CONNECTORS.get(lang, _CONNECTORS["en"])
        self.locatives = _LOCATIVE.get(lang, _LOCATIVE["en"])
        self._auto = ahocorasick.Automaton()
        table: dict[str, _Entry] = {}
        for g in gazetteer:
            sectors = (g.sector,) if g.sector else ()
            entry = _Entry(
                g.kind,
                g.code or None,
                sectors,
                f"{g.id} [{g.where}]",
                False,
                g.metonym,
                g.place_id,
                g.needs_context,
                g.text if g.exact_case else None,
                regions.get(g.group) if g.group else None,
            )
            _put(table, g.norm, entry)
        mods = tuple(m for m in modifiers if m)
        for r in roles:
            entry = _Entry(
                "role", r.code, r.sectors, f"{r.id} [{r.where}]", r.title, False, None, r.needs_context
            )
            _put(table, r.norm, entry)
            if r.title:
                for m in mods:
                    _put(table, f"{m} {r.norm}", entry)
                    if lang == "es":
                        _put(table, f"{m}{r.norm}", entry)  # viceministro
        for phrase in _PAIR_PHRASES.get(lang, ()):
            _put(
                table, phrase, _Entry("pair", None, (), f"pair phrase '{phrase}'", False, False, None, False)
            )
        for norm, entry in table.items():
            self._auto.add_word(norm, (len(norm), entry))
        self._auto.make_automaton()

    def hits(self, sentence: Sentence) -> list[Hit]:
        """Return dictionary hits at word boundaries, leftmost-longest, without overlaps."""
        text = sentence.text
        folded = fold(text)
        found: list[tuple[int, int, _Entry]] = []
        for end_index, (length, entry) in self._auto.iter(folded):
            end = end_index + 1
            start = end - length
            if start > 0 and _BOUNDARY.match(folded[start - 1]) and _BOUNDARY.match(folded[start]):
                continue
            if end < len(folded) and _BOUNDARY.match(folded[end]) and _BOUNDARY.match(folded[end - 1]):
                continue
            if entry.surface is not None and not _same_case(text[start:end], entry.surface):
                continue
            if entry.kind in ("country", "org", "institution") and not _case_ok(text[start:end]):
                continue
            found.append((start, end, entry))
        found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        result: list[Hit] = []
        last_end = -1
        for start, end, e in found:
            if start < last_end:
                continue
            result.append(
                Hit(
                    start,
                    end,
                    e.kind,
                    e.code,
                    e.sectors,
                    e.source,
                    e.title,
                    e.metonym,
                    e.place_id,
                    e.needs_context,
                    e.region,
                )
            )
            last_end = end
        return result

    def locative_before(self, text: str, start: int) -> bool:
        """Tell whether a hit at ``start`` is the object of a locative preposition ("in Minsk")."""
        before = fold(text[max(0, start - 14) : start]).rstrip()
        words = before.split()
        if not words:
            return False
        return words[-1] in self.locatives or " ".join(words[-2:]) in self.locatives


def _same_case(surface: str, form: str) -> bool:
    """Compare letter case, allowing a capital at the start of a sentence ("The North" = "the North")."""
    return surface == form or surface == form[:1].upper() + form[1:]


def _case_ok(surface: str) -> bool:
    """Names of countries and bodies are capitalised in news; lowercase look-alikes are other words."""
    return any(c.isupper() for c in surface)


def _put(table: dict[str, _Entry], norm: str, entry: _Entry) -> None:
    current = table.get(norm)
    if current is None or KIND_PRIORITY.get(entry.kind, 5) < KIND_PRIORITY.get(current.kind, 5):
        table[norm] = entry


def actor_finder(lang: str) -> ActorFinder:
    """Return the cached finder for a language: the packaged dictionaries and the user role files.

    User role files (``$PACTWATCH_ROLES``, e.g. PETRARCH agents from ``pactwatch actors import``) are
    read in every language; an edited file is read again.
    """
    return _finder(lang, tuple((p, _mtime(p)) for p in roles_from_env()))


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1  # a missing file: load_roles names it


@functools.cache
def _finder(lang: str, roles: tuple[tuple[str, int], ...]) -> ActorFinder:
    extra = [path for path, _ in roles]
    return ActorFinder(
        lang,
        load_gazetteer(lang),
        load_roles(lang, extra),
        load_modifiers(lang, extra),
        load_places(),
        load_regions(),
    )


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    """Return the span of a capitalised personal name starting at ``pos`` (after spaces), if any."""
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    words: list[tuple[int, int]] = []
    j = i
    while j < len(text):
        m = _NAME_WORD.match(text, j)
        if m:
            words.append((m.start(), m.end()))
            j = m.end()
        else:
            k = j
            while k < len(text) and text[k].isalpha() and text[k].islower():
                k += 1
            if k > j and text[j:k] in _NAME_PARTICLES and words:
                nxt = k + 1 if k < len(text) and text[k] == " " else k
                if _NAME_WORD.match(text, nxt):
                    j = nxt
                    continue
            break
        if j < len(text) and text[j] == " " and len(words) < 5:
            j += 1
            continue
        break
    if not words:
        return None
    return words[0][0], words[-1][1]


def read_ahead(finder: ActorFinder, sentences: Sequence[Sentence], ctx: DocContext) -> None:
    """Count the countries a whole document names before its sentences are resolved.

    An analyst reads the article before coding it: "Foreign Ministry spokesman X" in the first paragraph
    of a story about Belarus is Belarusian even if "Belarus" comes two sentences later. Names, demonyms,
    institutions and cities count (nicknames and forms that need context do not).
    """
    counts: Counter[str] = Counter()
    for sentence in sentences:
        hits = finder.hits(sentence)
        ctx.hits_ahead[sentence.index] = (sentence.text, hits)  # resolve_sentence takes them, not again
        for h in hits:
            if (
                h.kind in _COUNTED_KINDS
                and h.code
                and not h.needs_context
                and _is_state_code(h.code)
                and "JRN" not in h.sectors  # a news agency ("AFP") says where the news is from, not about
            ):
                counts[h.code] += 1
    ctx.ahead = counts
    ctx.sentences = len(sentences)


_COUNTED_KINDS = frozenset({"country", "demonym", "institution", "city"})


def _is_state_code(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and code.isupper() and code not in _NONSTATE


def _apposition(text: str, pos: int) -> tuple[int, int] | None:
    """Return a name in apposition after a title: "the deputy defence minister, Oleg Marchenko, said"."""
    if not text.startswith(", ", pos):
        return None
    span = _name_after(text, pos + 2)
    if span is None or (span[1] < len(text) and text[span[1]] not in ",;.:)"):
        return None
    return span


def resolve_sentence(
    finder: ActorFinder, sentence: Sentence, ctx: DocContext
) -> tuple[list[Mention], list[Hit]]:
    """Return the actor mentions of a sentence and the place hits (locative cities and countries).

    ``ctx`` is updated with the countries and people seen, so later sentences can use them.
    """
    text = sentence.text
    before = ctx.countries.copy()  # what the document said before this sentence
    ahead = ctx.hits_ahead.pop(sentence.index, None)
    raw = ahead[1] if ahead is not None and ahead[0] == text else finder.hits(sentence)
    places: list[Hit] = []
    hits: list[Hit] = []
    for h in raw:
        if h.kind == "region":
            continue  # "Latin America": matched only so the country names inside it are not
        if (
            h.kind == "role"
            and h.needs_context
            and not (text[h.start].isupper() and _name_after(text, h.end))
        ):
            continue  # "general", "major": a title only before a name
        if h.kind == "city" and (finder.locative_before(text, h.start) or not h.metonym):
            places.append(h)
            if h.code:
                ctx.note_country(h.code)
            continue
        if h.kind == "country" and finder.locative_before(text, h.start):
            places.append(h)
            ctx.note_country(h.code or "")
            continue
        hits.append(h)
    hits = _add_names(text, hits, ctx)
    chunks = _chunk(text, hits, finder.connectors)
    resolved: list[tuple[list[Hit], Actor]] = []
    for chunk in chunks:
        actors = _resolve_chunk(text, chunk, ctx)
        resolved.extend((chunk, a) for a in actors or ())
    state = before.copy()  # plus this sentence's places and state actors: evidence of whose state it is
    state.update(c for c in ctx.countries.keys() - before.keys() if any(p.code == c for p in places))
    for _, a in resolved:
        ctx.note_country(a.code)
        if a.code in ctx.countries and (a.sector is None or a.sector in _STATE_SECTORS):
            state[a.code] += 1
    here = _Sentence(
        text,
        [(a.entity_text, a.code) for _, a in resolved if _is_state_code(a.code) and a.sector != "JRN"]
        + [(text[p.start : p.end], p.code) for p in places if p.code and _is_state_code(p.code)],
        [(a.entity_text, a.code) for _, a in resolved if "GOV" in a.sectors and _is_state_code(a.code)],
        [(text[p.start : p.end], p.code) for p in places if p.code and _is_state_code(p.code)]
        + [
            (a.entity_text, a.code)
            for _, a in resolved
            if _is_state_code(a.code) and (a.sector is None or a.sector in _STATE_SECTORS)
        ],
    )
    first_sentence = not ctx.lead_seen and bool(resolved) and not _coordinated_lead(text, resolved)
    if first_sentence and _is_state_code(resolved[0][1].code):
        ctx.lead = (resolved[0][1].code, resolved[0][1].entity_text)
    mentions: list[Mention] = []
    for i, (chunk, a) in enumerate(resolved):
        if a.code == "---":
            a = _sentence_link(text, chunk, a, resolved[:i], finder.lang)
        if a.code == "---":
            a = _nearest_cue(text, chunk, a, [b for _, b in resolved], ctx, state, here)
            if a.code != "---":
                ctx.note_country(a.code)
                if first_sentence and i == 0:
                    ctx.lead = (a.code, a.entity_text)
        if a.name and any(h.kind == "name" for h in chunk):
            _remember(ctx, a)
        if a.code != "---" and not any(h.kind == "pair" for h in chunk):
            ctx.bodies.append(a)
        start, end = chunk[0].start, chunk[-1].end
        mentions.append(Mention(sentence.index, start, end, -1, -1, text[start:end], a))
    if resolved:
        ctx.lead_seen = True
    return mentions, places


def _coordinated_lead(text: str, resolved: list[tuple[list[Hit], Actor]]) -> bool:
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


def _sentence_link(
    text: str, chunk: list[Hit], actor: Actor, earlier: list[tuple[list[Hit], Actor]], lang: str
) -> Actor:
    """Give an actor the country of an earlier actor of its sentence that the grammar ties it to.

    "The Cuban side was led by Colonel X" and "una delegación de las FAR encabezada por la coronela X"
    (X leads that body); "Armenia withdrew its border guards" (the possessive refers to the first
    acting state of the sentence, as a rule its subject).
    """
    start = chunk[0].start
    prior = [(c, a) for c, a in earlier if _is_state_code(a.code)]
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
        if owner is not None and owner.sector in (None, *_STATE_SECTORS):
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
class _Sentence:
    """The countries a sentence names in its own words: actors with their own cue, and places."""

    text: str
    named: list[tuple[str, str]]  # (words, country) of every actor with its own cue and every place
    states: list[tuple[str, str]]  # (words, country) of the government actors among them ("Caracas")
    settings: list[tuple[str, str]]  # places, and countries or state bodies: where the sentence is set


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
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
# Groups that news names without their country in a story set in one country ("protesters", "miners").
_CIVIL_SECTORS = frozenset({"PTY", "OPP", "REB", "CVL", "LAB", "EDU", "AGR"})


def _nearest_cue(
    text: str,
    chunk: list[Hit],
    actor: Actor,
    others: list[Actor],
    ctx: DocContext,
    state: Counter[str],
    here: _Sentence,
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
    5. for an official or a state body, the country the document is about (it leads every other
       country; a named person needs it to have twice the mentions of the next);
    6. for a group of civilians, workers, students or opposition ("protesters", "los mineros"), the
       country the story is set in (every country mention, or three in four, is of that country).

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
    if primary in _STATE_SECTORS:
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
    elif primary in _CIVIL_SECTORS and ranked and actor.name is None and any(h.kind == "role" for h in chunk):
        return _story_setting(actor, counts, here)
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
        for w in re.findall(r"\w+", fold(text[h.start : h.end]))
        if len(w) > 3 and w not in _GENERIC_TITLE_WORDS
    }
    head = fold(actor.entity_text).split()
    if not keys and len(head) == 1 and head[0] in _ANAPHORIC_BODIES:
        for body in reversed(ctx.bodies):
            if body.code not in _NONSTATE and head[0] in fold(body.entity_text).split():
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
        words = set(re.findall(r"\w+", fold(body.entity_text)))
        if body.code in _NONSTATE and (titled or not keys <= words):
            continue  # a bare "Security Council" is the "UN Security Council" named before; a minister is not
        if words & keys and fold(body.entity_text) != fold(actor.entity_text):
            step = (
                f"no country cue in '{actor.entity_text}'; its institution "
                f"'{body.entity_text}' is {body.code} in this document"
            )
            return _with_code(actor, body.code, step)
    return None


def _other_side(actor: Actor, ranked: list[tuple[str, int]], here: _Sentence) -> Actor | None:
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


def _story_setting(actor: Actor, counts: Counter[str], here: _Sentence) -> Actor:
    """Give civilians, workers or opposition the country their sentence or story is set in.

    The sentence names only the document's main country, as a place or a state ("protesters in Lima",
    "Peruvian police fired at protesters"); or it names none and three in four of the document's
    country mentions are of one country.
    """
    top, n = counts.most_common(1)[0]
    total = sum(counts.values())
    own = {c for _, c in here.named}
    setting = next((w for w, c in here.settings if c == top), None)
    if own == {top} and setting is not None:
        step = (
            f"this sentence names only {top} ('{setting}'), the document's main country; "
            f"no country cue in '{actor.entity_text}'"
        )
        return _with_code(actor, top, step)
    if not own and 4 * n >= 3 * total:
        step = (
            f"document: the story is set in {top} ({n} of {total} country mentions); "
            f"no country cue in '{actor.entity_text}'"
        )
        return _with_code(actor, top, step)
    return actor


def _with_code(actor: Actor, code: str, step: str) -> Actor:
    chain = tuple(c for c in actor.chain if not c.startswith("no country cue: country unknown"))
    return Actor(code, actor.sector, actor.entity_text, actor.name, actor.sectors, (*chain, step))


def _add_names(text: str, hits: list[Hit], ctx: DocContext) -> list[Hit]:
    """Add personal names after titles, and bare names of people met earlier in the document."""
    out: list[Hit] = []
    taken = [(h.start, h.end) for h in hits]
    title_end: int | None = None  # the end of a title and the country or body it names, if h continues it
    for h in hits:
        out.append(h)
        if h.kind == "role" and h.title:
            title_end = h.end
        elif (
            title_end is not None
            and h.kind in ("country", "demonym", "org", "institution", "role")
            and fold(text[title_end : h.start]).strip() in _TITLE_OF
        ):
            title_end = h.end  # "Deputy Defence Minister of Belarus Oleg Marchenko", "министр обороны России"
        else:
            title_end = None
            continue
        span = _name_after(text, h.end) or _apposition(text, h.end)
        if span and span[0] - h.end <= 2 and not any(s < span[1] and span[0] < e for s, e in taken):
            out.append(Hit(span[0], span[1], "name", None, (), "name after title", True))
            taken.append(span)
            title_end = None
    if ctx.people:
        folded = fold(text)
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        # Known people by their longest name first ("Julio Fonseca" before "Fonseca"): one dict look-up per
        # word n-gram, so the cost does not grow with the number of people the registry knows.
        i = 0
        while i < len(words):
            start = words[i][0]
            found = None
            if text[start].isupper():
                for n in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
                    end = words[i + n - 1][1]
                    key = " ".join(folded[start:end].split())
                    if key in ctx.people and not any(s < end and start < e for s, e in taken):
                        found = (end, key, n)
                        break
            if found is None:
                i += 1
                continue
            end, key, n = found
            out.append(Hit(start, end, "person", None, (), f"person '{key}'"))
            taken.append((start, end))
            i += n
        # Spelling variants of a known surname ("Martchenko", "Fonsseca"): same skeleton, capitalised.
        if ctx.skeletons:
            for m in re.finditer(r"\b[A-ZÁÉÍÓÚÑÜА-ЯЁ][\w’'\-]{3,}", text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                variant_of = ctx.skeletons.get(name_key(m.group()))
                if variant_of is not None and fold(m.group()) != variant_of:
                    source = f"person '{variant_of}' (variant)"
                    out.append(Hit(m.start(), m.end(), "person", None, (), source))
                    taken.append((m.start(), m.end()))
    out.sort(key=lambda h: h.start)
    return out


_WORD = re.compile(r"[\w’'\-]+")
# What may stand between a title and the country or body it names before the name of its holder.
_TITLE_OF = frozenset({"", "of", "of the", "de", "de la", "del"})
_MAX_NAME_WORDS = 6
_SKELETON = (("tch", "ch"), ("sch", "sh"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("y", "i"))


def name_key(name: str) -> str:
    """Return the spelling skeleton of a name, equal for accent and transliteration variants.

    >>> name_key("Martchenko") == name_key("Marchenko"), name_key("Fonséca") == name_key("Fonseca")
    (True, True)
    """
    key = fold(name)
    for a, b in _SKELETON:
        key = key.replace(a, b)
    return re.sub(r"(\w)\1+", r"\1", key)  # doubled letters: "Fonsseca", "Ibarra"/"Ibara"


def _chunk(text: str, hits: list[Hit], connectors: frozenset[str]) -> list[list[Hit]]:
    """Group adjacent hits that describe one actor."""
    chunks: list[list[Hit]] = []
    for h in hits:
        if chunks:
            prev = chunks[-1]
            gap = fold(text[prev[-1].end : h.start]).strip()
            gap = re.sub(r"\s+", " ", gap)
            codes = {x.code for x in prev if x.code} | ({h.code} if h.code else set())
            if (
                gap in connectors
                and len(codes) <= 1
                and h.kind != "pair"
                and prev[-1].kind != "pair"
                and not (h.kind == "name" and any(x.kind == "name" for x in prev))
                and _mergeable(prev, h, "," in gap)
            ):
                prev.append(h)
                continue
        chunks.append([h])
    return chunks


def _mergeable(prev: list[Hit], h: Hit, comma: bool) -> bool:
    kinds = {x.kind for x in prev}
    # Two country names in a row ("Russia, Belarus") are a list, not one actor.
    if h.kind in ("country", "org") and kinds & {"country", "org", "city"}:
        return False
    # A known person and a bare country across a comma are two actors: "at the Academy of Belarus,
    # Marchenko said"; "According to Prokhorova, Moldova has ...".
    if comma and (
        (h.kind == "person" and kinds <= {"country", "city"})
        or (h.kind in ("country", "city") and "person" in kinds)
    ):
        return False
    return not (h.kind == "person" and "person" in kinds)


def _resolve_chunk(text: str, chunk: list[Hit], ctx: DocContext) -> list[Actor] | None:
    surface = text[chunk[0].start : chunk[-1].end]
    if any(h.kind == "pair" for h in chunk):
        pair = ctx.main_pair()
        if len(pair) < 2:
            return None
        step = f"'{surface}' -> the document's two main countries {pair[0]}, {pair[1]}"
        return [Actor(code, "GOV", surface, None, ("GOV",), (step,)) for code in pair]
    chain: list[str] = []
    code: str | None = None
    sectors: list[str] = []
    name: str | None = None
    for h in chunk:
        piece = text[h.start : h.end]
        if h.kind == "name":
            name = piece
            chain.append(f"name '{piece}' after a title")
            continue
        if h.kind == "person":
            key = h.source.split("'")[1]
            known = ctx.people.get(key)
            if known is None:
                continue
            name = known.name
            code = code or known.code
            for s in known.sectors:
                if s not in sectors:
                    sectors.append(s)
            where = ctx.origins.get(key, "seen earlier in the document")
            variant = " (spelling variant)" if h.source.endswith("(variant)") else ""
            chain.append(f"'{piece}' -> {known.name}{variant}, {where} ({known.code})")
            continue
        if h.region is not None:
            found = _region_country(piece, h, ctx)
            chain.append(found[1])
            if found[0] is None:
                continue
            code = code or found[0]
            continue
        if h.kind == "nickname" or (h.needs_context and h.kind != "role"):
            # ("general", "major" need a name after them, which resolve_sentence has checked already)
            if not h.code or (h.code not in ctx.countries and h.code not in (ctx.ahead or ())):
                chain.append(f"{h.kind} '{piece}' ignored: {h.code} not in the document")
                continue
            chain.append(f"{h.kind} '{piece}' -> {h.code}, which the document names [{h.source}]")
        elif h.kind == "city" and h.metonym:
            chain.append(f"metonym '{piece}' -> {h.code} GOV [{h.source}]")
            sectors.append("GOV") if "GOV" not in sectors else None
        else:
            label = "title" if h.kind == "role" and h.title else h.kind
            target = " ".join(x for x in (h.code or "", ",".join(h.sectors)) if x)
            chain.append(f"{label} '{piece}' -> {target} [{h.source}]")
        if h.code and code is None:
            code = h.code
        for s in h.sectors:
            if s not in sectors:
                sectors.append(s)
    if code is None and not sectors:
        return None
    if code is None:
        code = "---"
        chain.append("no country cue: country unknown (---)")
    return [Actor(code, sectors[0] if sectors else None, surface, name, tuple(sectors), tuple(chain))]


def _region_country(piece: str, h: Hit, ctx: DocContext) -> tuple[str | None, str]:
    """Resolve "the Caribbean country" to the one country of its region the document names, with the step.

    Countries named so far come first (the nickname refers back); if there are none, the whole document.
    Two or more candidates, or none, leave the nickname unresolved.
    """
    assert h.region is not None
    region = h.region
    candidates = sorted(c for c in ctx.countries if c in region.members)
    if not candidates and ctx.ahead:
        candidates = sorted(c for c in ctx.ahead if c in region.members)
    if len(candidates) == 1:
        step = (
            f"nickname '{piece}' -> {candidates[0]}, the only country of region '{region.name}' "
            f"the document names [{h.source}]"
        )
        return candidates[0], step
    if candidates:
        return None, f"nickname '{piece}' ignored: ambiguous, the document names {', '.join(candidates)}"
    return None, f"nickname '{piece}' ignored: the document names no country of region '{region.name}'"


def person_keys(name: str) -> list[str]:
    """Return the keys a person is known by: the full name, the surname, the Spanish first surname."""
    parts = fold(name).split()
    keys = [" ".join(parts)]
    if len(parts) > 1:
        keys.append(parts[-1])
        if len(parts) > 2 and parts[-2] not in _NAME_PARTICLES:
            keys.append(parts[-2])  # Spanish first surname: "Julio César Fonseca Díaz" -> "Fonseca"
    return keys


def _remember(ctx: DocContext, actor: Actor) -> None:
    assert actor.name
    for key in person_keys(actor.name):
        known = ctx.people.get(key)
        if known is not None and known.code != "---" and actor.code == "---":
            continue  # keep what the document already established
        ctx.add_person(key, actor)
