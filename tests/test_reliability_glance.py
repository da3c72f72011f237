"""The kiosk's own start path (kiosk.storage.glance.OpeningStore, as `kiosk` starts): a store
file that parses but holds a bad document, damaged settings or out-of-range numbers is read
the way the full Store reads it — the document set aside (the file kept byte for byte,
reported with the file and the key), the settings repaired from kiosk-copy.json — so the
kiosk starts, keeps its PIN, its identity, its workshop and its parked ranking, and
`kiosk check` reports what it found (issue 9)."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.domain.pin import verify_pin
from kiosk.domain.workshop import KioskSettings
from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from kiosk.storage.check import find_problems
from kiosk.storage.glance import OpeningStore
from tests.aside_support import only_set_aside_files_reported

PIN = "2468"


def a_kiosk_that_has_worked(data: Path) -> tuple[str, str]:
    """A kiosk with a PIN, a named workshop and a ranking parked half-way: its id and its
    workshop's id."""
    catalog = load_catalog(data)
    with Store.open(data) as store:
        session = TableSession(store, catalog)
        session.set_pin(PIN)
        store.save_workshop({**session.workshop.to_doc(), "name": "Manchester",
                             "provisional": False})
        session.reload()
        session.start_fresh()
        assert session.ranking is not None
        session.ranking.drop(session.ranking.cards[0], 0)
        session.save_draft()
        return session.settings.kiosk_id, session.workshop.workshop_id


@contextmanager
def started(data: Path) -> Iterator[tuple[OpeningStore, TableSession]]:
    """The store and the table's session exactly as the kiosk's window gets them."""
    opening = OpeningStore.begin(data)
    try:
        yield opening, TableSession(opening, load_catalog(data, cache=True))
    finally:
        opening.close()


def edit(path: Path, change: Callable[[dict], object]) -> bytes:
    doc = json.loads(path.read_bytes())
    change(doc)
    raw = json.dumps(doc).encode()
    path.write_bytes(raw)
    return raw


def kept(data: Path, name: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(data.glob(f"{name}.corrupt-*"))]


def copy_pin(data: Path) -> dict | None:
    return json.loads((data / "kiosk-copy.json").read_bytes())["settings"]["kiosk"].get("pin")


# ----- 1. bad documents on the start path


@pytest.mark.parametrize("entry", [{"x": 1}, {"draft": [1]}, {"draft": "s"}])
def test_attack_a_bad_parked_draft_on_the_start_path_is_set_aside_and_the_kiosk_starts(
        tmp_path, capsys, entry):
    data = tmp_path / "data"
    kiosk_id, workshop_id = a_kiosk_that_has_worked(data)
    raw = edit(data / "drafts.json", lambda doc: doc["drafts"].update({kiosk_id: entry}))
    with started(data) as (opening, session):
        assert session.draft_info() is None  # nothing to offer back, and no crash
        assert session.settings.kiosk_id == kiosk_id
        assert session.workshop.workshop_id == workshop_id
        told = [p for p in opening.problems if "drafts.json" in p and repr(kiosk_id) in p]
        assert told, opening.problems
    assert kept(data, "drafts.json") == [raw]  # byte for byte

    (data / "drafts.json").write_bytes(raw)  # and `kiosk check` says so
    assert cli.main(["check", "--data-dir", str(data)]) == cli.EXIT_PROBLEMS
    out = capsys.readouterr().out
    assert "drafts.json" in out and repr(kiosk_id) in out


def test_attack_the_current_workshop_without_its_id_on_the_start_path(tmp_path, capsys):
    data = tmp_path / "data"
    kiosk_id, workshop_id = a_kiosk_that_has_worked(data)
    raw = edit(data / "kiosk.json", lambda doc: doc["workshops"][workshop_id].pop("workshop_id"))
    with started(data) as (opening, session):
        assert any("workshops" in p and repr(workshop_id) in p for p in opening.problems), \
            opening.problems
        # the workshop is taken back from kiosk-copy.json: the rankings go on into it
        assert session.workshop.workshop_id == workshop_id
        assert session.workshop.name == "Manchester"
        assert session.draft_info() is not None
    assert kept(data, "kiosk.json") == [raw]
    with started(data) as (opening, session):
        assert opening.problems == [] and session.workshop.name == "Manchester"

    (data / "kiosk.json").write_bytes(raw)
    assert cli.main(["check", "--data-dir", str(data)]) == cli.EXIT_PROBLEMS
    assert repr(workshop_id) in capsys.readouterr().out


# ----- 2 and 3. damaged settings: repaired once, and the start path sees the repair

DAMAGE: dict[str, Callable[[dict], object]] = {
    "a wrong-typed kiosk id": lambda doc: doc["settings"]["kiosk"].update(kiosk_id=7),
    "a wrong-typed PIN": lambda doc: doc["settings"]["kiosk"].update(pin="1234"),
    "the PIN set to null": lambda doc: doc["settings"]["kiosk"].update(pin=None),
    "the PIN deleted": lambda doc: doc["settings"]["kiosk"].pop("pin"),
    "the settings emptied": lambda doc: doc["settings"].update(kiosk={}),
    "the kiosk id and workshop deleted": lambda doc: [
        doc["settings"]["kiosk"].pop(name) for name in ("kiosk_id", "workshop_id")],
}


def damage_kiosk_json(data: Path, kind: str) -> None:
    path = data / "kiosk.json"
    if kind == "truncated":
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    else:
        edit(path, DAMAGE[kind])


@pytest.mark.parametrize("kind", ["truncated", *DAMAGE])
def test_attack_damaged_settings_keep_the_pin_identity_and_workshop_on_the_start_path(
        tmp_path, kind):
    data = tmp_path / "data"
    kiosk_id, workshop_id = a_kiosk_that_has_worked(data)
    damage_kiosk_json(data, kind)
    for start in range(2):  # repaired on the first start, and still so on the next
        with started(data) as (opening, session):
            if start == 0:
                assert any("kiosk.json" in p for p in opening.problems), opening.problems
            else:
                assert opening.problems == []
            gate = session.pin_gate(lambda: 0.0)
            assert not gate.needs_setting and not gate.lost  # never "Choose a PIN"
            assert session.pin_hash is not None and verify_pin(PIN, session.pin_hash)
            assert session.settings.kiosk_id == kiosk_id
            assert session.workshop.workshop_id == workshop_id
            assert session.draft_info() is not None  # the parked ranking is offered back
        pin = copy_pin(data)
        assert pin is not None and verify_pin(PIN, pin)  # the backup keeps the PIN


@pytest.mark.parametrize("kind", ["the PIN set to null", "the PIN deleted",
                                  "the settings emptied"])
def test_attack_kiosk_check_never_overwrites_the_pin_backup(tmp_path, capsys, kind):
    data = tmp_path / "data"
    kiosk_id, _ = a_kiosk_that_has_worked(data)
    damage_kiosk_json(data, kind)
    assert cli.main(["check", "--data-dir", str(data)]) == cli.EXIT_PROBLEMS
    assert "kiosk-copy.json" in capsys.readouterr().out  # says where it was taken from
    pin = copy_pin(data)
    assert pin is not None and verify_pin(PIN, pin)
    with started(data) as (opening, session):
        assert session.pin_hash is not None and verify_pin(PIN, session.pin_hash)
        assert session.settings.kiosk_id == kiosk_id
    only_set_aside_files_reported(data, capsys)


def test_a_save_without_the_pin_never_makes_the_backup_pin_less(tmp_path):
    """Whatever writes the settings without their PIN (a bug, a damaged document read
    back), kiosk-copy.json keeps the PIN it had, and the next start takes it back."""
    data = tmp_path / "data"
    kiosk_id, _ = a_kiosk_that_has_worked(data)
    with Store.open(data) as store:
        store.save_settings({**store.get_settings(), "pin": None})
    pin = copy_pin(data)
    assert pin is not None and verify_pin(PIN, pin)
    with started(data) as (opening, session):
        assert session.pin_hash is not None and verify_pin(PIN, session.pin_hash)


def test_with_no_good_copy_a_lost_pin_is_said_on_the_pad_not_offered(tmp_path):
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    edit(data / "kiosk.json", DAMAGE["a wrong-typed PIN"])
    (data / "kiosk-copy.json").write_bytes(b"{ damaged")
    with started(data) as (opening, session):
        gate = session.pin_gate(lambda: 0.0)
        assert gate.lost and not gate.needs_setting
        assert any("set-pin" in p for p in opening.problems), opening.problems


def test_a_new_kiosk_on_the_start_path_still_chooses_its_pin(tmp_path):
    data = tmp_path / "data"
    with started(data) as (_, session):
        assert session.pin_gate(lambda: 0.0).needs_setting
    with started(data) as (opening, session):  # its settings written, no PIN yet
        assert session.pin_gate(lambda: 0.0).needs_setting and opening.problems == []


# ----- 5. numbers out of range


@pytest.mark.parametrize("field, value", [
    ("idle_timeout_s", 10**10), ("idle_timeout_s", 2**70), ("idle_timeout_s", 5),
    ("seats", 2**70), ("seats", 99), ("pin_lockout", {"failures": 2**70, "locked_s": 0}),
])
def test_attack_an_out_of_range_number_in_the_settings_is_rejected_when_read(
        tmp_path, capsys, field, value):
    data = tmp_path / "data"
    kiosk_id, _ = a_kiosk_that_has_worked(data)
    raw = edit(data / "kiosk.json", lambda doc: doc["settings"]["kiosk"].update({field: value}))
    found = find_problems(data / "kiosk.json", json.loads(raw))  # what `kiosk check` reads
    assert [p for p in found if repr(field) in p], found
    with started(data) as (opening, session):
        assert any(repr(field) in p for p in opening.problems), opening.problems
        assert 30 <= session.idle_timeout_s <= 3600  # a timer Qt can run
        assert 2 <= session.default_seats <= 6
        gate = session.pin_gate(lambda: 0.0)
        assert not gate.attempt("1111")  # a wrong try is written: writes work
        session.save_draft()
        assert session.settings.kiosk_id == kiosk_id
    only_set_aside_files_reported(data, capsys)  # mended once


def test_attack_a_huge_number_anywhere_in_the_settings_never_stops_writes(tmp_path):
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    edit(data / "kiosk.json", lambda doc: doc["settings"]["kiosk"].update(extra=2**70))
    with started(data) as (_, session):
        gate = session.pin_gate(lambda: 0.0)
        assert not gate.attempt("1111")  # written with the settings document
        assert gate.attempt(PIN)


@pytest.mark.parametrize("value", [10**10, 2**70, 5, 1e10, -1])
def test_settings_read_from_anywhere_keep_the_idle_time_in_range(value):
    assert KioskSettings.from_doc({"idle_timeout_s": value}).idle_timeout_s == 180


# ----- 6. `kiosk check` reads the rankings as records


@pytest.mark.parametrize("completed_at", [5, ["x"], {"a": 1}])
def test_attack_check_on_a_ranking_whose_time_is_not_text_reports_it(completed_at):
    doc = {"ranking_id": "r", "deck": "d", "lens": "l", "positions": {"1": 1},
           "completed_at": completed_at}
    found = find_problems(Path("rankings.json"),
                          {"meta": {"store": {"schema_version": 1}}, "rankings": {"r": doc}})
    assert [p for p in found if "'r'" in p], found


def test_check_still_names_a_completion_time_that_is_not_a_time():
    doc = {"ranking_id": "r", "deck": "d", "lens": "l", "positions": {"1": 1},
           "completed_at": "yesterday"}
    found = find_problems(Path("rankings.json"),
                          {"meta": {"store": {"schema_version": 1}}, "rankings": {"r": doc}})
    assert any("'yesterday'" in p and "ISO 8601" in p for p in found), found


# ----- the real kiosk process (with the systemd unit, a crash here restarts it for ever)


@pytest.mark.parametrize("kind", ["a draft without its draft", "a workshop without its id",
                                  "the PIN set to null"])
def test_attack_the_real_kiosk_starts_over_a_bad_document_and_says_so(tmp_path, kind):
    from tests.test_reliability_app import look_at_kiosk

    data = tmp_path / "data"
    kiosk_id, workshop_id = a_kiosk_that_has_worked(data)
    if kind == "a draft without its draft":
        edit(data / "drafts.json", lambda doc: doc["drafts"].update({kiosk_id: {"x": 1}}))
    elif kind == "a workshop without its id":
        edit(data / "kiosk.json", lambda doc: doc["workshops"][workshop_id].pop("workshop_id"))
    else:
        edit(data / "kiosk.json", DAMAGE["the PIN set to null"])
    seen, log = look_at_kiosk(data)
    assert seen["status"] == 0 and seen["screen"] == "start" and seen["visible"]
    assert seen["heading"].startswith("Manchester · ")
    assert seen["problems"] and all(p in log for p in seen["problems"])  # and on stderr
    assert "facilitator" in seen["notice"]


def test_attack_a_lost_pin_on_a_full_disk_still_starts_and_comes_back_with_room(
        tmp_path, monkeypatch):
    from tests.test_reliability_disk import Disk

    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    edit(data / "kiosk.json", DAMAGE["the PIN set to null"])
    disk = Disk(monkeypatch)
    disk.full = True
    with started(data) as (opening, session):
        assert any("could not be checked" in p and "yet" in p and "full" in p
                   for p in opening.problems), opening.problems
    disk.full = False
    with started(data) as (opening, session):
        assert session.pin_hash is not None and verify_pin(PIN, session.pin_hash)


def test_a_lost_pin_in_a_read_only_folder_is_said_and_nothing_is_written(tmp_path,
                                                                          monkeypatch):
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    edit(data / "kiosk.json", DAMAGE["the PIN set to null"])
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    make_read_only(monkeypatch)
    with Store.open(data) as store:
        assert any("'pin'" in p and "cannot be written" in p for p in store.problems), \
            store.problems
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


# ----- a damaged kiosk-copy.json


def test_attack_a_pin_less_kiosk_json_beside_a_damaged_copy_marks_the_pin_lost(tmp_path):
    """Both files damaged: whether the kiosk had a PIN cannot be known, so nobody is offered
    to choose one at the pad (`kiosk set-pin` at its keyboard sets it)."""
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    edit(data / "kiosk.json", DAMAGE["the PIN set to null"])
    (data / "kiosk-copy.json").write_bytes(b"{ damaged")
    for start in range(2):
        with started(data) as (opening, session):
            gate = session.pin_gate(lambda: 0.0)
            assert gate.lost and not gate.needs_setting
            if start == 0:
                assert any("kiosk-copy.json" in p and "set-pin" in p
                           for p in opening.problems), opening.problems
    assert kept(data, "kiosk-copy.json") == [b"{ damaged"]


def test_attack_a_damaged_copy_beside_a_good_kiosk_json_is_kept_aside_and_written_again(
        tmp_path, capsys):
    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    (data / "kiosk-copy.json").write_bytes(b"[" * 100_000)
    assert cli.main(["check", "--data-dir", str(data)]) == cli.EXIT_PROBLEMS
    assert "kiosk-copy.json" in capsys.readouterr().out
    assert kept(data, "kiosk-copy.json") == [b"[" * 100_000]
    pin = copy_pin(data)
    assert pin is not None and verify_pin(PIN, pin)
    with started(data) as (opening, session):
        assert opening.problems == [] and not session.pin_gate(lambda: 0.0).lost


def test_attack_a_copy_that_is_a_fifo_is_never_waited_for(tmp_path):
    import os
    import subprocess
    import sys

    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    (data / "kiosk-copy.json").unlink()
    os.mkfifo(data / "kiosk-copy.json")
    code = ("import sys; from pathlib import Path; from kiosk.storage.glance import "
            "OpeningStore; s = OpeningStore.begin(Path(sys.argv[1])); s.open(); "
            "print(len(s.problems)); s.close()")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True,
                          text=True, cwd=root, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1  # said
    assert (data / "kiosk-copy.json").is_file()  # and written again as a file


def test_attack_a_damaged_copy_on_a_full_disk_is_left_as_it_is_until_there_is_room(
        tmp_path, monkeypatch):
    from tests.test_reliability_disk import Disk

    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    edit(data / "kiosk.json", DAMAGE["the PIN set to null"])
    (data / "kiosk-copy.json").write_bytes(b"{ damaged")
    disk = Disk(monkeypatch)
    disk.full = True
    with started(data) as (opening, _):
        assert any("yet" in p and "full" in p for p in opening.problems), opening.problems
    assert (data / "kiosk-copy.json").read_bytes() == b"{ damaged"  # the evidence stays
    disk.full = False
    with started(data) as (_, session):
        assert session.pin_gate(lambda: 0.0).lost


def make_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write into the folder refused as a read-only file system refuses it."""
    from kiosk.storage import lock as storage_lock

    real_open = storage_lock.open_lock_file

    def open_lock_file(path, flags, mode=0o644):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, mode)

    def no_write(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(storage_lock, "open_lock_file", open_lock_file)
    for module in ("kiosk.outputs", "kiosk.storage.files", "kiosk.storage.atomic",
                   "kiosk.storage.settings_copy"):
        monkeypatch.setattr(f"{module}.write_atomically", no_write)
