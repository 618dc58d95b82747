"""Code events: find triggers, fill the actor and recipient slots, and build PLOVER event records."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

import ahocorasick

from .actors import ActorFinder, DocContext, Hit, actor_finder, resolve_sentence
from .codebook import load_codebook
from .dates import event_date
from .gazetteer import data_version
from .modality import clause_start, detect_modality, find_attribution
from .models import Actor, Doc, Event, Evidence, Mention, Place, Sentence, fold
from .patterns import Trigger, load_patterns

# PLOVER: promised or planned cooperation is coded as AGREE.
_PLANNED_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
_GROUP_JOINERS = frozenset(
    {",", "and", ", and", "y", "e", ", y", "as well as", "&", "together with", "junto con", "asi como"}
)
_BE_AUX = {
    "en": ("was", "were", "been", "is", "are", "be", "being", "has been", "have been", "had been", "got"),
    "es": (
        "fue",
        "fueron",
        "sido",
        "es",
        "son",
        "sera",
        "seran",
        "era",
        "eran",
        "ha sido",
        "han sido",
        "resulto",
        "resultaron",
    ),
}
_BY = {"en": ("by",), "es": ("por", "por parte de")}
_WITH = {"en": ("with", "and"), "es": ("con", "y")}
_NOMINAL_MUTUAL = {"en": ("between",), "es": ("entre",)}
_NOMINAL_OF = {"en": ("of", "by", "from"), "es": ("de", "del", "por")}
_NOMINAL_TO = {"en": ("to", "with", "in", "against", "on"), "es": ("a", "al", "con", "en", "contra", "hacia")}
_PRONOUN_START = {
    "en": ("he ", "she ", "they ", "it ", "the delegation", "the minister", "the officials", "both "),
    "es": ("el ", "ella ", "ellos ", "ellas ", "la delegacion", "el ministro", "los funcionarios"),
}
_MILITARY_WORDS = re.compile(
    r"\b(?:military|troops?|army|armed forces|defen[cs]e|weapons?|arms|missiles?|exercises?|drills?|training|"
    r"officers?|soldiers?|naval|warships?|militar(?:es)?|tropas|ejercito|fuerzas armadas|defensa|armas|"
    r"misiles|ejercicios|maniobras|entrenamiento|adiestramiento|oficiales|soldados|buques de guerra)\b"
)
_SECTOR_CONTEXT = {
    "MIL": "military",
    "SPY": "intelligence",
    "LEG": "legislative",
    "JUD": "legal",
    "COP": "crime",
}


@dataclass(frozen=True, slots=True)
class _TriggerHit:
    start: int
    end: int
    trigger: Trigger


class Coder:
    """Codes the Docs of one language into Events."""

    def __init__(self, lang: str, finder: ActorFinder, triggers: Sequence[Trigger], version: str) -> None:
        self.lang = lang
        self.finder = finder
        self.version = version
        self.book = load_codebook()
        self.places = finder.places
        self._auto = ahocorasick.Automaton()
        for t in triggers:
            self._auto.add_word(t.norm, t)
        self._auto.make_automaton()

    # -- triggers --------------------------------------------------------------------------------------

    def triggers(self, folded: str, mentions: Sequence[Mention]) -> list[_TriggerHit]:
        """Return trigger hits at word boundaries, leftmost-longest, not inside actor mentions."""
        found: list[_TriggerHit] = []
        for end_index, trig in self._auto.iter(folded):
            end = end_index + 1
            start = end - len(trig.norm)
            if start > 0 and (folded[start - 1].isalnum()):
                continue
            if end < len(folded) and folded[end].isalnum():
                continue
            if any(m.start <= start < m.end for m in mentions):
                continue
            p = trig.pattern
            if p.requires and not any(_word_in(r, folded) for r in p.requires):
                continue
            if p.excludes and any(_word_in(x, folded) for x in p.excludes):
                continue
            found.append(_TriggerHit(start, end, trig))
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[_TriggerHit] = []
        last = -1
        for h in found:
            if h.start >= last:
                out.append(h)
                last = h.end
        return out

    # -- documents -------------------------------------------------------------------------------------

    def code_doc(self, doc: Doc, ctx: DocContext | None = None) -> list[Event]:
        """Return the events of a document, in reading order.

        ``ctx`` may come pre-seeded (people known from the actor registry); by default it starts empty.
        """
        ctx = ctx if ctx is not None else DocContext()
        events: list[Event] = []
        last_subject: tuple[int, list[Actor]] | None = None
        for sentence in doc.sentences:
            mentions, place_hits = resolve_sentence(self.finder, sentence, ctx)
            if last_subject and last_subject[0] != sentence.paragraph:
                last_subject = None
            produced = self._code_sentence(doc, sentence, mentions, place_hits, last_subject)
            events.extend(produced)
            if produced:
                last_subject = (sentence.paragraph, list(produced[0].actor))
        return events

    def _code_sentence(
        self,
        doc: Doc,
        sentence: Sentence,
        mentions: list[Mention],
        place_hits: list[Hit],
        last_subject: tuple[int, list[Actor]] | None,
    ) -> list[Event]:
        text = sentence.text
        folded = fold(text)
        attribution = find_attribution(text, self.lang)
        if attribution:
            mentions = [m for m in mentions if not (attribution.start <= m.start < attribution.end)]
        hits = self.triggers(folded, mentions)
        if not hits:
            return []
        groups = _groups(folded, mentions)
        place = self._place(text, place_hits)
        out: list[Event] = []
        seen: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()
        for hit in hits:
            event = self._event(
                doc,
                sentence,
                folded,
                hit,
                groups,
                place,
                attribution.text if attribution else None,
                last_subject,
            )
            if event is None:
                continue
            key = (event.event, tuple(a.code for a in event.actor), tuple(r.code for r in event.recipient))
            if key in seen:
                continue
            seen.add(key)
            out.append(event)
        return _drop_weaker(out)

    # -- one trigger -----------------------------------------------------------------------------------

    def _event(
        self,
        doc: Doc,
        sentence: Sentence,
        folded: str,
        hit: _TriggerHit,
        groups: list[list[Mention]],
        place: Place | None,
        attribution: str | None,
        last_subject: tuple[int, list[Actor]] | None,
    ) -> Event | None:
        pattern = hit.trigger.pattern
        text = sentence.text
        cstart = clause_start(folded, hit.start)
        left = [g for g in groups if g[-1].end <= hit.start and g[0].start >= cstart]
        right = [g for g in groups if g[0].start >= hit.end]
        notes: list[str] = []
        actor: list[Mention] = []
        recipient: list[Mention] = []
        layout = pattern.layout
        if hit.trigger.nominal:
            actor, recipient = self._nominal(folded, hit, left, right)
        elif self._passive(folded, hit) and (by := self._after(folded, hit.end, right, _BY[self.lang], 40)):
            actor, recipient = by, (left[-1] if left else [])
            notes.append("passive voice: actor after 'by'")
        elif layout == "recipient-actor":
            recipient, actor = (left[-1] if left else []), (right[0] if right else [])
        elif layout == "host":
            recipient, actor = (left[-1] if left else []), (right[0] if right else [])
        elif layout == "mutual":
            actor = left[-1] if left else []
            partner = self._after(folded, hit.end, right, _WITH[self.lang], 30)
            if partner:
                recipient = partner
            elif not actor and right:
                actor = right[0]
        else:
            actor, recipient = (left[-1] if left else []), (right[0] if right else [])
        actors = [m.actor for m in actor]
        recipients = [m.actor for m in recipient]
        if not actors and last_subject and _starts_with(folded, _PRONOUN_START[self.lang]):
            actors = list(last_subject[1])
            notes.append("actor carried over from the previous sentence of the paragraph")
        if not actors:
            return None
        recipients = [r for r in recipients if all(r is not a for a in actors)]
        etype, mode = pattern.type, pattern.mode
        if etype == "CONSULT":
            actors, recipients, host_note = _consult_roles(actors, recipients, place)
            if host_note:
                notes.append(host_note)
        modality, cue = detect_modality(text, hit.start, hit.end, self.lang)
        intended = None
        if modality == "future" and etype in _PLANNED_TO_AGREE:
            intended, etype, mode = etype, "AGREE", None
            notes.append(f"planned {intended} ('{cue}') coded as AGREE, as PLOVER directs")
            modality = "factual"
            when = event_date(text, self.lang, doc.date, future=False)
            if when.value > doc.date:
                when = event_date("", self.lang, doc.date)
        else:
            when = event_date(text, self.lang, doc.date, future=modality == "future")
        if modality != "factual" and cue:
            notes.append(f"modality {modality}: cue '{cue}'")
        book = self.book
        cameo = book.cameo(etype, mode)
        context = _contexts(pattern.context, etype, actors + recipients, folded)
        trig_text = text[hit.start : hit.end]
        spans_a = tuple((m.start, m.end) for m in actor)
        spans_r = tuple((m.start, m.end) for m in recipient)
        evidence = Evidence(
            sentence.index, text, sentence.start, sentence.end, (hit.start, hit.end), spans_a, spans_r
        )
        key = f"{doc.article.id}|{sentence.index}|{hit.start}|{pattern.id}"
        return Event(
            id="e-" + hashlib.sha256(key.encode()).hexdigest()[:16],
            article_id=doc.article.id,
            language=self.lang,
            event=etype,
            mode=mode,
            context=context,
            actor=tuple(actors),
            recipient=tuple(recipients),
            date=when,
            event_loc=place,
            event_text=trig_text,
            quad_code=book.quad(etype),
            plover_score=book.score(etype, mode),
            cameo=cameo,
            goldstein=book.goldstein(cameo) if cameo else None,
            modality=modality,
            attribution=attribution,
            evidence=evidence,
            rule=pattern.id,
            dictionary_version=self.version,
            intended=intended,
            notes=tuple(notes),
        )

    def _passive(self, folded: str, hit: _TriggerHit) -> bool:
        if not hit.trigger.participle:
            return False
        before = folded[max(0, hit.start - 25) : hit.start].split()
        aux = _BE_AUX[self.lang]
        return any(w in aux for w in before[-2:])

    @staticmethod
    def _after(
        folded: str, pos: int, right: list[list[Mention]], words: tuple[str, ...], reach: int
    ) -> list[Mention]:
        """Return the first group after ``pos`` introduced by one of ``words`` within ``reach`` characters."""
        for g in right:
            if g[0].start - pos > reach:
                break
            gap = folded[pos : g[0].start]
            if any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", gap) for w in words):
                return g
        return []

    def _nominal(
        self, folded: str, hit: _TriggerHit, left: list[list[Mention]], right: list[list[Mention]]
    ) -> tuple[list[Mention], list[Mention]]:
        lang = self.lang
        near = [g for g in right if g[0].start - hit.end <= 40]
        if near:
            gap = folded[hit.end : near[0][0].start].split()
            if gap and gap[0] in _NOMINAL_MUTUAL[lang]:
                return near[0], (near[1] if len(near) > 1 else [])
            if gap and gap[0] in _NOMINAL_OF[lang]:
                to = self._after(folded, near[0][-1].end, near[1:], _NOMINAL_TO[lang], 30)
                return near[0], to
            if gap and gap[0] in _NOMINAL_TO[lang] and left:
                return left[-1], near[0]
        if left:
            return left[-1], (near[0] if near else [])
        return [], []

    def _place(self, text: str, hits: list[Hit]) -> Place | None:
        """Pick the event location: the first locative city, else the first locative country."""
        best: Hit | None = None
        for h in hits:
            if h.kind == "city" and self.finder.locative_before(text, h.start):
                best = h
                break
            if best is None and h.kind == "country" and self.finder.locative_before(text, h.start):
                best = h
        if best is None:
            return None
        surface = text[best.start : best.end]
        if best.kind == "city" and best.place_id and best.place_id in self.places:
            p = self.places[best.place_id]
            return Place(p.name, p.code, p.lat, p.lon, "city")
        return Place(surface, best.code, None, None, "country")


def _consult_roles(
    actors: list[Actor], recipients: list[Actor], place: Place | None
) -> tuple[list[Actor], list[Actor], str | None]:
    """Apply PLOVER's CONSULT rule: the visitor is the actor and the host the recipient."""
    if place is None or place.country_code is None:
        return actors, recipients, None
    host = place.country_code
    everyone = actors + recipients
    hosts = [a for a in everyone if a.code == host]
    guests = [a for a in everyone if a.code != host]
    if hosts and guests:
        note = f"CONSULT in {place.place}: {host} is the host (recipient), the visitors are the actor"
        return guests, hosts, note
    if guests and not recipients:
        step = f"host country from the event location '{place.place}'"
        return guests, [Actor(host, None, place.place, None, (), (step,))], step
    return actors, recipients, None


def _contexts(hints: tuple[str, ...], etype: str, people: list[Actor], folded: str) -> tuple[str, ...]:
    out = list(hints)
    for a in people:
        for s in a.sectors:
            ctx = _SECTOR_CONTEXT.get(s)
            if ctx and ctx not in out and not (ctx == "crime" and etype in ("CONSULT", "AGREE")):
                out.append(ctx)
    if "military" not in out and _MILITARY_WORDS.search(folded):
        out.append("military")
    if etype in ("CONSULT", "AGREE", "SUPPORT", "REJECT") and "diplomatic" not in out:
        govs = [a for a in people if a.code not in ("---",)]
        if len({a.code for a in govs}) >= 2:
            out.append("diplomatic")
    return tuple(out)


def _unknown_only(event: Event) -> bool:
    return all(a.code == "---" and not a.name for a in event.actor)


def _drop_weaker(events: list[Event]) -> list[Event]:
    """Drop an event whose actor is only an unknown bare role ("military") when the same sentence has
    an event of the same type with a known actor: the role was a modifier of the trigger noun."""
    known = {e.event for e in events if not _unknown_only(e)}
    return [e for e in events if not (_unknown_only(e) and e.event in known)]


def _groups(folded: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Join mentions listed together ("Russia and Belarus") into compound actor groups."""
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups:
            gap = re.sub(r"\s+", " ", folded[groups[-1][-1].end : m.start]).strip()
            if gap in _GROUP_JOINERS:
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def _word_in(word: str, folded: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", folded) is not None


def _starts_with(folded: str, starts: tuple[str, ...]) -> bool:
    head = folded.lstrip("\"'“¿¡ ")
    return head.startswith(starts)


@functools.cache
def dictionary_version() -> str:
    """Return the version stamped on every event: codebook, dictionaries and patterns together."""
    digest = hashlib.sha256()
    root = resources.files("pactwatch") / "data" / "patterns"
    for lang in ("en", "es"):
        digest.update((root / f"{lang}.jsonl").read_bytes())
    return f"{load_codebook().version}/{data_version()}/{digest.hexdigest()[:8]}"


@functools.cache
def coder(lang: str) -> Coder:
    """Return the cached coder for a language."""
    return Coder(lang, actor_finder(lang), load_patterns(lang), dictionary_version())


def code_docs(
    docs: Iterable[Doc], contexts: Callable[[Doc], DocContext] | None = None
) -> Iterator[tuple[Doc, list[Event]]]:
    """Stage: code each Doc with its events; ``contexts`` builds each document's starting context."""
    for doc in docs:
        yield doc, coder(doc.language).code_doc(doc, contexts(doc) if contexts else None)
