"""A read-only data folder (a write-protected stick, a file system mounted read-only) whose
kiosk.json has lost its PIN while kiosk-copy.json still holds it (issue 9): the repair cannot
be written, but the PIN from the copy is held in memory and used — the pad never offers to
choose one — and the facilitator is told the folder is read-only. Nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.domain.pin import verify_pin
from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from kiosk.storage.glance import OpeningStore
from tests.test_reliability_glance import PIN, a_kiosk_that_has_worked, edit, make_read_only

DAMAGE: dict[str, Callable[[dict], object]] = {
    "pin null": lambda doc: doc["settings"]["kiosk"].update(pin=None),
    "pin deleted": lambda doc: doc["settings"]["kiosk"].pop("pin"),
    "settings emptied": lambda doc: doc["settings"].update(kiosk={}),
}


@pytest.mark.parametrize("damage", [*DAMAGE, "kiosk.json deleted"])
@pytest.mark.parametrize("opening", ["store", "start"])
def test_attack_a_pin_lost_in_a_read_only_folder_is_taken_from_the_copy_in_memory(
        tmp_path, monkeypatch, damage, opening):
    data = tmp_path / "data"
    kiosk_id, workshop_id = a_kiosk_that_has_worked(data)
    if damage == "kiosk.json deleted":
        (data / "kiosk.json").unlink()
    else:
        edit(data / "kiosk.json", DAMAGE[damage])
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    make_read_only(monkeypatch)
    store = Store.open(data) if opening == "store" else OpeningStore.begin(data)
    try:
        told = [p for p in store.problems if "read-only" in p and str(data) in p]
        assert told, store.problems
        session = TableSession(store, load_catalog(data, cache=True))
        gate = session.pin_gate(lambda: 0.0)
        assert not gate.needs_setting and not gate.lost  # never "Choose a facilitator PIN"
        assert session.pin_hash is not None and verify_pin(PIN, session.pin_hash)
        assert gate.attempt("0000") is False  # a wrong try counts, in memory
        assert gate.keep_problem and "read-only" in gate.keep_problem, gate.keep_problem
        assert gate.attempt(PIN) is True
        assert session.settings.kiosk_id == kiosk_id
        assert session.workshop.workshop_id == workshop_id
        assert session.draft_info() is not None  # the parked ranking is still offered
    finally:
        store.close()
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before  # nothing written


def test_the_pin_held_in_memory_is_written_once_the_folder_can_be_written(tmp_path,
                                                                           monkeypatch):
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    edit(data / "kiosk.json", DAMAGE["pin null"])
    with monkeypatch.context() as patch:
        make_read_only(patch)
        Store.open(data).close()
    with Store.open(data) as store:  # writable again: repaired on disk
        assert any("taken back" in p for p in store.problems), store.problems
    import json

    pin = json.loads((data / "kiosk.json").read_bytes())["settings"]["kiosk"]["pin"]
    assert verify_pin(PIN, pin)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_the_pad_in_a_read_only_folder_asks_for_the_pin_it_had(qtbot, tmp_path,
                                                                        monkeypatch):
    from kiosk.ui.shell import KioskWindow
    from kiosk.ui.theme import Theme
    from tests.shell_support import SIZE, FakeMonotonic, hold_corner

    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    edit(data / "kiosk.json", DAMAGE["pin deleted"])
    make_read_only(monkeypatch)
    opening = OpeningStore.begin(data)
    try:
        session = TableSession(opening, load_catalog(data, cache=True))
        window = KioskWindow(session, Theme.for_size(*SIZE), kiosk_mode=False,
                             problems=list(opening.problems),
                             open_facilitator=lambda parent: None, hold_ms=60,
                             keyboard=False, monotonic=FakeMonotonic())
        qtbot.addWidget(window)
        window.resize(*SIZE)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.corner.watching, timeout=3000)
        hold_corner(qtbot, window)
        pad = window.pin_pad
        assert not pad.setting and pad.title.text() == "Facilitator", pad.title.text()
        assert any("read-only" in p for p in window.problems), window.problems
        window.grab().save(str(tmp_path / "read-only-pad.png"))
    finally:
        opening.close()


def a_read_only_folder_with_rankings_only(data: Path, monkeypatch) -> None:
    """A write-protected stick no kiosk has run on yet (no kiosk.json)."""
    with Store.open(data):
        pass
    for name in ("kiosk.json", "kiosk-copy.json", "drafts.json", "kiosk.lock"):
        (data / name).unlink(missing_ok=True)
    make_read_only(monkeypatch)


def test_attack_a_new_kiosk_on_a_read_only_folder_starts_and_says_why(tmp_path, monkeypatch):
    """Its first settings cannot be saved (a StoreError, not an OSError, used to escape the
    table's session: no kiosk)."""
    data = tmp_path / "data"
    a_read_only_folder_with_rankings_only(data, monkeypatch)
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data, cache=True))
        assert session.ready
        assert any("read-only" in p for p in session.problems), session.problems


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_choosing_a_pin_in_a_read_only_folder_says_it_was_not_saved(
        qtbot, tmp_path, monkeypatch, capfd):
    from tests.shell_support import hold_corner, open_kiosk, tap

    data = tmp_path / "data"
    a_read_only_folder_with_rankings_only(data, monkeypatch)
    kiosk = open_kiosk(qtbot, data)
    window = kiosk.window
    hold_corner(qtbot, window)
    pad = window.pin_pad
    assert pad.setting  # a new kiosk: it has never had a PIN
    for _ in range(2):
        for digit in "1357":
            tap(qtbot, pad.digits[digit])
        tap(qtbot, pad.ok_button)  # a StoreError out of the slot, nothing said
    assert pad.isVisible() and window.screen_name != "facilitator"
    assert "could not be saved" in pad.message.text()
    assert "read-only" in capfd.readouterr().err
    kiosk.close()


def test_attack_an_old_schema_in_a_read_only_folder_is_read_without_writing(tmp_path,
                                                                           monkeypatch):
    """A store file from before store schemas on a write-protected stick: upgraded in
    memory only (the upgrade's write used to stop the open with a StoreError)."""
    from tests.test_reliability_full_open import PIN as OLD_PIN
    from tests.test_reliability_full_open import an_old_kiosk

    data = tmp_path / "data"
    raw = an_old_kiosk(data)
    make_read_only(monkeypatch)
    with Store.open(data) as store:
        assert any("read-only" in p for p in store.problems), store.problems
        session = TableSession(store, load_catalog(data, cache=True))
        assert session.settings.kiosk_id == "k1" and verify_pin(OLD_PIN, session.pin_hash)
    assert (data / "kiosk.json").read_bytes() == raw
