"""Temp files a killed writer leaves (issue: an export killed with SIGKILL left its temp file
in the folder until the next export): the next writer of any kind into that folder removes
them, and so does `kiosk check` in the data folder — but only the kiosk's own temp files
that nobody is writing. A file that is not ours (another program's `.tmp`, a symlink or a
FIFO under such a name) is never removed, nor is a temp file another writer (thread or
process) is writing right now."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.domain.record import SavedRanking
from kiosk.outputs import leftovers, remove_leftovers, replacing, write_atomically
from kiosk.storage import Store

ROOT = Path(__file__).resolve().parent.parent

# An export that stops after its first file is staged, for the parent's SIGKILL.
STOPPED_EXPORT = textwrap.dedent("""
    import sys
    from kiosk.exchange import export
    real = export._write
    def stop(path, header, rows):
        real(path, header, rows)
        print("STAGED", flush=True)
        sys.stdin.readline()  # the parent's SIGKILL comes first
    export._write = stop
    from kiosk.cli import main
    sys.exit(main(sys.argv[1:]))
""")

# A report being written by another process: half of it, then the rest when told.
SLOW_WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kiosk.outputs import replacing
    with replacing(Path(sys.argv[1])) as temp:
        with open(temp, "wb") as out:
            out.write(b"%PDF- first half ")
            out.flush()
            print("HALF", flush=True)
            sys.stdin.readline()
            out.write(b"second half")
    print("DONE", flush=True)
""")


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT),
                                                         os.environ.get("PYTHONPATH", "")])}


def one_ranking(data: Path) -> None:
    with Store.open(data) as store:
        store.save_ranking(SavedRanking("r1", "examples-1-6", "benefit",
                                        {str(n): n for n in range(1, 7)},
                                        completed_at="2017-03-14T10:00:00+00:00"))


def export_killed_half_way(data: Path, out: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", STOPPED_EXPORT, "export", "--data-dir", str(data), "--out",
         str(out)], cwd=ROOT, env=env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "STAGED"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=60)


def not_ours(folder: Path, victim: Path) -> dict[str, int]:
    """Files under names like ours, or in the same folder, that the kiosk did not make."""
    before = set(folder.iterdir())
    (folder / ".notes.abc123.tmp").write_text("another program's")
    (folder / "rankings.csv.part").write_text("a download")
    (folder / ".kiosk-tmp").write_text("a user's")
    (folder / ".chart.png.abcd1234.kiosk-tmp.pdf").write_text("suffix not the file's")
    (folder / ".report.pdf.zzzz9999.kiosk-tmp.pdf").symlink_to(victim)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / ".polls.csv.ffff0000.kiosk-tmp.csv")
    (folder / ".x.csv.dddd1111.kiosk-tmp.csv").mkdir()
    return {p.name: p.lstat().st_mode for p in set(folder.iterdir()) - before}


def still_there(folder: Path, kept: dict[str, int]) -> None:
    assert {name: (folder / name).lstat().st_mode for name in kept} == kept


@pytest.mark.parametrize("writer", ["chart", "report into the folder", "export"])
def test_attack_a_sigkilled_exports_temp_file_is_removed_by_the_next_writer_there(
        tmp_path, writer):
    data, out = tmp_path / "data", tmp_path / "stick"
    one_ranking(data)
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    export_killed_half_way(data, out)
    left = leftovers(out)
    assert len(left) == 1, sorted(p.name for p in out.iterdir())  # the killed one's
    kept = not_ours(out, victim)
    if writer == "chart":
        with replacing(out / "chart.png") as temp:
            temp.write_bytes(b"\x89PNG")
    elif writer == "report into the folder":
        write_atomically(out / "report.pdf", b"%PDF-")
    else:
        from kiosk.cli import main

        assert main(["export", "--data-dir", str(data), "--out", str(out)]) == 0
    assert not any(p.exists() for p in left)
    assert leftovers(out) == [p for p in leftovers(out) if p.name in kept]
    still_there(out, kept)
    assert victim.read_text() == "precious"


def test_a_temp_file_being_written_in_this_process_is_never_taken_for_a_leftover(tmp_path):
    target = tmp_path / "chart.png"
    with replacing(target) as first:
        first.write_bytes(b"first")
        with replacing(target) as second:  # the same chart saved again meanwhile
            second.write_bytes(b"second")
        assert first.exists()
        write_atomically(tmp_path / "other.json", b"{}")
        assert remove_leftovers(tmp_path) == [] and first.exists()
    assert target.read_bytes() == b"first" and leftovers(tmp_path) == []


def test_a_temp_file_another_process_is_writing_is_never_removed(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(tmp_path / "report.pdf")],
                             cwd=ROOT, env=env(), stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "HALF"
        live = leftovers(tmp_path)
        assert len(live) == 1
        write_atomically(tmp_path / "chart.png", b"\x89PNG")
        assert remove_leftovers(tmp_path) == [] and live[0].exists()
        child.stdin.write("go on\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "DONE"
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=60)
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF- first half second half"
    assert leftovers(tmp_path) == []


def test_kiosk_check_removes_the_temp_files_killed_writers_left_in_the_data_folder(
        tmp_path, capsys):
    from kiosk.cli import main

    data = tmp_path / "data"
    one_ranking(data)
    exports = data / "exports"
    export_killed_half_way(data, exports)
    stale_store = data / ".rankings.json.q1w2e3r4.kiosk-tmp.json"
    stale_store.write_bytes(b'{"half a wri')
    left = leftovers(exports) + [stale_store]
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    kept = not_ours(exports, victim)
    capsys.readouterr()
    assert main(["check", "--data-dir", str(data)]) == 0
    said = capsys.readouterr().out
    assert "temp files: 2 removed" in said, said
    for path in left:
        assert not path.exists()
        assert str(path.relative_to(data)) in said
    still_there(exports, kept)
    assert victim.read_text() == "precious"
