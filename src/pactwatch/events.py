"""Code events: find triggers, fill the actor and recipient slots, and build PLOVER event records."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources

import ahocorasick

from .actors import ActorFinder, DocContext, Hit, actor_finder, resolve_sentence
from .codebook import load_codebook
from .dates import event_date
from .gazetteer import data_version
from .modality import clause_start, detect_modality, find_attribution
from .models import Actor, DateRef, Doc, Event, Evidence, Mention, Place, Sentence, fold
from .patterns import Trigger, load_patterns

# PLOVER: promised or planned cooperation is coded as AGREE.
_PLANNED_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
# A hostile action someone says they will or would take is a THREATEN ("Washington would impose sanctions",
# "farmers said they would blockade Paris"); mode of the threat by the type and mode announced.
_THREAT_MODE: dict[str, dict[str | None, str | None]] = {
    "SANCTION": {None: "relations", "expel": "expel"},
    "COERCE": {None: "restrict", "arrest": "arrest", "deport": "expel"},
    "ASSAULT": {None: "violence"},
    "MOBILIZE": {None: "violence"},
    "PROTEST": {None: None},
}
_WILL_CUES = {
    "en": frozenset({"will", "would", "'ll", "is to", "are to", "going to", "prepared to", "ready to"}),
    "es": frozenset({"va a", "van a"}),
}
# The sentence reports what someone said, so the future action is their stated intent, not speculation.
_REPORTED = {
    "en": re.compile(
        r"\b(?:said|says|say|announced|warned|stated|declared|told|vowed|insisted|threatened)\b"
    ),
    "es": re.compile(
        r"\b(?:dijo|dijeron|afirmo|afirmaron|anuncio|anunciaron|advirtio|advirtieron|declaro|declararon|aseguro|"
        r"aseguraron|senalo|senalaron)\b"
    ),
}
# Types whose nominal "X of Y" names the doer ("the visit of the minister"); for the others "of" names the
# one it is done to ("the expulsion of two diplomats").
_AGENT_OF = frozenset({"CONSULT", "AGREE", "COOPERATE", "PROTEST", "MOBILIZE"})
# Types coded from a verb even when the sentence names no actor (PLOVER's unknown actor "---").
_ACTORLESS = frozenset({"PROTEST", "ASSAULT", "COERCE", "MOBILIZE"})
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
# Words after which a verb form is a noun ("no sign of", "the release"). Spanish "la/los/las/lo" are left out:
# before a verb they are object pronouns ("los detuvieron").
_DETERMINERS = {
    "en": frozenset(
        "a an the no any this that these those its their his her our my your such another every each".split()
    ),
    "es": frozenset("el un una unos unas del al su sus este esta estos estas ese esa cada".split()),
}
_ES_PARTICIPLE = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")
_ES_AUX = frozenset(
    "ha han habia habian haber habria habrian hubo hubieran hubiera fue fueron sido es son era eran sera "
    "seran resulto resultaron quedo quedaron estaba estaban esta estan siendo se".split()
)
_BY = {"en": ("by",), "es": ("por", "por parte de")}
_WITH = {"en": ("with", "and"), "es": ("con", "y")}
_NOMINAL_MUTUAL = {"en": ("between",), "es": ("entre",)}
_NOMINAL_OF = {"en": ("of", "by", "from"), "es": ("de", "del", "por")}
_NOMINAL_TO = {"en": ("to", "with", "in", "against", "on"), "es": ("a", "al", "con", "en", "contra", "hacia")}
_PRONOUN_START = {
    "en": (
        "he ",
        "she ",
        "they ",
        "it ",
        "the delegation",
        "the minister",
        "the officials",
        "both ",
        "the two ",
    ),
    "es": (
        "el ",
        "ella ",
        "ellos ",
        "ellas ",
        "la delegacion",
        "el ministro",
        "los funcionarios",
        "ambos ",
        "ambas ",
    ),
}
# "They", "both sides": after a meeting or an agreement, both of its parties.
_PLURAL_START = {
    "en": ("they ", "both ", "the two ", "the parties", "the sides", "the officials"),
    "es": ("ellos ", "ellas ", "ambos ", "ambas ", "las dos ", "los dos ", "las partes"),
}
_SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
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
        self._cities = {fold(p.name): p for p in self.places.values() if p.lat is not None}
        self._auto = ahocorasick.Automaton()
        for t in triggers:
            self._auto.add_word(t.norm, t)
        self._auto.make_automaton()

    # -- triggers --------------------------------------------------------------------------------------

    def triggers(
        self, folded: str, mentions: Sequence[Mention], text: str | None = None
    ) -> list[_TriggerHit]:
        """Return trigger hits at word boundaries, leftmost-longest, not inside actor mentions.

        With the sentence ``text``, a verb form that reads as a noun or a name is skipped: after a
        determiner ("no sign of", "a call"), capitalised inside the sentence ("in March", "Canadian
        Press"), or an English gerund after "of"/"for" ("accused X of supporting").
        """
        found: list[_TriggerHit] = []
        determiners = _DETERMINERS[self.lang]
        for end_index, trig in self._auto.iter(folded):
            end = end_index + 1
            start = end - len(trig.norm)
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "-"):
                continue  # inside a word, or the tail of a compound adjective ("Iran-backed")
            if end < len(folded) and folded[end].isalnum():
                continue
            if any(m.start <= start < m.end for m in mentions):
                continue
            if (
                text is not None
                and not trig.nominal
                and self._reads_as_noun(text, folded, start, end, determiners)
            ):
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

    def _reads_as_noun(
        self, text: str, folded: str, start: int, end: int, determiners: frozenset[str]
    ) -> bool:
        before = folded[max(0, start - 12) : start].split()
        prev = before[-1] if before else ""
        if prev in determiners:
            return True
        if text[start].isupper() and not text[start:end].isupper() and any(c.isalnum() for c in text[:start]):
            return True
        head = folded[start:end].split()[0]
        if self.lang == "es":
            # a bare participle is an adjective or a noun ("los detenidos", "militantes encarcelados");
            # the passive and perfect forms carry their auxiliary ("fueron detenidos", "han detenido")
            return head == folded[start:end] and head.endswith(_ES_PARTICIPLE) and prev not in _ES_AUX
        return prev in ("of", "for") and head.endswith("ing")

    # -- documents -------------------------------------------------------------------------------------

    def code_doc(self, doc: Doc, ctx: DocContext | None = None) -> list[Event]:
        """Return the events of a document, in reading order.

        ``ctx`` may come pre-seeded (people known from the actor registry); by default it starts empty.
        """
        ctx = ctx if ctx is not None else DocContext()
        events: list[Event] = []
        last_subject: tuple[int, list[Actor], list[Actor]] | None = None
        doc_place: tuple[int, Place] | None = None  # the last city this paragraph placed something in
        for sentence in doc.sentences:
            mentions, place_hits = resolve_sentence(self.finder, sentence, ctx)
            if last_subject and last_subject[0] != sentence.paragraph:
                last_subject = None
            if doc_place is not None and doc_place[0] != sentence.paragraph:
                doc_place = None
            own = self._place(sentence.text, place_hits) if place_hits else None
            produced = self._code_sentence(
                doc, sentence, mentions, own, doc_place[1] if doc_place else None, last_subject
            )
            if own is not None and own.precision == "city":
                doc_place = (sentence.paragraph, own)
            events.extend(produced)
            if produced:
                first = produced[0]
                both = list(first.actor)
                if first.event in _SYMMETRIC:
                    both += [r for r in first.recipient if r.code != "---"]
                last_subject = (sentence.paragraph, list(first.actor), both)
        return events

    def _code_sentence(
        self,
        doc: Doc,
        sentence: Sentence,
        mentions: list[Mention],
        place: Place | None,
        doc_place: Place | None,
        last_subject: tuple[int, list[Actor], list[Actor]] | None,
    ) -> list[Event]:
        text = sentence.text
        folded = fold(text)
        attribution = find_attribution(text, self.lang, folded)
        if attribution:
            mentions = [m for m in mentions if not (attribution.start <= m.start < attribution.end)]
        hits = _drop_objects(folded, self.triggers(folded, mentions, text), self.lang)
        if not hits:
            return []
        groups = _groups(folded, mentions)
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
                doc_place,
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
        last_subject: tuple[int, list[Actor], list[Actor]] | None,
        doc_place: Place | None = None,
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
        carried = bool(not left and last_subject and _starts_with(folded, _PRONOUN_START[self.lang]))
        passive = self._passive(folded, hit)
        if hit.trigger.nominal:
            actor, recipient = self._nominal(folded, hit, left, right)
        elif passive and (by := self._after(folded, hit.end, right, _BY[self.lang], 40)):
            actor, recipient = by, (left[-1] if left else [])
            notes.append("passive voice: actor after 'by'")
        elif passive and left:
            recipient = left[-1]
            notes.append("passive voice without an agent: the subject is the recipient")
        elif self._participial(folded, hit) and groups and groups[0][-1].end <= hit.start:
            # "..., accusing them of espionage": the subject of the main clause does it
            actor, recipient = groups[0], (right[0] if right else [])
            notes.append("participle clause: actor is the subject of the main clause")
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
                if carried:  # "He met Cuban President X": the partner follows the verb
                    recipient = right[0]
                else:
                    actor = right[0]
        else:
            actor, recipient = (left[-1] if left else []), (right[0] if right else [])
        actors = [m.actor for m in actor]
        recipients = [m.actor for m in recipient]
        if not actors and carried and last_subject:
            plural = _starts_with(folded, _PLURAL_START[self.lang])
            actors = list(last_subject[2] if plural else last_subject[1])
            notes.append("actor carried over from the previous sentence of the paragraph")
        if not actors:
            if hit.trigger.nominal or not (recipients or pattern.type in _ACTORLESS):
                return None
            # "Five villagers were killed", "thousands marched": the event is reported, its doer unnamed.
            actors = [Actor("---", None, "", None, (), ("no actor named in the sentence",))]
            notes.append("actor not named: coded as unknown (---)")
        recipients = [r for r in recipients if all(r is not a for a in actors)]
        etype, mode = pattern.type, pattern.mode
        if place is None and mode == "visit":
            place = self._visited(recipient)
            if place is not None:
                notes.append(f"event location: the visited city '{place.place}'")
        if etype == "CONSULT":
            actors, recipients, host_note = _consult_roles(actors, recipients, place)
            if host_note:
                notes.append(host_note)
        if place is None and doc_place is not None:
            place = doc_place  # only after the host rule: a remembered city names no host
            notes.append(f"event location carried over from earlier in the paragraph: '{place.place}'")
        modality, cue = detect_modality(text, hit.start, hit.end, self.lang, folded)
        intended = None
        threat = (
            modality in ("future", "hypothetical")
            and etype in _THREAT_MODE
            and cue in _WILL_CUES[self.lang] | {text[hit.start : hit.end].lower()}
            and _REPORTED[self.lang].search(folded) is not None
        )
        if modality == "future" and etype in _PLANNED_TO_AGREE:
            intended, etype, mode = etype, "AGREE", None
            notes.append(f"planned {intended} ('{cue}') coded as AGREE, as PLOVER directs")
            modality = "factual"
            when = _commitment_date(text, self.lang, doc.date)
        elif threat:
            intended, etype = etype, "THREATEN"
            mode = _THREAT_MODE[intended].get(mode, _THREAT_MODE[intended].get(None))
            notes.append(f"announced {intended} ('{cue}') coded as THREATEN: a stated intent to act against")
            modality = "factual"
            when = _commitment_date(text, self.lang, doc.date)
        else:
            when = event_date(text, self.lang, doc.date, future=modality == "future")
        if modality != "factual" and cue:
            notes.append(f"modality {modality}: cue '{cue}'")
        book = self.book
        cameo = book.cameo(etype, mode)
        context = _contexts(pattern.context, etype, actors + recipients, folded)
        trig_text = text[hit.start : hit.end]
        # Spans follow the final roles: the host and passive rules may have swapped actor and recipient.
        span_of = {id(m.actor): (m.start, m.end) for m in actor + recipient}
        spans_a = tuple(span_of[id(a)] for a in actors if id(a) in span_of)
        spans_r = tuple(span_of[id(r)] for r in recipients if id(r) in span_of)
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

    def _participial(self, folded: str, hit: _TriggerHit) -> bool:
        head = folded[hit.start : hit.end].split()[0]
        endings = ("ing",) if self.lang == "en" else ("ando", "iendo")
        return head.endswith(endings) and folded[: hit.start].rstrip().endswith(",")

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
            if any(_word_re(w).search(gap) for w in words):
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
                if hit.trigger.pattern.type not in _AGENT_OF:
                    # "the expulsion of two diplomats", "the release of the prisoners": "of" names the patient
                    return (left[-1] if left else []), near[0]
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
        folded = fold(text)
        for h in hits:
            if not self.finder.locative_before(text, h.start) or _not_event_place(folded, h.start):
                continue
            if h.kind == "city":
                best = h
                break
            if best is None and h.kind == "country":
                best = h
        if best is None:
            return None
        return self._place_of(text, best)

    def _place_of(self, text: str, hit: Hit) -> Place:
        if hit.kind == "city" and hit.place_id and hit.place_id in self.places:
            p = self.places[hit.place_id]
            return Place(p.name, p.code, p.lat, p.lon, "city")
        return Place(text[hit.start : hit.end], hit.code, None, None, "country")

    def _visited(self, recipient: Sequence[Mention]) -> Place | None:
        """Return the city named as the object of a visit ("visited Minsk", "llego a La Habana")."""
        for m in recipient:
            p = self._cities.get(fold(m.text))
            if p is not None and p.code == m.actor.code:
                return Place(p.name, p.code, p.lat, p.lon, "city")
        return None


# Locatives that name where someone or something is, or comes from, not where the event happens:
# "the Russian embassy in Chisinau", "money from Moscow", "su embajador en Managua".
_NOT_EVENT_PLACE = re.compile(
    r"(?:\b(?:embassy|embassies|ambassador|consulate|envoy|embajada|embajador|consulado|based|sede)\s+(?:in|en|at)"
    r"|\b(?:from|desde)|\bcon sede en)\s*$"
)


def _not_event_place(folded: str, start: int) -> bool:
    return _NOT_EVENT_PLACE.search(folded, max(0, start - 30), start) is not None


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


_OBJECT_GAP = re.compile(r"[^,;:()\"]{0,30}")


def _noun_use(gap: str, trigger: str, lang: str) -> bool:
    """Tell whether a verb-form trigger after another verb is a noun: "rejected a U.S. request"."""
    words = gap.split()
    head = trigger.split()[0]
    if lang != "en" or head.endswith(("ed", "ing")):
        return False
    # right after the verb ("demanded support") or after a determiner ("rejected a U.S. request")
    return not words or (bool(_DETERMINERS["en"].intersection(words)) and "to" not in words)


# Verbs whose "to ..." complement is what is refused, demanded or threatened, not an event of its own:
# "refused to lift the curfew", "threatened to cut off electricity", "se nego a liberar".
_COMPLEMENT_TAKERS = frozenset({"REJECT", "REQUEST", "THREATEN"})
_COMPLEMENT_MARK = {"en": frozenset({"to"}), "es": frozenset({"a", "con", "de", "que"})}


def _complement(prev: _TriggerHit, gap: str, lang: str) -> bool:
    """Tell whether a trigger is the infinitive complement of a refusing, demanding or threatening verb."""
    if prev.trigger.pattern.type not in _COMPLEMENT_TAKERS:
        return False
    words = gap.split()
    if words:
        return words[-1] in _COMPLEMENT_MARK[lang]
    return prev.trigger.norm.endswith((" to", " a", " con", " de"))  # "threatened to" + "attack"


def _drop_objects(folded: str, hits: list[_TriggerHit], lang: str) -> list[_TriggerHit]:
    """Drop a trigger that is the object of the verb trigger just before it.

    "rejected a U.S. request", "accepted the demands", "called for sanctions", "signed an agreement": the
    request, the demands, the sanctions and the agreement are what the verb acts on (or the same event),
    not events of their own.
    """
    out: list[_TriggerHit] = []
    prev: _TriggerHit | None = None
    for h in hits:
        if (
            prev is not None
            and not prev.trigger.nominal
            and _OBJECT_GAP.fullmatch(folded, prev.end, h.start)
            and (
                h.trigger.nominal
                or _noun_use(folded[prev.end : h.start], folded[h.start : h.end], lang)
                or _complement(prev, folded[prev.end : h.start], lang)
            )
        ):
            continue
        out.append(h)
        prev = h
    return out


def _commitment_date(text: str, lang: str, ref: date) -> DateRef:
    """Return the date of a promise or threat: a past date of the sentence, never the promised one.

    "Cuban officers will receive training from September": September dates the training, not the
    agreement, so the article date stands.
    """
    when = event_date(text, lang, ref, future=True)
    return when if when.value <= ref else event_date("", lang, ref)


def _unknown_only(event: Event) -> bool:
    return all(a.code == "---" and not a.name for a in event.actor)


def _drop_weaker(events: list[Event]) -> list[Event]:
    """Drop an event whose actor is only an unknown bare role ("military") when the same sentence has
    an event of the same type with a known actor: the role was a modifier of the trigger noun."""
    known = {e.event for e in events if not _unknown_only(e)}
    return [e for e in events if not (_unknown_only(e) and e.event in known)]


def _groups(folded: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Join mentions listed together ("Russia and Belarus") into compound actor groups."""
    # "the two sides" / "ambos gobiernos" yield several actors on one span: they form a group of their own and
    # never join a neighbour ("..., and the two sides announced" starts a new clause).
    spans = Counter((m.start, m.end) for m in mentions)
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups:
            last = groups[-1][-1]
            if (last.start, last.end) == (m.start, m.end):
                groups[-1].append(m)
                continue
            gap = re.sub(r"\s+", " ", folded[last.end : m.start]).strip()
            if gap in _GROUP_JOINERS and spans[(m.start, m.end)] == 1 and spans[(last.start, last.end)] == 1:
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


@functools.lru_cache(maxsize=4096)
def _word_re(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


def _word_in(word: str, folded: str) -> bool:
    if not any(c.isalnum() for c in word):
        return word in folded  # punctuation such as a quotation mark has no word boundaries
    return word in folded and _word_re(word).search(folded) is not None


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
