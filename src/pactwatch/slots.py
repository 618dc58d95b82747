"""Slot rules: which actor group fills the actor and recipient of an event, and what the document adds.

Groups of actor mentions joined by "and" or "y su homólogo"; a place after "in" is a location, not a
recipient; a reporting clause ("..., diplomats said") is a source; the actor's own troops or people are
not its recipient; CONSULT's visitor and host; contexts from the trigger and the actors' sectors; and
events whose recipient or actor the sentence leaves out take them from the story told so far ("condemned
the decision", "were declared persona non grata"). Places that stand for their state ("recalled its
ambassador in Managua"), armed groups that fight a state, object pronouns ("accusing them"), reciprocal
acts ("accused each other") and the victims of a result clause ("…, wounding two soldiers") are here too.
:class:`~pactwatch.events.Coder` calls these while it fills slots.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from .codebook import load_codebook
from .dates import event_date
from .gazetteer import is_state_code
from .models import Actor, DateRef, Event, Mention, Place, fold
from .patterns import Pattern
from .triggers import _TriggerHit

if TYPE_CHECKING:
    from .actors import Hit

# "X and his counterpart Y" / "X, y su homologo Y": two parties, listed.
_COUNTERPARTS = [("and", "his", "counterpart"), ("and", "her", "counterpart"), ("y", "su", "homologo")]

_GROUP_JOINERS = frozenset(
    {",", "and", ", and", "y", "e", ", y", "as well as", "&", "together with", "junto con", "asi como"}
    | {"-", "–", "/"}  # "the US-South Korean drills"
    | {"and the", ", and the", "y el", "y la", "y los", "y las", ", y el", ", y la", ", y los", ", y las"}
    | {f"{c}{a} {p} {n}" for c in ("", ", ") for a, p, n in _COUNTERPARTS}
)

_NOMINAL_OF = {"en": ("of", "by", "from"), "es": ("de", "del", "por")}

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

# Locatives that name where someone or something is, or comes from, not where the event happens:
# "the Russian embassy in Chisinau", "money from Moscow", "su embajador en Managua", "flew over Japan".
_NOT_EVENT_PLACE = re.compile(
    r"(?:\b(?:embassy|embassies|ambassador|consulate|envoy|embajada|embajador|consulado|based|sede)\s+(?:in|en|at)"
    r"|\b(?:from|desde)|\bcon sede en|\b(?:flew|flying|flies|fly) over|\boverflew|\bsobrevol\w+)\s*$"
)

# A group after a comma and before a reporting verb is the source of the sentence ("..., diplomats said").
_REPORTING_AFTER = re.compile(
    r"(?:'s(?:\s+[\w-]+){1,3}?)?\s*(?:said|says|say|told|reported|added|stated|dijo|dijeron|informo|senalo)\b"
)


def _reporter(folded: str, after: int, group: list[Mention]) -> bool:
    return "," in folded[after : group[0].start] and _REPORTING_AFTER.match(folded, group[-1].end) is not None


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

# "en el estado de Roraima, fronterizo con ambos paises": a group that only describes a place.
_DESCRIBES = re.compile(
    r"\b(?:fronteriz[oa]s?|limitrofes?|que limitan?|que comparten? frontera) con\s*$"
    r"|\b(?:bordering|that borders?|which borders?)\s*$"
)
_COMPARISON = re.compile(r",\s*(?:tal\s+)?como\b")
_RELATIVE = frozenset("that which who whom where que quien quienes donde cuyo cuya".split())
_OBJECT_DETERMINERS = frozenset(
    "a an the its their his her this these el la los las un una unos unas su sus".split()
)


def not_the_recipient(folded: str, start: int, end: int, group: list[Mention]) -> str | None:
    """Say why the first group after a trigger is not its recipient, or None when it may be.

    It describes a place ("fronterizo con ambos paises"), lies in a relative clause on the trigger's object
    ("withdrew a bill that would have required media outlets to ..."), or in a comparison ("no presento su
    renuncia, como exigian las organizaciones").
    """
    gap = folded[end : group[0].start]
    if _DESCRIBES.search(gap):
        return "describes a place"
    if _COMPARISON.search(gap):
        return "in a comparison clause ('como')"
    # the trigger may carry its object ("withdrew a bill"): its words after the verb count as well
    words = folded[start : group[0].start].replace(",", " ").split()[1:]
    for i, w in enumerate(words):
        if w in _RELATIVE and any(x in _OBJECT_DETERMINERS for x in words[:i]):
            return f"in a relative clause ('{w}') on the object"
    return None


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


# A place that stands for its state: where the actor's own envoy is posted ("recalled its ambassador in
# Managua"; "employees of the Russian embassy in Chisinau" only says where the embassy is), the
# country that expelled someone ("the expulsion of its diplomats from Moldova") and where goods come from
# ("received drones from Iran"). Otherwise a place after "in"/"from" is only a location or an origin.
_STATE_PLACE_CUES = {
    "en": re.compile(
        r"(?:\b(?:its|their|his|her)\s+(?:\w+\s+)?"
        r"(?:ambassadors?|embass(?:y|ies)|envoys?|diplomats?|charge d'affaires|consulates?)\s+(?:in|to|at)"
        r"|\b(?:expulsion|expelled|ejected|deported)\b[^.;:]{0,40}\bfrom"
        r"|\b(?:receiv(?:e|ed|es|ing)|obtain(?:ed|s)?|acquir(?:e|ed|es)|bought|purchas(?:e|ed|es))\b"
        r"[^.;:]{0,60}\bfrom)"
        r"\s+(?:the\s+)?$"
    ),
    "es": re.compile(
        r"(?:\bsus?\s+(?:\w+\s+)?"
        r"(?:embajador(?:a|es)?|embajadas?|enviad[oa]s?|diplomaticos?|encargad[oa] de negocios)\s+(?:en|ante)"
        r"|\bexpulsad[oa]s?\b[^.;:]{0,40}\bde"
        r"|\b(?:recib(?:io|ieron|ira|e|en)|adquiri(?:o|eron)|compr(?:o|aron))\b"
        r"[^.;:]{0,60}\b(?:procedentes? de|desde))"
        r"\s+(?:el\s+|la\s+)?$"
    ),
}


def state_places(text: str, folded: str, sentence: int, places: Sequence[Hit], lang: str) -> list[Mention]:
    """Return the places of a sentence that stand for their state, as actor mentions.

    "Madrid recalled its ambassador in Managua": Managua is where the envoy is posted, so the recall is
    aimed at Nicaragua; "received drones from Iran": Iran provides them. The chain gives the reason.
    """
    cue = _STATE_PLACE_CUES.get(lang)
    out: list[Mention] = []
    for h in places:
        if cue is None or h.kind not in ("country", "city") or not is_state_code(h.code or ""):
            continue
        m = cue.search(folded, max(0, h.start - 90), h.start)
        if m is None:
            continue
        words = text[h.start : h.end]
        step = (
            f"place '{words}' stands for its state {h.code}: "
            f"'{folded[m.start() : h.start].strip()}' names where it acts from or toward"
        )
        actor = Actor(h.code or "---", "GOV", words, None, ("GOV",), (step,))
        out.append(Mention(sentence, h.start, h.end, -1, -1, words, actor))
    return out


# Armed groups that fight a state are that state's insurgents (PLOVER's REB: "rebels and insurgents who
# fight the state"), whoever their backers: "jihadist fighters attacked an army post" in a story set in Mali.
_FIGHTS = frozenset({"ASSAULT", "THREATEN", "COERCE"})
_ARMED_NONSTATE = frozenset({"REB", "UAF"})
_STATE_FORCES = frozenset({"MIL", "COP", "GOV"})


def insurgents(
    etype: str, actor: list[Mention], recipients: Sequence[Actor]
) -> tuple[list[Mention], str | None]:
    """Give armed non-state attackers with no country the country of the state forces they attack."""
    codes = {r.code for r in recipients if r.sector in _STATE_FORCES}
    if etype not in _FIGHTS or len(codes) != 1 or not actor:
        return actor, None
    (code,) = codes
    if not is_state_code(code) or any(r.code != code for r in recipients):
        return actor, None
    if not all(m.actor.code == "---" and m.actor.sector in _ARMED_NONSTATE for m in actor):
        return actor, None
    step = f"armed group with no country attacks the forces of {code}: insurgents of {code} (PLOVER REB)"
    out = [
        dataclasses.replace(m, actor=dataclasses.replace(m.actor, code=code, chain=(*m.actor.chain, step)))
        for m in actor
    ]
    return out, step


_ASIDE_OPENER = re.compile(r",\s*(?:que|quien|quienes|el cual|la cual|which|who|whose|where|donde)\b")


def _in_aside(folded: str, group: list[Mention], verb: int) -> bool:
    """Tell whether a group sits inside a relative clause set off by commas before the verb.

    "Brasil, que comparte frontera con ambos países, envió ...": the subject is Brasil, not the
    countries of the aside.
    """
    opener = None
    for m in _ASIDE_OPENER.finditer(folded, 0, group[0].start):
        opener = m
    if opener is None or "," in folded[opener.end() : group[0].start]:
        return False
    return "," in folded[group[-1].end : verb]


# An object pronoun right after the verb ("..., accusing them of espionage"; "expelled six aid workers and
# stripped their organisation of its status") refers to the people the verb before acted on.
_PRONOUN_OBJECT = {
    "en": re.compile(r"\s+(?:them|him|her|their)\b"),
    "es": re.compile(r"\s+(?:a\s+)?(?:ellos|ellas|su|sus)\b"),
}


def _pronoun_object(folded: str, end: int, event: Event, before: Event, lang: str) -> Event:
    """Give an event with no recipient, whose object is a pronoun, the recipient of the event before."""
    cue = _PRONOUN_OBJECT.get(lang)
    if event.recipient or cue is None or (m := cue.match(folded, end)) is None:
        return event
    targets = tuple(r for r in before.recipient if r.code != "---")
    own = {a.code for a in event.actor}
    if not targets or any(r.code in own for r in targets):
        return event  # "their" may be the actor's own: only another side's people count
    note = f"object '{m.group().strip()}' refers to the recipient of the event before in the sentence"
    return dataclasses.replace(event, recipient=targets, notes=(*event.notes, note))


# "accused each other", "Each side accused the other", "se acusaron mutuamente": one event per side.
_RECIPROCAL = {
    "en": re.compile(r"\s+(?:each other|one another|the other)\b"),
    "es": re.compile(
        r"\s+(?:mutuamente|(?:el )?uno al otro|(?:la )?una a la otra|(?:a )?la otra(?: parte)?)\b"
    ),
}


def reciprocal(folded: str, end: int, event: Event, lang: str) -> list[Event]:
    """Split an event of two sides done to each other into one event per side, the other as recipient."""
    cue = _RECIPROCAL.get(lang)
    sides = {a.code: a for a in event.actor if a.code != "---"}
    if cue is None or event.recipient or len(sides) != 2 or (m := cue.match(folded, end)) is None:
        return [event]
    note = f"reciprocal '{m.group().strip()}': one event per side, the other side as recipient"
    out = []
    for code, actor in sides.items():
        other = next(a for c, a in sides.items() if c != code)
        eid = "e-" + hashlib.sha256(f"{event.id}|{code}".encode()).hexdigest()[:16]
        out.append(
            dataclasses.replace(event, id=eid, actor=(actor,), recipient=(other,), notes=(*event.notes, note))
        )
    return out


# Chain steps of a country inferred from elsewhere, not named in the actor's own words (doccountry.py).
_INFERRED_STEPS = ("document:", "no country cue in ")


def _result_victims(event: Event, before: Event) -> Event:
    """Give the victims of a result clause with no country of their own the main event's target.

    "Venezuelan soldiers opened fire on a Guyanese patrol, wounding two soldiers": the soldiers wounded are
    the patrol's, not the document's main country's.
    """
    if (
        event.event != before.event
        or not before.recipient
        or not event.recipient
        or not any(n.startswith("participle clause") for n in event.notes)
        or not all(r.chain and r.chain[-1].startswith(_INFERRED_STEPS) for r in event.recipient)
    ):
        return event
    note = "victims of the result clause, with no country of their own, are the main event's target"
    return dataclasses.replace(event, recipient=before.recipient, notes=(*event.notes, note))


def _mediated_parties(event: Event, before: Event) -> Event:
    """Give a mediation with no state recipient the parties of the event it brokered, told just before.

    "Ukraine and Russia exchanged 150 prisoners each in a swap mediated by the United Arab Emirates": the
    Emirates mediated between Ukraine and Russia.
    """
    if (event.event, event.mode) != ("CONSULT", "third-party") or any(
        is_state_code(r.code) for r in event.recipient
    ):
        return event
    parties = tuple(
        a for a in before.actor if is_state_code(a.code) and a.code not in {x.code for x in event.actor}
    )
    if len(parties) < 2:
        return event
    note = f"mediation between the parties of the '{before.event_text}' event before it in the sentence"
    return dataclasses.replace(event, recipient=parties, notes=(*event.notes, note))


_LAW_ENFORCERS = frozenset({"COP", "SPY", "JUD"})


def joint_operation(event: Event) -> list[Event]:
    """Code law enforcement done together by two states' police as their cooperation.

    "La Policía Nacional española y la DGSN de Marruecos desarticularon una red": Spain and Morocco
    cooperate (PLOVER COOPERATE, a joint operation); the arrests, when the sentence names who was held,
    stay a COERCE event of its own.
    """
    sides = {a.code: a for a in event.actor if is_state_code(a.code)}
    if event.event != "COERCE" or len(sides) < 2 or not all(a.sector in _LAW_ENFORCERS for a in event.actor):
        return [event]
    book = load_codebook()
    cameo = book.cameo("COOPERATE", None)
    note = "law enforcement by two states' police together: a joint operation, coded as COOPERATE"
    joint = dataclasses.replace(
        event,
        id="e-" + hashlib.sha256(f"{event.id}|joint".encode()).hexdigest()[:16],
        event="COOPERATE",
        mode=None,
        recipient=(),
        cameo=cameo,
        goldstein=book.goldstein(cameo) if cameo else None,
        quad_code=book.quad("COOPERATE"),
        plover_score=book.score("COOPERATE", None),
        intended=None,
        notes=(*event.notes, note),
    )
    return [joint, event] if event.recipient else [joint]


def _moves_forces(p: Pattern) -> bool:
    return p.type == "MOBILIZE" or (p.type == "RETREAT" and p.mode in ("withdraw", "disarm"))


def _forces(group: list[Mention]) -> bool:
    return all(m.actor.sector in ("MIL", "COP") for m in group)


def _not_event_place(folded: str, start: int) -> bool:
    return _NOT_EVENT_PLACE.search(folded, max(0, start - 30), start) is not None


# Where forces are sent is where the deployment happens: "sent 1,200 soldiers to Cúcuta".
_DESTINATION = re.compile(
    r"\b(?:deploy(?:s|ed|ing)?|sen[dt]s?|sending|dispatch(?:es|ed|ing)?|envi[oa]\w*|envio|despleg\w*|desplieg\w*)\b"
    r"[^.;:]{0,40}\b(?:troops|soldiers|forces|battalions?|brigades?|warships|reinforcements|marines|tropas|"
    r"soldados|militares|efectivos|batallon(?:es)?|brigadas?|refuerzos|buques)\b"
    r"[^.;:]{0,30}\b(?:to|into|a|al|hacia)\s+(?:the\s+|la\s+|el\s+)?$"
)


def _destination(folded: str, start: int) -> bool:
    """Tell whether a place at ``start`` is where forces are sent ("deployed troops to Cúcuta")."""
    return _DESTINATION.search(folded, max(0, start - 100), start) is not None


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
    # "Tehran had turned down repeated requests for access": the requests of the other side
    "REJECT": re.compile(
        r"^\s+(?:(?:the|a|an|its|their|repeated|renewed|latest|new|recent|earlier|la|las|el|los|su|sus|"
        r"reiteradas?|nuevas?|ultimas?)\s+){0,3}(?:requests?|demands?|calls?|appeals?|proposals?|offers?|"
        r"exigencias?|pedidos?|solicitud(?:es)?|peticion(?:es)?|propuestas?|ofertas?|llamados?)\b"
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

    A reaction with no recipient in its sentence ("condemned the decision", "turned down repeated requests")
    is aimed at the other side of the latest event that involved the actor's country; a threat of
    retaliation first takes the target of an accusation in the same sentence. An expulsion in the passive
    with no agent ("were declared persona non grata") is done by the other side of the latest event that
    involved the expelled country.
    """
    if event.event in _REACTION and not event.recipient and len(event.actor) == 1:
        code = event.actor[0].code
        cue = _REACTION[event.event]
        after = fold(event.evidence.sentence)[event.evidence.trigger[1] :]
        if code == "---" or not (cue.search(after) if event.event == "THREATEN" else cue.match(after)):
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
            gap = " ".join(folded[last.end : m.start].split())
            if (
                gap in _GROUP_JOINERS
                and spans[(m.start, m.end)] == 1
                and spans[(last.start, last.end)] == 1
                and not (gap == "," and _REPORTING_AFTER.match(folded, m.end))  # "..., X's ministry said"
            ):
                groups[-1].append(m)
                continue
        groups.append([m])
    return [_share_demonym(folded, g) for g in groups]


def _share_demonym(folded: str, group: list[Mention]) -> list[Mention]:
    """Give a bare role joined to "<demonym> <role>" its country: "Belarusian officials and firms"."""
    out = list(group)
    for i in range(1, len(out)):
        m, prev = out[i], out[i - 1]
        if (
            m.actor.code != "---"
            or not m.actor.chain
            or not m.actor.chain[0].startswith("role ")
            or not prev.actor.chain
            or not prev.actor.chain[0].startswith("demonym ")
            or len(prev.text.split()) != 2
            or folded[prev.end : m.start].strip() not in ("and", "y", "e")
        ):
            continue
        joiner = folded[prev.end : m.start].strip()
        step = f"joined to '{prev.text}' by '{joiner}': its demonym -> {prev.actor.code}"
        actor = dataclasses.replace(m.actor, code=prev.actor.code, chain=(*m.actor.chain[:1], step))
        out[i] = dataclasses.replace(m, actor=actor)
    return out
