"""The real kiosk, in real processes: damaged store files are set aside and reported on the
kiosk's own screens (never a traceback), a second kiosk on the same data is refused with a
message, and a kiosk killed with SIGKILL leaves no lock behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kiosk.domain.ranking import Ranking
from kiosk.storage import Store
from kiosk.storage.lock import LOCK_FILE_NAME

ROOT = Path(__file__).resolve().parent.parent

# Starts the kiosk exactly as `kiosk --windowed` does, looks at it once it is up, leaves.
LOOK = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from kiosk.ui.app import configure_environment, run
    configure_environment()
    app = QApplication([])
    seen = {}

    def look():
        from kiosk.ui.shell import KioskWindow
        window = next(w for w in app.topLevelWidgets() if isinstance(w, KioskWindow))
        seen.update(screen=window.screen_name, visible=window.isVisible(),
                    heading=window.start_screen.heading.text(),
                    notice=window.start_screen.notice.text(),
                    problems=window.all_problems(),
                    draft_placed=getattr(window.session.draft_info(), "placed", None))
        window.leave()

    QTimer.singleShot(0, look)
    status = run(Path(sys.argv[1]), windowed=True)
    print(json.dumps({"status": status, **seen}))
""")


def env() -> dict[str, str]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    environ.pop("KIOSK_DEBUG", None)
    return environ


def look_at_kiosk(data: Path) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-c", LOOK, str(data)], capture_output=True,
                          text=True, env=env(), cwd=ROOT, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def kiosk(*args: str, **popen: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kiosk", *args], env=env(), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **popen)


def make_store(data: Path) -> None:
    with Store.open(data) as store:
        store.save_settings({"workshop_id": "w1", "table": "Table 4", "kiosk_id": "k4"})
        store.save_workshop({"workshop_id": "w1", "name": "Manchester", "place": "Manchester",
                             "date": "2017-06-28"})


BAD = {
    "garbage": b"\x89PNG\r\n\x1a\n\x00\x00 not the kiosk's data \xff\xfe",
    "truncated": b'{"meta": {"store": {"schema_version": 1}}, "settings": {"kiosk": {"table',
    "wrong-shape": b'{"settings": [1, 2, 3], "workshops": "Manchester"}',
    "empty": b"",
}


@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.parametrize("name", ["kiosk.json", "drafts.json"])
def test_the_kiosk_starts_on_a_fresh_file_and_says_what_it_set_aside(
        tmp_path: Path, name: str, kind: str) -> None:
    data = tmp_path / "data"
    make_store(data)
    (data / name).write_bytes(BAD[kind])

    seen, log = look_at_kiosk(data)
    assert seen["status"] == 0 and seen["screen"] == "start" and seen["visible"]
    kept = sorted(data.glob(f"{name}.corrupt-*"))
    assert str(kept[0]) in log  # and in the service log (stderr), not only on screen
    assert len(kept) == 1 and kept[0].read_bytes() == BAD[kind]
    # For the table: a calm notice. For the facilitator (behind the PIN): the full story.
    assert "facilitator" in seen["notice"]
    assert any(str(data / name) in p and str(kept[0]) in p for p in seen["problems"]), seen
    # kiosk.json's settings and workshop come back from kiosk-copy.json: the same table.
    assert seen["heading"] == "Manchester · Table 4"

    again, _ = look_at_kiosk(data)
    assert again["problems"] == [] and "facilitator" not in again["notice"]
    assert kept[0].read_bytes() == BAD[kind], "the set-aside copy is kept"


def _wait_for_lock(data: Path, pid: int, process: subprocess.Popen) -> None:
    """Until the kiosk process holds the data folder (its PID is in the lock file)."""
    deadline = time.monotonic() + 60
    lock = data / LOCK_FILE_NAME
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the kiosk stopped: {process.communicate()[1][-3000:]}")
        if lock.exists() and lock.read_text().strip() == str(pid):
            return
        time.sleep(0.02)
    pytest.fail("the kiosk never took its data folder")


def test_a_second_kiosk_is_refused_and_a_killed_one_leaves_no_lock(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_store(data)
    first = kiosk("--windowed", "--data-dir", str(data))
    try:
        _wait_for_lock(data, first.pid, first)
        held = f"PID {first.pid}"
        # Another kiosk screen on the same folder: one clear line, status 2.
        second = kiosk("--windowed", "--data-dir", str(data))
        out, err = second.communicate(timeout=120)
        assert second.returncode == 2, err
        assert "already in use" in err and held in err and "Traceback" not in err
        # The data commands too: nothing is written while the kiosk runs.
        export = tmp_path / "export"
        for args in (["import", str(export)], ["check"], ["export", "--out", str(export)]):
            if args[0] == "import":
                export.mkdir(exist_ok=True)
            other = kiosk(*args, "--data-dir", str(data))
            out, err = other.communicate(timeout=120)
            assert other.returncode == 2, (args, out, err)
            assert "already in use" in err and held in err and "Traceback" not in err
    finally:
        first.send_signal(signal.SIGKILL)  # a power cut, as far as the data folder knows
        first.communicate()
    assert (data / LOCK_FILE_NAME).read_text().strip() == str(first.pid)  # left behind

    # The stale lock file does not block: a new kiosk starts, the commands work.
    seen, _ = look_at_kiosk(data)
    assert seen["status"] == 0 and seen["heading"] == "Manchester · Table 4"
    check = kiosk("check", "--data-dir", str(data))
    out, err = check.communicate(timeout=120)
    assert check.returncode == 0 and "all fine" in out, out + err


def test_a_kiosk_killed_mid_ranking_offers_the_draft_back(tmp_path: Path) -> None:
    """SIGKILL a real kiosk process after the table moved cards; the next start offers the
    ranking back (the draft test at store and screen level is in test_shell.py)."""
    data = tmp_path / "data"
    make_store(data)
    play = textwrap.dedent("""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from kiosk.ui.app import configure_environment, run
        configure_environment()
        app = QApplication([])

        def play():
            from kiosk.ui.shell import KioskWindow
            window = next(w for w in app.topLevelWidgets() if isinstance(w, KioskWindow))
            window.start_screen.start_requested.emit()
            ranking = window.session.ranking
            for slot, card in enumerate(ranking.cards[:4]):
                ranking.drop(card, slot)
                window.board.ranking_changed.emit()  # as the board does after a drop
            print("MOVED", window.session.ranking.ranking_id, flush=True)

        QTimer.singleShot(0, play)
        run(Path(sys.argv[1]), windowed=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", play, str(data)], env=env(), cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    _, err = child.communicate()
    assert line.startswith("MOVED"), err[-3000:]
    seen, _ = look_at_kiosk(data)
    assert seen["problems"] == [] and seen["draft_placed"] == 4  # "Continue" is offered
    with Store.open(data) as store:
        draft = store.get_draft("k4")
    assert draft["ranking_id"] == line.split()[1] and len(draft["log"]) == 4
    ranking = Ranking.from_draft(draft)
    assert ranking.ladder[:4] == ranking.cards[:4]
