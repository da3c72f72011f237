"""A full disk (issue: nothing a full disk can do stops a kiosk or loses a ranking): a save
that cannot be written is told plainly, the board stays as it was, nothing is marked half
done; the kiosk still starts on a full disk and says so; the save succeeds once there is
room. The disk is made "full" by making every durable write fail with ENOSPC, as it would."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession, describe_store_failure
from kiosk.storage import Store
from kiosk.storage import files as storage_files


class Disk:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        real = storage_files.write_atomically

        def write_atomically(path: Path, payload: bytes) -> None:
            if self.full:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            real(path, payload)

        for module in ("kiosk.outputs", "kiosk.storage.files", "kiosk.storage.atomic",
                       "kiosk.storage.settings_copy"):
            monkeypatch.setattr(f"{module}.write_atomically", write_atomically)
        real_free = storage_files.free_bytes
        monkeypatch.setattr("kiosk.storage.store.free_bytes",
                            lambda folder: 4096 if self.full else real_free(folder))


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(monkeypatch)


def a_finished_board(session: TableSession) -> None:
    ranking = session.start_fresh()
    for slot, card in enumerate(ranking.cards):
        ranking.drop(card, slot)
    session.save_draft()


def test_attack_a_full_disk_at_save_keeps_the_board_and_the_kiosk_starts_again(tmp_path, disk):
    data = tmp_path / "data"
    catalog = load_catalog(data)
    with Store.open(data) as store:
        session = TableSession(store, catalog)
        a_finished_board(session)
        ranking_id = session.ranking.ranking_id
        disk.full = True
        with pytest.raises(OSError) as failure:
            session.finish()
        message = describe_store_failure(failure.value)
        assert "full" in message and str(data) in message and "Errno" not in message
        assert session.ranking is not None and session.ranking.complete  # the board stays
        assert not store.has_ranking(ranking_id)
    # Restarted with the disk still full: the kiosk starts, says why, offers the ranking.
    with Store.open(data) as store:
        assert any("full" in p and str(data) in p for p in store.problems), store.problems
        session = TableSession(store, catalog)
        assert session.draft_info() is not None
        session.resume()
        disk.full = False  # room again: the same save now goes through
        session.finish()
        assert store.has_ranking(ranking_id)
    with Store.open(data) as store:
        assert store.problems == []
        draft = store.get_draft(TableSession(store, catalog).slot)  # the next lens's, if any
        assert draft is None or draft["ranking_id"] != ranking_id


def test_attack_a_kiosk_on_a_full_disk_from_its_first_start(tmp_path, disk):
    data = tmp_path / "data"
    Store.open(data).close()
    disk.full = True
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data))  # its defaults cannot be saved
        assert session.ready
        assert any("full" in p for p in session.problems), session.problems


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_the_table_is_told_plainly_when_its_save_hits_a_full_disk(qtbot, tmp_path, disk):
    from tests.shell_support import open_kiosk, ranked_to_criteria, tap

    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    ranking = ranked_to_criteria(kiosk)
    disk.full = True
    screen = window.criteria_screen
    tap(qtbot, screen.save_button)
    assert window.screen_name == "criteria"  # never a "saved" screen for an unsaved ranking
    hint = screen.save_problem.text()
    assert screen.save_problem.isVisible()
    assert "Not saved" in hint and "is full" in hint and "Errno" not in hint
    assert kiosk.session.ranking is ranking and ranking.complete  # the board as it was
    window.grab().save(str(tmp_path / "full-disk.png"))
    disk.full = False
    tap(qtbot, screen.save_button)
    assert window.screen_name == "saved" and not screen.save_problem.isVisible()
    assert kiosk.store.has_ranking(ranking.ranking_id)
    kiosk.close()


def test_attack_a_read_only_data_folder_still_exports_to_another_drive(tmp_path, monkeypatch,
                                                                        capsys):
    """A data folder on a stick whose write-protect switch is on (or a file system mounted
    read-only): nothing can be written there, so nothing is — but the rankings can still be
    read and exported to another drive, and the command says why nothing is saved."""
    from kiosk import cli
    from kiosk.domain.record import SavedRanking
    from kiosk.storage import StoreError
    from kiosk.storage import lock as storage_lock

    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_ranking(SavedRanking("r1", "examples-1-6", "benefit",
                                        {str(n): n for n in range(1, 7)},
                                        completed_at="2017-03-14T10:00:00+00:00"))
    read_only = OSError(errno.EROFS, os.strerror(errno.EROFS))

    def no_write(*args, **kwargs):
        raise read_only

    real_open = storage_lock.open_lock_file

    def open_lock_file(path, flags, mode=0o644):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(storage_lock, "open_lock_file", open_lock_file)
    for module in ("kiosk.outputs", "kiosk.storage.files", "kiosk.storage.atomic",
                   "kiosk.storage.settings_copy"):
        monkeypatch.setattr(f"{module}.write_atomically", no_write)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    with Store.open(data) as store:
        assert [r.ranking_id for r in store.list_rankings()] == ["r1"]
        assert any("read-only" in p for p in store.problems), store.problems
        with pytest.raises(StoreError, match="read-only"):
            store.save_settings({"table": "T"})
    status = cli.main(["export", "--out", str(tmp_path / "stick"), "--data-dir", str(data)])
    assert status == cli.EXIT_OK, capsys.readouterr().err
    assert "r1" in (tmp_path / "stick" / "rankings.csv").read_text("utf-8-sig")
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_moves_on_a_full_disk_are_said_above_the_board_and_saved_once_there_is_room(
        qtbot, tmp_path, disk):
    from tests.shell_support import open_kiosk

    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    window.flow.start_fresh()
    ranking = kiosk.session.ranking
    disk.full = True
    ranking.drop(ranking.cards[0], 0)
    window.flow.changed()  # what the board does after a move
    problem = window.screens.board_problem
    assert not problem.isHidden() and "is full" in problem.text()
    assert window.screen_name == "board"
    disk.full = False
    ranking.drop(ranking.cards[1], 1)
    window.flow.changed()
    assert problem.isHidden()
    draft = kiosk.store.get_draft(kiosk.session.slot)
    assert [e["card"] for e in draft["log"] if "card" in e] == list(ranking.cards[:2])
    kiosk.close()


def a_kiosk_with_a_pin(data: Path) -> None:
    from kiosk.domain.pin import hash_pin

    with Store.open(data) as store:
        store.save_workshop({"workshop_id": "w1", "name": "Spring", "place": "", "date": ""})
        store.save_settings({"kiosk_id": "k1", "workshop_id": "w1", "table": "Table 1",
                             "pin": hash_pin("2468")})


@pytest.mark.parametrize("opening", ["store", "start"])
def test_attack_a_full_disk_with_kiosk_json_gone_still_starts_with_its_pin(tmp_path, disk,
                                                                           opening):
    """kiosk.json is brought back from its copy, which needs a write: on a full disk the
    kiosk starts on the copy's settings (its PIN, its id) and says the folder is full."""
    from kiosk.storage.glance import OpeningStore

    data = tmp_path / "data"
    a_kiosk_with_a_pin(data)
    (data / "kiosk.json").unlink()
    disk.full = True
    store = Store.open(data) if opening == "store" else OpeningStore.begin(data)
    try:
        settings = store.get_settings()
        assert settings["kiosk_id"] == "k1" and settings["pin"], settings
        assert any("full" in p and str(data) in p for p in store.problems), store.problems
        session = TableSession(store, load_catalog(data))
        assert session.ready and session.pin_hash
    finally:
        store.close()
    disk.full = False  # room again: the next start writes kiosk.json back
    with Store.open(data) as store:
        assert store.get_settings()["kiosk_id"] == "k1"
    assert (data / "kiosk.json").is_file()


def test_attack_a_full_disk_and_no_copy_never_offers_to_choose_a_pin(tmp_path, disk):
    from kiosk.storage.settings_copy import COPY_FILE

    data = tmp_path / "data"
    a_kiosk_with_a_pin(data)
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data))
        a_finished_board(session)
    (data / "kiosk.json").unlink()
    (data / COPY_FILE).unlink()
    disk.full = True
    with Store.open(data) as store:
        assert store.get_settings().get("pin_lost") is True
        assert any("full" in p for p in store.problems), store.problems


@pytest.mark.parametrize("command", ["check", "export"])
def test_attack_a_full_disk_and_a_document_to_set_aside_still_checks_and_exports(
        tmp_path, disk, capsys, command):
    """Setting a bad document aside keeps a copy of the file first, which needs room: on a
    full disk the document is left out (and the file left as it is) until there is room."""
    import json

    from kiosk import cli
    from kiosk.domain.record import SavedRanking

    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_ranking(SavedRanking("r1", "examples-1-6", "benefit",
                                        {str(n): n for n in range(1, 7)},
                                        completed_at="2017-03-14T10:00:00+00:00"))
    path = data / "rankings.json"
    tables = json.loads(path.read_bytes())
    tables["rankings"]["bad"] = {"criteria": "not a list"}
    path.write_text(json.dumps(tables), "utf-8")
    before = path.read_bytes()
    disk.full = True
    args = [command, "--data-dir", str(data)]
    if command == "export":
        args += ["--out", str(tmp_path / "stick")]
    status = cli.main(args)
    said = capsys.readouterr()
    assert status == (cli.EXIT_PROBLEMS if command == "check" else cli.EXIT_OK), said
    assert "bad" in said.out + said.err and "Traceback" not in said.err
    assert path.read_bytes() == before  # nothing lost, nothing half-done
    if command == "export":
        assert "r1" in (tmp_path / "stick" / "rankings.csv").read_text("utf-8-sig")
    disk.full = False  # room again: the document is set aside as usual
    with Store.open(data) as store:
        assert [r.ranking_id for r in store.list_rankings()] == ["r1"]
    assert list(data.glob("rankings.json.corrupt-*"))


def test_attack_wrong_pins_on_a_full_disk_keep_the_lockout_and_say_so(tmp_path, disk):
    from kiosk.domain.pin import MAX_TRIES

    data = tmp_path / "data"
    a_kiosk_with_a_pin(data)
    clock = [1000.0]
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data))
        gate = session.pin_gate(lambda: clock[0])
        disk.full = True
        for _ in range(MAX_TRIES):
            assert gate.attempt("0000") is False  # never an ENOSPC out of a try
        assert gate.seconds_locked() > 0  # the lockout holds in memory
        assert gate.keep_problem and "full" in gate.keep_problem, gate.keep_problem
        assert gate.attempt("2468") is False  # locked: even the right PIN waits


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_wrong_pins_at_the_pad_on_a_full_disk_are_counted_and_said(qtbot, tmp_path,
                                                                          disk, capfd):
    from tests.shell_support import hold_corner, open_kiosk, tap

    kiosk = open_kiosk(qtbot, tmp_path / "data")
    kiosk.session.set_pin("2468")
    window = kiosk.window
    hold_corner(qtbot, window)
    pad = window.pin_pad
    disk.full = True
    for digit in "1111":
        tap(qtbot, pad.digits[digit])
    tap(qtbot, pad.ok_button)  # used to end in an ENOSPC out of the slot, nothing said
    assert "not right" in pad.message.text() and "is full" in pad.message.text(), pad.message.text()
    assert "restart" in pad.message.text()
    assert "is full" in capfd.readouterr().err  # and in the service log
    window.grab().save(str(tmp_path / "pin-full-disk.png"))
    kiosk.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_a_removed_lock_is_told_to_the_table_in_plain_words_and_logged(qtbot, tmp_path,
                                                                              capfd):
    """`rm kiosk.lock` while the kiosk runs: the save is refused (one writer), and the table
    is told so in words, not "lock file … removed or replaced"; the service log has it."""
    from tests.shell_support import open_kiosk, tap

    data = tmp_path / "data"
    kiosk = open_kiosk(qtbot, data)
    window = kiosk.window
    window.flow.start_fresh()
    ranking = kiosk.session.ranking
    for slot, card in enumerate(ranking.cards):
        ranking.drop(card, slot)
    window.flow.changed()
    window.flow.to_criteria()
    capfd.readouterr()
    (data / "kiosk.lock").unlink()
    tap(qtbot, window.criteria_screen.save_button)
    hint = window.criteria_screen.save_problem.text()
    assert window.screen_name == "criteria" and "Not saved" in hint
    assert "lock file" not in hint and "replaced" not in hint and "Errno" not in hint, hint
    assert "Another program" in hint and str(data) in hint, hint
    assert "Another program" in capfd.readouterr().err
    window.grab().save(str(tmp_path / "lock-removed.png"))
    kiosk.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_choosing_a_pin_on_a_full_disk_says_it_was_not_saved(qtbot, tmp_path, disk,
                                                                    capfd):
    from tests.shell_support import hold_corner, open_kiosk, tap

    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    hold_corner(qtbot, window)
    pad = window.pin_pad
    disk.full = True
    for _ in range(2):  # typed twice, as a new PIN is
        for digit in "1357":
            tap(qtbot, pad.digits[digit])
        tap(qtbot, pad.ok_button)  # used to end in an ENOSPC out of the slot
    assert pad.isVisible() and window.screen_name != "facilitator"
    assert "could not be saved" in pad.message.text()
    assert "is full" in capfd.readouterr().err
    disk.full = False
    for _ in range(2):
        for digit in "1357":
            tap(qtbot, pad.digits[digit])
        tap(qtbot, pad.ok_button)
    assert window.screen_name == "facilitator"
    kiosk.close()
