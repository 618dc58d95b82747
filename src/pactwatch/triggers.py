"""Triggers in context: whether a pattern's trigger word is an event here, and how it reads.

A pattern applies only with the words it requires after the trigger (``objects``) and without the ones it
excludes; a verb form after a determiner or a possessive is a noun ("their repeated demands"); a trigger
that is the object or the complement of another ("accused X of attacking", "to fund protests") is not an
event of its own; an announced hostile act is a threat. :class:`~pactwatch.events.Coder` asks these
before it fills slots.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .patterns import Pattern, Trigger

# A hostile action someone says they will or would take is a THREATEN ("Washington would impose sanctions",
# "farmers said they would blockade Paris"); mode of the threat by the type and mode announced.
_THREAT_MODE: dict[str, dict[str | None, str | None]] = {
    "SANCTION": {None: "relations", "expel": "expel"},
    "COERCE": {None: "restrict", "arrest": "arrest", "deport": "expel"},
    "ASSAULT": {None: "violence"},
    "MOBILIZE": {None: "violence"},
    "PROTEST": {None: None},
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


@dataclass(frozen=True, slots=True)
class _TriggerHit:
    start: int
    end: int
    trigger: Trigger


# a point or comma inside a number ("1.200 militares", "2,000 troops") does not end the object
_OBJECT_END = re.compile(r"[.,](?!\d)|[;:!?()]")

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

# A preposition of time or circumstance before a noun makes it an adjunct, not the verb's object: "fueron
# detenidos durante una protesta" reports the arrest and the protest.
_ADJUNCT_GAP = {"es": re.compile(r"\b(?:durante|en medio de|pese a|a pesar de)\b")}


def _adjunct(gap: str, lang: str) -> bool:
    """Tell whether the words between a verb and a noun open an adjunct ("durante una protesta")."""
    adjunct = _ADJUNCT_GAP.get(lang)
    return adjunct is not None and adjunct.search(gap) is not None


# Verbs of letting in whose "X to ..." complement is what they allow, not an event of its own: "allowed
# inspectors of the agency to visit its enrichment site", "permitió a los observadores visitar".
_PERMITS = frozenset({"RETREAT", "CONCEDE"})
_PERMITTED = re.compile(r"[^,;:()]{0,80}\b(?:to|a)\s*$")


def _permitted(prev: _TriggerHit, folded: str, h: _TriggerHit) -> bool:
    head = prev.trigger.norm.split()[0]
    return (
        prev.trigger.pattern.type in _PERMITS
        and head.startswith(("allow", "permit", "let", "permiti", "dej"))
        and _PERMITTED.fullmatch(folded, prev.end, h.start) is not None
    )


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
        if prev is not None and _permitted(prev, folded, h):
            continue  # "allowed inspectors to visit the site": the visit is what was allowed
        if prev is not None and _accused_of(folded, prev, h, lang):
            continue  # "acuso a la cupula del ELN de sabotear el proceso": what is alleged, not an event
        if prev is not None and _requested_infinitive(folded, prev, h, lang):
            continue  # "pidio al presidente vetar la ley": what is asked for, not an event
        if (
            prev is not None
            and not prev.trigger.nominal
            and _OBJECT_GAP.fullmatch(folded, prev.end, h.start)
            and not _adjunct(folded[prev.end : h.start], lang)
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
    if gap.split()[-2:] == ["de", "haber"]:
        # "acusando al teniente, de haber asesinado al campesino": the perfect infinitive, alleged too
        return len(gap) <= 60 and not any(p in gap for p in ";:") and head.endswith(("ado", "ido"))
    return (
        len(gap) <= 50
        and not any(p in gap for p in ",;:")
        and gap.split()[-1:] == ["de"]
        and head.endswith(("ar", "er", "ir"))
    )


# A Spanish infinitive, with its clitics ("vetar", "liberarlos"); the coder's cue tables use it too.
ES_INFINITIVE = re.compile(r"\w+(?:ar|er|ir)(?:se|lo|la|los|las|le|les|nos)?$")


def _requested_infinitive(folded: str, prev: _TriggerHit, h: _TriggerHit, lang: str) -> bool:
    """Tell whether ``h`` is an infinitive a request asks for, its addressee between ("pidio a X vetar")."""
    if lang != "es" or prev.trigger.pattern.type != "REQUEST" or prev.trigger.nominal or h.trigger.nominal:
        return False
    gap = folded[prev.end : h.start]
    head = folded[h.start : h.end].split()[0]
    if gap.split()[-1:] in (["para"], ["sin"], ["al"]):
        return False  # "pidieron ser trasladados para protestar": a purpose or a clause of its own
    return len(gap) <= 90 and not any(p in gap for p in ".;:") and ES_INFINITIVE.match(head) is not None


def _threat_pledge(folded: str, prev: _TriggerHit, h: _TriggerHit) -> bool:
    """Tell whether ``prev`` pledges the hostile act ``h`` ("is ready to" + "impose sanctions")."""
    if prev.trigger.pattern.type != "AGREE" or prev.trigger.nominal or h.trigger.nominal:
        return False
    if h.trigger.pattern.type not in _THREAT_MODE:
        return False
    gap = folded[prev.end : h.start].split()
    return gap == ["to"] or (not gap and prev.trigger.norm.endswith(" to"))


@functools.lru_cache(maxsize=4096)
def _word_re(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


def _word_in(word: str, folded: str) -> bool:
    if word not in folded:
        return False  # the substring test first: most words are absent
    # punctuation such as a quotation mark has no word boundaries
    return not any(c.isalnum() for c in word) or _word_re(word).search(folded) is not None


def _starts_with(folded: str, starts: tuple[str, ...]) -> bool:
    head = folded.lstrip("\"'“¿¡ ")
    return head.startswith(starts)
