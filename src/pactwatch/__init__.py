"""pactwatch: who did what to whom, when and where — PLOVER events from English and Spanish news, offline.

The public API::

    import pactwatch
    events = pactwatch.code("Cuba and Belarus signed a military cooperation agreement in Minsk.",
                            date=datetime.date(2026, 5, 14), lang="en")
    events[0].to_plover()        # the PLOVER JSON record
    print(pactwatch.explain(events[0]))

Database mode: :class:`Store` (``Store.open("sqlite:///pactwatch.db")``), :func:`ingest`, :func:`run`.
"""

from __future__ import annotations

import importlib
from typing import Any

# Public names and the module that defines each; modules load on first use, so importing one stage
# (``pactwatch.models``, ``pactwatch.dates``) does not load the dictionaries of all the others.
_EXPORTS = {
    "Codebook": "codebook",
    "load_codebook": "codebook",
    "ConfigError": "errors",
    "DataError": "errors",
    "InputError": "errors",
    "NotFoundError": "errors",
    "PactwatchError": "errors",
    "StoreError": "errors",
    "explain": "explain",
    "IngestResult": "ingest",
    "RunResult": "ingest",
    "ingest": "ingest",
    "run": "ingest",
    "Actor": "models",
    "Article": "models",
    "DateRef": "models",
    "Doc": "models",
    "Event": "models",
    "Evidence": "models",
    "Mention": "models",
    "Place": "models",
    "Sentence": "models",
    "Story": "models",
    "Token": "models",
    "code": "pipeline",
    "code_articles": "pipeline",
    "prepare": "pipeline",
    "event_from_record": "records",
    "EventFilter": "store",
    "Store": "store",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pactwatch' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Codebook",
    "ConfigError",
    "DataError",
    "DateRef",
    "Doc",
    "Event",
    "EventFilter",
    "Evidence",
    "IngestResult",
    "InputError",
    "Mention",
    "NotFoundError",
    "PactwatchError",
    "Place",
    "RunResult",
    "Sentence",
    "Store",
    "StoreError",
    "Story",
    "Token",
    "code",
    "code_articles",
    "event_from_record",
    "explain",
    "ingest",
    "load_codebook",
    "prepare",
    "run",
]
