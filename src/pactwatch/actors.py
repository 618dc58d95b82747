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

from .doccountry import (
    STATE_SECTORS,
    Setting,
    coordinated_lead,
    nearest_cue,
    sentence_link,
)
from .gazetteer import (
    NONSTATE_CODES,
    GazEntry,
    Place,
    Region,
    RoleEntry,
    is_state_code,
    load_gazetteer,
    load_modifiers,
    load_places,
    load_regions,
    load_roles,
    roles_from_env,
)
from .models import Actor, Mention, Sentence, fold
from .names import NAME_PARTICLES, name_key, person_keys
from .nounphrases import (
    bare_demonyms,
    determined,
    followers,
    is_follower,
    modifies_noun,
    names_building,
    organisation_name,
    route_end,
)

# Phrases that stand for the two (or all) countries the document is about.
_PAIR_PHRASES = {
    "en": (
        "the two countries",
        "both countries",
        "the two governments",
        "both governments",
        "the two sides",
        "both sides",
        "each side",
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
        "cada parte",
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
    "en": frozenset(
        {
            "",
            "the",
            "of",
            "of the",
            ",",
            ", the",
            "'s",
            "’s",
            "for",
            "for the",
            "-",
            # "two diplomats of the EU delegation" is said "diplomats of the delegation of the EU" too
            "of the delegation of",
            "of the delegation of the",
        }
    ),
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
            # "dos diplomáticos de la delegación de la UE"
            "de la delegacion de",
            "de la delegacion de la",
            "de la delegacion del",
        }
    ),
}
_LOCATIVE = {
    # "a missile that flew over Japan", "the port of Havana": places, not who is acted upon
    "en": frozenset(
        {"in", "at", "near", "outside", "inside", "from", "across", "around"}
        | {"flew over", "flying over", "overflew", "port of"}
    ),
    "es": frozenset({"en", "cerca de", "desde", "hacia", "sobrevolo", "sobrevolaron", "puerto de"}),
    "ru": frozenset({"в", "во", "из", "на", "под", "около", "близ"}),
}
# Nouns after which "from X" names who sends, asks or gives, not a place ("a demand from Baghdad").
_FROM_NOUNS = frozenset(
    "demand demands request requests call calls pressure help aid assistance support backing criticism "
    "message messages letter letters offer offers proposal proposals warning warnings threat threats "
    "invitation response reply protest protests complaint complaints delegation delegations envoy envoys "
    "visitors visit visits order orders objection objections approval consent condolences congratulations "
    "apology".split()
)
_SOURCE_PREPOSITIONS = frozenset({"from"})
_NAME_WORD = re.compile(r"[A-ZÁÉÍÓÚÑÜА-ЯЁ](?:[\w’'\-]+|\.)?")  # a name word, or an initial with its dot
_BOUNDARY = re.compile(r"\w", re.UNICODE)

KIND_PRIORITY = {
    "institution": 0,
    "org": 0,
    "role": 1,
    "country": 2,
    "demonym": 2,
    "city": 3,
    "admin1": 3,
    "nickname": 4,
    "region": 5,
}


@dataclass(frozen=True, slots=True)
class Hit:
    """One dictionary match in a sentence, before merging into actors."""

    start: int
    end: int
    kind: str  # country | demonym | nickname | city | admin1 | org | institution | role | pair | name
    code: str | None
    sectors: tuple[str, ...]
    source: str  # dictionary id and file:line, for the resolution chain
    title: bool = False
    metonym: bool = False
    place_id: str | None = None
    needs_context: bool = False
    region: Region | None = None  # a nickname of one country of this region ("the Caribbean country")
    after_determiner: bool = False  # an actor only after a determiner or quantifier ("miles de personas")
    attributive: bool = False  # not an actor before the noun it modifies ("military drones")


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
    # every code the document names in words of its own (non-state ones too: "the European Union" lets a
    # later "Brussels" stand for the EU)
    codes_ahead: set[str] = field(default_factory=set)
    # the first words of the keys in ``people``: a known name can only start on one of them
    name_starts: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.name_starts.update(k.split(" ", 1)[0] for k in self.people)

    def add_person(self, key: str, actor: Actor, origin: str | None = None) -> None:
        """Remember a person under a folded key; ``origin`` names where it came from if not this document."""
        self.people[key] = actor
        self.name_starts.add(key.split(" ", 1)[0])
        if origin is None:
            self.origins.pop(key, None)
        else:
            self.origins[key] = origin
        if " " not in key:
            self.skeletons.setdefault(name_key(key), key)

    def note_country(self, code: str) -> None:
        if len(code) == 3 and code.isalpha() and code.isupper() and code not in NONSTATE_CODES:
            self.countries[code] += 1
            self.first_seen.setdefault(code, len(self.first_seen))

    def doc_counts(self, state: Counter[str]) -> Counter[str]:
        """Return the document's country mentions: all of them if read ahead, else those seen so far."""
        return self.ahead if self.ahead is not None else state

    def main_pair(self) -> tuple[str, ...]:
        ranked = sorted(self.countries, key=lambda c: (-self.countries[c], self.first_seen[c]))
        return tuple(ranked[:2])


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
    after_determiner: bool = False
    attributive: bool = False


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
                "role",
                r.code,
                r.sectors,
                f"{r.id} [{r.where}]",
                r.title,
                False,
                None,
                r.needs_context,
                after_determiner=r.after_determiner,
                attributive=r.attributive,
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
            # whether the form starts and ends with a word character, known here once and for all
            edges = (_BOUNDARY.match(norm[0]) is not None, _BOUNDARY.match(norm[-1]) is not None)
            self._auto.add_word(norm, (len(norm), entry, *edges))
        self._auto.make_automaton()

    def hits(self, sentence: Sentence) -> list[Hit]:
        """Return dictionary hits at word boundaries, leftmost-longest, without overlaps."""
        text = sentence.text
        folded = fold(text)
        found: list[tuple[int, int, _Entry]] = []
        for end_index, (length, entry, word_start, word_end) in self._auto.iter(folded):
            end = end_index + 1
            start = end - length
            # a form that starts or ends with a word character (\w: alphanumeric or "_") needs a boundary
            before = folded[start - 1] if start > 0 else " "
            if word_start and (before.isalnum() or before == "_"):
                continue
            after = folded[end] if end < len(folded) else " "
            if word_end and (after.isalnum() or after == "_"):
                continue
            if entry.surface is not None and not _same_case(text[start:end], entry.surface):
                continue
            if entry.kind in _CAPITALISED and not _case_ok(text[start:end]):
                continue
            if entry.kind == "admin1" and entry.needs_context and not self.division_cue(text, start, end):
                continue  # "Meta", "Cesar": a division only after "en" or in a dateline ", META , ACACIAS"
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
                    e.needs_context and e.kind != "admin1",  # a division that needs context has it here
                    e.region,
                    e.after_determiner,
                    e.attributive,
                )
            )
            last_end = end
        return result

    def locative_before(self, text: str, start: int) -> bool:
        """Tell whether a hit at ``start`` is the object of a locative preposition ("in Minsk")."""
        before = fold(text[max(0, start - 30) : start]).rstrip()
        words = before.split()
        if not words:
            return False
        if words[-1] in _SOURCE_PREPOSITIONS and len(words) > 1 and words[-2] in _FROM_NOUNS:
            return False  # "a demand from Baghdad", "help from Beijing": who asks or gives, not where
        return self._ends_locative(words)

    def _ends_locative(self, words: list[str]) -> bool:
        return words[-1] in self.locatives or " ".join(words[-2:]) in self.locatives

    def division_cue(self, text: str, start: int, end: int) -> bool:
        """Tell whether a division is named as a place: "en el Meta", "in the Kharkiv region", a dateline."""
        return self.locative_division(text, start) or in_dateline(text, start, end)

    def locative_division(self, text: str, start: int) -> bool:
        """Tell whether a division follows a locative, article aside ("en el departamento de Arauca")."""
        words = fold(text[max(0, start - 40) : start]).split()
        if words and words[-1] in _ARTICLES:
            words = words[:-1]
        return bool(words) and self._ends_locative(words)


# Kinds whose names are capitalised in news; a lowercase look-alike is another word ("meta", "cesar").
_CAPITALISED = frozenset({"country", "org", "institution", "admin1"})
_ARTICLES = frozenset({"the", "el", "la", "los", "las"})


def in_dateline(text: str, start: int, end: int) -> bool:
    """Tell whether a division in capitals closes a report between commas ("a una persona , META , URIBE")."""
    surface = text[start:end]
    letters = sum(c.isalpha() for c in surface)
    if not surface[:2].isupper() or 4 * sum(c.islower() for c in surface) > letters:
        return False  # "BOLiVAR": sources that lowercase accented capitals still shout the rest
    after = text[end:].lstrip()
    return text[:start].rstrip().endswith(",") and (not after or after[0] in ",.;")


# Counts that stand for people on their own ("Thousands marched") but not before a noun ("thousands of
# soldiers", "cientos de médicos"): there the noun says who they are.
_COUNTS = frozenset(
    "thousands hundreds dozens miles cientos centenares decenas millares".split()
    + ["tens of thousands", "hundreds of thousands", "un centenar", "decenas de miles"]
)


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
            if k > j and text[j:k] in NAME_PARTICLES and words:
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
            if h.code and not h.needs_context and h.kind not in ("nickname", "role"):
                ctx.codes_ahead.add(h.code)
            if (
                h.kind in _COUNTED_KINDS
                and h.code
                and not h.needs_context
                and is_state_code(h.code)
                and "JRN" not in h.sectors  # a news agency ("AFP") says where the news is from, not about
            ):
                counts[h.code] += 1
    ctx.ahead = counts
    ctx.sentences = len(sentences)


_COUNTED_KINDS = frozenset({"country", "demonym", "institution", "city"})


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
    """Return the actor mentions of a sentence and the place hits (cities, divisions, locative countries).

    ``ctx`` is updated with the countries and people seen, so later sentences can use them.
    """
    text = sentence.text
    before = dict(ctx.countries)  # what the document said before this sentence
    ahead = ctx.hits_ahead.pop(sentence.index, None)
    raw = ahead[1] if ahead is not None and ahead[0] == text else finder.hits(sentence)
    places: list[Hit] = []
    hits: list[Hit] = []
    for h in raw:
        if h.kind == "region":
            continue  # "Latin America": matched only so the country names inside it are not
        if h.kind == "admin1":
            places.append(h)  # "Arauca": a place, never an actor (unlike a capital standing for a government)
            continue
        named = organisation_name(text, h, raw)
        if named is not None:
            hits.append(named)  # "la organización Cuba Justa": an NGO, not Cuba
            continue
        if (
            h.kind == "role"
            and h.needs_context
            and not (text[h.start].isupper() and _name_after(text, h.end))
            and not (h.after_determiner and determined(text, h.start, finder.lang))
        ):
            continue  # "general", "major": a title only before a name; "vecinos" only after "los"
        if h.kind == "role" and h.attributive and modifies_noun(text, h, raw):
            continue  # "military drones", "a firm response": an adjective, not an actor
        if h.kind == "role" and names_building(text, h):
            continue  # "outside the parliament building": a place, not the body acting
        if h.kind == "city" and (
            finder.locative_before(text, h.start) or not h.metonym or route_end(text, h, raw)
        ):
            places.append(h)
            if h.code:
                ctx.note_country(h.code)
            continue
        if h.kind in ("org", "institution") and h.needs_context and finder.locative_before(text, h.start):
            continue  # "sanctions adopted in Brussels": the city, not the EU it stands for elsewhere
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
    resolved = bare_demonyms(text, resolved, finder.lang)
    # what the document said before, plus this sentence's places and state actors: evidence of whose state
    # it is, counted only when an actor needs it (most have a country of their own)
    evidence = [c for c in ctx.countries.keys() - before.keys() if any(p.code == c for p in places)]
    for _, a in resolved:
        ctx.note_country(a.code)
        if a.code in ctx.countries and (a.sector is None or a.sector in STATE_SECTORS):
            evidence.append(a.code)
    lazy: tuple[Counter[str], Setting] | None = None  # (state evidence, setting), made on first need

    def setting() -> Setting:
        """The countries this sentence names in its own words (built only when an actor needs it)."""
        points = [(text[p.start : p.end], p.code) for p in places if p.kind != "admin1" and p.code]
        return Setting(
            text,
            [(a.entity_text, a.code) for _, a in resolved if is_state_code(a.code) and a.sector != "JRN"]
            + [(w, c) for w, c in points if is_state_code(c)],
            [(a.entity_text, a.code) for _, a in resolved if "GOV" in a.sectors and is_state_code(a.code)],
            [(w, c) for w, c in points if is_state_code(c)]
            + [
                (a.entity_text, a.code)
                for _, a in resolved
                if is_state_code(a.code) and (a.sector is None or a.sector in STATE_SECTORS)
            ],
            [(text[p.start : p.end], p.code) for p in places if p.kind == "admin1" and p.code],
        )

    first_sentence = not ctx.lead_seen and bool(resolved) and not coordinated_lead(text, resolved)
    if first_sentence and is_state_code(resolved[0][1].code):
        ctx.lead = (resolved[0][1].code, resolved[0][1].entity_text)
    mentions: list[Mention] = []
    for i, (chunk, a) in enumerate(resolved):
        if a.code == "---":
            a = followers(text, i, resolved) or a
        if a.code == "---":
            a = sentence_link(text, chunk, a, resolved[:i], finder.lang)
        if a.code == "---":
            if lazy is None:
                state = Counter(before)
                state.update(evidence)
                lazy = (state, setting())
            a = nearest_cue(text, chunk, a, [b for _, b in resolved], ctx, *lazy)
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


_CAPITALISED_WORD = re.compile(r"\b[A-ZÁÉÍÓÚÑÜА-ЯЁ][\w’'\-]{3,}")


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
        firsts = ctx.name_starts
        i = 0
        while i < len(words):
            start = words[i][0]
            found = None
            if text[start].isupper() and folded[start : words[i][1]] in firsts:
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
            for m in _CAPITALISED_WORD.finditer(text):
                variant_of = ctx.skeletons.get(name_key(m.group()))  # (cached: cheaper than the overlap test)
                if variant_of is None or any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                if fold(m.group()) != variant_of:
                    source = f"person '{variant_of}' (variant)"
                    out.append(Hit(m.start(), m.end(), "person", None, (), source))
                    taken.append((m.start(), m.end()))
    out.sort(key=lambda h: h.start)
    return out


_WORD = re.compile(r"[\w’'\-]+")
# What may stand between a title and the country or body it names before the name of its holder.
_TITLE_OF = frozenset({"", "of", "of the", "de", "de la", "del"})
_MAX_NAME_WORDS = 6


def _chunk(text: str, hits: list[Hit], connectors: frozenset[str]) -> list[list[Hit]]:
    """Group adjacent hits that describe one actor."""
    chunks: list[list[Hit]] = []
    for h in hits:
        if chunks:
            prev = chunks[-1]
            gap = " ".join(fold(text[prev[-1].end : h.start]).split())
            inside = _NAME_INSIDE.fullmatch(text[prev[-1].end : h.start])
            if inside and text[prev[-1].start].isupper() and text[h.start].isupper():
                gap = fold(inside.group(1)).strip()  # "la Escuela Superior del MININT": one proper name
            codes = {x.code for x in prev if x.code} | ({h.code} if h.code else set())
            if (
                gap in connectors
                and len(codes) <= 1
                and h.kind != "pair"
                and prev[-1].kind != "pair"
                and not (h.kind == "name" and any(x.kind == "name" for x in prev))
                and _mergeable(prev, h, "," in gap)
                and not ("," in gap and _SAYS_AFTER.match(text, h.end))
                and not is_follower(text, prev[-1])
            ):
                prev.append(h)
                continue
        chunks.append([h])
    return chunks


# Capitalised words inside the name of a body between two dictionary words ("Escuela Superior del").
_NAME_INSIDE = re.compile(r" (?:[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+ )+((?:de|del|de la|of|of the) )")

# "..., officials said": a group after a comma followed by a speech verb is the source of the report,
# not the end of the actor before the comma ("South Korean army officers, officials said").
_SAYS_AFTER = re.compile(
    r"(?:\s+[\w’'\-]+){0,3}?\s+(?:said|say|says|told|added|reported|confirmed|dijo|dijeron|informó|"
    r"informaron|señaló|señalaron|indicó|indicaron|afirmó|afirmaron|заявил|заявили|сообщил|сообщили)\b"
)


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
    for i, h in enumerate(chunk):
        piece = text[h.start : h.end]
        if h.kind == "role" and fold(piece) in _COUNTS and any(x.kind == "role" for x in chunk[i + 1 :]):
            chain.append(f"count '{piece}' of the noun after it")  # "thousands of soldiers" are soldiers
            continue
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
            if not h.code or (
                h.code not in ctx.countries
                and h.code not in (ctx.ahead or ())
                and h.code not in ctx.codes_ahead
            ):
                chain.append(f"{h.kind} '{piece}' ignored: {h.code} not in the document")
                continue
            chain.append(f"{h.kind} '{piece}' -> {h.code}, which the document names [{h.source}]")
            if h.kind == "city" and h.metonym and "GOV" not in sectors:
                sectors.append("GOV")  # "Georgetown requested ...": the capital stands for the government
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
    head = _armed_head(text, chunk)
    if head is not None:
        # "government troops", "government forces": the armed body of the government, MIL first
        sectors = [*head.sectors, *(x for x in sectors if x not in head.sectors)]
        chain.append(f"head noun '{text[head.start : head.end]}' first: the government's armed forces")
    if code is None and not sectors:
        return None
    if code is None:
        code = "---"
        chain.append("no country cue: country unknown (---)")
    return [Actor(code, sectors[0] if sectors else None, surface, name, tuple(sectors), tuple(chain))]


def _armed_head(text: str, chunk: list[Hit]) -> Hit | None:
    """Return the armed body a government word modifies ("Government troops"), if the chunk is one."""
    for a, b in zip(chunk, chunk[1:], strict=False):
        if (
            a.kind == b.kind == "role"
            and not a.title
            and not b.title
            and a.sectors == ("GOV",)
            and b.sectors[:1] in (("MIL",), ("COP",), ("PRM",))
            and text[a.end : b.start] == " "
        ):
            return b
    return None


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


def _remember(ctx: DocContext, actor: Actor) -> None:
    assert actor.name
    for key in person_keys(actor.name):
        known = ctx.people.get(key)
        if known is not None and known.code != "---" and actor.code == "---":
            continue  # keep what the document already established
        ctx.add_person(key, actor)
