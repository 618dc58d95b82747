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
    """A form may be shared only by conditional patterns (objects/requires) and one plain fallback.

    Two plain patterns on one form would silently fire only the first.
    """
    plain: dict[str, str] = {}
    clashes = []
    for t in load_patterns(lang):
        if t.pattern.objects or t.pattern.requires:
            continue
        if plain.setdefault(t.norm, t.pattern.id) != t.pattern.id:
            clashes.append((t.norm, plain[t.norm], t.pattern.id))
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
        ('{"id": "x", "type": "CONSULT", "verbs": ["meet"], "objects": "envoy"}', "'objects' must be a list"),
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


_TWO = (
    '{"id": "t.seize-place", "type": "ASSAULT", "verbs": ["seize"], "objects": ["town", "village"], '
    '"not_objects": ["cocaine"]}\n'
    '{"id": "t.seize", "type": "COERCE", "mode": "seize", "verbs": ["seize"], "not_objects": ["cocaine"]}\n'
)


def test_objects_are_parsed_and_folded() -> None:
    parsed = parse_patterns(_TWO, "t.jsonl", "en")
    place, plain = parsed[0][0], parsed[1][0]
    assert place.objects == ("town", "village") and place.not_objects == ("cocaine",)
    assert plain.objects == () and plain.not_objects == ("cocaine",)
    assert {t.norm for t in parsed[0][1]} == {t.norm for t in parsed[1][1]}  # the two share every form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rebels seized the town on sunday", "t.seize-place"),
        ("police seized two cars on sunday", "t.seize"),
        ("police seized cars in the town", "t.seize"),  # the town is where, not what was seized
        ("police seized cocaine worth millions", None),
    ],
)
def test_object_words_choose_between_patterns_of_one_form(text: str, expected: str | None) -> None:
    from pactwatch.events import Coder, actor_finder

    triggers = [t for _, ts in parse_patterns(_TWO, "t.jsonl", "en") for t in ts]
    coder = Coder("en", actor_finder("en"), triggers, "test")
    hits = coder.triggers(text, [])
    assert [h.trigger.pattern.id for h in hits] == ([expected] if expected else [])


def test_speaker_layout_is_accepted() -> None:
    parsed = parse_patterns(
        '{"id": "t.must", "type": "REQUEST", "phrases": ["must"], "layout": "speaker"}', "t", "en"
    )
    assert parsed[0][0].layout == "speaker"
