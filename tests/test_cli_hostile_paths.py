"""Command-line messages for paths that are not what they seem (a reviewer's attacks): each
names what the path is — a named pipe, a device, a symbolic link that loops, a file where a
folder belongs — in one line with exit status 2, never "no such file" for a path that is
there, and a read-only data folder is said once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.storage import Store
from tests.test_reliability_hostile_values import paper_sheet


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    Store.open(folder).close()
    return folder


def run_import(data: Path, path: Path | str, capsys) -> tuple[int, str]:
    status = cli.main(["import", str(path), "--data-dir", str(data)])
    return status, capsys.readouterr().err


def test_attack_a_fifo_given_to_import_is_named_a_pipe(tmp_path, data, capsys):
    fifo = tmp_path / "rankings.csv"
    os.mkfifo(fifo)
    status, err = run_import(data, fifo, capsys)  # never opened: that would wait forever
    assert status == cli.EXIT_USAGE
    assert f"{fifo}: is a named pipe (FIFO), not a file" in err and "no such" not in err


def test_attack_a_symlink_loop_given_to_import_is_named_a_loop(tmp_path, data, capsys):
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    status, err = run_import(data, tmp_path / "loop1", capsys)
    assert status == cli.EXIT_USAGE
    assert "symbolic link" in err and "loop" in err and "no such" not in err


def test_attack_a_dangling_symlink_given_to_import_says_where_it_points(tmp_path, data, capsys):
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    status, err = run_import(data, tmp_path / "gone.csv", capsys)
    assert status == cli.EXIT_USAGE
    assert "symbolic link to" in err and "nowhere.csv" in err


def test_attack_dev_null_given_to_import_is_named_a_device(data, capsys):
    status, err = run_import(data, "/dev/null", capsys)
    assert status == cli.EXIT_USAGE
    assert "/dev/null: is a device, not a file" in err


def test_attack_a_folder_whose_rankings_csv_is_a_fifo_names_it(tmp_path, data, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "rankings.csv")
    status, err = run_import(data, folder, capsys)
    assert status == cli.EXIT_USAGE
    assert f"{folder / 'rankings.csv'}: is a named pipe (FIFO), not a file" in err


def test_attack_a_criteria_csv_that_is_a_folder_is_an_error_naming_it(tmp_path, data, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    paper_sheet(folder / "rankings.csv")
    (folder / "criteria.csv").mkdir()
    status, err = run_import(data, folder, capsys)
    assert status == cli.EXIT_USAGE
    assert f"{folder / 'criteria.csv'}: is a folder, not a file" in err
    with Store.open(data) as store:
        assert store.count_rankings() == 0


def test_attack_a_doubled_byte_order_mark_still_imports(tmp_path, data, capsys):
    sheet = paper_sheet(tmp_path / "r.csv")
    sheet.write_bytes(b"\xef\xbb\xbf" + sheet.read_bytes())  # two BOMs, as two tools wrote
    status, err = run_import(data, sheet, capsys)
    assert status == cli.EXIT_OK, err
    with Store.open(data) as store:
        assert store.count_rankings() == 1


@pytest.mark.parametrize("command", [["check"], ["export", "--out", "OUT"], ["setup"],
                                     ["compare", "--deck", "examples-1-6", "--lens", "risk"]])
def test_attack_a_data_dir_that_is_a_file_is_said_so(tmp_path, capsys, command):
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0::/root:/bin/sh\n")
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    status = cli.main([*args, "--data-dir", str(passwd)])
    out = capsys.readouterr()
    assert status == cli.EXIT_USAGE
    assert f"{passwd} is a file, not a folder" in out.err
    assert "all fine" not in out.out
    assert passwd.read_text() == "root:x:0:0::/root:/bin/sh\n"


@pytest.mark.parametrize("command", [["setup"], ["export", "--out", "OUT"],
                                     ["compare", "--deck", "examples-1-6", "--lens", "risk"]])
def test_attack_a_read_only_data_folder_is_said_once(tmp_path, monkeypatch, capsys, command):
    from tests.test_reliability_glance import make_read_only

    data = tmp_path / "data"
    data.mkdir()  # a write-protected stick with nothing on it yet
    make_read_only(monkeypatch)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    cli.main([*args, "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if "read-only" in line]) == 1, err


def test_attack_a_data_dir_that_is_a_device_is_said_so(capsys):
    if not Path("/dev/null").exists() or shutil.which("true") is None:
        pytest.skip("no /dev/null")
    status = cli.main(["check", "--data-dir", "/dev/null"])
    assert status == cli.EXIT_USAGE
    assert "/dev/null is a device, not a folder" in capsys.readouterr().err


def test_attack_a_read_only_folder_with_a_repair_waiting_is_said_once(tmp_path, monkeypatch,
                                                                     capsys):
    """kiosk.json lost on a write-protected stick: the repair's note says the folder is
    read-only already, so the general note is not printed again after it."""
    from tests.test_reliability_glance import a_kiosk_that_has_worked, make_read_only

    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)
    (data / "kiosk.json").unlink()
    make_read_only(monkeypatch)
    assert cli.main(["export", "--out", str(tmp_path / "out"), "--data-dir", str(data)]) == 0
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if "read-only" in line]) == 1, err
    assert "kiosk-copy.json" in err
