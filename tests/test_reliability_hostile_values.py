"""Hostile values in an import, a store file or a room's file (issue: a reviewer's attacks):
a time no screen can show, terminal control characters and names of any length. Each is
refused with `file:line: reason` where it comes in, and what shows data never crashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.domain.record import RecordError, SavedRanking, parse_time
from kiosk.storage import Store
from tests.csv_support import RANKING_HEADER

UNSHOWABLE = ("9999-12-31T23:59:59-14:00",  # UTC and local time in the year 10000
              "0001-01-01T00:00:00+12:00")  # before the year 1 in UTC
GOOD_TIME = "2017-06-28T14:30:00+01:00"


def paper_sheet(path: Path, *, completed_at: str = GOOD_TIME, table: str = "T5",
                workshop: str = "Paper WS", place: str = "Leeds") -> Path:
    rows = [RANKING_HEADER] + [
        f",,{workshop},{place},2017-06-28,{table},,examples-1-6,benefit,{card},,{card},,"
        f"{completed_at},,,," for card in range(1, 7)]
    path.write_text("\n".join(rows) + "\n", "utf-8-sig")
    return path


def imported(tmp_path: Path, sheet: Path, capsys) -> tuple[int, str, Path]:
    data = tmp_path / "data"
    Store.open(data).close()
    status = cli.main(["import", str(sheet), "--data-dir", str(data)])
    return status, capsys.readouterr().err, data


# ---- 1. a time that cannot be shown ------------------------------------------------------
@pytest.mark.parametrize("moment", UNSHOWABLE)
def test_attack_an_unshowable_completed_at_is_refused_on_import(tmp_path, capsys, moment):
    status, err, data = imported(tmp_path, paper_sheet(tmp_path / "r.csv", completed_at=moment),
                                 capsys)
    assert status == cli.EXIT_REJECTED
    assert "r.csv:2: completed_at" in err and "2000" in err and "9998" in err
    with Store.open(data) as store:
        assert store.count_rankings() == 0


def test_attack_an_unshowable_time_is_no_time_anywhere():
    for moment in UNSHOWABLE:
        assert parse_time(moment) is None
    assert parse_time(GOOD_TIME) is not None


GOOD_DOC = {"ranking_id": "good", "deck": "examples-1-6", "lens": "benefit",
            "positions": {"1": 1, "2": 2}, "completed_at": "2017-03-14T10:00:00+00:00"}


@pytest.mark.parametrize("field", ["completed_at", "started_at"])
def test_attack_an_unshowable_time_from_a_room_file_is_not_a_saved_ranking(field):
    """What arrives by room sync is read with SavedRanking.from_doc, as the store reads."""
    with pytest.raises(RecordError, match=field):
        SavedRanking.from_doc({**GOOD_DOC, field: UNSHOWABLE[0]})


def test_attack_an_unshowable_stored_time_is_set_aside_and_check_reports_it(tmp_path, capsys):
    data = tmp_path / "data"
    Store.open(data).close()
    bad = {**GOOD_DOC, "ranking_id": "bad", "completed_at": UNSHOWABLE[0]}
    (data / "rankings.json").write_text(json.dumps({
        "meta": {"store": {"schema_version": 1}},
        "rankings": {"good": GOOD_DOC, "bad": bad}}), "utf-8")
    status = cli.main(["check", "--data-dir", str(data)])
    out = capsys.readouterr()
    assert status != cli.EXIT_OK
    assert "'bad'" in out.out + out.err
    with Store.open(data) as store:
        assert [r.ranking_id for r in store.list_rankings()] == ["good"]


def test_attack_format_moment_never_raises():
    from kiosk.ui.facilitator.rankings_model import format_moment

    for moment in UNSHOWABLE + ("9999-12-31T23:59:59", "garbage", ""):
        assert format_moment(moment) == "—"


def test_attack_an_exception_inside_a_models_data_never_reaches_qt(qtbot, capsys):
    """Qt calls data() from C++: what it raises must come back as None, logged on stderr."""
    from PySide6.QtCore import Qt

    from kiosk.ui import model_guard
    from kiosk.ui.facilitator.rankings_model import RankingsModel

    model = RankingsModel()

    def broken(row, column):
        raise OverflowError("date value out of range")

    model._rows = [object()]  # type: ignore[attr-defined]
    model._display = broken  # type: ignore[method-assign]
    model_guard._told.clear()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) is None
    assert "OverflowError" in capsys.readouterr().err
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole) is None
    assert capsys.readouterr().err == ""  # told once, not at every repaint


def test_attack_an_unshowable_time_in_the_rankings_table_reads_as_a_dash(qtbot, tmp_path):
    """The reviewer's crash (resizeColumnsToContents over a time in the year 10000), with
    the summary handed to the model directly: the store no longer lets such a time in."""
    from dataclasses import replace

    from PySide6.QtWidgets import QTableView

    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.ui.facilitator.rankings_model import RankingsModel

    data = tmp_path / "data"
    with Store.open(data) as store:
        service = FacilitatorService(store, load_catalog(data))
        service.demo.load()
        summaries = [replace(s, completed_at=UNSHOWABLE[0]) for s in service.rankings.summaries()]
    model = RankingsModel()
    model.set_summaries(summaries)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resizeColumnsToContents()
    model.sort(4)
    assert {model.data(model.index(r, 4)) for r in range(model.rowCount())} == {"—"}


# ---- 2. terminal control characters ------------------------------------------------------
ESCAPES = ("T21\x1b[2J\x1b]0;pwned\x07", "T\x9b31m", "T\ttab", "T\r\nnext")


@pytest.mark.parametrize("value", ESCAPES)
@pytest.mark.parametrize("column", ["table", "workshop", "place"])
def test_attack_control_characters_in_an_imported_name_are_refused(tmp_path, capsys, column,
                                                                   value):
    sheet = paper_sheet(tmp_path / "r.csv", **{column: '"' + value + '"'})
    status, err, data = imported(tmp_path, sheet, capsys)
    assert status == cli.EXIT_REJECTED
    assert f"r.csv:2: {column} holds the control character U+00" in err
    assert "\x1b" not in err and "\x9b" not in err and "\x07" not in err
    with Store.open(data) as store:
        assert store.count_rankings() == 0


def test_attack_control_characters_in_an_imported_criterion_or_note_are_refused(
        tmp_path, capsys):
    paper_sheet(tmp_path / "rankings.csv")
    (tmp_path / "criteria.csv").write_text(
        "ranking_id,workshop,table,deck,lens,criterion,origin,primary\n"
        ',Paper WS,T5,examples-1-6,benefit,"fair\x1b[31m",own,true\n', "utf-8")
    status, err, _ = imported(tmp_path, tmp_path, capsys)
    assert status == cli.EXIT_REJECTED
    assert "criteria.csv:2: criterion holds the control character U+001B" in err


@pytest.mark.parametrize("note, refused", [("two\tcolumns\r\nand lines", False),
                                           ("bell\x07", True), ("csi\x9b2J", True)])
def test_attack_a_note_keeps_tabs_and_line_breaks_but_no_other_control(tmp_path, capsys, note,
                                                                       refused):
    sheet = paper_sheet(tmp_path / "r.csv")
    text = sheet.read_text("utf-8-sig").replace(",,,,\n", ',,,,"' + note + '"\n')
    sheet.write_text(text, "utf-8-sig")
    status, err, _ = imported(tmp_path, sheet, capsys)
    assert (status == cli.EXIT_REJECTED) is refused, err
    if refused:
        assert "r.csv:2: the note holds the control character" in err


def test_attack_compare_prints_control_characters_from_data_escaped(tmp_path, capsys):
    """Defence in depth: a ranking stored by an older kiosk with an escape in its table."""
    from tests.csv_support import catalog_for, make_record

    data = tmp_path / "data"
    catalog = catalog_for(data)
    records = [make_record(catalog, table=ESCAPES[0], seed=1),
               make_record(catalog, workshop="W\u202eevil", table="T2", seed=2)]
    with Store.open(data) as store:
        store.save_rankings(records)
    for extra in ([], ["--json"]):
        status = cli.main(["compare", "--deck", "examples-1-6", "--lens", "benefit",
                           "--data-dir", str(data), *extra])
        out = capsys.readouterr().out
        assert status == cli.EXIT_OK
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b" in out or "\\u001b" in out


# ---- 3. names of any length -------------------------------------------------------------
def test_attack_a_workshop_name_of_100000_characters_is_refused_on_import(tmp_path, capsys):
    sheet = paper_sheet(tmp_path / "r.csv", workshop="W" * 100_000)
    status, err, _ = imported(tmp_path, sheet, capsys)
    assert status == cli.EXIT_REJECTED
    assert "r.csv:2: workshop is 100,000 characters long; at most 200" in err
    assert len(err) < 2000  # the name itself is never printed whole


def test_attack_a_long_imported_criterion_is_refused(tmp_path, capsys):
    paper_sheet(tmp_path / "rankings.csv")
    (tmp_path / "criteria.csv").write_text(
        "ranking_id,workshop,table,deck,lens,criterion,origin,primary\n"
        f",Paper WS,T5,examples-1-6,benefit,{'c' * 201},own,true\n", "utf-8")
    status, err, _ = imported(tmp_path, tmp_path, capsys)
    assert status == cli.EXIT_REJECTED
    assert "criteria.csv:2: criterion is 201 characters long; at most 200" in err


@pytest.mark.parametrize("option, value", [("--table", "T" * 5000),
                                           ("--workshop", "W" * 201),
                                           ("--table", "T\x1b[2J")])
def test_attack_kiosk_setup_refuses_a_name_too_long_or_with_controls(tmp_path, capsys, option,
                                                                     value):
    data = tmp_path / "data"
    args = ["setup", option, value, "--data-dir", str(data)]
    if option == "--workshop":
        args += ["--place", "P" * 201]
    status = cli.main(args)
    err = capsys.readouterr().err
    assert status == cli.EXIT_USAGE
    assert "200" in err or "control character" in err
    assert "\x1b" not in err and len(err) < 400
    with Store.open(data) as store:
        assert store.list_workshops() == []
        assert store.get_settings().get("table", "") != value


def test_attack_the_setup_fields_stop_at_the_limits(qtbot, tmp_path):
    from kiosk.domain.text_rules import NAME_MAX
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.ui.facilitator.setup import SetupTab
    from kiosk.ui.theme import Theme

    data = tmp_path / "data"
    with Store.open(data) as store:
        tab = SetupTab(FacilitatorService(store, load_catalog(data)), Theme.for_size(1366, 768))
        qtbot.addWidget(tab)
        for edit in (tab.name_edit, tab.place_edit, tab.table_edit):
            assert edit.maxLength() == NAME_MAX


@pytest.mark.parametrize("part", ["table", "relabel", "workshop"])
def test_attack_control_characters_from_the_hubs_setup_are_refused(part):
    """What arrives by room sync from the hub: its table labels, relabels and workshop."""
    from kiosk.services.room.membership import RoomFileError
    from kiosk.services.room.setup_folder import RoomSetup

    hostile = "T\x1b]0;pwned\x07"
    doc = RoomSetup().to_doc()
    if part == "table":
        doc["tables"] = {"kiosk-1": hostile}
    elif part == "relabel":
        doc["corrections"] = {"r1": {"action": "relabel", "table": hostile}}
    else:
        doc["workshop"] = {"workshop_id": "w1", "name": hostile, "place": "", "date": ""}
    with pytest.raises(RoomFileError):
        RoomSetup.from_doc(doc)
    RoomSetup.from_doc(RoomSetup().to_doc())  # the same without it is a setup


@pytest.mark.parametrize("table", ["T\x1b[2J", "T" * 201])
def test_attack_a_paper_sheets_table_label_follows_the_import_rule(tmp_path, table):
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.services.facilitator.paper import PaperError, PaperSheet

    data = tmp_path / "data"
    with Store.open(data) as store:
        service = FacilitatorService(store, load_catalog(data))
        shop = service.workshops.add("Leeds")
        sheet = PaperSheet(shop.workshop_id, table, "examples-1-6", "benefit", GOOD_TIME,
                           {card: int(card) for card in "123456"})
        with pytest.raises(PaperError, match="control character|at most 200"):
            service.paper.save(sheet)
        assert service.rankings.count() == 0
