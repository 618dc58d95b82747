"""Compose the stages: Article -> Doc -> Events, lazily, the way the CLI, the API and workers use them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from .actors import DocContext
from .events import code_docs
from .language import check_language, detect
from .models import Article, Doc, Event
from .sentences import make_doc


def prepare(
    articles: Iterable[Article], *, lang: str | None = None, default_date: date | None = None
) -> Iterator[Doc]:
    """Stage: give each article its language and reference date, and split it into sentences.

    The language is the article's own, else ``lang``, else detected; the reference date is the article's
    publication date, else ``default_date``, else today.
    """
    forced = check_language(lang)
    for article in articles:
        language = check_language(article.language) or forced or detect(article.text)
        reference = article.published or default_date or date.today()
        yield make_doc(article, language, reference)


def code_articles(
    articles: Iterable[Article],
    *,
    lang: str | None = None,
    default_date: date | None = None,
    contexts: Callable[[Doc], DocContext] | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Code articles lazily, yielding each with its events.

    ``contexts`` builds each document's starting context (e.g. people known from the actor registry).
    """
    for doc, events in code_docs(prepare(articles, lang=lang, default_date=default_date), contexts):
        yield doc.article, events


def code(text: str, date: date | None = None, lang: str | None = None) -> list[Event]:
    """Code one text and return its events.

    >>> events = code("Cuba and Belarus signed a military cooperation agreement in Minsk.", lang="en")
    >>> events[0].event
    'AGREE'
    """
    article = Article.from_text(text, published=date, language=check_language(lang))
    return next(code_articles([article]))[1]
