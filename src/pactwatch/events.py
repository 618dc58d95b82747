"""Code events: find triggers, fill the actor and recipient slots, and build PLOVER event records."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path

import ahocorasick

from .actors import ActorFinder, DocContext, Hit, actor_finder, in_dateline, read_ahead, resolve_sentence
from .codebook import load_codebook
from .dates import event_date
from .dictionaries import actor_files_from_env
from .eventcues import (
    _ACTORLESS,
    _AGENT_OF,
    _AND_VERB,
    _ANNOUNCED,
    _BE_AUX,
    _BY,
    _BY_CROWD,
    _BY_NEXT,
    _CROWD,
    _CROWD_ACTS,
    _ES_AUX,
    _ES_PARTICIPLE,
    _ES_PREPOSITIONS,
    _FOLLOWED,
    _GENERAL_APPEAL,
    _HANDED_TO,
    _HAPPEN,
    _HAPPEN_BEFORE,
    _MENTIONED,
    _NOMINAL_MUTUAL,
    _NOMINAL_TO,
    _ONE_OF,
    _PARTICIPLE_ENDINGS,
    _PARTNER_REACH,
    _PLACE_IS_TARGET,
    _PLANNED_TO_AGREE,
    _PLURAL_START,
    _PRONOUN_START,
    _PURPOSE,
    _QUOTE_CHARS,
    _REDUCED_RELATIVE,
    _REFERENCE,
    _REPORTED,
    _STATE,
    _SYMMETRIC,
    _UNLESS,
    _WILL_CUES,
    _WITH,
    GERUND_ENDINGS,
    _arrive_periphrasis,
    _exchange_result,
    _headline_passive,
    _protest_motive,
    _protest_purpose,
    _protest_stance,
    _spells_out,
    _territorial_claim,
)
from .gazetteer import data_version, roles_from_env
from .modality import clause_start, detect_modality, find_attribution
from .models import Actor, Doc, Event, Evidence, Mention, Place, Sentence, fold
from .patterns import Trigger, load_patterns
from .slots import (
    _NOMINAL_OF,
    _commitment_date,
    _consult_roles,
    _contexts,
    _destination,
    _drop_weaker,
    _forces,
    _from_story,
    _groups,
    _in_aside,
    _locative,
    _mediated_parties,
    _moves_forces,
    _not_event_place,
    _own,
    _own_side_subject,
    _pronoun_object,
    _reporter,
    _result_victims,
    insurgents,
    joint_operation,
    not_the_recipient,
    reciprocal,
    state_places,
)
from .triggers import (
    _DETERMINERS,
    _EN_ADJECTIVE_ENDINGS,
    _EN_ADJECTIVES,
    _THREAT_MODE,
    ES_INFINITIVE,
    _drop_objects,
    _pattern_applies,
    _starts_with,
    _TriggerHit,
    _word_re,
)


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
        if prev in determiners and not (self.lang == "es" and prev == "al"):
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
            if prev in _ES_PREPOSITIONS and not ES_INFINITIVE.match(head) and head != "se":
                return True  # "en rechazo al aumento", "bajo arresto": a conjugated form after a preposition
            if prev == "al":
                # "al pedir a los fieles" is a clause ("when asking"); "al detenido" a noun
                return not ES_INFINITIVE.match(head)
            return (
                head == folded[start:end]
                and head.endswith(_ES_PARTICIPLE)
                and prev not in _ES_AUX
                and not _headline_passive(folded, start, end)
            )
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
            if place_hits:
                stand_ins = state_places(
                    sentence.text, fold(sentence.text), sentence.index, place_hits, self.lang
                )
                mentions = sorted([*mentions, *stand_ins], key=lambda m: m.start)
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
            if out and _protest_motive(folded, hit, out, self.lang):
                continue  # "Irak suspendio sus exportaciones para protestar": the suspension is the news
            if out and _protest_stance(folded, hit, out, self.lang):
                continue  # "marcharon para respaldar al alcalde": the march is the news
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
            if out and _protest_purpose(folded, hit, out[-1], self.lang):
                # "Thousands marched to Congress to demand the repeal": the marchers demand, not Congress
                note = f"purpose of the '{out[-1].event_text}' protest before it: its actor"
                event = dataclasses.replace(event, actor=out[-1].actor, notes=(*event.notes, note))
            if out and _spells_out(event, out[-1]):
                continue  # "tightened its embargo, restricting remittances": what the sanction does
            if out and _exchange_result(event, out[-1]):
                continue  # "X and Y exchanged fire, killing one soldier": the toll of the exchange
            if out and not hit.trigger.nominal:
                event = _pronoun_object(folded, hit.end, event, out[-1], self.lang)
                event = _result_victims(event, out[-1])
            if out:
                event = _mediated_parties(event, out[-1])
            if not hit.trigger.nominal:
                spans = set(event.evidence.actor_spans)
                subject = [m for m in mentions if (m.start, m.end) in spans]
            for one in (x for r in reciprocal(folded, hit.end, event, self.lang) for x in joint_operation(r)):
                key = (one.event, tuple(a.code for a in one.actor), tuple(r.code for r in one.recipient))
                if key in seen:
                    continue
                seen.add(key)
                out.append(one)
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
        if len(left) > 1 and _in_aside(folded, left[-1], hit.start):
            # "Brasil, que comparte frontera con ambos países, envió": the aside is no subject
            left = left[:-1]
        right = [g for g in groups if g[0].start >= hit.end]
        notes: list[str] = []
        actor: list[Mention] = []
        recipient: list[Mention] = []
        layout = pattern.layout
        carried = bool(not left and last_subject and _starts_with(folded, _PRONOUN_START[self.lang]))
        passive = self._passive(folded, hit)
        right = [g for g in right if not _reporter(folded, hit.end, g)]
        if self._not_an_act(folded, hit, passive):
            return None
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
        elif passive and left and pattern.type == "MOBILIZE" and _forces(left[-1]):
            # "2,000 soldiers will be sent to the border": the forces moved stand for the side moving them
            actor = left[-1]
            notes.append("passive deployment without an agent: the forces moved stand for their side")
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
        elif layout == "arrival":
            recipient = left[-1] if left else []
        elif layout == "handover":
            # "extradited 12 cartel members to the United States": the side after "to" receives them
            actor = left[-1] if left else []
            recipient = self._after(folded, hit.end, right, _HANDED_TO[self.lang], 80)
            if recipient:
                notes.append("handover: the recipient is the side after 'to'")
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
            hit.trigger.nominal
            and _moves_forces(pattern)
            and recipient
            and 0 <= recipient[0].start - hit.end <= 40
            and _forces(recipient)
        ):
            # "el envío de 1.200 militares a Arauca": the forces sent are what is moved, not the recipient
            notes.append("the forces moved are not the recipient")
            recipient = []
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
            and recipient[0].start >= hit.end
            and not hit.trigger.nominal
            and (why := not_the_recipient(folded, hit.start, hit.end, recipient))
        ):
            notes.append(f"'{recipient[0].text}' {why}: not the recipient")
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
        actor, armed_note = insurgents(pattern.type, actor, [m.actor for m in recipient])
        if armed_note:
            notes.append(armed_note)
        actors = [m.actor for m in actor]
        recipients = [m.actor for m in recipient]
        if layout == "arrival" and not actors and place is not None and place.country_code:
            step = f"the country arrived in, from the event location '{place.place}' -> {place.country_code}"
            actors = [Actor(place.country_code, None, place.place, None, (), (step,))]
            notes.append("arrival: the country arrived in lets the arrivals in")
        if not actors and carried and last_subject:
            plural = _starts_with(folded, _PLURAL_START[self.lang])
            actors = list(last_subject[2] if plural else last_subject[1])
            notes.append("actor carried over from the previous sentence of the paragraph")
        if hit.trigger.nominal and _REFERENCE[self.lang].search(folded, max(0, hit.start - 70), hit.start):
            return None  # "claimed responsibility for the attack": a statement about an event told elsewhere
        if (
            hit.trigger.nominal
            and _ONE_OF.search(folded, max(0, hit.start - 40), hit.start)
            and not self._happens(folded, hit)
        ):
            return None
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
        modality, cue = detect_modality(text, hit.start, hit.end, self.lang, folded, cstart)
        intended = None
        threat = (
            modality in ("future", "hypothetical")
            and etype in _THREAT_MODE
            and (etype != "MOBILIZE" or bool(recipients))  # forces to be moved against no one threaten no one
            and cue in _WILL_CUES[self.lang] | {text[hit.start : hit.end].lower()}
            and _REPORTED[self.lang].search(folded) is not None
        )
        condition = self._condition(folded, hit, modality)
        if condition is not None:
            # "X will withdraw its troops unless Y holds elections": an announced step made conditional on
            # what the other side does is a threat, whatever the step
            intended, etype = etype, "THREATEN"
            mode = _THREAT_MODE.get(intended, {}).get(mode, _THREAT_MODE.get(intended, {}).get(None))
            notes.append(f"announced {intended} on a condition ('{condition}'): coded as THREATEN")
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

    def _condition(self, folded: str, hit: _TriggerHit, modality: str) -> str | None:
        """Return the condition on the other side that makes an announced step an ultimatum, if any.

        "X will withdraw its troops unless Y holds elections", "anunciaron un paro si el Congreso no deroga".
        """
        announced = _ANNOUNCED.get(self.lang)
        unless = _UNLESS.get(self.lang)
        if unless is None or not (
            modality == "future"
            or (announced is not None and announced.search(folded, max(0, hit.start - 60), hit.start))
        ):
            return None
        found = unless.search(folded, hit.end)
        if found is None or _REPORTED[self.lang].search(folded) is None:
            return None
        return found.group()

    def _not_an_act(self, folded: str, hit: _TriggerHit, passive: bool) -> bool:
        """Tell whether a trigger names no act of its own: a general appeal, or a reduced relative clause."""
        etype = hit.trigger.pattern.type
        if etype == "REQUEST" and not hit.trigger.nominal:
            appeal = _GENERAL_APPEAL.get(self.lang)
            if appeal is not None and appeal.match(folded, hit.end):
                return True  # "urged India to show restraint": CAMEO 02, dropped by PLOVER
            if _territorial_claim(folded, hit):
                return (
                    True  # "la zona del Esequibo es reclamada por Venezuela": a standing claim, not a request
                )
        if self.lang == "es" and _arrive_periphrasis(folded, hit):
            return True  # "los campesinos llegaron a cortar la ruta": how far they went, not an arrival
        if self.lang == "en" and etype == "ACCUSE" and not hit.trigger.nominal and not passive:
            before = folded[: hit.start].rstrip()
            return (
                _REDUCED_RELATIVE.match(folded, hit.end) is not None
                and bool(before)
                and before[-1].isalnum()
                and before.split()[-1] not in _BE_AUX["en"]
            )
        return False

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
        return head.endswith(GERUND_ENDINGS[self.lang]) and folded[: hit.start].rstrip().endswith(",")

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
        if (
            self.lang == "en"
            and " " not in hit.trigger.norm  # "rejected calls by Kofi Annan" is active
            and _BY_NEXT.match(folded, hit.end)
            and before
            and before[-1] not in ("has", "have", "had")
        ):
            return True  # a reduced relative clause: "a swap mediated by the United Arab Emirates"
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
        """Pick the event location: the first locative city, else division, else country."""
        folded = fold(text)
        division: Hit | None = None
        country: Hit | None = None
        for h in hits:
            if h.kind == "city" and _destination(folded, h.start):
                return self._place_of(text, h)  # "sent 1,200 soldiers to Cúcuta": where they go
            if h.kind == "admin1" and division is None and in_dateline(text, h.start, h.end):
                division = h  # "... a una persona , ARAUCA , TAME": the report's department
                continue
            if h.kind == "admin1" and not self.finder.locative_division(text, h.start):
                continue
            if h.kind != "admin1" and not self.finder.locative_before(text, h.start):
                continue
            if _not_event_place(folded, h.start):
                continue
            if h.kind == "city":
                return self._place_of(text, h)
            if h.kind == "admin1" and division is None:
                division = h  # "en el departamento de Arauca", "in the Kharkiv region"
            elif h.kind == "country" and country is None:
                country = h
        best = division or country
        return self._place_of(text, best) if best is not None else None

    def _place_of(self, text: str, hit: Hit) -> Place:
        if hit.kind == "city" and hit.place_id and hit.place_id in self.places:
            p = self.places[hit.place_id]
            return Place(p.name, p.code, p.lat, p.lon, "city")
        if hit.kind == "admin1" and hit.place_id and hit.place_id in self.places:
            p = self.places[hit.place_id]
            return Place(p.name, p.code, None, None, "admin1")  # an area, not a point
        return Place(text[hit.start : hit.end], hit.code, None, None, "country")

    def _visited(self, recipient: Sequence[Mention]) -> Place | None:
        """Return the city named as the object of a visit ("visited Minsk", "llego a La Habana")."""
        for m in recipient:
            p = self._cities.get(fold(m.text))
            if p is not None and p.code == m.actor.code:
                return Place(p.name, p.code, p.lat, p.lon, "city")
        return None


def dictionary_version() -> str:
    """Return the version stamped on every event: codebook, dictionaries and patterns together.

    User dictionaries named by ``$PACTWATCH_ROLES`` and ``$PACTWATCH_ACTORS`` add a ``+user:`` hash of their
    contents, so `pactwatch run --recode` recodes what was coded without them (or with other versions).
    """
    version = _packaged_version()
    user = [*roles_from_env(), *actor_files_from_env()]
    if not user:
        return version
    extra = hashlib.sha256()
    for path in user:
        extra.update(path.encode("utf-8") + b"\0")
        try:
            extra.update(Path(path).read_bytes())
        except OSError:
            pass  # the loader reports an unreadable file with its path; the stamp just names it
        extra.update(b"\0")
    return f"{version}+user:{extra.hexdigest()[:8]}"


@functools.cache
def _packaged_version() -> str:
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
