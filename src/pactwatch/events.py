"""Code events: find triggers, fill the actor and recipient slots, and build PLOVER event records."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources

import ahocorasick

from .actors import ActorFinder, DocContext, Hit, actor_finder, read_ahead, resolve_sentence
from .codebook import load_codebook
from .dates import event_date
from .gazetteer import data_version
from .modality import clause_start, detect_modality, find_attribution
from .models import Actor, DateRef, Doc, Event, Evidence, Mention, Place, Sentence, fold
from .patterns import Pattern, Trigger, load_patterns

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
# Types whose nominal "X of Y" names the doer ("the visit of the minister", "el respaldo de Moscu"); for the
# others "of" names the one it is done to ("the expulsion of two diplomats").
_AGENT_OF = frozenset({"CONSULT", "AGREE", "COOPERATE", "PROTEST", "MOBILIZE", "SUPPORT"})
# Types coded from a noun with no actor named (PLOVER's unknown actor "---") when the noun is the subject
# of what happened ("protests erupted"); a verb trigger is coded with an unknown actor whatever its type.
_ACTORLESS = frozenset({"PROTEST", "ASSAULT", "COERCE", "MOBILIZE"})
# "X and his counterpart Y" / "X, y su homologo Y": two parties, listed.
_COUNTERPARTS = [("and", "his", "counterpart"), ("and", "her", "counterpart"), ("y", "su", "homologo")]
_GROUP_JOINERS = frozenset(
    {",", "and", ", and", "y", "e", ", y", "as well as", "&", "together with", "junto con", "asi como"}
    | {f"{c}{a} {p} {n}" for c in ("", ", ") for a, p, n in _COUNTERPARTS}
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
# Adjectives between a determiner and a verb form make it a noun ("their repeated demands").
_EN_ADJECTIVES = frozenset(
    "new latest main key fresh formal official public urgent previous earlier initial first last final "
    "renewed repeated consistent several many further joint".split()
)
_EN_ADJECTIVE_ENDINGS = ("al", "ic", "ous", "ive", "ful", "ary")
_ES_PARTICIPLE = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")
# "hubo" is left out: "no hubo heridos" (there were no wounded) names people, not an act.
_ES_AUX = frozenset(
    "ha han habia habian haber habria habrian hubieran hubiera fue fueron sido es son era eran sera "
    "seran resulto resultaron quedo quedaron estaba estaban esta estan siendo se".split()
)
_ES_PREPOSITIONS = frozenset("en con sin de del al bajo".split())
_ES_INFINITIVE = re.compile(r"\w+(?:ar|er|ir)(?:se|lo|la|los|las|le|les|nos)?$")
_BY = {"en": ("by",), "es": ("por", "por parte de")}
_PARTICIPLE_ENDINGS = {"en": ("ed", "en"), "es": _ES_PARTICIPLE}
# How far after a meeting verb its partner may come: "held talks on Friday with the head of the Cuban MININT".
_PARTNER_REACH = 50
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
# The doers of a riot: violence whose actor is one of these is PROTEST/riot, not ASSAULT.
_CROWD = {
    "en": re.compile(
        r"\b(?:mobs?|rioters?|protesters?|protestors?|demonstrators?|crowds?|marchers|looters)\b"
    ),
    "es": re.compile(
        r"\b(?:turbas?|manifestantes|amotinados|saqueadores|muchedumbres?|multitud|huelguistas|encapuchados|"
        r"hinchas)\b"
    ),
}
# What a crowd does, as a PROTEST mode: violence with what a crowd has to hand is a riot (missiles or air
# strikes by "demonstrators" stay ASSAULT); blocking or taking over a place is an obstruction.
_CROWD_ACTS: dict[tuple[str, str | None], str] = {
    ("ASSAULT", None): "riot",
    ("ASSAULT", "firearms"): "riot",
    ("ASSAULT", "beat"): "riot",
    ("ASSAULT", "primitive"): "riot",
    ("ASSAULT", "destroy"): "riot",
    ("COERCE", "restrict"): "obstruct",
    ("COERCE", "seize"): "obstruct",
}
# A condition on the other side after an announced step makes it an ultimatum.
_UNLESS = {
    "en": re.compile(
        r"\bunless\b|\bif\s+(?:[\w'-]+\s+){1,6}?(?:does|do|did)\s+not\b|\bif\s+(?:[\w'-]+\s+){1,6}?fails?\s+to\b"
    )
}
_STATE = frozenset({"MIL", "COP"})  # forces that block roads; "supporters of the president" do not count
# The agent of a passive: "beaten up by a mob", "set ablaze by an angry crowd".
_BY_CROWD = re.compile(r"\s+(?:\w+\s+){0,3}?by\s+((?:[\w-]+\s+){0,3}[\w-]+)")
# A verb that makes a nominal trigger the subject of what happened ("protests erupted", "a bomb killed").
_HAPPEN = {
    "en": re.compile(
        r"\s+(?:\w+\s+){0,4}?(?:(?:have|has|had)\s+)?"
        r"(?:erupted|broke out|broken out|flared|spread|took place|were held|was held|were staged|"
        r"was staged|was carried out|were carried out|went off|killed|left \w+ (?:people )?dead|wounded|"
        r"injured)\b"
    ),
    "es": re.compile(
        r"\s+(?:\w+\s+){0,3}?(?:estallaron|estallo|se desataron|se desato|tuvieron lugar|tuvo lugar|"
        r"se registraron|se registro|se produjeron|se produjo|se extendieron|se extendio|se extienden|"
        r"se extiende|continuaron|continuan|continua|prosiguieron|prosiguen|siguen|siguieron|persisten|"
        r"se realizo|se realizaron|se efectuo|se efectuaron|se multiplicaron|se intensificaron|recrudecio|"
        r"recrudecieron|paralizaron|paralizo|sacudieron|sacudio|dejaron|dejo|causaron|causo|provocaron|"
        r"provoco|degenero|degeneraron|comenzaron|empezaron|comenzo|empezo)\b"
    ),
}
# Spanish puts the verb of happening first ("estallaron protestas", "hubo disturbios", "se amplian las
# protestas"), and headlines open with the noun ("Protestas en Quito contra el alza"): a nominal trigger
# right after one of these, or opening the sentence, is the subject of what happened. With a definite
# article ("la protesta", "durante la protesta") the noun points back to an event told before.
_HAPPEN_BEFORE = {
    "es": re.compile(
        r"(?:^\W*(?!(?:el|la|los|las|este|esta|estos|estas|su|sus)\s)(?:\w+\W+)?"
        r"|\b(?:durante unas?|en medio de(?!\s+(?:el|la|los|las|esas?|esos)\s))\s+(?:\w+\s+)?"
        r"|\b(?:hubo|habia|hay|estallaron|estallo|estallan|se desataron|se desato|se desataba|"
        r"se registraron|se registro|se produjeron|se produjo|continuan|continuaron|prosiguen|prosiguieron|"
        r"siguen|se amplian|se ampliaron|se extienden|se intensifican|se intensificaron|se multiplican|"
        r"se multiplicaron|se reanudan|se reanudaron|recrudecen|recrudecieron|tuvo lugar|tuvieron lugar|"
        r"provoco|provocaron|genero|generaron|motivo|desencadeno|desencadenaron|suscito)\s+(?:\w+\s+){0,4}?)$"
    ),
}
# Talks, a visit or an agreement named in a prepositional phrase are a setting or a topic, not the news
# ("despite hours of negotiations", "on the eve of a visit", "under a defence pact"); "rounds of talks" are
# held, so they stay events.
_MENTIONED = {
    "en": re.compile(
        r"\b(?:in|at|(?<!rounds )(?<!round )of|for|despite|on|over|about|under)\s+"
        r"(?:(?:the|a|an|its|their|his|her|these|those|this|that)\s+)?"
        r"(?:[\w-]+\s+){0,2}$"
    ),
    "es": re.compile(
        r"\b(?:durante|tras|despues de|antes de|sobre)\s+(?:(?:el|la|los|las|un|una|su|sus|esta|este)\s+)?"
        r"(?:\w+\s+){0,2}$"
    ),
}
# A nominal trigger named as the object of a claim or denial of responsibility, or as the cause of what the
# sentence reports, refers to an event told elsewhere: "claimed responsibility for the attack", "following
# the killing of", "in response to the sanctions".
_REFERENCE = {
    "en": re.compile(
        r"\b(?:responsibility for|responsible for|was behind|were behind|following|in the wake of|"
        r"in response to|in retaliation for|crackdown on|repression of|involvement in)\s+"
        r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}$"
    ),
    "es": re.compile(
        r"\b(?:responsabilidad (?:de|por)|responsables? de|represion de|represion contra|implicacion en|"
        r"participacion en|tras|"
        r"(?:pronunciado|pronuncio|pronunciaron|comento|comentaron|opinado) sobre)\s+"
        r"(?:el\s+|la\s+|los\s+|las\s+|un\s+|una\s+)?"
        r"(?:\w+\s+){0,2}$"
    ),
}
# A nominal trigger that is the object of an infinitive is an aim, not an event: "money to fund
# anti-government protests", "to rehearse an attack", "para impedir protestas", "de organizar los disturbios".
# Verbs that presuppose the event ("to quell the protests", "para contrarrestar las protestas") do not count.
_PURPOSE = {
    "en": re.compile(
        r"\bto\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those|be|date)\b)(?![a-z]+ing\b)"
        r"(?!(?:quell|suppress|disperse|contain|cover|stop|end|counter)\b)[a-z]+\s+"
        r"(?:(?:the|a|an|its|their|new|more|further|any)\s+)?(?:\w+-[\w-]+\s+)?$"
    ),
    "es": re.compile(
        r"\b(?:para|de|a|sin)\s+(?!(?:lugar|militar|popular|mujer|poder|hogar|nuclear|exterior|interior|"
        r"familiar|particular|regular|mar|par|contrarrestar|reprimir|sofocar|contener|dispersar|disolver|cubrir|"
        r"frenar)\b)[a-z]+(?:ar|er|ir)\s+"
        r"(?:(?:el|la|los|las|un|una|unos|unas|nuevas?|nuevos?|mas)\s+)?$"
    ),
}
# "the crackdown on the protests that followed": a noun tied to an earlier event is told, not new.
_FOLLOWED = re.compile(r"\s+(?:that|which|que)\s+(?:followed|siguieron|siguio)\b")
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
        # Several patterns may share a form ("captured the town" / "captured two suspects"): keep them all,
        # the more specific first (those that look at the object, then those that require a word).
        by_form: dict[str, list[Trigger]] = {}
        for t in triggers:
            by_form.setdefault(t.norm, []).append(t)
        self._auto = ahocorasick.Automaton()
        for norm, same in by_form.items():
            same.sort(key=lambda t: (not t.pattern.objects, not t.pattern.requires))
            self._auto.add_word(norm, tuple(same))
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
        for end_index, same in self._auto.iter(folded):
            end = end_index + 1
            start = end - len(same[0].norm)
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "-"):
                continue  # inside a word, or the tail of a compound adjective ("Iran-backed")
            if end < len(folded) and folded[end].isalnum():
                continue
            if any(m.start <= start < m.end for m in mentions):
                continue
            for trig in same:
                if (
                    text is not None
                    and not trig.nominal
                    and self._reads_as_noun(text, folded, start, end, determiners)
                ):
                    continue
                if _pattern_applies(trig.pattern, folded, end):
                    found.append(_TriggerHit(start, end, trig))
                    break
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
        # quotation marks do not change the grammar: 'for "spreading false information"'
        before = folded[max(0, start - 40) : start].split()
        if before and (before[-1][0] in _QUOTE_CHARS or before[-1][-1] in _QUOTE_CHARS):
            before = [w for w in (w.strip(_QUOTE_CHARS) for w in before) if w]
        prev = before[-1] if before else ""
        if prev in determiners:
            return True
        if self.lang == "en" and before:
            # after a possessive ("Korea's demand"), or after a determiner or possessive and an adjective
            # ("their political demands", "its repeated requests"), a verb form is a noun
            if prev.endswith(("'s", "s'")):
                return True
            if (
                len(before) >= 2
                and (before[-2] in determiners or before[-2].endswith(("'s", "s'")))
                and (prev in _EN_ADJECTIVES or prev.endswith(_EN_ADJECTIVE_ENDINGS))
            ):
                return True
        if text[start].isupper() and not text[start:end].isupper() and any(c.isalnum() for c in text[:start]):
            return True
        head = folded[start:end].split()[0]
        if self.lang == "en" and not folded[:start].strip(" \"'“‘") and head.endswith("s"):
            return True  # a sentence never opens on a bare third-person verb: "Protests against ... erupted"
        if self.lang == "es":
            # a bare participle is an adjective or a noun ("los detenidos", "militantes encarcelados");
            # the passive and perfect forms carry their auxiliary ("fueron detenidos", "han detenido")
            if prev in _ES_PREPOSITIONS and not _ES_INFINITIVE.match(head) and head != "se":
                return True  # "en rechazo al aumento", "bajo arresto": a conjugated form after a preposition
            return head == folded[start:end] and head.endswith(_ES_PARTICIPLE) and prev not in _ES_AUX
        return prev in ("of", "for") and head.endswith("ing")

    # -- documents -------------------------------------------------------------------------------------

    def code_doc(self, doc: Doc, ctx: DocContext | None = None) -> list[Event]:
        """Return the events of a document, in reading order.

        ``ctx`` may come pre-seeded (people known from the actor registry); by default it starts empty.
        """
        ctx = ctx if ctx is not None else DocContext()
        read_ahead(self.finder, doc.sentences, ctx)
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
            produced = [_from_story(e, events, produced) for e in produced]
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
        subject: list[Mention] = []  # the actor of the last verb event: "X fired ... and detained ..."
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
                subject if _AND_VERB.search(folded, 0, hit.start) else [],
            )
            if event is None:
                continue
            if not hit.trigger.nominal:
                spans = set(event.evidence.actor_spans)
                subject = [m for m in mentions if (m.start, m.end) in spans]
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
        shared: Sequence[Mention] = (),
    ) -> Event | None:
        """Code one trigger; ``shared`` is the subject of the verb before "and" that this verb shares."""
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
        right = [g for g in right if not _reporter(folded, hit.end, g)]
        if hit.trigger.nominal:
            actor, recipient = self._nominal(folded, hit, left, right)
        elif passive and layout == "host":
            # "a Cuban delegation was received in Minsk (by X)": the guest is the subject
            actor = left[-1] if left else []
            recipient = self._after(folded, hit.end, right, _BY[self.lang], 50)
            notes.append("passive host verb: the subject is the visitor")
        elif shared and not passive and layout in ("actor-recipient", "mutual"):
            actor = list(shared)
            recipient = (
                self._after(folded, hit.end, right, _WITH[self.lang], _PARTNER_REACH)
                if layout == "mutual"
                else (right[0] if right else [])
            )
            notes.append("verb after 'and': shares the subject of the verb before")
        elif passive and (by := self._after(folded, hit.end, right, _BY[self.lang], 50)):
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
        elif layout == "speaker":
            speaker = groups[0] if groups and groups[0][-1].end <= hit.start else []
            actor = speaker
            recipient = left[-1] if left and left[-1] is not speaker else []
            notes.append("reported demand: actor is the speaker, recipient the one who must act")
        elif layout == "host":
            recipient, actor = (left[-1] if left else []), (right[0] if right else [])
        elif layout == "mutual":
            actor = left[-1] if left else []
            partner = self._after(folded, hit.end, right, _WITH[self.lang], _PARTNER_REACH)
            if partner:
                recipient = partner
            elif not actor and right:
                if carried:  # "He met Cuban President X": the partner follows the verb
                    recipient = right[0]
                else:
                    actor = right[0]
        else:
            actor = left[-1] if left else []
            if _moves_forces(pattern) and right and right[0][0].start - hit.end <= 40 and _forces(right[0]):
                # "deployed 3,000 soldiers to the border": the soldiers are what is moved, not the recipient
                right = right[1:]
                notes.append("the forces moved are not the recipient")
            recipient = right[0] if right else []
        if (
            pattern.type == "THREATEN"
            and recipient
            and actor
            and _own_side_subject(folded, hit, recipient, actor)
        ):
            # "warned that Minsk would bar EU officials": the actor's own side, subject of the announced act,
            # is not its target; the object of that act is
            later = [g for g in right if g[0].start >= recipient[-1].end]
            notes.append(f"'{recipient[0].text}' is the actor's side announcing the act: not the recipient")
            recipient = later[0] if later and "," not in folded[recipient[-1].end : later[0][0].start] else []
        if (
            recipient
            and pattern.type not in _PLACE_IS_TARGET
            and recipient[0].start >= hit.end
            and _locative(folded, hit.start, recipient)  # from the trigger on: "arrived in" + "the port of"
        ):
            # "arrived in the Venezuelan port of La Guaira", "deployed troops in the state of Roraima": the
            # place names where it happened, not who it is aimed at
            notes.append(
                f"'{recipient[0].text}' after a locative preposition is the place, not the recipient"
            )
            recipient = []
        if (
            recipient
            and actor
            and recipient[0].start >= hit.end
            and _own(folded, recipient, actor, self.lang, pattern.type == "SUPPORT")
        ):
            # "will respond to the expulsion of its diplomats from Moldova": the actor's own people are not
            # the recipient; the next group close after them may be
            later = [g for g in right if g[0].start >= recipient[-1].end]
            notes.append(f"'{recipient[0].text}' belongs to the actor: not the recipient")
            recipient = later[0] if later and later[0][0].start - recipient[-1].end <= 30 else []
        if pattern.objects and pattern.type == "MOBILIZE" and recipient:
            # "set up a military base": a bare role inside the object is part of it, not the recipient (but
            # "captured a guerrilla stronghold" takes it from the guerrillas)
            reach = hit.end + 60
            recipient = [m for m in recipient if not (m.start < reach and m.actor.code == "---")]
        actors = [m.actor for m in actor]
        recipients = [m.actor for m in recipient]
        if not actors and carried and last_subject:
            plural = _starts_with(folded, _PLURAL_START[self.lang])
            actors = list(last_subject[2] if plural else last_subject[1])
            notes.append("actor carried over from the previous sentence of the paragraph")
        if hit.trigger.nominal and _REFERENCE[self.lang].search(folded, max(0, hit.start - 40), hit.start):
            return None  # "claimed responsibility for the attack": a statement about an event told elsewhere
        if hit.trigger.nominal and (
            _FOLLOWED.match(folded, hit.end)
            or (
                (purpose := _PURPOSE.get(self.lang))
                and purpose.search(folded, max(0, hit.start - 40), hit.start)
            )
        ):
            return None  # "money to fund anti-government protests": an aim, not something that happened
        if (
            hit.trigger.nominal
            and pattern.type in ("CONSULT", "AGREE")
            and (mention := _MENTIONED.get(self.lang)) is not None
            and mention.search(folded, max(0, hit.start - 40), hit.start)
        ):
            # "accused X of blackmail in the negotiations": the talks are where, not what happened
            return None
        if not actors and hit.trigger.nominal and pattern.type in _ACTORLESS and self._happens(folded, hit):
            # "protests erupted in the capital", "a car bomb killed six": the noun is the subject of the event
            actors = [Actor("---", None, "", None, (), ("no actor named in the sentence",))]
            notes.append(
                "nominal trigger as the subject of the event, actor not named: coded as unknown (---)"
            )
        if not actors:
            if hit.trigger.nominal:
                return None
            # "Five villagers were killed", "thousands marched", "the opposition coalition agreed": the event
            # is reported, its doer unnamed or not known to the dictionaries.
            actors = [Actor("---", None, "", None, (), ("no actor named in the sentence",))]
            notes.append("actor not named: coded as unknown (---)")
        recipients = [r for r in recipients if all(r is not a for a in actors)]
        etype, mode = pattern.type, pattern.mode
        if (etype, mode) == ("PROTEST", "obstruct") and actors and all(a.sector in _STATE for a in actors):
            # "the army blocked the road": a blockade by armed forces or police restricts, it is no protest
            etype, mode = "COERCE", "restrict"
            notes.append("obstruction by state forces coded as COERCE/restrict")
        crowd_mode = _CROWD_ACTS.get((etype, mode))
        if crowd_mode and self._crowd_does(folded, hit, actor, passive):
            # PLOVER: violence by a crowd ("rioters clashed with police", "lynched by a mob") is a riot, and
            # a crowd blocking a road or seizing a building obstructs
            etype, mode = "PROTEST", crowd_mode
            notes.append(f"done by a crowd: coded as PROTEST/{crowd_mode}")
        if place is None and mode == "visit":
            place = self._visited(recipient)
            if place is not None:
                notes.append(f"event location: the visited city '{place.place}'")
        own_place = place
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
        ultimatum = (
            modality == "future"
            and (unless := _UNLESS.get(self.lang)) is not None
            and unless.search(folded, hit.end) is not None
            and _REPORTED[self.lang].search(folded) is not None
        )
        if ultimatum:
            # "X will withdraw its troops unless Y holds elections": an announced step made conditional on
            # what the other side does is a threat, whatever the step
            intended, etype = etype, "THREATEN"
            mode = _THREAT_MODE.get(intended, {}).get(mode, _THREAT_MODE.get(intended, {}).get(None))
            notes.append(f"announced {intended} on a condition ('unless'): coded as THREATEN")
            modality = "factual"
            when = _commitment_date(text, self.lang, doc.date)
        elif modality == "future" and etype in _PLANNED_TO_AGREE:
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
        if etype == "CONSULT":
            # after the planned-meeting rule: the host of a meeting to come is no party to the promise
            actors, recipients, host_note = _consult_roles(actors, recipients, own_place)
            if host_note:
                notes.append(host_note)
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

    def _crowd_does(self, folded: str, hit: _TriggerHit, actor: Sequence[Mention], passive: bool) -> bool:
        """Tell whether the doer of a violent act is a crowd (a mob, rioters, protesters)."""
        crowd = _CROWD.get(self.lang)
        if crowd is None:
            return False
        if passive:
            by = _BY_CROWD.match(folded, hit.end)
            return by is not None and crowd.search(by.group(1)) is not None
        if actor:
            return any(crowd.search(fold(m.text)) for m in actor)
        subject = folded[clause_start(folded, hit.start) : hit.start].split()[-4:]
        return crowd.search(" ".join(subject)) is not None

    def _happens(self, folded: str, hit: _TriggerHit) -> bool:
        """Tell whether a nominal trigger is the subject of a verb of happening ("protests erupted")."""
        happen = _HAPPEN.get(self.lang)
        if happen is not None and happen.match(folded, hit.end) is not None:
            return True
        before = _HAPPEN_BEFORE.get(self.lang)
        return before is not None and before.search(folded, 0, hit.start) is not None

    def _participial(self, folded: str, hit: _TriggerHit) -> bool:
        head = folded[hit.start : hit.end].split()[0]
        endings = ("ing",) if self.lang == "en" else ("ando", "iendo")
        return head.endswith(endings) and folded[: hit.start].rstrip().endswith(",")

    def _passive(self, folded: str, hit: _TriggerHit) -> bool:
        aux = _BE_AUX[self.lang]
        words = hit.trigger.norm.split()
        if (
            len(words) > 1
            and words[0] in aux
            and words[1].endswith(_PARTICIPLE_ENDINGS[self.lang])
            and words[-1] not in _BY[self.lang]  # "were trained by": the pattern's layout places the agent
        ):
            return True  # the phrase carries its own auxiliary: "resultaron heridos", "were killed"
        if not hit.trigger.participle:
            return False
        before = folded[max(0, hit.start - 25) : hit.start].split()
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


_QUOTE_CHARS = '"“”«»'  # not the apostrophe: "the two countries' demands" keeps its possessive
_OBJECT_END = re.compile(r"[.,;:!?()]")
_QUOTES = re.compile(r"[\"“”«»']")
_OBJECT_STOP = frozenset(
    "in at near from on during after before with by for to into inside outside across around since while "
    "en cerca desde durante tras despues antes con por para hacia dentro fuera".split()
)


def _pattern_applies(p: Pattern, folded: str, end: int) -> bool:
    """Check a pattern's sentence words (requires, excludes) and its object words (objects, not_objects)."""
    if p.requires and not any(_word_in(r, folded) for r in p.requires):
        return False
    if p.excludes and any(_word_in(x, folded) for x in p.excludes):
        return False
    if p.objects or p.not_objects:
        # the object: up to eight words after the trigger, within its clause
        window = _QUOTES.sub(" ", folded[end : end + 80])  # 'promised a "firm response"'
        cut = _OBJECT_END.search(window)
        words = []
        for w in (window[: cut.start()] if cut else window).split()[:8]:
            if w in _OBJECT_STOP:
                break  # "seized weapons in the town": the town is where, not what
            words.append(w)
        obj = " ".join(words)
        if p.objects and not any(_word_in(o, obj) for o in p.objects):
            return False
        if p.not_objects and any(_word_in(o, obj) for o in p.not_objects):
            return False
    return True


# A verb right after "and" has no subject of its own: "police fired tear gas at protesters and detained 41",
# "calificó las medidas de ilegítimas y advirtió".
_AND_VERB = re.compile(r"\b(?:and|y|e)\s*$")
# A group after a comma and before a reporting verb is the source of the sentence ("..., diplomats said").
_REPORTING_AFTER = re.compile(
    r"\s*(?:said|says|say|told|reported|added|stated|dijo|dijeron|informo|senalo)\b"
)


def _reporter(folded: str, after: int, group: list[Mention]) -> bool:
    return "," in folded[after : group[0].start] and _REPORTING_AFTER.match(folded, group[-1].end) is not None


# Types whose place is their target ("air strikes in Syria", "rioted at a jail in Israel", "will evacuate the
# settlements in Gaza") or is handled by the host rule (CONSULT).
_PLACE_IS_TARGET = frozenset({"ASSAULT", "CONSULT", "PROTEST", "RETREAT"})
_LOCATIVE = frozenset("in en at near inside across throughout around por".split())
_PREPOSITIONS = _LOCATIVE | frozenset(
    "to a al on from with con against contra into toward towards hacia for para sobre by desde".split()
)


def _locative(folded: str, pos: int, group: list[Mention]) -> bool:
    """Tell whether a group of place names after ``pos`` is introduced by a locative preposition.

    The last preposition before the group counts, skipping "of" ("in the Venezuelan port of La Guaira",
    "en el estado de Roraima"); people, forces and institutions are never a place.
    """
    if not all(
        m.actor.sector is None and m.actor.chain[:1] and m.actor.chain[0].startswith(_PLACE_STEPS)
        for m in group
    ):
        return False
    for i, w in enumerate(reversed(folded[pos : group[0].start].split())):
        if w in _CLAUSE_WORDS:
            return False  # "demanded in September that Iran ...": a new clause, not a place phrase
        if w in _PREPOSITIONS:
            return w in _LOCATIVE and i <= 4  # "in 14 of the 18 most important Serbian cities" is too far
    return False


_CLAUSE_WORDS = frozenset("that which who whom and or que quien quienes y o e".split())
_PLACE_STEPS = ("country ", "demonym ", "city ", "place ", "region ")


_POSSESSIVES = {"en": frozenset({"its", "their", "his", "her"}), "es": frozenset({"su", "sus"})}


def _own_side_subject(folded: str, hit: _TriggerHit, recipient: list[Mention], actor: list[Mention]) -> bool:
    """Tell whether the recipient opens the that-clause of a threat and shares the actor's country."""
    gap = folded[hit.end : recipient[0].start].split()
    codes = {m.actor.code for m in actor} - {"---"}
    return (
        gap in (["that"], ["que"], ["de", "que"])
        and bool(codes)
        and all(m.actor.code in codes for m in recipient)
    )


def _own(
    folded: str, recipient: list[Mention], actor: list[Mention], lang: str, backer: bool = False
) -> bool:
    """Tell whether the recipient is the actor's own, after a possessive ("its diplomats", "sus soldados").

    With ``backer`` (support), "of" marks the actor's side too: "expreso el respaldo de Moscu al Gobierno".
    """
    before = folded[max(0, recipient[0].start - 12) : recipient[0].start].split()
    codes = {m.actor.code for m in actor} - {"---"}
    return (
        bool(before)
        and (before[-1] in _POSSESSIVES[lang] or (backer and before[-1] in _NOMINAL_OF[lang]))
        and bool(codes)
        and all(m.actor.code in codes for m in recipient)
    )


def _moves_forces(p: Pattern) -> bool:
    return p.type == "MOBILIZE" or (p.type == "RETREAT" and p.mode in ("withdraw", "disarm"))


def _forces(group: list[Mention]) -> bool:
    return all(m.actor.sector in ("MIL", "COP") for m in group)


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
    # right after the verb ("demanded support"), after a determiner ("rejected a U.S. request") or after
    # adjectives only ("turned down repeated requests")
    if not words or all(w in _EN_ADJECTIVES or w.endswith(_EN_ADJECTIVE_ENDINGS) for w in words):
        return True
    return bool(_DETERMINERS["en"].intersection(words)) and "to" not in words


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


# Nominal triggers that open a purpose adjunct ("marcharon ... para exigir", "en reclamo de"): not the
# object of the verb before them, so the demand is coded beside the march.
_PURPOSE_NOUNS = ("para ", "en reclamo", "en demanda")


def _drop_objects(folded: str, hits: list[_TriggerHit], lang: str) -> list[_TriggerHit]:
    """Drop a trigger that is the object of the verb trigger just before it.

    "rejected a U.S. request", "accepted the demands", "called for sanctions", "signed an agreement": the
    request, the demands, the sanctions and the agreement are what the verb acts on (or the same event),
    not events of their own.
    """
    out: list[_TriggerHit] = []
    prev: _TriggerHit | None = None
    for h in hits:
        if prev is not None and _threat_pledge(folded, prev, h):
            out.pop()  # "is prepared to impose martial law": the hostile act, announced, codes the threat
            out.append(h)
            prev = h
            continue
        if prev is not None and _accused_of(folded, prev, h, lang):
            continue  # "acuso a la cupula del ELN de sabotear el proceso": what is alleged, not an event
        if (
            prev is not None
            and not prev.trigger.nominal
            and _OBJECT_GAP.fullmatch(folded, prev.end, h.start)
            and (
                (h.trigger.nominal and not h.trigger.norm.startswith(_PURPOSE_NOUNS))
                or _noun_use(folded[prev.end : h.start], folded[h.start : h.end], lang)
                or _complement(prev, folded[prev.end : h.start], lang)
            )
        ):
            continue
        out.append(h)
        prev = h
    return out


def _accused_of(folded: str, prev: _TriggerHit, h: _TriggerHit, lang: str) -> bool:
    """Tell whether ``h`` is the infinitive an accusation charges someone with ("acuso a X de sabotear")."""
    if lang != "es" or prev.trigger.pattern.type != "ACCUSE":
        return False
    gap = _QUOTES.sub(" ", folded[prev.end : h.start])
    head = folded[h.start : h.end].split()[0]
    return (
        len(gap) <= 50
        and not any(p in gap for p in ",;:")
        and gap.split()[-1:] == ["de"]
        and head.endswith(("ar", "er", "ir"))
    )


def _threat_pledge(folded: str, prev: _TriggerHit, h: _TriggerHit) -> bool:
    """Tell whether ``prev`` pledges the hostile act ``h`` ("is ready to" + "impose sanctions")."""
    if prev.trigger.pattern.type != "AGREE" or prev.trigger.nominal or h.trigger.nominal:
        return False
    if h.trigger.pattern.type not in _THREAT_MODE:
        return False
    gap = folded[prev.end : h.start].split()
    return gap == ["to"] or (not gap and prev.trigger.norm.endswith(" to"))


def _commitment_date(text: str, lang: str, ref: date) -> DateRef:
    """Return the date of a promise or threat: a past date of the sentence, never the promised one.

    "Cuban officers will receive training from September": September dates the training, not the
    agreement, so the article date stands.
    """
    when = event_date(text, lang, ref, future=True)
    return when if when.value <= ref else event_date("", lang, ref)


# A reaction names what it reacts to, not who did it: "condemned the decision", "called the expulsions
# arbitrary", "threatened to respond with mirror measures", "advirtio de que habra una respuesta".
_REACTION = {
    "ACCUSE": re.compile(
        r"^\s+(?:the|this|that|these|those|la|el|las|los|esta|este|estas|estos|esa|ese|esas|esos)\s+"
        r"(?:[\w-]+\s+){0,2}?(?:decision|decisions|move|moves|measures?|sanctions|expulsions?|closure|"
        r"restrictions|ban|arrests?|detentions?|medidas?|sanciones|expulsion(?:es)?|cierre|"
        r"restricciones|prohibicion|detenciones?|arrestos?)\b"
    ),
    "THREATEN": re.compile(
        r"\b(?:respond|responds|response|retaliate|retaliation|reciprocate|mirror|in kind|respuesta|"
        r"responder|represalias?|reciprocidad)\b"
    ),
}


def _counterpart(code: str, earlier: Sequence[Event]) -> Actor | None:
    """Return the other side of the latest earlier event between ``code`` and another country."""
    for e in reversed(earlier):
        if e.modality not in ("factual", "historical"):
            continue
        actors = {a.code for a in e.actor}
        recipients = [r for r in e.recipient if r.code not in ("---", code)]
        if code in {r.code for r in e.recipient}:
            other = [a for a in e.actor if a.code not in ("---", code)]
            if other:
                return other[0]
        elif code in actors and recipients:
            return recipients[0]
    return None


def _from_story(event: Event, earlier: Sequence[Event], same: Sequence[Event]) -> Event:
    """Fill a slot the sentence leaves empty from the story told so far.

    A reaction with no recipient in its sentence ("condemned the decision") is aimed at the other side of
    the latest event that involved the actor's country; a threat of retaliation first takes the target of
    an accusation in the same sentence. An expulsion in the passive with no agent ("were declared persona
    non grata") is done by the other side of the latest event that involved the expelled country.
    """
    if event.event in _REACTION and not event.recipient and len(event.actor) == 1:
        code = event.actor[0].code
        cue = _REACTION[event.event]
        after = fold(event.evidence.sentence)[event.evidence.trigger[1] :]
        if code == "---" or not (cue.match(after) if event.event == "ACCUSE" else cue.search(after)):
            return event
        other: Actor | None = None
        for e in same:
            if e.event == "ACCUSE" and e.recipient and e.recipient[0].code not in ("---", code):
                other, step = e.recipient[0], "the target of the accusation in the same sentence"
                break
        if other is None:
            other, step = _counterpart(code, earlier), "the other side of the latest event involving"
            step += f" {code} in the document"
        if other is None:
            return event
        note = f"reaction with no recipient in the sentence: recipient is {step}"
        return dataclasses.replace(event, recipient=(_story_actor(other, note),), notes=(*event.notes, note))
    if (
        event.event == "SANCTION"
        and event.mode == "expel"
        and _unknown_only(event)
        and len(event.recipient) == 1
        and event.recipient[0].code != "---"
    ):
        other = _counterpart(event.recipient[0].code, earlier)
        if other is None:
            return event
        note = (
            "expulsion in the passive with no agent: actor is the other side of the latest event involving "
        )
        note += f"{event.recipient[0].code} in the document"
        return dataclasses.replace(event, actor=(_story_actor(other, note),), notes=(*event.notes, note))
    return event


def _story_actor(actor: Actor, step: str) -> Actor:
    return Actor(actor.code, actor.sector, actor.entity_text, actor.name, actor.sectors, (*actor.chain, step))


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
