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

        for module in ("kiosk.storage.files", "kiosk.storage.atomic",
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
    from tests.shell_support import open_kiosk, tap

    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    window.flow.start_fresh()
    ranking = kiosk.session.ranking
    for slot, card in enumerate(ranking.cards):
        ranking.drop(card, slot)
    window.flow.changed()
    window.flow.to_criteria()
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
    for module in ("kiosk.storage.files", "kiosk.storage.atomic", "kiosk.storage.settings_copy"):
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
