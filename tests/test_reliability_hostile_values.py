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

    from kiosk.ui.facilitator.rankings_model import RankingsModel

    model = RankingsModel()

    def broken(row, column):
        raise OverflowError("date value out of range")

    model._rows = [object()]  # type: ignore[attr-defined]
    model._display = broken  # type: ignore[method-assign]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) is None
    assert "OverflowError" in capsys.readouterr().err


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

