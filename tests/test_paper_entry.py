"""A paper session typed in on screen is stored exactly as the same sheet imported as CSV:
same derived id, same record, so importing the CSV afterwards (or before) adds nothing. The
order tapped in allows ties and takes back a tap; a sheet with cards left over is refused
with a clear message. (The screen itself: tests/test_facilitator_paper.py.)"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kiosk.domain.naming import natural_key
from kiosk.services.facilitator.paper import PaperError, PaperOrder, PaperSheet, sheet_time
from tests.facilitator_support import catalog, service, store  # noqa: F401

DECK = "examples-1-6"
HEADER = ["ranking_id", "workshop_id", "workshop", "place", "workshop_date", "table",
          "kiosk_id", "deck", "lens", "card_id", "card_title", "position", "tier",
          "completed_at", "duration_s", "moves", "primary_criterion", "note"]


def hand_typed_csv(folder: Path, sheet: dict, positions: dict[str, int],
                   criteria: list[tuple[str, str, str]] = ()) -> Path:
    """A rankings.csv (and criteria.csv) as a facilitator types one in a spreadsheet:
    ranking_id empty, card titles left blank, the rows in the sheet's order."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "rankings.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for card, position in sorted(positions.items(), key=lambda kv: kv[1]):
            out.writerow(["", sheet.get("workshop_id", ""), sheet["workshop"], sheet["place"],
                          sheet["date"], sheet["table"], "", DECK, sheet["lens"], card, "",
                          position, "", sheet["completed_at"], "", "",
                          sheet.get("primary", ""), sheet.get("note", "")])
    if criteria:
        with open(folder / "criteria.csv", "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["ranking_id", "workshop", "table", "deck", "lens", "criterion",
                          "origin", "primary"])
            for text, origin, primary in criteria:
                out.writerow(["", sheet["workshop"], sheet["table"], DECK, sheet["lens"],
                              text, origin, primary])
    return folder


def tapped(cards, taps) -> PaperOrder:
    order = PaperOrder(cards)
    for tap in taps:
        card, tied = (tap[:-1], True) if tap.endswith("=") else (tap, False)
        order.tap(card, tied)
    return order


def test_the_order_tapped_in_with_ties_and_taking_taps_back():
    order = tapped("123456", ["3", "1", "5=", "2", "6", "4"])
    assert order.positions() == {"3": 1, "1": 2, "5": 2, "2": 4, "6": 5, "4": 6}
    order.tap("1")  # tapped again: taken off, the cards below move up; 5 keeps place 2
    assert order.positions() == {"3": 1, "5": 2, "2": 3, "6": 4, "4": 5}
    assert order.unplaced() == ["1"]
    assert order.undo()  # the last tap back: 1 is on again, tied with 5
    assert order.positions() == {"3": 1, "1": 2, "5": 2, "2": 4, "6": 5, "4": 6}
    assert order.undo() and order.unplaced() == ["4"]
    while order.undo():
        pass
    assert order.places == [] and not order.can_undo
    with pytest.raises(KeyError):
        order.tap("Z")


def test_first_card_tied_has_nothing_to_tie_to_and_takes_place_one():
    assert tapped("12", ["1=", "2="]).positions() == {"1": 1, "2": 1}


def _sheet_values(workshop, table="Table 3", lens="benefit", when="2017-06-28T14:30:00+01:00"):
    return {"workshop": workshop.name, "place": workshop.place, "date": workshop.date,
            "table": table, "lens": lens, "completed_at": when}


def test_a_sheet_typed_on_screen_then_the_same_sheet_as_csv_adds_nothing(
        service, tmp_path):  # noqa: F811
    # the workshop came with an earlier paper import, so its id is the derived one that a
    # sheet with an empty workshop_id gets
    first = hand_typed_csv(tmp_path / "earlier", {
        "workshop": "Manchester", "place": "Town Hall", "date": "2017-06-28",
        "table": "Table 1", "lens": "risk", "completed_at": "2017-06-28T11:00:00+01:00"},
        {c: i + 1 for i, c in enumerate("123456")})
    assert service.transfer.import_from([first]).new == 1
    workshop = service.workshops.all()[0]
    lens = service.catalog.lenses["benefit"]
    chosen = (lens.suggested[0], "suggested"), ("Whether people would agree", "own")
    order = tapped(service.names.deck_order(DECK), ["3", "1", "5=", "2", "6", "4"])
    saved = service.paper.save(PaperSheet(
        workshop.workshop_id, "Table 3", DECK, "benefit", "2017-06-28T14:30:00+01:00",
        order.positions(), chosen, primary=lens.suggested[0], note="Long debate on 5"))
    assert saved.new and saved.record.source == "paper"
    assert saved.record.workshop_id == workshop.workshop_id
    assert dict(saved.record.positions) == {"3": 1, "1": 2, "5": 2, "2": 4, "6": 5, "4": 6}
    assert saved.record.primary == lens.suggested[0]
    assert service.rankings.count() == 2

    again = hand_typed_csv(
        tmp_path / "same-sheet",
        dict(_sheet_values(workshop), primary=lens.suggested[0], note="Long debate on 5"),
        order.positions(),
        [(lens.suggested[0], "suggested", "true"), ("Whether people would agree", "own",
                                                    "false")])
    summary = service.transfer.import_from([again])
    assert (summary.new, summary.present, summary.rejected, summary.conflicts) == \
        (0, 1, [], [])
    assert service.rankings.count() == 2
    assert service.rankings.get(saved.record.ranking_id) == saved.record


def test_csv_first_then_the_same_sheet_on_screen_adds_nothing(service, tmp_path):  # noqa: F811
    workshop = service.workshops.add("Leeds", "Civic Hall", "2017-07-05")  # set up here
    values = dict(_sheet_values(workshop, "Table 2", "risk", "2017-07-05T15:05:00+01:00"),
                  workshop_id=workshop.workshop_id)  # as an export of this kiosk gives it
    positions = {"1": 1, "2": 1, "3": 1, "4": 4, "5": 5, "6": 5}
    assert service.transfer.import_from([hand_typed_csv(tmp_path / "s", values,
                                                        positions)]).new == 1
    order = tapped("123456", ["1", "2=", "3=", "4", "5", "6="])
    assert order.positions() == positions
    saved = service.paper.save(PaperSheet(workshop.workshop_id, "Table 2", DECK, "risk",
                                          "2017-07-05T15:05:00+01:00", order.positions()))
    assert not saved.new and saved.conflicts == []
    assert service.rankings.count() == 1


def test_the_same_sheet_saved_twice_on_screen_is_stored_once(service):  # noqa: F811
    workshop = service.workshops.add("Bristol", "", "2017-07-12")
    sheet = PaperSheet(workshop.workshop_id, "Table 4", DECK, "acceptability",
                       sheet_time("2017-07-12", 10, 15), {c: 7 - int(c) for c in "123456"})
    assert service.paper.save(sheet).new
    assert not service.paper.save(sheet).new
    later = PaperSheet(**{**sheet.__dict__, "completed_at": sheet_time("2017-07-12", 11, 0)})
    assert service.paper.save(later).new  # the same table ranking again later: a second one
    assert service.rankings.count() == 2


def test_a_sheet_with_cards_left_to_place_is_refused_and_says_which(service):  # noqa: F811
    workshop = service.workshops.add("Bristol", "", "2017-07-12")
    order = tapped("123456", ["2", "4", "6"])
    with pytest.raises(PaperError) as refused:
        service.paper.save(PaperSheet(workshop.workshop_id, "Table 4", DECK, "benefit",
                                      sheet_time("2017-07-12", 10, 0), order.positions()))
    assert str(refused.value).startswith("Place every card before saving: 3 still to place "
                                         "(1 Routes from Diagnosis")
    assert service.rankings.count() == 0


@pytest.mark.parametrize("change, message", [
    ({"workshop_id": ""}, "Choose the workshop the sheet is from."),
    ({"table": "  "}, "Choose or type the table the sheet is from."),
    ({"primary": "Not a criterion of this sheet"}, "The most important criterion must be"),
    ({"completed_at": "half past two"}, "The sheet cannot be saved: "),
])
def test_what_else_is_refused_before_anything_is_written(
        service, change, message):  # noqa: F811
    workshop = service.workshops.add("Bristol", "", "2017-07-12")
    fields = dict(workshop_id=workshop.workshop_id, table="Table 4", deck=DECK,
                  lens="benefit", completed_at=sheet_time("2017-07-12", 10, 0),
                  positions={c: int(c) for c in "123456"})
    with pytest.raises(PaperError) as refused:
        service.paper.save(PaperSheet(**{**fields, **change}))
    assert str(refused.value).startswith(message)
    assert service.rankings.count() == 0


def test_sheet_time_has_the_offset_and_seconds():
    text = sheet_time("2017-06-28", 14, 30)
    assert text.startswith("2017-06-28T14:30:00") and len(text) == 25  # …+HH:MM
    with pytest.raises(PaperError):
        sheet_time("2017-02-30", 14, 30)


def test_tables_offered_are_the_workshops_and_this_kiosks(service, tmp_path):  # noqa: F811
    folder = hand_typed_csv(tmp_path / "t", {
        "workshop": "M", "place": "", "date": "2017-06-28", "table": "Table 10",
        "lens": "risk", "completed_at": "2017-06-28T11:00:00+01:00"},
        {c: int(c) for c in "123456"})
    service.transfer.import_from([folder])
    workshop = service.workshops.all()[0]
    own = service.setup.settings().table
    assert service.paper.tables(workshop.workshop_id) == sorted({"Table 10", own},
                                                                key=natural_key)
    assert service.paper.tables("another") == [own]


def test_the_acceptability_line_is_drawn_moved_with_the_cards_and_undone():
    order = tapped("123456", ["2", "1="])
    order.draw_line()  # after 2 and 1 (tied): acceptable above
    for card in "3456":
        order.tap(card)
    assert order.tiers() == {"2": "acceptable", "1": "acceptable", "3": "not acceptable",
                             "4": "not acceptable", "5": "not acceptable",
                             "6": "not acceptable"}
    order.tap("2")
    order.tap("1")  # the place above the line goes: the line moves up with it
    assert order.line == 0
    order.undo()
    order.undo()
    assert order.line == 1
    order.tap("6")  # taken off again: four places left
    order.draw_line()  # after the last place now
    order.draw_line()  # drawn there again: no line
    assert order.tiers() == {}
    order.undo()
    assert order.line == 4


def test_a_sheet_with_a_line_then_the_same_sheet_as_csv_adds_nothing(
        service, tmp_path):  # noqa: F811
    workshop = service.workshops.add("Leeds", "Civic Hall", "2017-07-05")
    order = tapped("123456", ["4", "2", "1"])
    order.draw_line()
    for card in "356":
        order.tap(card)
    when = "2017-07-05T16:00:00+01:00"
    saved = service.paper.save(PaperSheet(workshop.workshop_id, "Table 1", DECK,
                                          "acceptability", when, order.positions(),
                                          tiers=order.tiers()))
    assert saved.new and saved.record.cut == 3
    folder = tmp_path / "sheet"
    hand_typed_csv(folder, dict(_sheet_values(workshop, "Table 1", "acceptability", when),
                                workshop_id=workshop.workshop_id), order.positions())
    rows = (folder / "rankings.csv").read_text(encoding="utf-8").splitlines()
    tier = {r.split(",")[9]: ("acceptable" if r.split(",")[11] in "123" else
                              "not acceptable") for r in rows[1:]}
    with open(folder / "rankings.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for row in csv.reader(rows[1:]):
            row[12] = tier[row[9]]
            out.writerow(row)
    summary = service.transfer.import_from([folder])
    assert (summary.new, summary.present, summary.conflicts) == (0, 1, [])


def _workshop_ids(service):  # noqa: F811
    return sorted(w.workshop_id for w in service.workshops.all())


def test_on_screen_for_a_setup_workshop_then_a_hand_csv_without_ids_adds_nothing(
        service, tmp_path):  # noqa: F811
    workshop = service.workshops.add("Leeds", "Civic Hall", "2017-07-05")  # made in Setup
    when = "2017-07-05T15:05:00+01:00"
    positions = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
    saved = service.paper.save(PaperSheet(workshop.workshop_id, "Table 2", DECK, "risk",
                                          when, positions))
    assert saved.new and saved.record.workshop_id == workshop.workshop_id
    # typed from paper: ranking_id and workshop_id both left empty
    folder = hand_typed_csv(tmp_path / "paper",
                            _sheet_values(workshop, "Table 2", "risk", when), positions)
    summary = service.transfer.import_from([folder])
    assert (summary.new, summary.present, summary.conflicts) == (0, 1, [])
    assert service.rankings.count() == 1
    assert _workshop_ids(service) == [workshop.workshop_id]


def test_a_hand_csv_without_ids_then_on_screen_for_the_setup_workshop_adds_nothing(
        service, tmp_path):  # noqa: F811
    workshop = service.workshops.add("Leeds", "Civic Hall", "2017-07-05")
    when = "2017-07-05T16:10:00+01:00"
    positions = {"1": 2, "2": 1, "3": 3, "4": 3, "5": 5, "6": 6}
    folder = hand_typed_csv(tmp_path / "paper",
                            _sheet_values(workshop, "Table 5", "benefit", when), positions)
    summary = service.transfer.import_from([folder])
    assert summary.new == 1
    assert service.rankings.records()[0].workshop_id == workshop.workshop_id
    saved = service.paper.save(PaperSheet(workshop.workshop_id, "Table 5", DECK, "benefit",
                                          when, positions))
    assert not saved.new and saved.conflicts == []
    assert service.rankings.count() == 1
    assert _workshop_ids(service) == [workshop.workshop_id]


def test_a_hand_csv_leaving_place_and_date_empty_takes_the_one_workshop_of_that_name(
        service, tmp_path):  # noqa: F811
    workshop = service.workshops.add("Leeds", "Civic Hall", "2017-07-05")
    values = dict(_sheet_values(workshop, "Table 1", "risk", "2017-07-05T10:00:00+01:00"),
                  place="", date="")
    service.transfer.import_from([hand_typed_csv(tmp_path / "p", values,
                                                 {c: int(c) for c in "123456"})])
    record = service.rankings.records()[0]
    assert (record.workshop_id, record.place, record.workshop_date) == \
        (workshop.workshop_id, "Civic Hall", "2017-07-05")
    # another place given: no workshop matches, the id is derived as before
    other = dict(values, place="Town Hall", completed_at="2017-07-05T11:00:00+01:00")
    service.transfer.import_from([hand_typed_csv(tmp_path / "q", other,
                                                 {c: int(c) for c in "123456"})])
    assert len(_workshop_ids(service)) == 2


@pytest.mark.parametrize("then_set_up", [False, True])
def test_re_importing_an_older_hand_csv_still_adds_nothing(
        service, tmp_path, then_set_up):  # noqa: F811
    values = {"workshop": "Manchester", "place": "Town Hall", "date": "2017-06-28",
              "table": "Table 1", "lens": "risk", "completed_at": "2017-06-28T11:00:00+01:00"}
    folder = hand_typed_csv(tmp_path / "older", values, {c: int(c) for c in "123456"})
    assert service.transfer.import_from([folder]).new == 1  # the derived workshop is made
    derived = _workshop_ids(service)
    if then_set_up:  # and a workshop of the same name set up since: two match
        service.workshops.add("Manchester", "Town Hall", "2017-06-28")
    summary = service.transfer.import_from([folder])
    assert (summary.new, summary.present, summary.conflicts) == (0, 1, [])
    assert service.rankings.records()[0].workshop_id == derived[0]


def test_kiosk_import_s_path_takes_the_setup_workshop_too(
        service, store, catalog, tmp_path):  # noqa: F811
    from kiosk.exchange import import_csv

    workshop = service.workshops.add("Leeds", "Civic Hall", "2017-07-05")
    when = "2017-07-05T15:05:00+01:00"
    positions = {c: int(c) for c in "123456"}
    service.paper.save(PaperSheet(workshop.workshop_id, "Table 2", DECK, "risk", when,
                                  positions))
    folder = hand_typed_csv(tmp_path / "paper",
                            _sheet_values(workshop, "Table 2", "risk", when), positions)
    # as `kiosk import` calls it: straight on the store
    summary = import_csv([folder], store, catalog, poll_store=store)
    assert (summary.new, summary.present) == (0, 1)
    assert [w["workshop_id"] for w in store.list_workshops()] == [workshop.workshop_id]


def test_a_paper_ranking_beside_a_kiosk_table_of_its_label_is_called_paper(catalog):  # noqa: F811
    """Attack: a sheet typed in (no kiosk id) for the table label a kiosk also uses was
    listed as "TC062 (no kiosk id)", words about the machine, not about the sheet."""
    from kiosk.analysis.tables import table_names
    from tests.test_room_tables import kiosk_rankings

    shared = "3b0c0a52-5a0c-4a43-9a34-8a8c62a7f0a1"
    records = (kiosk_rankings(catalog, "kiosk-3f2a11", workshop="Leeds", workshop_id=shared,
                              table="TC062", seed=1)
               + kiosk_rankings(catalog, "", workshop="Leeds", workshop_id=shared,
                                table="TC062", seed=2))
    shown = sorted(set(table_names(records).values()))
    assert shown == ["TC062 (kiosk 3f2a)", "TC062 (paper)"], shown
