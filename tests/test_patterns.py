from pathlib import Path

import pytest

from pactwatch.codebook import load_codebook
from pactwatch.errors import DataError
from pactwatch.patterns import inflect_en, inflect_es, load_patterns, parse_patterns


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("visit", {"visit", "visits", "visited", "visiting"}),
        ("agree", {"agree", "agrees", "agreed", "agreing"}),
        ("deploy", {"deploy", "deploys", "deployed", "deploying"}),
        ("accompany", {"accompanies", "accompanied"}),
        ("impose", {"imposes", "imposed", "imposing"}),
    ],
)
def test_inflect_en(verb: str, forms: set[str]) -> None:
    assert forms <= inflect_en(verb)


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("visitar", {"visita", "visitan", "visito", "visitaron", "visitara", "visitaran", "visitado"}),
        ("recibir", {"recibe", "reciben", "recibio", "recibieron", "recibira", "recibiran"}),
        ("reunirse", {"se reune", "se reunio", "se reunieron", "reunirse"}),
    ],
)
def test_inflect_es(verb: str, forms: set[str]) -> None:
    assert forms <= inflect_es(verb)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_packaged_patterns_cover_all_sixteen_types(lang: str) -> None:
    types = {t.pattern.type for t in load_patterns(lang)}
    assert types == set(load_codebook().types)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_packaged_patterns_cover_every_mode(lang: str) -> None:
    book = load_codebook()
    have = {(t.pattern.type, t.pattern.mode) for t in load_patterns(lang)}
    missing = [
        f"{name}/{m.name}"
        for name, etype in book.types.items()
        for m in etype.modes
        if (name, m.name) not in have
    ]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_surface_form_fires_two_patterns(lang: str) -> None:
    """A form listed twice would silently fire only the pattern loaded last."""
    owner: dict[str, str] = {}
    clashes = []
    for t in load_patterns(lang):
        if owner.setdefault(t.norm, t.pattern.id) != t.pattern.id:
            clashes.append((t.norm, owner[t.norm], t.pattern.id))
    assert clashes == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "type": "HUG", "verbs": ["hug"]}', "16 PLOVER types"),
        ('{"id": "x", "type": "CONSULT", "mode": "dance", "verbs": ["meet"]}', "not a mode of CONSULT"),
        ('{"id": "x", "type": "CONSULT", "verbs": []}', "at least one of"),
        ('{"type": "CONSULT", "verbs": ["meet"]}', "missing 'id'"),
        ('{"id": "x", "type": "CONSULT", "verbs": ["meet"], "layout": "sideways"}', "'layout'"),
        ('{"id": "x", "type": "CONSULT", "verbs": ["meet"], "colour": 1}', "unknown field"),
        ('{"id": "x", "type": "CONSULT", "verbs": ["meet"], "context": ["gossip"]}', "unknown context"),
        ("{not json", "invalid JSON"),
    ],
)
def test_bad_pattern_record_names_file_and_line(line: str, message: str) -> None:
    text = '{"id": "ok", "type": "CONSULT", "verbs": ["meet"]}\n' + line
    with pytest.raises(DataError) as err:
        parse_patterns(text, "user.jsonl", "en")
    assert str(err.value).startswith("user.jsonl:2:")
    assert message in str(err.value)


def test_user_pattern_file_overrides_by_id(tmp_path: Path) -> None:
    user = tmp_path / "mine.jsonl"
    user.write_text(
        '{"id": "en.consult.visit", "type": "CONSULT", "mode": "visit", "verbs": ["drop in on"]}\n'
    )
    triggers = load_patterns("en", (user,))
    visit = {t.norm for t in triggers if t.pattern.id == "en.consult.visit"}
    assert "dropped in on" not in visit  # regular inflection only
    assert "drops in on" in visit and "visited" not in visit
