"""Split article text into paragraphs, sentences and tokens, keeping every character offset."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from .models import Article, Doc, Sentence, Token, fold

# Words that end in a period without ending the sentence (folded forms, without the period).
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt maj capt cmdr adm sgt cpl pvt gov sen rep st sr sra srta dra lic ing
    jr vol art inc ltd co corp dept jan feb mar apr aug sep sept oct nov dec approx vs etc
    u.s u.k u.n ee.uu e.u a.m p.m ft mt mon tue wed thu fri sat sun
    """.split()
)

_PARAGRAPH = re.compile(r"\n\s*\n")
# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘«(\[¿¡]*[A-ZÁÉÍÓÚÑÜА-ЯЁ0-9]")
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., E.U.
    r"|[A-Za-z]{1,3}\.[A-Za-z]{1,3}\."  # EE.UU.
    r"|\w+(?:[-'’]\w+)*"
    r"|[^\w\s]"
)


def tokenize(text: str) -> tuple[Token, ...]:
    """Return the tokens of a sentence with offsets relative to it."""
    folded = fold(text)
    return tuple(
        Token(m.group(), m.start(), m.end(), folded[m.start() : m.end()]) for m in _TOKEN.finditer(text)
    )


def _is_abbreviation(text: str, dot: int) -> bool:
    """Tell whether the period at ``dot`` closes an abbreviation rather than a sentence."""
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in '("“«':
        start -= 1
    word = fold(text[start:dot])
    if word in _ABBREVIATIONS:
        return True
    # Single capital initials ("John F. Kennedy") rarely end a sentence.
    return len(word) == 1 and word.isalpha()


def split_sentences(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield ``(paragraph, start, end)`` for each sentence; offsets exclude surrounding whitespace."""
    para_start = 0
    paragraphs: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        paragraphs.append((para_start, m.start()))
        para_start = m.end()
    paragraphs.append((para_start, len(text)))
    number = 0
    for p_start, p_end in paragraphs:
        chunk = text[p_start:p_end]
        if not chunk.strip():
            continue
        sent_start = 0
        for m in _END.finditer(chunk):
            end = m.end()
            if not _NEXT_START.match(chunk, end):
                continue
            if chunk[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(chunk, m.start()):
                continue
            yield from _trimmed(number, chunk, sent_start, end, p_start)
            sent_start = end
        yield from _trimmed(number, chunk, sent_start, len(chunk), p_start)
        number += 1


def _trimmed(paragraph: int, chunk: str, start: int, end: int, offset: int) -> Iterator[tuple[int, int, int]]:
    piece = chunk[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = offset + start + lead
    yield paragraph, s, s + len(stripped)


def make_doc(article: Article, language: str, reference: date) -> Doc:
    """Split an article into a Doc of sentences (their tokens are made on demand)."""
    text = article.text
    sentences = tuple(
        Sentence(index=i, paragraph=p, start=s, end=e, text=text[s:e])
        for i, (p, s, e) in enumerate(split_sentences(text))
    )
    return Doc(article=article, language=language, date=reference, sentences=sentences)


def sentence_texts(text: str) -> list[str]:
    """Return the sentences of a text as strings (a convenience for notebooks and tests)."""
    return [text[s:e] for _, s, e in split_sentences(text)]


def docs(items: Iterable[tuple[Article, str, date]]) -> Iterator[Doc]:
    """Stage: turn (article, language, reference date) triples into Docs."""
    for article, language, reference in items:
        yield make_doc(article, language, reference)
