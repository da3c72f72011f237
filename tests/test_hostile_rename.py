"""Issue 9, item 10: a workshop's rename is all or nothing, even when the kiosk is killed
between its writes, and the Setup tab does it off the GUI thread with its progress shown."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.domain.workshop import Workshop
from kiosk.storage import Store
from tests.csv_support import catalog_for, sample_records

ROOT = Path(__file__).resolve().parent.parent

# Renames workshop w1 through the facilitator's service and is SIGKILLed by itself right
# after the Nth atomic write of the file named (argv 2, 3): as a power cut would.
CHILD = """
import os, signal, sys
from pathlib import Path
import kiosk.storage.atomic as atomic
from kiosk.domain.workshop import Workshop
from kiosk.services.catalog import load_catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store

data, name, nth = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
real = atomic.write_atomically
seen = []

def write(path, payload):
    real(path, payload)
    seen.append(Path(path).name)
    if seen.count(name) == nth:
        print(" ".join(seen), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

store = Store.open(data)
service = FacilitatorService(store, load_catalog(data))
store.list_rankings()
atomic.write_atomically = write
service.workshops.update(Workshop("w1", "New name", "New place", "2025-03-14"))
print("not killed", flush=True)
"""


def _stored(tmp_path: Path, count: int = 6) -> Path:
    catalog = catalog_for(tmp_path / "catalog")
    records = [r.with_changes(workshop_id="w1", workshop="Old", place="Hall",
                              workshop_date="2017-03-14")
               for r in sample_records(catalog, count)]
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_rankings(records)
        store.save_workshop({"workshop_id": "w1", "name": "Old", "place": "Hall",
                             "date": "2017-03-14"})
    return data


def _details(store: Store) -> tuple[set[tuple[str, str, str]], tuple[str, str, str]]:
    copies = {(r.workshop, r.place, r.workshop_date) for r in store.list_rankings()}
    shop = store.get_workshop("w1")
    assert shop is not None
    return copies, (shop["name"], shop["place"], shop["date"])


@pytest.mark.parametrize(("file", "nth"), [("kiosk.json", 1), ("rankings.json", 1)],
                         ids=["after-the-first-kiosk-write", "after-the-rankings-write"])
def test_attack_a_kill_between_a_renames_writes_is_finished_on_the_next_start(
        tmp_path, file, nth):
    """Killed between writing the rankings' copies and the workshop (or the other way
    round), the next start must not show a workshop whose rankings name it otherwise."""
    data = _stored(tmp_path)
    done = subprocess.run([sys.executable, "-c", CHILD, str(data), file, str(nth)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == -9, (done.returncode, done.stdout, done.stderr[-2000:])
    with Store.open(data) as store:
        copies, shop = _details(store)
        assert {shop} == copies, f"workshop {shop}, its rankings {copies}"
        assert shop == ("New name", "New place", "2025-03-14")
        assert "copies_pending" not in store.get_workshop("w1")
        assert any("cut short" in p for p in store.problems), store.problems
    with Store.open(data) as store:  # mended once: the next start says nothing of it
        assert not any("cut short" in p for p in store.problems)
        assert _details(store)[0] == {("New name", "New place", "2025-03-14")}


def test_attack_a_full_disk_in_a_rename_changes_nothing(tmp_path, monkeypatch):
    """The rankings' write fails (no space): the workshop is put back, no copy changed."""
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage import atomic

    data = _stored(tmp_path)
    real = atomic.write_atomically

    def full(path, payload):
        if Path(path).name == "rankings.json":
            raise OSError(28, "No space left on device")
        real(path, payload)

    with Store.open(data) as store:
        service = FacilitatorService(store, catalog_for(tmp_path / "catalog"))
        monkeypatch.setattr(atomic, "write_atomically", full)
        with pytest.raises(OSError):
            service.workshops.update(Workshop("w1", "New", "", ""))
        assert _details(store) == ({("Old", "Hall", "2017-03-14")},
                                   ("Old", "Hall", "2017-03-14"))
        assert "copies_pending" not in store.get_workshop("w1")
        monkeypatch.setattr(atomic, "write_atomically", real)
    with Store.open(data) as store:
        assert _details(store)[1][0] == "Old" and not store.problems
        copy = json.loads((data / "kiosk-copy.json").read_text("utf-8"))
        assert copy["workshops"]["w1"]["name"] == "Old"


def test_a_rename_that_cannot_be_finished_at_start_is_said_and_tried_again(
        tmp_path, monkeypatch):
    """A kiosk killed mid-rename restarts on a full disk: it starts, says so plainly, keeps
    the mark, and finishes the change at a later start."""
    from kiosk.storage import atomic

    data = _stored(tmp_path)
    with Store.open(data) as store:  # what a kill after the first write leaves
        store.save_workshop({"workshop_id": "w1", "name": "New", "place": "Hall",
                             "date": "2017-03-14", "copies_pending": True})
    real = atomic.write_atomically

    def full(path, payload):
        if Path(path).name == "rankings.json":
            raise OSError(28, "No space left on device", str(path))
        real(path, payload)

    monkeypatch.setattr(atomic, "write_atomically", full)
    with Store.open(data) as store:
        [said] = [p for p in store.problems if "cut short" in p]
        assert "cannot be finished yet" in said and "is full" in said
        assert store.get_workshop("w1")["copies_pending"] is True
    monkeypatch.setattr(atomic, "write_atomically", real)
    with Store.open(data) as store:
        assert _details(store) == ({("New", "Hall", "2017-03-14")},
                                   ("New", "Hall", "2017-03-14"))
        assert "copies_pending" not in store.get_workshop("w1")


def test_attack_renaming_a_busy_workshop_never_blocks_the_screen(qtbot, tmp_path):
    """Saving a workshop's changes corrects every ranking's copy: that work runs on a
    worker thread, with a progress bar and the buttons held until it is done."""
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.ui.facilitator.setup import SetupTab
    from kiosk.ui.theme import Theme

    data = _stored(tmp_path)
    with Store.open(data) as store:
        service = FacilitatorService(store, catalog_for(tmp_path / "catalog"))
        tab = SetupTab(service, Theme.for_size(1366, 768))
        qtbot.addWidget(tab)
        tab.show()
        ran_on = []
        real = service.workshops.update
        gate = threading.Event()

        def update(workshop, progress=None):
            on_gui = threading.current_thread() is threading.main_thread()
            ran_on.append(on_gui)
            assert on_gui or gate.wait(30)
            return real(workshop, progress)

        service.workshops.update = update
        tab.workshop_list.setCurrentRow(0)
        tab.name_edit.setText("Renamed")
        tab.save_workshop_button.click()
        qtbot.waitUntil(lambda: bool(ran_on))
        assert ran_on == [False]  # not on the GUI thread
        assert tab.workshop_progress.isVisible()
        assert not tab.save_workshop_button.isEnabled()
        with qtbot.waitSignal(tab.workshop_saved, timeout=30_000):
            gate.set()
        assert not tab.workshop_progress.isVisible()
        assert tab.save_workshop_button.isEnabled()
        assert "6 saved ranking(s)" in tab.workshop_message.text()
        assert tab.workshop_message.isVisible()
        assert {r.workshop for r in store.list_rankings()} == {"Renamed"}
        assert "Renamed" in tab.workshop_list.item(0).text()


def test_a_rename_that_cannot_be_written_says_so_and_frees_the_form(qtbot, tmp_path):
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.ui.facilitator.setup import SetupTab
    from kiosk.ui.theme import Theme

    data = _stored(tmp_path)
    with Store.open(data) as store:
        service = FacilitatorService(store, catalog_for(tmp_path / "catalog"))
        tab = SetupTab(service, Theme.for_size(1366, 768))
        qtbot.addWidget(tab)

        def full(workshop, progress=None):
            raise OSError(28, "No space left on device", str(data / "rankings.json"))

        service.workshops.update = full
        tab.workshop_list.setCurrentRow(0)
        tab.name_edit.setText("Renamed")
        assert tab.save_workshop()
        qtbot.waitUntil(lambda: tab.save_workshop_button.isEnabled())
        assert "is full" in tab.workshop_message.text()
        assert tab.workshop_message.property("role") == "error"
        assert tab.name_edit.text() == "Renamed"  # what was typed stays, to try again


def test_kiosk_check_names_a_rename_left_unfinished(tmp_path):
    """Where the kiosk cannot finish it (a read-only folder), `kiosk check` says so."""
    from kiosk.storage.check import find_problems
    from kiosk.storage.migrations import SCHEMA_VERSION

    tables = {"meta": {"store": {"schema_version": SCHEMA_VERSION}},
              "workshops": {"w1": {"workshop_id": "w1", "name": "New",
                                   "copies_pending": True}}}
    [said] = find_problems(tmp_path / "kiosk.json", tables)
    assert "'w1' was cut short" in said
