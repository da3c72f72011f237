"""The `kiosk` command: help, exit statuses, one-line errors, and the data commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.cli import command_list, main
from tests.csv_support import catalog_for, make_record, sample_records, store_with

ROOT = Path(__file__).resolve().parent.parent
COMPARE_KEYS = {"deck", "lens", "rankings", "tables", "cards", "mean_position", "kendall_w",
                "chi2", "p_value", "borda", "kemeny", "tau_b", "p_permutation", "p_method",
                "permutations", "kemeny_distance", "kemeny_optima", "kemeny_orders",
                "runner_up_distance", "kemeny_swapping", "attributes"}


@pytest.fixture
def data(tmp_path):
    """A data folder holding a dozen rankings made on the real board model."""
    folder = tmp_path / "data"
    catalog = catalog_for(folder)
    with store_with(folder, sample_records(catalog)):
        pass
    return folder


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command in a fresh interpreter (the venv's python)."""
    full_env = dict(os.environ)
    full_env.pop("KIOSK_DATA_DIR", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in text
    return lines[0]


# ----- help and usage ---------------------------------------------------------------

@pytest.mark.parametrize("command", [[]] + [[c.name] for c in command_list()])
def test_help_for_every_command(capsys, command):
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kiosk") and "--data-dir" in out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"kiosk {__version__}"


@pytest.mark.parametrize("args, fragment", [
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["export"], "the following arguments are required: --out"),
    (["import"], "the following arguments are required: PATH"),
    (["compare", "--deck", "examples-1-6"], "required: --lens"),
    (["compare", "--deck", "examples-1-6", "--lens", "cost"], "invalid choice: 'cost'"),
])
def test_bad_arguments_give_one_line_and_status_2(capsys, args, fragment):
    assert main(args) == 2
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert fragment in line and "--help" in line
    assert captured.out == ""


def test_bad_arguments_in_a_real_process():
    result = run_cli("compare", "--lens", "cost")
    assert result.returncode == 2
    assert one_line(result.stderr).startswith("kiosk compare: ")


def test_module_entry_point_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"kiosk {__version__}"


# ----- missing things ------------------------------------------------------------------

def test_import_missing_file(data, tmp_path, capsys):
    assert main(["import", "--data-dir", str(data), str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv: no such file or folder" in one_line(capsys.readouterr().err)


def test_import_folder_without_rankings(data, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["import", "--data-dir", str(data), str(tmp_path / "empty")]) == 2
    assert "no rankings.csv in this folder" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", [["compare", "--deck", "examples-1-6", "--lens", "risk"],
                                     ["export", "--out", "OUT"], ["import", "IN"]])
def test_missing_data_folder(tmp_path, capsys, command):
    (tmp_path / "IN").mkdir()
    args = [a.replace("OUT", str(tmp_path / "out")).replace("IN", str(tmp_path / "IN"))
            if a in ("OUT", "IN") else a for a in command]
    assert main([*args, "--data-dir", str(tmp_path / "no-such-data")]) == 2
    assert "no data folder at" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "no-such-data").exists()


def test_unknown_deck(data, capsys):
    assert main(["compare", "--data-dir", str(data), "--deck", "nope", "--lens", "risk"]) == 2
    assert "unknown deck 'nope'" in one_line(capsys.readouterr().err)


def test_export_onto_a_file(data, tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert main(["export", "--data-dir", str(data), "--out", str(tmp_path / "afile")]) == 2
    assert "is a file, not a folder" in one_line(capsys.readouterr().err)


def test_locked_store(data):
    from kiosk.storage import Store

    with Store.open(data):
        result = run_cli("compare", "--data-dir", str(data), "--deck", "examples-1-6",
                         "--lens", "risk")
    assert result.returncode == 2
    assert "already in use by another kiosk" in one_line(result.stderr)


# ----- check ---------------------------------------------------------------------------

def test_check_passes_on_the_shipped_assets(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    assert main(["check", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "decks: 3 loaded (15 cards)" in out
    assert "lenses: 3 loaded" in out
    assert "0 rankings" in out and "all fine" in out


def test_check_counts_rankings(data, capsys):
    assert main(["--data-dir", str(data), "check"]) == 0
    assert "12 rankings" in capsys.readouterr().out


def test_check_without_a_data_folder_checks_the_assets(tmp_path, capsys):
    assert main(["check", "--data-dir", str(tmp_path / "later")]) == 0
    assert "does not exist yet" in capsys.readouterr().out


def test_check_fails_on_a_broken_deck(tmp_path):
    decks = tmp_path / "data" / "decks"
    decks.mkdir(parents=True)
    (decks / "mine.toml").write_text('id = "mine"\ntitle = "Mine"\n\n[[cards]]\nid = "1"\n'
                                     'title = "One"\n', "utf-8")  # summary missing
    result = run_cli("check", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1
    assert f"{decks / 'mine.toml'}:4: cards[1].summary: is required" in result.stdout
    assert "1 problem found" in result.stdout


def test_check_fails_on_a_damaged_store(data, capsys):
    (data / "rankings.json").write_bytes(b'{"rankings": {"x": ')
    assert main(["check", "--data-dir", str(data)]) == 1
    assert "rankings.json" in capsys.readouterr().out


def test_data_dir_from_the_environment(data):
    result = run_cli("check", env={"KIOSK_DATA_DIR": str(data)})
    assert result.returncode == 0 and "12 rankings" in result.stdout


# ----- export, import, compare -----------------------------------------------------------

def test_export_then_import_elsewhere(data, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", "--data-dir", str(data), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "exported 12 rankings" in printed and "rankings.csv" in printed
    other = tmp_path / "other"
    other.mkdir()
    assert main(["import", "--data-dir", str(other), str(out)]) == 0
    assert "imported 12 new rankings; 0 already present" in capsys.readouterr().out
    assert main(["import", "--data-dir", str(other), str(out / "rankings.csv")]) == 0
    assert "imported 0 new rankings; 12 already present" in capsys.readouterr().out


def test_rejected_import(data, tmp_path, capsys):
    bad = tmp_path / "bad"
    catalog = catalog_for(data)
    from kiosk.exchange import export_csv

    export_csv([make_record(catalog, seed=42)], catalog, bad)
    text = (bad / "rankings.csv").read_text("utf-8-sig").replace(",examples-1-6,", ",nope,", 1)
    (bad / "rankings.csv").write_text(text, "utf-8-sig")
    assert main(["import", "--data-dir", str(data), str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("import rejected, nothing was written")
    assert err[1] == f"{bad / 'rankings.csv'}:2: unknown deck 'nope'"


def test_compare_json(data, capsys):
    assert main(["compare", "--data-dir", str(data), "--deck", "examples-1-6", "--lens",
                 "benefit", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == COMPARE_KEYS
    assert result["deck"] == "examples-1-6" and result["lens"] == "benefit"
    assert result["rankings"] == len(result["tables"]) == len(result["tau_b"])
    assert sorted(result["borda"]) == sorted(result["cards"]) == sorted(result["kemeny"])


def test_compare_json_agrees_with_the_shared_analysis(data, capsys):
    from kiosk.analysis.selection import compare_records
    from kiosk.storage import Store

    assert main(["compare", "--data-dir", str(data), "--deck", "examples-a-f", "--lens",
                 "risk", "--workshop", "Leeds", "--workshop", "Manchester", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    with Store.open(data) as store:
        records = store.list_rankings()
    direct = compare_records(records, catalog_for(data), "examples-a-f", "risk",
                             ["Leeds", "Manchester"])
    assert printed == json.loads(json.dumps(direct.to_json()))


def test_compare_table(data, capsys):
    for seed in range(3):  # three more tables, so W is defined
        with store_with(data, [make_record(catalog_for(data), table=f"Extra {seed}",
                                           seed=100 + seed)]):
            pass
    assert main(["compare", "--data-dir", str(data), "--deck", "examples-1-6",
                 "--lens", "benefit"]) == 0
    out = capsys.readouterr().out
    assert "Kendall's W = " in out and "p = " in out and "chi2 = " in out
    assert "Borda order:" in out and "Kemeny order:" in out
    assert "Routes from Diagnosis" in out


def test_compare_unknown_workshop_is_a_note(data, capsys):
    assert main(["compare", "--data-dir", str(data), "--deck", "examples-1-6", "--lens",
                 "benefit", "--workshop", "Atlantis", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["rankings"] == 0
    assert "no stored ranking is from workshop 'Atlantis'" in captured.err


# ----- the screen, and keeping Qt out -------------------------------------------------

def test_no_command_starts_the_screen(tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("kiosk.ui.app")
    fake.run = lambda data_dir, windowed, sync_port=0, hub=False: calls.append(
        (data_dir, windowed, sync_port, hub)) or 0
    monkeypatch.setitem(sys.modules, "kiosk.ui.app", fake)
    monkeypatch.delenv("KIOSK_SYNC_PORT", raising=False)
    assert main(["--windowed", "--data-dir", str(tmp_path)]) == 0
    assert main(["--sync-port", "22001", "--data-dir", str(tmp_path)]) == 0
    monkeypatch.setenv("KIOSK_SYNC_PORT", "22002")
    assert main(["hub", "--windowed", "--data-dir", str(tmp_path)]) == 0
    assert calls == [(tmp_path, True, 22000, False), (tmp_path, False, 22001, False),
                     (tmp_path, True, 22002, True)]
    assert main(["--sync-port", "0", "--data-dir", str(tmp_path)]) == 2  # one line, exit 2


def test_screen_missing_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "kiosk.ui.app", None)
    assert main(["--data-dir", str(tmp_path)]) == 2
    assert "kiosk screen" in one_line(capsys.readouterr().err)


def test_commands_do_not_import_qt_widgets_or_pyqtgraph(data, tmp_path):
    script = f"""
import sys
from kiosk.cli import main
data, out = {str(data)!r}, {str(tmp_path / 'qt-out')!r}
assert main(["check", "--data-dir", data]) == 0
assert main(["export", "--data-dir", data, "--out", out]) == 0
assert main(["import", "--data-dir", data, out]) == 0
assert main(["compare", "--data-dir", data, "--deck", "examples-1-6", "--lens", "risk"]) == 0
assert main(["compare", "--data-dir", data, "--deck", "examples-1-6", "--lens", "risk",
             "--json"]) == 0
bad = [m for m in sys.modules if m.startswith(("PySide6.QtWidgets", "pyqtgraph"))]
print("LOADED:", bad)
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "LOADED: []" in result.stdout


def test_a_tiny_p_value_reads_as_a_bound_not_zero():
    from kiosk.analysis.wording import p_text

    assert p_text(3e-9) == "p < 0.0001"
    assert p_text(0.04321) == "p = 0.0432"
    assert p_text(None) == "p = n/a"


def test_one_p_value_text_for_the_command_line_the_dashboard_and_the_report():
    import ast
    from pathlib import Path

    # No module but kiosk.analysis.wording spells a p-value out ("p = …" / "p < …").
    package = Path(__file__).resolve().parent.parent / "kiosk"
    for path in package.rglob("*.py"):
        if path.name == "wording.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not node.value.lstrip().startswith(("p = ", "p < ")), path
