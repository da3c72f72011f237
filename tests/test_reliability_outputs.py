"""Files the kiosk writes for people and programs (issue 9, item 7: symlinks are followed on
write): a symlink planted under the name of a report, a chart, the Syncthing log, the
Syncthing config's temp file or the kiosk's error log is never followed (the file it points
at stays as it was); a report or chart is never half-written under its name; an export
killed with SIGTERM leaves no temp file behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.services.catalog import load_catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = "Leeds (demo)"  # the demo data's


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text("precious")
    return path


def no_temp_files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "kiosk-tmp" in p.name
                  or p.name.endswith(".part"))


def test_attack_kiosk_report_out_as_a_symlink_is_replaced_never_followed(qapp, tmp_path,
                                                                         victim):
    from kiosk.cli import main

    data = tmp_path / "data"
    with Store.open(data) as store:
        FacilitatorService(store, load_catalog(data)).demo.load()
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.pdf").symlink_to(victim)
    assert main(["report", "--data-dir", str(data), "--workshop", WORKSHOP,
                 "--out", str(out / "report.pdf")]) == 0
    assert victim.read_text() == "precious"
    assert not (out / "report.pdf").is_symlink()
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert no_temp_files_in(out) == []


@pytest.mark.qt_log_ignore("Painter ended with")  # the failure is raised mid-page
def test_attack_a_failed_report_never_leaves_half_a_file_under_its_name(qapp, tmp_path,
                                                                        monkeypatch):
    from kiosk.services.catalog import load_catalog as catalog_of
    from kiosk.ui.report import pdf
    from kiosk.ui.report.writer import write_report

    data = tmp_path / "data"
    with Store.open(data) as store:
        FacilitatorService(store, load_catalog(data)).demo.load()
        records = store.list_rankings()
    out = tmp_path / "report.pdf"
    out.write_bytes(b"%PDF- the report of last week")
    real = pdf.lay_out

    def fails_half_way(*args, **kwargs):
        doc = real(*args, **kwargs)
        pages = []

        def draw(painter, rect):  # the first page is written, then the disk is full
            if pages:
                raise OSError(28, "No space left on device")
            pages.append(rect)
            type(doc).drawContents(doc, painter, rect)

        doc.drawContents = draw
        return doc

    monkeypatch.setattr(pdf, "lay_out", fails_half_way)
    with pytest.raises(OSError):
        write_report(records, catalog_of(data), WORKSHOP, out)
    assert out.read_bytes() == b"%PDF- the report of last week"
    assert no_temp_files_in(tmp_path) == []


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_attack_a_chart_saved_over_a_symlink_never_follows_it(qtbot, tmp_path, victim, kind):
    import pyqtgraph as pg

    from kiosk.ui.charts.export import write_png, write_svg

    graphics = pg.GraphicsLayoutWidget()
    qtbot.addWidget(graphics)
    graphics.addPlot().plot([1, 3, 2])
    graphics.resize(400, 300)
    out = tmp_path / f"chart.{kind}"
    out.symlink_to(victim)
    if kind == "png":
        write_png(graphics, out)
    else:
        write_svg(graphics, out, "A chart")
    assert victim.read_text() == "precious"
    assert not out.is_symlink() and out.stat().st_size > 0
    assert no_temp_files_in(tmp_path) == []


def test_attack_the_syncthing_log_planted_as_a_symlink_is_never_truncated(tmp_path, victim):
    from kiosk.sync.process import LOG_FILE, open_log

    home = tmp_path / "home"
    home.mkdir()
    (home / LOG_FILE).symlink_to(victim)
    with open_log(home) as log:
        log.write(b"started\n")
    assert victim.read_text() == "precious"
    assert (home / LOG_FILE).read_bytes() == b"started\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_attack_the_syncthing_log_planted_as_a_fifo_is_never_waited_on(tmp_path):
    from kiosk.sync.process import LOG_FILE, open_log

    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / LOG_FILE)
    with open_log(home) as log:  # a blocking open would wait for a reader for ever
        log.write(b"started\n")
    assert (home / LOG_FILE).read_bytes() == b"started\n"


def test_attack_a_predictable_config_temp_name_planted_as_a_symlink_is_never_followed(
        tmp_path, victim):
    from kiosk.sync.config import configure

    config = tmp_path / "config.xml"
    config.write_text("<configuration><gui><address>127.0.0.1:1</address></gui>"
                      "</configuration>")
    (tmp_path / "config.xml.kiosk-tmp").symlink_to(victim)  # the old, guessable name
    configure(config, device_id="A" * 56, name="Table 3", listen_address="tcp://0.0.0.0:1",
              gui_address="127.0.0.1:40001", fresh=True)
    assert victim.read_text() == "precious"
    assert "127.0.0.1:40001" in config.read_text()
    assert config.stat().st_mode & 0o077 == 0


def test_attack_the_error_log_planted_as_a_symlink_is_never_appended_to(tmp_path, victim,
                                                                        capsys):
    from kiosk.ui.app import _log_uncaught

    data = tmp_path / "data"
    data.mkdir()
    (data / "kiosk-errors.log").symlink_to(victim)
    try:
        raise RuntimeError("a bug")
    except RuntimeError as exc:
        _log_uncaught(data)(type(exc), exc, exc.__traceback__)
    assert victim.read_text() == "precious"
    assert "a bug" in capsys.readouterr().err  # the service log still has it


# An export whose second file's write waits for the parent's SIGTERM.
KILLED_EXPORT = textwrap.dedent("""
    import sys, time
    from kiosk.exchange import export
    real = export._write
    def slow(path, header, rows):
        real(path, header, rows)
        print("STAGED", flush=True)
        for _ in range(600):  # the parent's SIGTERM ends this; bounded all the same
            time.sleep(0.05)
    export._write = slow
    from kiosk.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def test_attack_an_export_stopped_with_sigterm_leaves_no_temp_file(tmp_path):
    from kiosk.domain.record import SavedRanking

    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_ranking(SavedRanking("r1", "examples-1-6", "benefit",
                                        {str(n): n for n in range(1, 7)},
                                        completed_at="2017-03-14T10:00:00+00:00"))
    out = tmp_path / "stick"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, "export", "--data-dir", str(data), "--out",
         str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "STAGED"
        child.send_signal(signal.SIGTERM)
        status = child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=60)
    assert status != 0
    assert sorted(p.name for p in out.iterdir()) == []  # no temp file, no half export
