"""Issue 9, hostile input: a note of any length, a lens sequence of thousands of steps. Each
is bounded where it comes in (the note field, the domain, reading the store, an import, the
settings), and the screens and the report shorten what is long."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt

from kiosk import cli
from kiosk.domain.ranking import Ranking
from kiosk.domain.record import NOTE_MAX
from kiosk.domain.workshop import KioskSettings, LensStep
from kiosk.exchange import export_csv
from kiosk.storage import Store
from kiosk.ui.theme import Theme
from tests.csv_support import catalog_for, sample_records

HUGE = "A table's words. " * 12_000  # 204,000 characters
THEME = Theme.for_size(1366, 768)


def _complete(cards: tuple[str, ...]) -> Ranking:
    ranking = Ranking("examples-1-6", "benefit", cards)
    for slot, card in enumerate(cards):
        ranking.drop(card, slot)
    return ranking


def test_attack_a_huge_note_is_cut_to_the_limit_in_the_domain_and_its_draft():
    ranking = _complete(("1", "2", "3", "4", "5", "6"))
    assert ranking.set_note(HUGE)
    assert len(ranking.note) <= NOTE_MAX and HUGE.startswith(ranking.note)
    draft = ranking.to_draft()
    draft["log"][-1]["text"] = HUGE  # a draft written by an older kiosk
    assert len(Ranking.from_draft(draft).note) <= NOTE_MAX
    assert len(ranking.to_record().note) <= NOTE_MAX


def test_attack_a_pasted_200k_note_stops_at_the_limit_with_a_plain_message(qtbot, tmp_path):
    from kiosk.services.catalog import load_catalog
    from kiosk.ui.shell.criteria_screen import CriteriaScreen

    catalog = load_catalog(tmp_path / "data")
    screen = CriteriaScreen(THEME)
    qtbot.addWidget(screen)
    ranking = _complete(catalog.decks["examples-1-6"].card_ids)
    screen.load(ranking, catalog.lenses["benefit"], 1, 3, None)
    screen.show()
    assert not screen.note_limit.isVisible()
    screen.note_field.setPlainText(HUGE)  # what a paste does
    assert len(screen.note_field.toPlainText()) == NOTE_MAX
    assert screen.note_limit.isVisible()
    assert f"{NOTE_MAX:,} characters" in screen.note_limit.text()
    assert screen.note_limit.textFormat() == Qt.TextFormat.PlainText
    screen.commit_note()
    assert len(ranking.note) <= NOTE_MAX
    screen.note_field.setPlainText("Short again.")
    assert not screen.note_limit.isVisible()


def test_attack_a_200k_note_from_an_older_kiosk_exports_and_the_export_imports_back(
        tmp_path, capsys):
    catalog = catalog_for(tmp_path / "catalog")
    data = tmp_path / "data"
    long = sample_records(catalog, 1)[0].with_changes(note=HUGE)
    with Store.open(data) as store:
        store.save_rankings([long])  # written whole, as an older kiosk did
    out = tmp_path / "export"
    assert cli.main(["export", "--out", str(out), "--data-dir", str(data)]) == 0
    assert cli.main(["check", "--data-dir", str(data)]) != 0
    said = capsys.readouterr()
    assert f"note of {len(HUGE):,} characters" in said.out + said.err
    fresh = tmp_path / "fresh"
    Store.open(fresh).close()
    status = cli.main(["import", str(out), "--data-dir", str(fresh)])
    err = capsys.readouterr().err
    assert status == 0, err
    with Store.open(fresh) as store:
        [imported] = store.list_rankings()
        assert len(imported.note) <= NOTE_MAX and imported.note.endswith("…")


def test_attack_an_imported_note_over_the_limit_is_refused_by_file_and_line(tmp_path, capsys):
    catalog = catalog_for(tmp_path / "catalog")
    out = tmp_path / "export"
    export_csv(sample_records(catalog, 1), catalog, out)
    path = out / "rankings.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    note = rows[0].index("note")
    for row in rows[1:]:
        row[note] = "y" * (NOTE_MAX + 1)  # under the CSV cell limit, over the note's
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8-sig")
    data = tmp_path / "data"
    Store.open(data).close()
    status = cli.main(["import", str(out), "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert status == cli.EXIT_REJECTED
    assert f"rankings.csv:2: the note is {NOTE_MAX + 1:,} characters long" in err


def test_attack_a_long_note_is_shortened_on_the_ranking_detail_page(qtbot, tmp_path):
    from kiosk.domain.record import StatedCriterion
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.ui.facilitator.rankings import RankingsTab
    from kiosk.ui.facilitator.rankings_detail import DETAIL_CRITERION_MAX, DETAIL_NOTE_MAX
    from tests.facilitator_support import real_ranking

    with Store.open(tmp_path / "data") as store:
        service = FacilitatorService(store, load_catalog(tmp_path / "data"))
        record = real_ranking(service)
        note = ("x" * 99 + " ") * (NOTE_MAX // 100)
        own = StatedCriterion("y" * 50_000, "own", True)  # as an import may bring it
        store.update_ranking(record.with_changes(note=note.strip(), criteria=(own,)))
        tab = RankingsTab(service, THEME)
        qtbot.addWidget(tab)
        tab.open_ranking(record.ranking_id)
        shown = tab.detail.note.text()
        assert len(shown) < DETAIL_NOTE_MAX + 200
        assert shown.startswith("x" * 99) and f"{len(note.strip()):,} characters" in shown
        assert "y" * DETAIL_CRITERION_MAX not in tab.detail.criteria.text()


def test_attack_long_notes_and_own_words_are_shortened_in_the_report(qapp, tmp_path):
    from kiosk.ui.report.content import REPORT_NOTE_MAX
    from kiosk.ui.report.writer import write_report
    from tests.test_report import pdf_pages

    catalog = catalog_for(tmp_path / "catalog")
    records = [r.with_changes(note=("zz " * NOTE_MAX)[:NOTE_MAX], workshop="Leeds")
               for r in sample_records(catalog, 6)]
    out = write_report(records, catalog, "Leeds", tmp_path / "report.pdf")
    text = " ".join(pdf_pages(out))
    assert text.count("z") <= len(records) * REPORT_NOTE_MAX
    assert "zz zz zz zz" in text


def test_attack_a_lens_sequence_of_10000_steps_is_bounded_on_reading():
    from kiosk.domain.workshop import MAX_STEPS

    steps = [{"lens": "benefit", "deck": "examples-1-6"}] * 10_000
    settings = KioskSettings.from_doc({"kiosk_id": "k", "sequence": steps})
    assert len(settings.sequence) == MAX_STEPS


def test_a_lens_sequence_longer_than_the_editor_allows_is_refused_in_setup(tmp_path):
    from kiosk.domain.workshop import MAX_STEPS
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService, SetupError

    with Store.open(tmp_path / "data") as store:
        service = FacilitatorService(store, load_catalog(tmp_path / "data"))
        with pytest.raises(SetupError, match=f"at most {MAX_STEPS}"):
            service.setup.update(sequence=[LensStep("benefit", "examples-1-6")] * 10_000)
        service.setup.update(sequence=[LensStep("benefit", "examples-1-6")] * MAX_STEPS)
        assert len(service.setup.settings().sequence) == MAX_STEPS


def test_the_editors_limit_is_the_domains(qtbot):
    from kiosk.domain.workshop import MAX_STEPS
    from kiosk.ui.facilitator import setup_sequence

    assert setup_sequence.MAX_STEPS == MAX_STEPS
