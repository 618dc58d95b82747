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
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import ahocorasick

from .gazetteer import GazEntry, Place, RoleEntry, load_gazetteer, load_modifiers, load_places, load_roles
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
    ),
}
# What may stand between two hits of one actor ("the head of the Cuban MININT, General X").
_CONNECTORS = {
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
}
_NAME_WORD = re.compile(r"[A-ZÁÉÍÓÚÑÜ](?:[\w’'\-]+|\.)?")  # a name word, or an initial with its dot
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


class ActorFinder:
    """Finds actor mentions and place candidates in sentences of one language."""

    def __init__(
        self,
        lang: str,
        gazetteer: Sequence[GazEntry],
        roles: Sequence[RoleEntry],
        modifiers: Sequence[str],
        places: dict[str, Place],
    ) -> None:
        self.lang = lang
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
            if entry.surface is not None and text[start:end] != entry.surface:
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


def _case_ok(surface: str) -> bool:
    """Names of countries and bodies are capitalised in news; lowercase look-alikes are other words."""
    return any(c.isupper() for c in surface)


def _put(table: dict[str, _Entry], norm: str, entry: _Entry) -> None:
    current = table.get(norm)
    if current is None or KIND_PRIORITY.get(entry.kind, 5) < KIND_PRIORITY.get(current.kind, 5):
        table[norm] = entry


@functools.cache
def actor_finder(lang: str) -> ActorFinder:
    """Return the cached finder for a language, built from the packaged dictionaries."""
    return ActorFinder(lang, load_gazetteer(lang), load_roles(lang), load_modifiers(lang), load_places())


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


def resolve_sentence(
    finder: ActorFinder, sentence: Sentence, ctx: DocContext
) -> tuple[list[Mention], list[Hit]]:
    """Return the actor mentions of a sentence and the place hits (locative cities and countries).

    ``ctx`` is updated with the countries and people seen, so later sentences can use them.
    """
    text = sentence.text
    before = ctx.countries.copy()  # what the document said before this sentence
    raw = finder.hits(sentence)
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
    mentions: list[Mention] = []
    for chunk, a in resolved:
        if a.code == "---":
            a = _nearest_cue(text, chunk, a, [b for _, b in resolved], ctx, before, state)
            if a.code != "---":
                ctx.note_country(a.code)
        if a.name and any(h.kind == "name" for h in chunk):
            _remember(ctx, a)
        if a.code != "---" and not any(h.kind == "pair" for h in chunk):
            ctx.bodies.append(a)
        start, end = chunk[0].start, chunk[-1].end
        mentions.append(Mention(sentence.index, start, end, -1, -1, text[start:end], a))
    return mentions, places


# Title words that say nothing about which institution a title belongs to.
_GENERIC_TITLE_WORDS = frozenset(
    "the of for and de del la las los el y deputy vice first acting chief head senior minister "
    "ministers ministry ministro ministra ministros ministerio viceministro viceministra adjunto adjunta "
    "primer primero primera secretary secretario secretaria general state estado affairs asuntos".split()
)
# Sectors of bodies that news names without their country when the story is about that country.
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
_DOMESTIC_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY", "PTY", "OPP", "REB", "CVL", "LAB"})


def _nearest_cue(
    text: str,
    chunk: list[Hit],
    actor: Actor,
    others: list[Actor],
    ctx: DocContext,
    before: Counter[str],
    state: Counter[str],
) -> Actor:
    """Give an actor without a country cue in its own words the nearest cue the document supports.

    In order: the same person named with a country earlier (in the document or the registry); the
    institution its title belongs to, named with a country in this sentence or earlier ("Deputy Defence
    Minister X ..., the Belarusian Defence Ministry said"); else, for a body or an unnamed title of a
    domestic sector ("the Government", "police"), the country the document is clearly about (it leads
    every other country in mentions). For state sectors the sentence's own places and state actors count;
    for others ("protesters") only earlier sentences do, as CAMEO coders do. A named person never takes
    the document's country: without a cue of their own they keep ``---`` and the chain says why.
    """
    if actor.name:
        for key in person_keys(actor.name):
            known = ctx.people.get(key)
            if known is not None and known.code != "---":
                where = ctx.origins.get(key, "named with a country earlier in the document")
                return _with_code(actor, known.code, f"'{actor.name}' is {known.name}, {where}")
    keys = {
        w
        for h in chunk
        if h.kind == "role"
        for w in re.findall(r"\w+", fold(text[h.start : h.end]))
        if len(w) > 3 and w not in _GENERIC_TITLE_WORDS
    }
    if keys:
        for body in [*(o for o in others if o.code != "---"), *reversed(ctx.bodies)]:
            if body is actor or body.code in _NONSTATE:
                continue
            words = set(re.findall(r"\w+", fold(body.entity_text)))
            if words & keys and fold(body.entity_text) != fold(actor.entity_text):
                step = (
                    f"no country cue in '{actor.entity_text}'; its institution "
                    f"'{body.entity_text}' is {body.code} in this document"
                )
                return _with_code(actor, body.code, step)
    primary = actor.sector or ""
    ranked = (state if primary in _STATE_SECTORS else before).most_common(2)
    if actor.name:
        return actor  # a person needs a cue of their own: never the document's country by default
    if ranked and primary in _DOMESTIC_SECTORS and any(h.kind == "role" for h in chunk):
        top, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if n > second:
            step = (
                f"no country cue in '{actor.entity_text}'; the document is mainly about {top} "
                f"({n} mentions, next {second})"
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
    for h in hits:
        out.append(h)
        if h.kind == "role" and h.title:
            span = _name_after(text, h.end)
            if span and span[0] - h.end <= 2 and not any(s < span[1] and span[0] < e for s, e in taken):
                out.append(Hit(span[0], span[1], "name", None, (), "name after title", True))
                taken.append(span)
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
            for m in re.finditer(r"\b[A-ZÁÉÍÓÚÑÜ][\w’'\-]{3,}", text):
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
                and _mergeable(prev, h)
            ):
                prev.append(h)
                continue
        chunks.append([h])
    return chunks


def _mergeable(prev: list[Hit], h: Hit) -> bool:
    kinds = {x.kind for x in prev}
    # Two country names in a row ("Russia, Belarus") are a list, not one actor.
    if h.kind in ("country", "org") and kinds & {"country", "org", "city"}:
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
        if h.kind == "nickname" or (h.needs_context and h.kind != "role"):
            # ("general", "major" need a name after them, which resolve_sentence has checked already)
            if not h.code or h.code not in ctx.countries:
                chain.append(f"nickname '{piece}' ignored: {h.code} not in the document")
                continue
            chain.append(f"nickname '{piece}' -> {h.code}, which the document names [{h.source}]")
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
