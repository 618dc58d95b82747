"""Personal names: the keys a person is known by, equal for accent and transliteration variants.

Used by the actor resolver (a later bare "Fonseca" is the "General Julio César Fonseca" named before),
the document-level rules and the cross-document registry.
"""

from __future__ import annotations

import functools
import re

from .models import fold

__all__ = ["NAME_PARTICLES", "name_key", "person_keys"]

# Lowercase words inside a name: "Julio César Fonseca de la Cruz", "Hamad bin Khalifa".
NAME_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "bin", "ibn", "al", "van", "von", "da", "dos"}
)
# Spelling variants of transliterated names: "Martchenko" / "Marchenko", "Khrenin" / "Hrenin".
_SKELETON = (("tch", "ch"), ("sch", "sh"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("y", "i"))


_DOUBLED = re.compile(r"(\w)\1+")


@functools.lru_cache(maxsize=4096)  # every capitalised word of a document is checked against known surnames
def name_key(name: str) -> str:
    """Return the spelling skeleton of a name, equal for accent and transliteration variants.

    >>> name_key("Martchenko") == name_key("Marchenko"), name_key("Fonséca") == name_key("Fonseca")
    (True, True)
    """
    key = fold(name)
    for a, b in _SKELETON:
        key = key.replace(a, b)
    return _DOUBLED.sub(r"\1", key)  # doubled letters: "Fonsseca", "Ibarra"/"Ibara"


def person_keys(name: str) -> list[str]:
    """Return the keys a person is known by: the full name, the surname, the Spanish first surname."""
    parts = fold(name).split()
    keys = [" ".join(parts)]
    if len(parts) > 1:
        keys.append(parts[-1])
        if len(parts) > 2 and parts[-2] not in NAME_PARTICLES:
            keys.append(parts[-2])  # Spanish first surname: "Julio César Fonseca Díaz" -> "Fonseca"
    return keys
