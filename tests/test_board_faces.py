"""Every shipped card's face reads from a metre away on every screen the kiosk is made for
(1366×768 up), with each of the three lenses; the acceptability lens's cut line costs the
cards no width; and `kiosk check` tells a deck's author which of their own cards a small
screen sets below 18 px, and how long the summary may be."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo

from kiosk.cli import main
from kiosk.services.catalog import load_catalog
from kiosk.ui.board.face_fit import READABLE_PX, faces
from kiosk.ui.board.geometry import BoardGeometry
from kiosk.ui.theme import Theme
from tests.board_support import make_board, shipped

SCREENS = [(1366, 768), (1600, 900), (1920, 1080)]


@pytest.mark.parametrize("cut_line", [False, True], ids=["benefit-risk", "acceptability"])
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_shipped_card_face_is_18_px_and_whole(qapp, tmp_path, screen, cut_line):
    catalog = load_catalog(tmp_path)
    small = []
    for deck_id in catalog.decks.ids():
        deck = catalog.deck(deck_id)
        assert deck is not None
        small += [(deck_id, f.card.id, f.title_px, f.summary_px, f.whole)
                  for f in faces(deck, *screen, cut_line=cut_line) if not f.readable]
    assert not small, small


@pytest.mark.parametrize("lens", ["benefit", "acceptability"])
def test_the_measure_is_what_the_board_draws(qtbot, tmp_path, lens):
    """faces() lays cards out as the board does: the same sizes the drawn board's cards have
    (at 1366×768, where the cards are smallest)."""
    deck, lenses = shipped(tmp_path)
    board = make_board(qtbot, deck, lenses[lens], size=(1366, 768))
    drawn = {item.card_id: (QFontInfo(item.title_font).pixelSize(),
                            QFontInfo(item.summary_block()[1]).pixelSize(),
                            item.shown_lines[1])
             for item in board.scene.cards.values()}
    measured = {f.card.id: (f.title_px, f.summary_px) for f in
                faces(deck, 1366, 768, cut_line=lens == "acceptability")}
    assert {k: v[:2] for k, v in drawn.items()} == measured
    assert all(min(v[:2]) >= READABLE_PX for v in drawn.values()), drawn


def test_the_cut_line_costs_the_cards_no_width_and_its_grip_sits_in_the_gap(qtbot, tmp_path):
    """The cut line's grip used to stand in a column of its own right of the ladder, which
    made the acceptability lens's cards narrower than the other lenses' (and their summaries
    smaller). It now sits at the band's right end, in the gap between two places."""
    theme = Theme.for_size(1366, 768)
    with_cut = BoardGeometry.compute(1366, 768, 6, theme, True)
    without = BoardGeometry.compute(1366, 768, 6, theme, False)
    assert with_cut.card.width() == without.card.width()
    deck, lenses = shipped(tmp_path)
    board = make_board(qtbot, deck, lenses["acceptability"], size=(1366, 768))
    board.ranking.drop(board.ranking.cards[0], 0)
    board.ranking.drop(board.ranking.cards[1], 1)
    board.ranking.set_cut(1)
    board.refresh(animate=False)
    line = board.scene.cut_line
    grip = line.mapRectToScene(line.grip_rect())
    assert grip.height() >= 48 and grip.width() >= 48  # a finger's target
    assert board.rect().contains(grip.toAlignedRect())
    places = [board.scene.geometry.slot_rect(s, 1) for s in range(len(deck.cards))]
    assert not any(grip.adjusted(1, 1, -1, -1).intersects(p) for p in places), grip


def _own_deck(tmp_path, summary: str, title: str = "Short title") -> int:
    """A six-card deck of the user's (so the board's cards are as small as the shipped
    ones'), card "f" with this title and summary; the line of its id."""
    decks = tmp_path / "decks"
    decks.mkdir(parents=True, exist_ok=True)
    text = 'id = "mine"\ntitle = "Mine"\n'
    for card_id in "abcde":
        text += (f'\n[[cards]]\nid = "{card_id}"\ntitle = "Fine"\n'
                 'summary = "A short summary that fits."\n')
    line = text.count("\n") + 3
    text += f'\n[[cards]]\nid = "f"\ntitle = "{title}"\nsummary = "{summary}"\n'
    (decks / "mine.toml").write_text(text, encoding="utf-8")
    return line


def test_check_notes_a_summary_too_long_for_18_px(tmp_path, capsys):
    summary = ("Health and care records in East and North Herts are linked with names coded, "
               "so staff can spot patients at risk and offer them help early, with support.")
    line = _own_deck(tmp_path, summary)
    assert main(["check", "--data-dir", str(tmp_path)]) == 0  # a note, not a problem
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if line.startswith("note:")]
    assert len(notes) == 1, out
    assert f"{tmp_path / 'decks' / 'mine.toml'}:{line}: card f on a 1366×768 screen" in notes[0]
    assert "its summary is set at 1" in notes[0]
    room = int(notes[0].split("holds about ")[1].split(" ")[0])
    assert 100 < room < len(summary), notes[0]
    assert f"of its {len(summary)} characters at 18 px" in notes[0]


def test_check_notes_a_title_that_wraps_and_cuts_the_summary(tmp_path, capsys):
    _own_deck(tmp_path, "Researchers linked anonymised Welsh housing and health records to "
              "test whether improving social housing makes tenants healthier.",
              title="Routes from Diagnosis: what happens to cancer patients after they hear")
    assert main(["check", "--data-dir", str(tmp_path)]) == 0
    note = next(line for line in capsys.readouterr().out.splitlines()
                if line.startswith("note:"))
    assert "its title takes two lines" in note and "its summary is cut short" in note


def test_check_has_no_note_for_the_shipped_decks(tmp_path, capsys):
    assert main(["check", "--data-dir", str(tmp_path)]) == 0
    assert "note:" not in capsys.readouterr().out


def test_check_after_measuring_lets_the_process_open_a_screen(tmp_path):
    """The check measures type with its own QGuiApplication and removes it again: a screen
    opened later in the same process (tests, the hub) can still make its QApplication."""
    import subprocess
    import sys

    script = (f"from kiosk.cli import main\n"
              f"assert main(['check', '--data-dir', {str(tmp_path)!r}]) == 0\n"
              "from PySide6.QtWidgets import QApplication, QLabel\n"
              "app = QApplication(['x']); w = QLabel('ok'); print('SCREEN', w.text())\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, env={**__import__('os').environ,
                                             "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "SCREEN ok" in result.stdout


def test_attack_check_without_qt_says_the_faces_were_not_measured(tmp_path, capsys,
                                                                   monkeypatch):
    """A machine whose Qt libraries cannot load (libGL missing) still gets the whole check:
    one note instead of a traceback."""
    import builtins

    real_import = builtins.__import__

    def no_qt_gui(name, *args, **kwargs):
        if name.startswith("PySide6.QtGui") or name == "kiosk.ui.board.face_fit":
            raise ImportError("libGL.so.1: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_qt_gui)
    assert main(["check", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "note: card faces not measured (Qt could not load: libGL" in out, out
    assert "all fine" in out
