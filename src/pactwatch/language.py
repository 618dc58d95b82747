"""Identify the language of an article among the languages pactwatch codes."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import ConfigError

SUPPORTED = ("en", "es")
_WORDS = re.compile(r"[^\W\d_]+")


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Our own instance: set_languages mutates it, and the module-level one is shared.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    identifier.set_languages(list(SUPPORTED))
    return identifier


def detect(text: str) -> str:
    """Return the most likely supported language of ``text`` ("en" or "es")."""
    sample = text[:2000]
    if not _WORDS.search(sample):
        return SUPPORTED[0]
    lang, _score = _identifier().classify(sample)
    return str(lang)


def check_language(lang: str | None) -> str | None:
    """Validate a user-given language option; ``None`` and "auto" mean detect."""
    if lang is None or lang == "auto":
        return None
    if lang not in SUPPORTED:
        raise ConfigError(
            f"unsupported language {lang!r}: pactwatch codes {', '.join(SUPPORTED)} (or 'auto')"
        )
    return lang


def languages(texts: Iterable[str]) -> Iterator[str]:
    """Stage: yield the detected language of each text."""
    for text in texts:
        yield detect(text)
