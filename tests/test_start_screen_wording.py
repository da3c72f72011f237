"""The start screen's words say what comes first: a workshop whose sequence (Setup → the
lens sequence) starts with a case-study poll is not greeted with "a table's ranking", and its
intro puts the poll first; one that starts with a ranking reads as before."""

from __future__ import annotations

from kiosk.domain.workshop import KioskSettings, LensStep
from kiosk.storage import Store
from tests.shell_support import open_kiosk

POLL = "camden-comfort"


def set_sequence(data, steps) -> None:
    with Store.open(data) as store:
        doc = store.get_settings() or KioskSettings().to_doc()
        doc["sequence"] = [step.to_doc() for step in steps]
        store.save_settings(doc)


def start_words(qtbot, data, size=(1366, 768)) -> tuple[str, str]:
    """The kicker's and the intro's words; the window saved as start-<w>.png beside `data`."""
    kiosk = open_kiosk(qtbot, data, size=size)
    try:
        screen = kiosk.window.start_screen
        kiosk.window.resize(*size)
        assert kiosk.window.grab().save(str(data.parent / f"start-{size[0]}.png"))
        return screen.kicker.text(), screen.intro.text()
    finally:
        kiosk.close()


def test_attack_a_sequence_that_starts_with_a_poll_says_so(qtbot, tmp_path):
    """Audit: with the sequence poll → benefit the kicker said "Better use of data · a
    table's ranking" and the intro began with putting the cards in order."""
    data = tmp_path / "data"
    set_sequence(data, [LensStep.for_poll(POLL), LensStep("benefit", "examples-1-6")])
    kicker, intro = start_words(qtbot, data)
    assert kicker == "Better use of data · a case-study poll, then a table's ranking"
    assert intro.startswith("First, each of you answers a case-study poll"), intro
    assert "Then put the example cards in order together" in intro, intro


def test_a_sequence_that_starts_with_a_ranking_reads_as_before(qtbot, tmp_path):
    data = tmp_path / "data"
    set_sequence(data, [LensStep("benefit", "examples-1-6"), LensStep.for_poll(POLL),
                        LensStep("risk", "examples-1-6")])
    kicker, intro = start_words(qtbot, data)
    assert kicker == "Better use of data · a table's ranking"
    assert intro.startswith("Put the example cards in order together — twice"), intro
    assert "also answers a case-study poll" in intro


def test_a_sequence_of_polls_only_names_no_ranking(qtbot, tmp_path):
    data = tmp_path / "data"
    set_sequence(data, [LensStep.for_poll(POLL)])
    kicker, intro = start_words(qtbot, data)
    assert kicker == "Better use of data · a case-study poll"
    assert "order" not in intro and "also" not in intro and "poll" in intro, intro
