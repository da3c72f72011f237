"""Start-up measure: time until the kiosk's start screen is on screen with 10,000 rankings
stored, against a bare PySide6 window, in one run (goal: ratio ≤ 1.5). A script, not a test.

    python benchmarks/startup.py [--rankings 10000] [--runs 15]

Each sample is a fresh child process, timed from spawn until the child reports its window
visible: exposed by the platform and painted (it polls every millisecond after the show,
then forces one full repaint and reports), so both sides pay the same interpreter start, Qt
start and painting. The kiosk side is the `kiosk` command itself — `kiosk.cli.main()` with
`--data-dir`, full screen — with only the poll attached to its window as it is shown.
Runs come in pairs, bare and kiosk back to back (which goes first alternates), after one
warm-up of each; the ratio is the median of the pairs' ratios, so a machine whose speed
drifts over seconds (a shared virtual machine) compares like with like. Medians of each
side are printed as well.
Without a display the offscreen platform is used, with one 1920×1080 screen. The kiosk's
modules are byte-compiled first, as they are after the first start on a kiosk (and in the
packaged build), so neither side pays for compiling Python source.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOAL = 1.5
MARK = "SHOWN"

# Both children: once the window is shown, poll (1 ms) until the platform has exposed it,
# force one full repaint, then report. "Visible" means exposed and painted.
WHEN_VISIBLE = """
from PySide6.QtCore import QTimer
_poll = QTimer()
_poll.setInterval(1)

def _check():
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        return
    _poll.stop()
    window.repaint()
    shown()

_poll.timeout.connect(_check)
_poll.start()
"""

BARE = f"""
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
window = QLabel("A bare PySide6 window")
window.showFullScreen()

def shown():
    print("{MARK}", window.isVisible(), flush=True)
    app.quit()
{WHEN_VISIBLE}
app.exec()
"""

# The kiosk command as installed (`kiosk --data-dir DIR`); the poll is attached when the
# window is made, so the child imports and starts things in the command's own order.
KIOSK = f"""
import sys
from kiosk import cli
from kiosk.ui import app as kiosk_app

window = None
_launch = kiosk_app.launch

def shown():
    ok = window.isVisible() and window.screen_name == "start"
    print("{MARK}", ok, "pyqtgraph" in sys.modules, flush=True)
    window.leave()

def launch(app, data_dir, windowed, *rest):
    global window
    launched = _launch(app, data_dir, windowed, *rest)
    window = launched.window
    exec({WHEN_VISIBLE!r}, globals())
    return launched

kiosk_app.launch = launch
sys.exit(cli.main(["--data-dir", sys.argv[1]]))
"""


def fill_store(data_dir: Path, count: int) -> None:
    from benchmarks import _data
    from kiosk.storage import Store

    records = _data.rankings(count, _data.catalog())
    with Store.open(data_dir) as store:
        added = store.save_rankings(records)
        assert store.count_rankings() == count, (added, store.count_rankings())


SCREEN = ('{"screens": [{"name": "Screen", "x": 0, "y": 0, "width": 1920, "height": 1080,'
          ' "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}')


def sample(code: str, *args: str, screen: Path | None = None) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and screen is not None:
        env.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={screen}")
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    line = ""
    for line in child.stdout:
        if line.startswith(MARK):
            break
    elapsed = time.perf_counter() - start
    child.stdout.read()
    child.wait(timeout=60)
    if not line.startswith(MARK):
        raise SystemExit(f"the child never showed its window (exit {child.returncode})")
    return elapsed, line.strip()


def measure(data_dir: Path, screen: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds to a visible window: `runs` pairs of bare and kiosk samples, back to back."""
    sample(BARE, screen=screen)
    sample(KIOSK, str(data_dir), screen=screen)
    bare, kiosk = [], []

    def one_kiosk() -> None:
        seconds, line = sample(KIOSK, str(data_dir), screen=screen)
        if line.split()[1:] != ["True", "False"]:
            raise RuntimeError(f"the kiosk did not reach its start screen cleanly: {line}")
        kiosk.append(seconds)

    for run in range(runs):
        if run % 2:
            one_kiosk()
            bare.append(sample(BARE, screen=screen)[0])
        else:
            bare.append(sample(BARE, screen=screen)[0])
            one_kiosk()
    return bare, kiosk


def pair_ratio(bare: list[float], kiosk: list[float]) -> float:
    """The median of the pairs' kiosk / bare ratios."""
    return statistics.median(k / b for b, k in zip(bare, kiosk, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rankings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    compileall.compile_dir(ROOT / "kiosk", quiet=1)
    with tempfile.TemporaryDirectory(prefix="kiosk-startup-") as tmp:
        data_dir = Path(tmp) / "data"
        began = time.perf_counter()
        fill_store(data_dir, options.rankings)
        size = (data_dir / "rankings.json").stat().st_size / 1e6
        print(f"stored {options.rankings} rankings ({size:.1f} MB rankings.json) in "
              f"{time.perf_counter() - began:.1f} s")
        screen = Path(tmp) / "screen.json"
        screen.write_text(SCREEN, "utf-8")
        bare, kiosk = measure(data_dir, screen, options.runs)
    ratio = pair_ratio(bare, kiosk)
    print(f"bare PySide6 window : median {statistics.median(bare) * 1000:7.0f} ms  "
          f"(runs: {', '.join(f'{x * 1000:.0f}' for x in bare)})")
    print(f"kiosk start screen  : median {statistics.median(kiosk) * 1000:7.0f} ms  "
          f"(runs: {', '.join(f'{x * 1000:.0f}' for x in kiosk)})")
    print(f"ratio kiosk / bare  : {ratio:.2f}  (median of {len(bare)} pairs; goal ≤ {GOAL}) "
          f"{'OK' if ratio <= GOAL else 'TOO SLOW'}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
