"""The cue tables of the event coder: per-language words and patterns that say how a trigger reads.

:class:`~pactwatch.events.Coder` looks up here whether a sentence reports a promise or a threat, which words
make a verb passive, which nominal triggers name events told elsewhere ("in response to the sanctions"),
which are aims ("to fund protests"), and the small checks built on them. Keys are language codes; the
patterns match folded text (lowercase, no accents).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Event
from .triggers import ES_INFINITIVE, _TriggerHit

# PLOVER: promised or planned cooperation is coded as AGREE.
_PLANNED_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
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
# Types whose nominal "X of Y" names the doer ("the visit of the minister", "el respaldo de Moscu", "las
# exigencias de los manifestantes"); for the others "of" names the one it is done to ("the expulsion of two
# diplomats").
_AGENT_OF = frozenset({"CONSULT", "AGREE", "COOPERATE", "PROTEST", "MOBILIZE", "SUPPORT", "REQUEST"})
# Types coded from a noun with no actor named (PLOVER's unknown actor "---") when the noun is the subject
# of what happened ("protests erupted"); a verb trigger is coded with an unknown actor whatever its type.
_ACTORLESS = frozenset({"PROTEST", "ASSAULT", "COERCE", "MOBILIZE"})
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
        "fuera",
        "fueran",
        "fuese",
        "fuesen",
        "sea",
        "sean",
    ),
}
_ES_PARTICIPLE = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")
# "hubo" is left out: "no hubo heridos" (there were no wounded) names people, not an act.
_ES_AUX = frozenset(
    "ha han habia habian haber habria habrian hubieran hubiera fue fueron sido es son era eran sera "
    "fuera fueran fuese fuesen sea sean "
    "seran resulto resultaron quedo quedaron estaba estaban esta estan siendo se".split()
)
_ES_PREPOSITIONS = frozenset("en con sin de del al bajo".split())
_BY = {"en": ("by",), "es": ("por", "por parte de")}
_PARTICIPLE_ENDINGS = {"en": ("ed", "en"), "es": _ES_PARTICIPLE}
# How far after a meeting verb its partner may come: "held talks on Friday with the head of the Cuban MININT".
_PARTNER_REACH = 50
_WITH = {"en": ("with", "and"), "es": ("con", "y")}
_HANDED_TO = {"en": ("to",), "es": ("a", "al")}
_NOMINAL_MUTUAL = {"en": ("between",), "es": ("entre",)}
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
        "the ships",
        "the warships",
        "the vessels",
        "the flotilla",
        "the squadron",
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
        "la flotilla",
        "los buques",
        "los barcos",
        "la escuadra",
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
    ),
    "es": re.compile(r"\ba menos que\b|\bsalvo que\b|\bsi\s+(?:[\w'-]+\s+){1,6}?no\b"),
}
# A trigger that is what someone announced or called for is planned: "announced a 48-hour strike",
# "convocaron un paro".
_ANNOUNCED = {
    "en": re.compile(r"\b(?:announced|called|threatened)\s+(?:(?:a|an|the|new)\s+)?(?:[\w-]+\s+){0,3}$"),
    "es": re.compile(
        r"\b(?:anuncio|anunciaron|anuncian|anuncia|convoco|convocaron|convocan|convoca)\s+"
        r"(?:(?:un|una|unos|unas|el|la|nuevos?|nuevas?)\s+)?(?:[\w-]+\s+){0,3}$"
    ),
}
# An appeal for calm, restraint or a statement asks nothing of what REQUEST covers (help, a change, a
# concession, a meeting): CAMEO 02 "appeal", which PLOVER drops. "urged India to show restraint".
_GENERAL_APPEAL = {
    "en": re.compile(
        r"[^.;:]{0,60}?\b(?:restraint|calm|composure|moderation|to refrain from|to speak out|"
        r"to take a stand|to make a statement|to de-escalate)\b"
    ),
    "es": re.compile(
        r"[^.;:]{0,60}?\b(?:se pronuncien?|pronunciarse|calma|moderacion|mesura|prudencia|serenidad|"
        r"contencion|no abandon(?:en|e|ar))\b"
    ),
}
# A participle right after a noun with nothing between is a reduced relative clause: "eight companies accused
# of supporting Russia's war" tells who the companies are, not a new accusation.
_REDUCED_RELATIVE = re.compile(r"\s+of\b")
_STATE = frozenset({"MIL", "COP"})  # forces that block roads; "supporters of the president" do not count
# The agent of a passive: "beaten up by a mob", "set ablaze by an angry crowd".
_BY_CROWD = re.compile(r"\s+(?:\w+\s+){0,3}?by\s+((?:[\w-]+\s+){0,3}[\w-]+)")
# A verb that makes a nominal trigger the subject of what happened ("protests erupted", "a bomb killed"). In
# Spanish an aside between commas may come between them: "La huelga, que ya lleva un mes, recrudecio".
_HAPPEN = {
    "en": re.compile(
        r"\s+(?:\w+\s+){0,4}?(?:(?:have|has|had)\s+)?"
        r"(?:erupted|broke out|broken out|flared|spread|took place|were held|was held|were staged|"
        r"was staged|was carried out|were carried out|went off|killed|left \w+ (?:people )?dead|wounded|"
        r"injured)\b"
    ),
    "es": re.compile(
        r"(?:\s+[\w-]+){0,3}?(?:\s*,[^,.;:]{1,90},)?\s+(?:\w+\s+){0,3}?"
        r"(?:estallaron|estallo|se desataron|se desato|tuvieron lugar|tuvo lugar|"
        r"se registraron|se registro|se produjeron|se produjo|se extendieron|se extendio|se extienden|"
        r"se extiende|continuaron|continuan|continua|prosiguieron|prosiguen|siguen|siguieron|persisten|"
        r"se realizo|se realizaron|se efectuo|se efectuaron|se multiplicaron|se intensificaron|recrudecio|"
        r"recrudecieron|paralizaron|paralizo|sacudieron|sacudio|dejaron|dejo|causaron|causo|provocaron|"
        r"provoco|degenero|degeneraron|comenzaron|empezaron|comenzo|empezo|se dirigieron contra|"
        r"se dirigio contra)\b"
    ),
}
# Spanish puts the verb of happening first ("estallaron protestas", "hubo disturbios", "se amplian las
# protestas"), and headlines open with the noun ("Protestas en Quito contra el alza"): a nominal trigger
# right after one of these, or opening the sentence, is the subject of what happened. With a definite
# article ("la protesta", "durante la protesta") the noun points back to an event told before. The object
# of a verb that stages or announces it ("convocaron una marcha", "protagonizaron protestas", "participan en
# la huelga") and a day counted within it ("en el tercer dia de huelga") also report the event itself.
_HAPPEN_BEFORE = {
    "es": re.compile(
        r"(?:^\W*(?!(?:el|la|los|las|este|esta|estos|estas|su|sus)\s)(?:\w+\W+)?"
        r"|\b(?:durante unas?|en medio de(?!\s+(?:el|la|los|las|esas?|esos)\s))\s+(?:\w+\s+)?"
        r"|\b(?:hubo|habia|hay|estallaron|estallo|estallan|se desataron|se desato|se desataba|"
        r"se registraron|se registro|se produjeron|se produjo|continuan|continuaron|prosiguen|prosiguieron|"
        r"siguen|se amplian|se ampliaron|se extienden|se intensifican|se intensificaron|se multiplican|"
        r"se multiplicaron|se reanudan|se reanudaron|recrudecen|recrudecieron|tuvo lugar|tuvieron lugar|"
        r"provoco|provocaron|genero|generaron|motivo|desencadeno|desencadenaron|suscito)\s+(?:\w+\s+){0,4}?"
        r"|\b(?:anuncia|anuncian|anuncio|anunciaron|convoca|convocan|convoco|convocaron|realiza|realizan|realizo|"
        r"realizaron|realizar|inicia|inician|inicio|iniciaron|prepara|preparan|preparaba|preparaban|organiza|"
        r"organizan|organizo|organizaron|protagoniza|protagonizan|protagonizo|protagonizaron|encabeza|encabezan|"
        r"encabezo|encabezaron|participan en|participa en|participaron en|participo en|participado en|"
        r"se sumaron a|se sumo a|se unieron a|se unio a)\s+(?:a\s+)?(?:[\"“«]?\w+\s+){0,3}?[\"“«]?"
        r"|\b(?:en|durante) (?:el|la|los|las) (?:\w+\s+)?(?:dia|dias|jornada|jornadas|semana|semanas) de\s+)$"
    ),
}
# Talks, a visit or an agreement named in a prepositional phrase are a setting or a topic, not the news
# ("despite hours of negotiations", "on the eve of a visit", "under a defence pact", "en visperas de la
# cumbre", "cuando cubria la cumbre"); "rounds of talks" are held, so they stay events.
_MENTIONED = {
    "en": re.compile(
        r"\b(?:in|at|(?<!rounds )(?<!round )of|for|despite|on|over|about|under)\s+"
        r"(?:(?:the|a|an|its|their|his|her|these|those|this|that)\s+)?"
        r"(?:[\w-]+\s+){0,2}$"
    ),
    "es": re.compile(
        r"\b(?:durante|tras|despues de|antes de|sobre|en visperas de|en el marco de|al margen de|"
        r"con motivo de|realizacion de|cubria|cubrian|cubre|cubren|cubrir)\s+"
        r"(?:(?:el|la|los|las|un|una|su|sus|esta|este)\s+)?(?:\w+\s+){0,2}$"
    ),
}
# A nominal trigger named as the object of a claim or denial of responsibility, or as the cause of what the
# sentence reports, refers to an event told elsewhere: "claimed responsibility for the attack", "following
# the killing of", "in response to the sanctions".
_REFERENCE = {
    "en": re.compile(
        r"\b(?:responsibility for|responsible for|was behind|were behind|following|in the wake of|"
        r"in response to|in retaliation for|crackdown on|repression of|involvement in)\s+"
        r"(?:what (?:it|they|he|she) (?:called|described as|termed)\s+)?"
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
# "one of the main demands of the protesters": a noun picked out of a set names events told elsewhere, unless
# it is the subject of what happened ("una de las mayores manifestaciones tuvo lugar en").
_ONE_OF = re.compile(r"\b(?:one of (?:the|its|their)|un[oa] de (?:los|las|sus))\s+(?:[\w-]+\s+){0,2}$")
# "the crackdown on the protests that followed": a noun tied to an earlier event is told, not new.
_FOLLOWED = re.compile(r"\s+(?:that|which|que)\s+(?:followed|siguieron|siguio)\b")


_QUOTE_CHARS = '"“”«»'  # not the apostrophe: "the two countries' demands" keeps its possessive

# Words after which a headline's opening participle is an adjective phrase, not a passive ("Acusado de
# fraude, el alcalde renuncio").
_ES_AFTER_PARTICIPLE = frozenset("de del por en a al con y o como tras".split())


def _arrive_periphrasis(folded: str, hit: _TriggerHit) -> bool:
    """Tell whether "llegar a" is followed by an infinitive ("llegaron a tumbar arboles")."""
    words = hit.trigger.norm.split()
    if len(words) < 2 or not words[0].startswith("lleg") or words[-1] != "a":
        return False
    after = folded[hit.end :].split()
    return bool(after) and ES_INFINITIVE.match(after[0]) is not None


def _headline_passive(folded: str, start: int, end: int) -> bool:
    """Tell whether a participle opening the sentence is a headline passive ("RECHAZADA LA MOCION")."""
    if folded[:start].strip(" \"'“¿¡-"):
        return False
    after = folded[end:].split()
    return bool(after) and after[0][0].isalnum() and after[0] not in _ES_AFTER_PARTICIPLE


_BY_NEXT = re.compile(r"\s+by\b")

# A verb right after "and" has no subject of its own: "police fired tear gas at protesters and detained 41",
# "calificó las medidas de ilegítimas y advirtió".
_AND_VERB = re.compile(r"\b(?:and|y|e)\s*$")


# A verb introduced by "para" / "to" states the purpose of what was coded before it in the sentence.
_PURPOSE_MARK = {"en": re.compile(r"\bto\s+$"), "es": re.compile(r"\bpara\s+$")}
# "-ing" / "-ando" / "-iendo": the head of a participle clause ("…, killing one soldier").
GERUND_ENDINGS = {"en": ("ing",), "es": ("ando", "iendo")}
_ANY_GERUND = GERUND_ENDINGS["en"] + GERUND_ENDINGS["es"]


def _purpose_verb(folded: str, hit: _TriggerHit, lang: str, reach: int) -> bool:
    """Tell whether a verb trigger comes right after "para"/"to" (within ``reach`` characters)."""
    mark = _PURPOSE_MARK.get(lang)
    return (
        mark is not None
        and not hit.trigger.nominal
        and mark.search(folded, max(0, hit.start - reach), hit.start) is not None
    )


# A sanction done "to protest" (suspending exports, walking out of a summit) is the form the protest takes:
# the sanction is coded, and "para protestar" gives its motive. (Spanish only, as measured.)
def _protest_motive(folded: str, hit: _TriggerHit, before: Sequence[Event], lang: str) -> bool:
    """Tell whether a protest verb gives the motive of a sanction coded before it ("para protestar")."""
    return (
        lang == "es"
        and hit.trigger.pattern.type == "PROTEST"
        and _purpose_verb(folded, hit, lang, 12)
        and any(e.event == "SANCTION" for e in before)
    )


# Backing, rejecting or denouncing something as the purpose of a protest is what the protest says, not an
# event of its own: "marcharon para respaldar al alcalde y rechazar la reforma". (Spanish only.)
_PROTEST_STANCES = frozenset({"SUPPORT", "REJECT", "ACCUSE"})


def _protest_stance(folded: str, hit: _TriggerHit, before: Sequence[Event], lang: str) -> bool:
    """Tell whether a stance verb states the purpose of a protest coded before it ("para rechazar")."""
    return (
        lang == "es"
        and hit.trigger.pattern.type in _PROTEST_STANCES
        and _purpose_verb(folded, hit, lang, 12)
        and any(e.event == "PROTEST" for e in before)
    )


def _protest_purpose(folded: str, hit: _TriggerHit, before: Event, lang: str) -> bool:
    """Tell whether a demand is the purpose of the protest just before it ("marched ... to demand")."""
    return (
        before.event == "PROTEST"
        and hit.trigger.pattern.type == "REQUEST"
        and _purpose_verb(folded, hit, lang, 8)
    )


def _gerund_event(event: Event) -> bool:
    """Tell whether an event's trigger is a gerund, the head of a participle clause."""
    return event.event_text.split()[0].lower().endswith(_ANY_GERUND)


def _spells_out(event: Event, before: Event) -> bool:
    """Tell whether a participle clause spells out the sanction just before it by the same actor.

    "Washington tightened its embargo on the island, restricting remittances and cruise travel": the
    restrictions are what the embargo does, not a second act.
    """
    return (
        before.event == "SANCTION"
        and event.event in ("SANCTION", "COERCE")
        and _gerund_event(event)
        and {a.code for a in event.actor} == {a.code for a in before.actor}
    )


def _exchange_result(event: Event, before: Event) -> bool:
    """Tell whether ``event`` is a result clause of a two-sided exchange coded just before it."""
    return (
        event.event == before.event
        and _gerund_event(event)
        and not before.recipient
        and len({a.code for a in before.actor if a.code != "---"}) >= 2
    )


# Types whose place is their target ("air strikes in Syria", "rioted at a jail in Israel", "will evacuate the
# settlements in Gaza") or is handled by the host rule (CONSULT).
_PLACE_IS_TARGET = frozenset({"ASSAULT", "CONSULT", "PROTEST", "RETREAT"})


# Claiming a territory is a standing position, not a request made to someone: "la zona del Esequibo es
# reclamada por Venezuela", "Venezuela reclama el territorio Esequibo".
_CLAIMED_LAND = re.compile(r"\b(?:zona|territorio|region|isla|islas|peninsula|provincia|soberania|franja)\b")


def _territorial_claim(folded: str, hit: _TriggerHit) -> bool:
    """Tell whether a "reclamar" trigger claims land: the land is its subject (passive) or its object."""
    if not hit.trigger.norm.startswith("reclam"):
        return False
    return _CLAIMED_LAND.search(folded, max(0, hit.start - 60), min(len(folded), hit.end + 40)) is not None
