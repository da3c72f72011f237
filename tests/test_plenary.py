"""The plenary screen: the room's view (Qt-free) from hand-made rankings and hostile progress
notes, and the projector screen that shows it in place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.analysis.consensus import kemeny
from kiosk.analysis.plenary import PHASES, TableProgress, build_plenary
from kiosk.analysis.statistics import kendall_w, mid_ranks
from kiosk.domain.record import SavedRanking
from tests.csv_support import make_record
from tests.plenary_support import (
    big_room,
    deck_cards,
    demo_poll_runs,
    demo_room,
    lens_titles,
    shipped,
)

CATALOG = shipped()
LENSES = lens_titles(CATALOG)
CARDS = deck_cards(CATALOG)
DECK = "examples-1-6"
ORDERS = {"Table 1": ["1", "2", "3", "4", "5", "6"], "Table 2": ["2", "1", "3", "4", "6", "5"],
          "Table 3": ["1", "3", "2", "5", "4", "6"]}


def record(table: str, order: list[str], lens: str = "benefit", kiosk: str = "",
           seed: int = 0) -> SavedRanking:
    made = make_record(CATALOG, deck=DECK, lens=lens, order=order, table=table, seed=seed)
    return made.with_changes(kiosk_id=kiosk or f"kiosk-{table[-1]}")


def progress(table: str, phase: str = "board", step: int = 0, lens: str = "benefit",
             placed: int = 3, kiosk: str = "") -> TableProgress:
    note = TableProgress.from_doc({"kiosk_id": kiosk or f"kiosk-{table[-1]}", "table": table,
                                   "phase": phase, "step": step, "steps": 3, "lens": lens,
                                   "deck": DECK, "placed": placed, "cards": 6,
                                   "updated_at": "2025-05-21T11:00:00+01:00"})
    assert note is not None
    return note


def three_tables() -> list[SavedRanking]:
    return [record(table, order) for table, order in ORDERS.items()]


# ----- the model
def test_revealed_results_follow_the_statistics():
    records = three_tables()
    view = build_plenary(records, [], LENSES, CARDS, revealed=True)
    assert [t.label for t in view.tables] == ["Table 1", "Table 2", "Table 3"]
    assert [t.done_lenses for t in view.tables] == [1, 1, 1]
    (result,) = view.lenses
    positions = [r.positions for r in records]
    cards = [c for c, _ in CARDS[DECK]]
    assert [c.card for c in result.cards] == kemeny(positions, cards)
    assert result.method == "Kemeny" and result.tables == 3 and result.compared == 3
    assert result.kendall_w == pytest.approx(kendall_w([mid_ranks(p, cards) for p in positions])[0])
    assert result.agreement_text.endswith(f"agreement (W = {result.kendall_w:.2f})")
    titles = dict(CARDS[DECK])
    for card in result.cards:
        assert card.title == titles[card.card]
        # card × table: the strip's cells follow the tiles' order
        assert card.positions == tuple(ORDERS[t.label].index(card.card) + 1 for t in view.tables)
    assert [c.place for c in result.cards] == [1, 2, 3, 4, 5, 6]


def test_fewer_than_two_rankings_say_so():
    view = build_plenary(three_tables()[:1], [], LENSES, CARDS, revealed=True)
    (result,) = view.lenses
    assert result.kendall_w is None and result.compared == 1
    assert result.agreement_text == "One table so far: no agreement yet"


def test_hidden_results_carry_only_counts():
    notes = [progress("Table 4", phase="board")]
    view = build_plenary(three_tables(), notes, LENSES, CARDS, revealed=False)
    (result,) = view.lenses
    assert not result.shown
    assert result.cards == () and result.kendall_w is None and result.method == ""
    assert result.compared == 0 and result.agreement_text == ""
    assert (result.tables, result.expected) == (3, 4)
    assert result.count_text == "3 of 4 tables"


def test_a_lens_reveals_itself_when_every_reporting_table_has_ranked_it():
    notes = [progress(t, phase="board", step=1, lens="risk") for t in ORDERS]
    view = build_plenary(three_tables(), notes, LENSES, CARDS, revealed=False)
    (result,) = view.lenses
    assert result.shown and result.auto_revealed and len(result.cards) == 6
    hidden = build_plenary(three_tables(), notes, LENSES, CARDS, revealed=False,
                           auto_reveal=False)
    assert not hidden.lenses[0].shown
    # No progress at all: nobody is known to be done, nothing shows by itself.
    assert not build_plenary(three_tables(), [], LENSES, CARDS, revealed=False).lenses[0].shown


def test_attack_a_joined_table_that_sent_no_progress_is_waited_for_before_auto_reveal():
    """Audit: auto-reveal counted only kiosks that had sent progress, so a joined kiosk whose
    progress never arrived (just joined, its Wi-Fi slow) was not waited for and the room
    saw the results the moment the others were done — anchoring that table."""
    notes = [progress(t, phase="board", step=1, lens="risk") for t in ORDERS]
    members = [("kiosk-1", "Table 1"), ("kiosk-2", "Table 2"), ("kiosk-3", "Table 3"),
               ("kiosk-4", "Table 4")]
    view = build_plenary(three_tables(), notes, LENSES, CARDS, revealed=False,
                         members=members)
    (result,) = view.lenses
    assert not result.shown and result.count_text == "3 of 4 tables"
    assert [t.label for t in view.tables][-1] == "Table 4"  # a tile for the silent table
    # with Table 4's ranking in, every accepted kiosk is done: the results show by themselves
    done = three_tables() + [record("Table 4", ORDERS["Table 1"])]
    (result,) = build_plenary(done, notes, LENSES, CARDS, revealed=False,
                              members=members).lenses
    assert result.shown and result.auto_revealed
    # accepted kiosks alone (no progress from anyone) are enough to know who is done
    (result,) = build_plenary(done, [], LENSES, CARDS, revealed=False, members=members).lenses
    assert result.shown


def test_lenses_follow_the_sequence_and_a_table_counts_once_per_lens():
    records = three_tables() + [
        record("Table 1", ORDERS["Table 2"], lens="acceptability"),
        record("Table 1", ORDERS["Table 3"], lens="risk"),
        # Table 1 ranked risk again later: its latest ranking counts
        record("Table 1", ORDERS["Table 1"], lens="risk", seed=30),
    ]
    view = build_plenary(records, [], LENSES, CARDS, revealed=True)
    assert [r.lens for r in view.lenses] == ["benefit", "risk", "acceptability"]
    risk = view.lenses[1]
    assert risk.tables == 1
    assert [c.card for c in risk.cards] == ORDERS["Table 1"]
    assert view.rankings == 5
    assert view.tables[0].done_lenses == 3


def test_tables_with_the_same_label_are_told_apart():
    records = [record("Table 2", ORDERS["Table 1"], kiosk="ab12cd"),
               record("Table 2", ORDERS["Table 2"], kiosk="ff99ee"),
               record("Table 10", ORDERS["Table 3"], kiosk="zz")]
    notes = [progress("Table 2", kiosk="ab12cd"), progress("Table 2", kiosk="ff99ee")]
    view = build_plenary(records, notes, LENSES, CARDS, revealed=True)
    assert [t.label for t in view.tables] == ["Table 2 · ab12", "Table 2 · ff99", "Table 10"]
    assert [t.tag for t in view.tables] == ["2a", "2b", "10"]
    assert view.lenses[0].tables == 3
    # kiosk ids that share their first four characters get a longer short id
    demo = [record("Table 1", ORDERS["Table 1"], kiosk="demo-kiosk-1"),
            record("Table 1", ORDERS["Table 2"], kiosk="demo-kiosk-2")]
    labels = [t.label for t in build_plenary(demo, [], LENSES, CARDS, True).tables]
    assert labels == ["Table 1 · demo-kiosk-1", "Table 1 · demo-kiosk-2"]


def test_attack_tags_tell_tables_apart_in_two_characters():
    """Audit: the column heads were "476" (of "Kiosk 4761"), "Ta" (of "Tables by the door"
    and "Table" alike), "32" (of the default label "Table 3F2A"): short, but not the table.
    A tag is the table's own number when it has one (1-99), with a letter where two share it
    ("1a", "1b"), else a capital letter, never the same twice; each tile shows its tag."""
    from kiosk.analysis.room_labels import room_labels

    class T:
        def __init__(self, label: str, kiosk_id: str) -> None:
            self.key, self.label, self.kiosk_id = kiosk_id, label, kiosk_id

    tables = [T("Kiosk 4761", "k1"), T("Tables by the door", "k2"), T("Table 3F2A", "k3"),
              T("Table 90", "k4"), T("Table 1", "kiosk-3f2a1b"), T("Table 1", "kiosk-9c0d4e"),
              T("Table", "k7"), T("12", "k8"), T("Table 12", "k9")]
    labels = room_labels(tables)
    tags = {key: tag for key, (_, tag) in labels.items()}
    assert tags["k4"] == "90"
    assert (tags["kiosk-3f2a1b"], tags["kiosk-9c0d4e"]) == ("1a", "1b")
    # a number shared by two tables is no tag of two digits and a letter: letters instead
    letters = [tags[k] for k in ("k1", "k2", "k3", "k7", "k8", "k9")]
    assert all(t.isalpha() and t.isupper() for t in letters), letters
    assert len(set(tags.values())) == len(tables) and all(len(t) <= 2 for t in tags.values())
    # a kiosk's own made id is told apart by its random part, not "kiosk-…"
    assert labels["kiosk-3f2a1b"][0] == "Table 1 · 3f2a"
    many = [T(f"Corner x{n}", f"r{n}") for n in range(30)]  # more than 26 letters needed
    many_tags = [tag for _, tag in room_labels(many).values()]
    assert len(set(many_tags)) == 30 and all(len(t) <= 2 for t in many_tags)


def test_progress_tiles_say_where_each_table_is():
    notes = [progress("Table 1", phase="board", step=1, lens="risk", placed=4),
             progress("Table 2", phase="criteria", step=2, lens="acceptability")]
    view = build_plenary(three_tables(), notes, LENSES, CARDS, revealed=False)
    first, second, third = view.tables
    assert (first.lens_title, first.step_text, first.status_text) == (
        "Risk", "lens 2 of 3", "4 of 6 cards")
    assert first.fraction == pytest.approx(4 / 6)
    assert (second.status_text, second.fraction) == ("Criteria", 1.0)
    assert (third.phase, third.status_text, third.step_text) == ("", "No news yet", "")


def test_a_good_progress_note_is_read_whole():
    doc = {"kiosk_id": "k1", "table": "Table 3", "workshop_id": "w", "phase": "criteria",
           "step": 1, "steps": 3, "lens": "risk", "deck": DECK, "placed": 6, "cards": 6,
           "updated_at": "2025-05-21T11:00:00+01:00"}
    assert TableProgress.from_doc(doc) == TableProgress(**doc)


HOSTILE = [
    None, [], "table", 3, 2.5, True, [{"kiosk_id": "k"}], {}, {"kiosk_id": 5},
    {"kiosk_id": "", "table": None},
    {"kiosk_id": "k", "step": "2", "steps": 10**100, "placed": -5, "cards": float("nan"),
     "phase": ["board"], "updated_at": 12, "lens": {"x": 1}, "deck": 7, "workshop_id": []},
    {"kiosk_id": "k", "placed": 10**30, "cards": 6, "step": 10**9, "steps": 3},
    {"kiosk_id": "k", "placed": float("inf"), "cards": True, "step": -1, "steps": 2.0},
    {"table": "T" * 100_000, "phase": "flying", "updated_at": "yesterday"},
]


@pytest.mark.parametrize("doc", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_progress_notes_never_raise(doc):
    note = TableProgress.from_doc(doc)
    if note is None:
        return
    assert note.phase in PHASES
    assert 0 <= note.placed <= note.cards <= 1000
    assert 0 <= note.step < max(note.steps, 1)
    assert len(note.table) <= 120 and isinstance(note.lens, str)
    build_plenary(three_tables(), [note], LENSES, CARDS, revealed=True)


def test_hostile_notes_are_clamped_not_dropped():
    note = TableProgress.from_doc(HOSTILE[11])
    # numbers too big to be counts are unknown (0); placed ≤ cards, step < steps
    assert note is not None and (note.placed, note.cards, note.step, note.steps) == (0, 6, 0, 3)
    clamped = TableProgress.from_doc({"kiosk_id": "k", "placed": 9, "cards": 6, "step": 5,
                                      "steps": 3})
    assert clamped is not None and (clamped.placed, clamped.step) == (6, 2)
    wrong = TableProgress.from_doc(HOSTILE[10])
    assert wrong == TableProgress(kiosk_id="k")


@pytest.mark.parametrize("text", ["[1, 2]", "null", '"text"', "42", '{"kiosk_id": {"a": 1}}',
                                  '{"kiosk_id": "k", "steps": 1e308, "cards": -1e308}'])
def test_non_object_json_is_dropped(text):
    note = TableProgress.from_doc(json.loads(text))
    assert note is None or note.kiosk_id == "k"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)
fields = st.sampled_from(["kiosk_id", "table", "workshop_id", "phase", "step", "steps", "lens",
                          "deck", "placed", "cards", "updated_at"])


@settings(max_examples=200, deadline=None)
@given(st.one_of(json_values, st.dictionaries(fields, json_values, max_size=11)))
def test_any_json_value_is_read_without_raising(doc):
    note = TableProgress.from_doc(doc)
    notes = [note] if note is not None else []
    view = build_plenary(three_tables()[:2], notes, LENSES, CARDS, revealed=False)
    assert all(not r.shown or r.cards for r in view.lenses)


# ----- the screen
@pytest.fixture
def make_screen(qtbot):
    from kiosk.ui.plenary import PlenaryScreen
    from kiosk.ui.theme import Theme

    def make(width: int = 1280, height: int = 720) -> PlenaryScreen:
        screen = PlenaryScreen(Theme.for_size(width, height), title="Bristol · plenary")
        qtbot.addWidget(screen)
        screen.resize(width, height)
        screen.show()
        qtbot.waitExposed(screen)
        return screen

    return make


def settle(qtbot, screen) -> None:
    # Hidden and shown lines relayout over two passes of the event loop.
    for _ in range(3):
        qtbot.wait(0)
    screen.layout().activate()


def widget_ids(screen) -> dict[str, int]:
    ids = {f"tile:{k}": id(w) for k, w in screen.tiles.items()}
    for key, panel in screen.panels.items():
        ids[f"panel:{key}"] = id(panel)
        ids[f"title:{key}"] = id(panel.title)
        for index, row in enumerate(panel.rows):
            ids[f"row:{key}:{index}"] = id(row)
            ids[f"strip:{key}:{index}"] = id(row.strip)
    for key, tile in screen.tiles.items():
        ids[f"bar:{key}"] = id(tile.bar)
    return ids


def test_an_arriving_ranking_updates_the_screen_in_place(make_screen, qtbot):
    screen = make_screen()
    records, notes = demo_room(CATALOG)
    screen.show_view(build_plenary(records, notes, LENSES, CARDS, revealed=True))
    before = widget_ids(screen)
    risk = screen.panels[(DECK, "risk")]
    assert risk.count.text() == "4 of 6 tables"
    # Table 4 saves its risk ranking
    more, _ = demo_room(CATALOG, done={1: 3, 2: 2, 3: 2, 4: 2, 5: 2, 6: 0})
    assert len(more) == len(records) + 1
    screen.show_view(build_plenary(more, notes, LENSES, CARDS, revealed=True))
    assert widget_ids(screen) == before
    assert risk.count.text() == "5 of 6 tables"
    assert screen.tiles["demo-kiosk-4"].done.text() == "✓ 2"
    assert screen.summary.text() == "6 tables · 11 rankings"


def test_tables_and_lenses_come_and_go_without_rebuilding_the_rest(make_screen):
    screen = make_screen()
    view = build_plenary(three_tables(), [], LENSES, CARDS, revealed=True)
    screen.show_view(view)
    kept = {k: id(w) for k, w in screen.tiles.items()}
    more = three_tables() + [record("Table 4", ORDERS["Table 1"], lens="risk")]
    screen.show_view(build_plenary(more, [], LENSES, CARDS, revealed=True))
    assert set(screen.tiles) == {"kiosk-1", "kiosk-2", "kiosk-3", "kiosk-4"}
    assert {k: id(screen.tiles[k]) for k in kept} == kept
    assert set(screen.panels) == {(DECK, "benefit"), (DECK, "risk")}
    screen.show_view(view)
    assert set(screen.tiles) == set(kept) and set(screen.panels) == {(DECK, "benefit")}


def test_the_toggle_emits_and_follows_the_view(make_screen, qtbot):
    from PySide6.QtCore import Qt

    screen = make_screen()
    screen.show_view(build_plenary(three_tables(), [progress("Table 4")], LENSES, CARDS, False))
    assert screen.toggle.text() == "Show results"
    assert screen.toggle.height() >= 48 and screen.toggle.width() >= 48
    with qtbot.waitSignal(screen.reveal_changed) as shown:
        qtbot.mouseClick(screen.toggle, Qt.MouseButton.LeftButton)
    assert shown.args == [True]
    assert screen.toggle.text() == "Hide results"
    with qtbot.waitSignal(screen.reveal_changed) as hidden:
        qtbot.mouseClick(screen.toggle, Qt.MouseButton.LeftButton)
    assert hidden.args == [False]
    # The hub's next view sets the toggle without a signal.
    with qtbot.assertNotEmitted(screen.reveal_changed):
        screen.show_view(build_plenary(three_tables(), [], LENSES, CARDS, True))
    assert screen.revealed and screen.toggle.text() == "Hide results"


def test_hidden_panels_show_counts_only(make_screen, qtbot):
    screen = make_screen()
    screen.show_view(build_plenary(three_tables(), [progress("Table 4")], LENSES, CARDS, False))
    panel = screen.panels[(DECK, "benefit")]
    assert panel.hidden_note.isVisible() and panel.hidden_note.text() == "3 of 4 tables"
    assert not panel.rows and not panel.tags_holder.isVisible()


def _luminance(name: str) -> float:
    from PySide6.QtGui import QColor

    colour = QColor(name)

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_has_at_least_seven_to_one_contrast(qapp):
    from kiosk.ui.plenary import parts

    pairs = [(parts.INK, parts.PAPER), (parts.INK, parts.CARD), (parts.HEADER_INK, parts.INK),
             (parts.INK, parts.CELL_EMPTY)]
    for lens in (*parts.LENS_COLOURS, "other"):
        pairs.append((parts.INK, parts.tint(parts.lens_colour(lens), parts.TINT_MAX).name()))
    for ink, paper in pairs:
        assert contrast(ink, paper) >= 7, (ink, paper, contrast(ink, paper))


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_room_fits_a_projector_in_large_type(make_screen, qtbot, tmp_path, size):
    """Also saves the screenshots: to PLENARY_SHOTS when set (e.g. /tmp), else tmp_path."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QFontInfo

    from kiosk.ui.plenary.parts import Line, PlacesStrip

    width, height = size
    screen = make_screen(width, height)
    records, notes = demo_room(CATALOG)
    shots = Path(os.environ.get("PLENARY_SHOTS", "") or tmp_path)
    for revealed in (False, True):
        screen.show_view(build_plenary(records, notes, LENSES, CARDS, revealed))
        settle(qtbot, screen)
        assert (screen.width(), screen.height()) == size
        assert screen.minimumSizeHint().height() <= height
        image = screen.grab()
        assert image.save(str(shots / f"plenary-{width}x{height}-"
                                      f"{'revealed' if revealed else 'hidden'}.png"))
        texts = [w for w in screen.findChildren(Line) + screen.findChildren(PlacesStrip)
                 if w.isVisible()] + [screen.toggle]
        smallest = min(QFontInfo(w.font()).pixelSize() for w in texts)
        assert smallest >= 22
        for panel in screen.panels.values():
            inside = panel.rect()
            for row in panel.rows:
                if row.isVisible():
                    box = QRect(row.mapTo(panel, QPoint(0, 0)), row.size())
                    assert inside.contains(box), (panel.key, box, inside)
                    assert row.strip.width() <= row.width()
        for tile in screen.tiles.values():
            # results on screen: the tiles keep only their label and bar
            assert tile.lens.isHidden() == revealed
            assert tile.height() <= tile.sizeHint().height()
            assert tile.geometry().bottom() < next(iter(screen.panels.values())).geometry().top()


@pytest.mark.parametrize("tables", [8, 12])
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_attack_a_large_room_revealed_fits_the_projector(make_screen, qtbot, tmp_path, size,
                                                         tables):
    """Audit: with many tables the revealed screen grew wider than the projector (1920 wide:
    8 tables -> 2142 px; 1280: 7 -> 1306 px) and "Hide results" went off screen; tags such
    as "Ta", "476", "1a" told nobody which table was which, and "Table 1 · kiosk-…" was cut.
    Up to 12 tables, three lenses: everything on screen, numbers whole in their cells, large
    type, a short distinct tag per table shown on its tile (the legend), labels whole.
    Saves plenary-<w>x<h>-<n>-tables.png (to PLENARY_SHOTS when set, else tmp_path)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QFontInfo

    from kiosk.ui.plenary.parts import Line, PlacesStrip

    width, height = size
    screen = make_screen(width, height)
    records, notes = big_room(CATALOG, tables)
    screen.show_view(build_plenary(records, notes, LENSES, CARDS, revealed=False))
    settle(qtbot, screen)
    hidden = screen.minimumSizeHint()
    assert hidden.width() <= width and hidden.height() <= height, hidden
    view = build_plenary(records, notes, LENSES, CARDS, revealed=True)
    screen.show_view(view)
    settle(qtbot, screen)
    shots = Path(os.environ.get("PLENARY_SHOTS", "") or tmp_path)
    assert screen.grab().save(str(shots / f"plenary-{width}x{height}-{tables}-tables.png"))
    assert (screen.width(), screen.height()) == size
    hint = screen.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    whole = QRect(QPoint(0, 0), screen.size())
    assert whole.contains(screen.toggle.geometry()), screen.toggle.geometry()
    tags = [t.tag for t in view.tables]
    assert len(set(tags)) == len(tags) and all(1 <= len(t) <= 2 for t in tags), tags
    for panel in screen.panels.values():
        assert whole.contains(panel.geometry()), (panel.key, panel.geometry())
        assert panel.tags.cells() == tuple(tags)
        assert panel.tags.texts_fit(), (panel.key, panel.tags.cell)
        for row in panel.rows:
            box = QRect(row.mapTo(panel, QPoint(0, 0)), row.size())
            assert panel.rect().contains(box), (panel.key, box)
            assert row.strip.width() <= row.width() and row.strip.texts_fit()
    for table in view.tables:
        tile = screen.tiles[table.key]
        assert whole.contains(tile.geometry())
        assert tile.tag.text() == table.tag  # the legend: which column is which table
        assert tile.label.text() == table.name  # two "Table 1": told apart by the tag
        if len(table.name) <= len("Table 10"):
            assert tile.label.shows_all(), (table.name, tile.label.width())
    texts = [w for w in screen.findChildren(Line) + screen.findChildren(PlacesStrip)
             if w.isVisible()] + [screen.toggle]
    assert min(QFontInfo(w.font()).pixelSize() for w in texts) >= 22


# ----- case-study polls
POLL = "camden-comfort"


def _poll_run(table: str, answers: dict[tuple[int, int], str], run_id: str = "",
              seats: int = 0):
    from kiosk.domain.poll_record import PollAnswer, PollRun

    return PollRun(poll_run_id=run_id or f"run-{table}", poll=POLL, seats=seats,
                   answers=tuple(PollAnswer(st, seat, a, "2025-05-21T11:00:00+00:00")
                                 for (st, seat), a in sorted(answers.items())),
                   table=table, kiosk_id=f"kiosk-{table[-1]}")


def test_a_revealed_poll_shows_each_stages_spread_and_mean():
    runs = [_poll_run("Table 1", {(1, 1): "4", (1, 2): "2", (1, 3): "pass", (2, 1): "5"},
                      seats=3),
            _poll_run("Table 2", {(1, 1): "5", (4, 1): "other"}, seats=2)]
    choice = CATALOG.polls[POLL].stages[3]
    runs.append(_poll_run("Table 3", {(4, 1): choice.options[0].id}))
    view = build_plenary(three_tables(), [], LENSES, CARDS, revealed=True, poll_runs=runs,
                         polls=CATALOG.polls)
    (poll,) = view.polls
    assert poll.shown and (poll.tables, poll.expected, poll.runs) == (3, 3, 3)
    assert poll.title == CATALOG.polls[POLL].title
    first, second, _, fourth = poll.stages
    assert [(c.answer, c.count) for c in first.counts] == [
        ("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 1), ("pass", 1)]
    assert first.mean == pytest.approx((4 + 2 + 5) / 3)  # the pass is left out
    assert (first.answered, first.seats) == (4, 6) and first.seats_text == "4 of 6 seats"
    assert first.mean_text == "mean 3.7" and second.mean_text == "mean 5.0"
    assert fourth.kind == "choice" and fourth.mean is None and fourth.mean_text == ""
    # "other" is no option of the stage: left out; the option's label is carried
    assert fourth.answered == 1
    assert [c.label for c in fourth.counts] == [o.label for o in choice.options]


def test_a_hidden_poll_carries_only_how_many_seats_answered():
    runs = [_poll_run("Table 1", {(1, 1): "4", (1, 2): "2"}, seats=2)]
    notes = [progress("Table 1"), progress("Table 2")]
    view = build_plenary([], notes, LENSES, CARDS, revealed=False, poll_runs=runs,
                         polls=CATALOG.polls)
    (poll,) = view.polls
    assert not poll.shown and poll.count_text == "1 of 2 tables"
    assert all(s.counts == () and s.mean is None and s.mean_text == "" for s in poll.stages)
    assert [s.answered for s in poll.stages] == [2, 0, 0, 0]
    # every table reporting progress has a run: nobody is left to anchor, it shows itself
    both = runs + [_poll_run("Table 2", {(1, 1): "1"}, seats=1)]
    shown = build_plenary([], notes, LENSES, CARDS, revealed=False, poll_runs=both,
                          polls=CATALOG.polls).polls[0]
    assert shown.shown and shown.auto_revealed
    # a poll the hub does not know is left out; a table with only a run gets a tile
    unknown = build_plenary([], [], LENSES, CARDS, True, poll_runs=runs, polls={})
    assert unknown.polls == () and unknown.tables == ()
    alone = build_plenary([], [], LENSES, CARDS, True, poll_runs=runs, polls=CATALOG.polls)
    assert [t.label for t in alone.tables] == ["Table 1"]


def test_a_poll_panel_is_updated_in_place_and_hides_its_answers(make_screen, qtbot):
    screen = make_screen()
    records, notes = demo_room(CATALOG)
    runs = demo_poll_runs(CATALOG)
    screen.show_view(build_plenary(records, notes, LENSES, CARDS, False, poll_runs=runs[:2],
                                   polls=CATALOG.polls))
    settle(qtbot, screen)
    panel = screen.poll_panels[POLL]
    chart_id = id(panel.chart)
    assert panel.count.text() == "2 of 6 tables"
    assert panel.legend[0].text() == "answers hidden"
    texts = panel.chart.texts()
    import re

    assert not any(re.fullmatch(r"\d\.\d", t) for t in texts) and "1." in texts  # no mean
    assert "11 of 11" in texts  # seats that answered stage 1 (5 + 6 seats)
    assert not panel.points.isVisible()
    screen.show_view(build_plenary(records, notes, LENSES, CARDS, True, poll_runs=runs,
                                   polls=CATALOG.polls))
    settle(qtbot, screen)
    assert screen.poll_panels[POLL] is panel and id(panel.chart) == chart_id
    assert panel.count.text() == "5 of 6 tables"
    assert panel.points.marks() == ("1", "2", "3", "4", "5", "–")
    means = [s.mean for s in screen.view.polls[0].stages if s.mean is not None]
    assert means and all(f"{m:.1f}" in panel.chart.texts() for m in means)
    screen.show_view(build_plenary(records, notes, LENSES, CARDS, True))
    assert screen.poll_panels == {}


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_three_lenses_and_a_poll_fit_a_projector(make_screen, qtbot, tmp_path, size):
    """Saves the screenshots plenary-poll-*.png: to PLENARY_SHOTS when set, else tmp_path."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QFontInfo

    from kiosk.ui.plenary.parts import Line

    width, height = size
    screen = make_screen(width, height)
    records, notes = demo_room(CATALOG)
    runs = demo_poll_runs(CATALOG)
    shots = Path(os.environ.get("PLENARY_SHOTS", "") or tmp_path)
    for revealed in (False, True):
        screen.show_view(build_plenary(records, notes, LENSES, CARDS, revealed,
                                       poll_runs=runs, polls=CATALOG.polls))
        settle(qtbot, screen)
        assert (screen.width(), screen.height()) == size
        assert screen.minimumSizeHint().height() <= height
        assert screen.minimumSizeHint().width() <= width
        name = f"plenary-poll-{width}x{height}-{'revealed' if revealed else 'hidden'}"
        assert screen.grab().save(str(shots / f"{name}.png"))
        for lens_panel in screen.panels.values():
            for row in lens_panel.rows:
                if row.isVisible():
                    box = QRect(row.mapTo(lens_panel, QPoint(0, 0)), row.size())
                    assert lens_panel.rect().contains(box), (lens_panel.key, box)
                    assert row.strip.width() <= row.width()
        # a poll that does not fit beside the lenses whole is on a page of its own
        paged = screen.page_button.isVisible()
        if paged:
            qtbot.mouseClick(screen.page_button, Qt.MouseButton.LeftButton)
            settle(qtbot, screen)
            assert screen.grab().save(str(shots / f"{name}-poll-page.png"))
        panel = screen.poll_panels[POLL]
        assert panel.isVisible() and panel.fits_all()
        assert panel.chart.drawn == 4, "every stage of the poll fits"
        assert QRect(QPoint(0, 0), screen.size()).contains(panel.geometry())
        assert panel.width() >= width // 6, panel.width()
        texts = [w for w in panel.findChildren(Line) if w.isVisible()]
        assert min(QFontInfo(w.font()).pixelSize() for w in texts) >= 22
        if paged:
            assert not any(p.isVisible() for p in screen.panels.values())
            qtbot.mouseClick(screen.page_button, Qt.MouseButton.LeftButton)
            settle(qtbot, screen)
            assert all(p.isVisible() for p in screen.panels.values())


def test_the_poll_colour_keeps_ink_readable(qapp):
    from kiosk.ui.plenary import parts
    from kiosk.ui.plenary.polls import POLL_COLOUR

    assert contrast(parts.INK, parts.tint(POLL_COLOUR, parts.TINT_MAX).name()) >= 7


def test_the_screen_does_not_load_pyqtgraph():
    code = ("import sys; import kiosk.ui.plenary; import kiosk.analysis.plenary; "
            "print('pyqtgraph' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
