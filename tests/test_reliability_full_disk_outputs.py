"""Attack: a really full disk (a tiny tmpfs in a private mount namespace, so nothing outside
the test sees it) under the PDF report and a chart's SVG. Qt's PDF and SVG writers do not
report a failed write: the report used to say "wrote …" with a 4 KiB file that no reader
opens. Now each is drawn in memory and written through the one safe-write path, so a full
disk is an error and nothing is left under the name (nor a temp file beside it).

Runs as root only (mounting needs it; CI runs as root) and where `unshare` exists."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="a private tmpfs needs root and unshare (CI runs as root)")

CHILD = textwrap.dedent("""
    import os, subprocess, sys
    from pathlib import Path
    disk, data = Path(sys.argv[1]), Path(sys.argv[2])
    # Leave 8 KiB free: less than any report or chart needs.
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"x" * 4096):
            pass
    except OSError:
        pass
    os.close(fd)
    os.truncate(disk / "filler", os.path.getsize(disk / "filler") - 8192)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    what = sys.argv[3]
    if what == "report":
        from kiosk.cli import main
        code = main(["--data-dir", str(data), "report", "--workshop", "Manchester (demo)",
                     "--out", str(disk / "report.pdf")])
        print("EXIT", code)
    else:
        from PySide6.QtWidgets import QApplication
        import pyqtgraph as pg
        app = QApplication([])
        from kiosk.ui.charts.export import write_svg
        graphics = pg.GraphicsLayoutWidget()
        graphics.resize(900, 600)
        plot = graphics.addPlot(title="A chart with enough in it to fill more than 8 KiB")
        for row in range(40):
            plot.plot(list(range(50)), [(i * row) % 17 for i in range(50)])
        try:
            write_svg(graphics, disk / "chart.svg", "chart")
            print("WROTE")
        except OSError as exc:
            print("ERROR", exc)
    print("FILES", sorted(p.name for p in disk.iterdir() if p.name != "filler"))
""")


def _demo_data(tmp_path: Path) -> Path:
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage.store import Store

    data = tmp_path / "data"
    store = Store.open(data)
    try:
        FacilitatorService(store, load_catalog(data)).demo.load()
    finally:
        store.close()
    return data


def _run_on_a_full_disk(tmp_path: Path, what: str) -> str:
    disk = tmp_path / "disk"
    disk.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    data = _demo_data(tmp_path)
    command = (f"mount -t tmpfs -o size=256k tmpfs {disk} && "
               f"{sys.executable} {script} {disk} {data} {what}")
    result = subprocess.run(["unshare", "-m", "sh", "-c", command], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "FILES" in result.stdout, result.stderr
    return result.stdout + result.stderr


def test_attack_a_report_onto_a_full_disk_is_an_error_and_leaves_nothing(tmp_path):
    out = _run_on_a_full_disk(tmp_path, "report")
    assert "EXIT 0" not in out and "wrote" not in out.split("FILES")[0], out
    assert "FILES []" in out, out
    assert "space" in out.lower() or "full" in out.lower(), out


def test_attack_a_chart_svg_onto_a_full_disk_is_an_error_and_leaves_nothing(tmp_path):
    out = _run_on_a_full_disk(tmp_path, "svg")
    assert "WROTE" not in out and "ERROR" in out, out
    assert "FILES []" in out, out
