from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pactwatch.models import Article
from pactwatch.sentences import make_doc, sentence_texts, split_sentences, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia and Belarus met. Cuba was absent.", ["Russia and Belarus met.", "Cuba was absent."]),
        ("The U.S. envoy arrived. He left.", ["The U.S. envoy arrived.", "He left."]),
        ("Gen. Smith spoke. Col. Díaz left.", ["Gen. Smith spoke.", "Col. Díaz left."]),
        (
            "¿Está Rusia a punto de firmar? Nadie lo sabe.",
            ["¿Está Rusia a punto de firmar?", "Nadie lo sabe."],
        ),
        ("Según EE.UU. no. El jueves pasado habló.", ["Según EE.UU. no.", "El jueves pasado habló."]),
        ('"It was good." Then he left.', ['"It was good."', "Then he left."]),
        ("One paragraph\n\nTwo paragraph", ["One paragraph", "Two paragraph"]),
        ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
        ("Troops numbered 1.5 million. Tanks too.", ["Troops numbered 1.5 million.", "Tanks too."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


def test_paragraph_numbers_and_offsets() -> None:
    text = "First one. Second one.\n\n  Third one."
    spans = list(split_sentences(text))
    assert [p for p, _, _ in spans] == [0, 0, 1]
    assert [text[s:e] for _, s, e in spans] == ["First one.", "Second one.", "Third one."]


def test_tokens_keep_offsets_and_fold() -> None:
    tokens = tokenize("El Minint y Fonséca (EE.UU.)")
    assert [t.text for t in tokens] == ["El", "Minint", "y", "Fonséca", "(", "EE.UU.", ")"]
    assert tokens[3].norm == "fonseca"
    assert all("El Minint y Fonséca (EE.UU.)"[t.start : t.end] == t.text for t in tokens)


def test_make_doc_sentences_point_into_article() -> None:
    article = Article.from_text("Cuba met Belarus. They agreed.\n\nLater, nothing.")
    doc = make_doc(article, "en", date(2026, 5, 1))
    assert [s.index for s in doc.sentences] == [0, 1, 2]
    for s in doc.sentences:
        assert article.text[s.start : s.end] == s.text


@given(st.text())
def test_split_never_loses_words(text: str) -> None:
    pieces = [text[s:e] for _, s, e in split_sentences(text)]
    assert "".join(pieces).split() == text.split() or "".join(" ".join(pieces).split()) == "".join(
        text.split()
    )


@given(st.text(alphabet=st.characters(max_codepoint=0x700)))
def test_fold_fast_path_equals_the_per_character_fold(text: str) -> None:
    from pactwatch.models import _fold_char, fold

    assert fold(text) == "".join(_fold_char(c) for c in text)
    assert len(fold(text)) == len(text)


def test_a_sentence_makes_its_tokens_on_demand() -> None:
    import datetime

    from pactwatch.models import Article
    from pactwatch.sentences import make_doc

    article = Article.from_text("Cuba y Bielorrusia firmaron un acuerdo. Rusia lo celebró.", language="es")
    doc = make_doc(article, "es", datetime.date(2026, 5, 14))
    assert [t.text for t in doc.sentences[1].tokens] == ["Rusia", "lo", "celebró", "."]
    assert doc.sentences[1].tokens[2].norm == "celebro"
