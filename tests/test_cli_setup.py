"""`kiosk setup`: this machine's workshop and table label from the command line, with the
kiosk stopped (it takes the store's lock like every command), and `--json` for a script or
a hub. The logic is the Qt-free kiosk.services.machine_setup."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kiosk.cli import main
from kiosk.services.catalog import load_catalog
from kiosk.services.machine_setup import apply_setup, describe_setup
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from tests.test_cli import one_line, run_cli

SETUP_KEYS = ["kiosk_id", "workshop", "place", "date", "table", "sequence", "idle_timeout_s"]


def setup_json(data, *args: str, capsys) -> dict:
    assert main(["setup", "--data-dir", str(data), *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_on_a_fresh_data_folder(tmp_path, capsys):
    """Fact: `kiosk setup --json` prints exactly this machine's setup, and a first look
    keeps the kiosk id it shows (the kiosk later starts with it)."""
    data = tmp_path / "data"
    shown = setup_json(data, capsys=capsys)
    assert list(shown) == SETUP_KEYS
    assert shown["kiosk_id"].startswith("kiosk-")
    assert shown["workshop"] is None and shown["place"] is None and shown["date"] is None
    assert shown["table"] == "Table " + shown["kiosk_id"][6:10].upper()
    assert shown["sequence"] == [{"lens": "benefit", "deck": "examples-1-6"},
                                 {"lens": "risk", "deck": "examples-1-6"},
                                 {"lens": "acceptability", "deck": "examples-1-6"}]
    assert shown["idle_timeout_s"] == 180
    assert setup_json(data, capsys=capsys) == shown
    with Store.open(data) as store:
        assert TableSession(store, load_catalog(data)).settings.kiosk_id == shown["kiosk_id"]


def test_sets_the_workshop_and_table_the_kiosk_then_starts_with(tmp_path, capsys):
    """Fact: `kiosk setup --workshop … --table …` sets this machine's workshop and label;
    the kiosk's start says nothing needs a facilitator."""
    data = tmp_path / "data"
    shown = setup_json(data, "--workshop", "Manchester", "--place", "Town Hall", "--date",
                       "2026-12-01", "--table", "  Table   3 ", capsys=capsys)
    assert (shown["workshop"], shown["place"], shown["date"], shown["table"]) == (
        "Manchester", "Town Hall", "2026-12-01", "Table 3")
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data), today=date(2026, 12, 1))
        assert session.heading == "Manchester · Table 3"
        assert session.problems == []


def test_a_workshop_of_the_same_name_place_and_date_is_reused(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["setup", "--data-dir", str(data), "--workshop", "Leeds", "--date",
                 "2026-12-02"]) == 0
    assert "new workshop" in capsys.readouterr().out
    assert main(["setup", "--data-dir", str(data), "--workshop", "Leeds", "--date",
                 "2026-12-02", "--table", "Table 4"]) == 0
    out = capsys.readouterr().out
    assert "the existing workshop" in out and "Table 4" in out
    with Store.open(data) as store:
        assert len(store.list_workshops()) == 1
        assert apply_setup(store, workshop="Leeds", date="2026-12-03").created
        assert len(store.list_workshops()) == 2
        assert describe_setup(store)["date"] == "2026-12-03"


def test_a_made_up_workshop_chosen_by_name_is_no_longer_made_up(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        session = TableSession(store, load_catalog(data), today=date(2026, 12, 1))
        assert "No workshop set yet" in session.setup_hint and session.problems == []
        apply_setup(store, workshop="Workshop 2026-12-01", date="2026-12-01")
        session.reload()
        assert session.setup_hint == "" and len(store.list_workshops()) == 1


@pytest.mark.parametrize(("args", "fragment"), [
    (["--workshop", "Leeds", "--date", "1/12/2026"], "YYYY-MM-DD"),
    (["--workshop", "Leeds", "--date", "2026-02-30"], "YYYY-MM-DD"),
    (["--date", "2026-12-01"], "--workshop"),
    (["--table", "   "], "label"),
    (["--workshop", " "], "name"),
])
def test_bad_input_is_one_line_and_status_2_and_nothing_written(tmp_path, capsys, args,
                                                                 fragment):
    data = tmp_path / "data"
    before = setup_json(data, capsys=capsys)
    assert main(["setup", "--data-dir", str(data), *args]) == 2
    assert fragment in one_line(capsys.readouterr().err)
    assert setup_json(data, capsys=capsys) == before


def test_a_running_kiosk_is_the_one_line_already_running_error(tmp_path):
    data = tmp_path / "data"
    with Store.open(data):
        result = run_cli("setup", "--data-dir", str(data), "--table", "Table 2")
    assert result.returncode == 2
    assert "already in use by another kiosk" in one_line(result.stderr)
