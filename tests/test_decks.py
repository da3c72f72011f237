"""Deck and lens files: the shipped ones load, and every broken kind names file, line and field."""

from pathlib import Path

import pytest

from kiosk import paths
from kiosk.domain.decks import DeckError, load_decks, parse_deck
from kiosk.domain.lenses import LensError, parse_lenses
from kiosk.services.catalog import load_catalog

GOOD = '''id = "mine"
title = "My deck"

[[cards]]
id = "1"
title = "First"
summary = "The first card"
who = "A council"
sectors = ["housing"]

[[cards]]
id = "2"
title = "Second"
summary = "The second card"
'''


def problem(text: str):
    with pytest.raises(DeckError) as caught:
        parse_deck(text, Path("decks/mine.toml"))
    return caught.value.problem


def test_shipped_decks_and_lenses_are_complete():
    catalog = load_catalog(Path("/nonexistent-data-dir"))
    assert catalog.problems == []
    sizes = {deck_id: len(deck.cards) for deck_id, deck in catalog.decks.decks.items()}
    assert sizes == {"examples-1-6": 6, "examples-a-f": 6, "case-studies": 3}
    assert catalog.deck("examples-1-6").card_ids == ["1", "2", "3", "4", "5", "6"]
    assert catalog.deck("examples-a-f").card_ids == ["A", "B", "C", "D", "E", "F"]
    for deck in catalog.decks.decks.values():
        assert deck.source
        for card in deck.cards:
            assert card.summary and len(card.summary) <= 150, card.id
            assert [h for h, _ in card.back()] == ["WHO", "WHY", "WHAT", "HOW", "IMPACTS", "SOURCE"]
            assert card.sectors and card.data_kind and card.shared_with
    lenses = catalog.lenses
    assert list(lenses) == ["benefit", "risk", "acceptability"]
    assert len(lenses["benefit"].criteria) == 16
    assert len(lenses["risk"].criteria) == 7
    assert lenses["acceptability"].criteria and lenses["acceptability"].red_lines
    assert lenses["benefit"].most == "most beneficial"
    assert lenses["risk"].least == "least risky"


def test_a_small_hand_written_deck_loads():
    deck = parse_deck(GOOD, Path("mine.toml"))
    assert deck.card_ids == ["1", "2"]
    assert deck.card("1").back() == [("WHO", "A council")]
    assert deck.card("1").sectors == ("housing",)


@pytest.mark.parametrize(
    ("text", "line", "field", "reason"),
    [
        (GOOD.replace('title = "My deck"', 'title = "My deck'), 2, "", "not valid TOML"),
        (GOOD.replace('id = "mine"\n', ""), None, "id", "is required"),
        (GOOD.replace('title = "My deck"\n', ""), None, "title", "is required"),
        (GOOD.replace('summary = "The second card"', 'summary = ""'), 14, "cards[2].summary",
         "must not be empty"),
        (GOOD.replace('title = "Second"\n', ""), None, "cards[2].title", "is required"),
        (GOOD.replace('id = "2"', 'id = "1"'), 12, "cards[2].id", "used twice"),
        (GOOD.replace('id = "2"', 'id = "two words"'), 12, "cards[2].id", "use letters"),
        (GOOD.replace('sectors = ["housing"]', 'sectors = "housing"'), 9, "cards[1].sectors",
         "list of text"),
        (GOOD.replace('who = "A council"', "who = 3"), 8, "cards[1].who", "must be text"),
        ('id = "mine"\ntitle = "x"\n', None, "cards", "at least one"),
    ],
)
def test_each_broken_kind_names_file_line_and_field(text, line, field, reason):
    found = problem(text)
    assert str(found.path) == "decks/mine.toml"
    assert found.field == field
    assert reason in found.reason
    if line is not None:
        assert found.line == line
        assert str(found).startswith(f"decks/mine.toml:{line}: ")


def test_a_broken_deck_is_reported_and_the_others_still_load(tmp_path):
    own = paths.own_decks_dir(tmp_path)
    own.mkdir()
    (own / "mine.toml").write_text(GOOD, "utf-8")
    (own / "broken.toml").write_text(GOOD.replace('id = "mine"', 'id = "broken"')
                                     .replace('summary = "The first card"\n', ""), "utf-8")
    (own / "wrongname.toml").write_text(GOOD, "utf-8")
    (own / "latin1.toml").write_bytes(GOOD.replace("My deck", "Caf\xe9").encode("latin-1"))
    (own / "examples-1-6.toml").write_text(GOOD.replace('id = "mine"', 'id = "examples-1-6"'))
    catalog = load_catalog(tmp_path)
    assert "mine" in catalog.decks and "examples-1-6" in catalog.decks
    assert len(catalog.deck("examples-1-6").cards) == 6  # a shipped deck is not replaced
    text = "\n".join(catalog.problems)
    assert "broken.toml:" in text and "cards[1].summary: is required" in text
    assert "wrongname.toml:1: id: 'mine' must match the file name" in text
    assert "latin1.toml: is not UTF-8" in text
    assert "examples-1-6.toml: id: deck 'examples-1-6' is already loaded" in text


def test_load_decks_skips_missing_folders(tmp_path):
    assert load_decks([tmp_path / "nope"]).decks == {}


LENSES = '''
[[lens]]
id = "benefit"
title = "Benefit"
question = "Q?"
most = "most beneficial"
least = "least beneficial"
criteria = ["a", "b"]
[[lens]]
id = "risk"
title = "Risk"
question = "Q?"
most = "most risky"
least = "least risky"
[[lens]]
id = "acceptability"
title = "Acceptability"
question = "Q?"
most = "most acceptable"
least = "least acceptable"
red_lines = ["never"]
'''


def test_lenses_parse_and_offer_chips():
    lenses = parse_lenses(LENSES, Path("lenses.toml"))
    assert lenses["acceptability"].suggested == ("never",)
    assert lenses["acceptability"].has_cut_line and not lenses["risk"].has_cut_line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (LENSES.replace('id = "risk"', 'id = "fun"'), "lens[2].id: 'fun' is not one of"),
        (LENSES.replace('question = "Q?"\nmost = "most risky"', 'most = "most risky"'),
         "lens[2].question: is required"),
        (LENSES.replace('criteria = ["a", "b"]', 'criteria = ["a", 3]'), "lens[1].criteria"),
        (LENSES.split("[[lens]]\nid = \"acceptability\"")[0], "missing acceptability"),
        ("[[lens]\n", "lenses.toml:1: not valid TOML"),
    ],
)
def test_broken_lenses_are_reported(text, message):
    with pytest.raises(LensError) as caught:
        parse_lenses(text, Path("lenses.toml"))
    assert message in str(caught.value)
