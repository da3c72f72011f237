"""The workshop report (PDF): pages, the text on them, and the `kiosk report` command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument

from kiosk.analysis.selection import compare_records
from kiosk.cli import main
from kiosk.domain.lenses import LENS_IDS
from kiosk.services.catalog import load_catalog
from kiosk.services.demo import demo_rankings
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store
from kiosk.ui.report.writer import ReportError, write_report

WORKSHOP = "Leeds (demo)"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_catalog(tmp_path_factory.mktemp("catalog"))


@pytest.fixture(scope="module")
def records(catalog):
    decks = {d: catalog.decks[d].card_ids for d in catalog.decks.ids()}
    return demo_rankings(decks, catalog.lenses)


def pdf_pages(path: Path) -> list[str]:
    """The text of every page, whitespace collapsed (titles wrap across lines)."""
    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_
    pages = [" ".join(document.getAllText(i).text().split())
             for i in range(document.pageCount())]
    document.close()
    return pages


@pytest.fixture(scope="module")
def report(qapp, records, catalog, tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("report") / "leeds.pdf"
    steps: list[tuple[int, int]] = []
    written = write_report(records, catalog, WORKSHOP, out,
                           progress=lambda done, total: steps.append((done, total)))
    assert written == out and out.read_bytes()[:5] == b"%PDF-"
    total = steps[-1][1]
    assert [d for d, _ in steps] == list(range(1, total + 1)) and steps[-1][0] == total
    return pdf_pages(out)


def test_title_page_names_the_workshop(report, records):
    first = report[0]
    leeds = next(r for r in records if r.workshop == WORKSHOP)
    assert WORKSHOP in first and leeds.place in first and leeds.workshop_date in first
    assert "At a glance" in first and "How to read this report" in first


def test_one_section_per_deck_and_lens_plus_a_map_per_deck(report, records, catalog):
    used = {(r.deck, r.lens) for r in records if r.workshop == WORKSHOP}
    text = "\n".join(report)
    for deck, lens in used:
        heading = f"{catalog.deck(deck).title} — {catalog.lenses[lens].title}"
        assert heading in text
    for deck in {d for d, _ in used}:
        assert f"{catalog.deck(deck).title} — benefit versus risk" in text
    # Title page, at least a page per section, a page per map.
    decks = {d for d, _ in used}
    assert len(report) >= 1 + len(used) + len(decks)


def test_page_numbers_on_every_page(report):
    for number, page in enumerate(report, 1):
        assert f"page {number} of {len(report)}" in page
        assert f"{WORKSHOP} · workshop report" in page


def test_card_titles_in_full_and_agreement_figures(report, records, catalog):
    text = " ".join(report)
    for deck in ("examples-1-6", "examples-a-f"):
        for card in catalog.deck(deck).cards:
            assert f"{card.id} · {card.title}" in text  # never cut short
        for lens in LENS_IDS:
            comparison = compare_records(records, catalog, deck, lens, [WORKSHOP])
            if comparison.kendall_w is not None:
                assert f"Kendall's W = {comparison.kendall_w:.3f}" in text
                assert f"χ² = {comparison.chi2:.2f}" in text
            assert f"{len(comparison.tables)} tables compared" in text


def test_each_tables_criteria_primary_and_notes(report, records):
    text = " ".join(report)
    leeds = [r for r in records if r.workshop == WORKSHOP]
    for table in sorted({r.table for r in leeds}):
        assert table in text
    for record in leeds:
        for criterion in record.criteria:
            words = " ".join(criterion.text.split())
            if criterion.primary:
                assert f"★ {words}" in text
            else:
                assert words in text
        if record.note:
            assert " ".join(record.note.split()) in text
    assert "(primary)" in text


def test_unknown_workshop_is_a_report_error(qapp, records, catalog, tmp_path):
    with pytest.raises(ReportError,
                       match="no rankings or poll runs from workshop 'Atlantis'.*Leeds"):
        write_report(records, catalog, "Atlantis", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_workshop_name_in_another_case(qapp, records, catalog, tmp_path):
    out = write_report(records, catalog, WORKSHOP.upper(), tmp_path / "upper.pdf")
    assert WORKSHOP in pdf_pages(out)[0]


# ----- the command -------------------------------------------------------------------

@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        FacilitatorService(store, load_catalog(folder)).demo.load()
    return folder


def test_command_writes_the_report(qapp, data_dir, tmp_path, capsys):
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    assert main(["report", "--data-dir", str(data_dir), "--workshop", WORKSHOP,
                 "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    pages = pdf_pages(out)
    assert WORKSHOP in pages[0] and re.search(r"Kendall's W = 0\.\d{3}", " ".join(pages))


def test_command_with_an_unknown_workshop_is_one_line_and_status_2(data_dir, tmp_path,
                                                                   capsys):
    out = tmp_path / "nowhere.pdf"
    assert main(["report", "--data-dir", str(data_dir), "--workshop", "Atlantis",
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Atlantis" in err[0] and "Traceback" not in err[0]
    assert not out.exists()


def test_command_into_a_missing_folder_is_one_line(qapp, data_dir, tmp_path, capsys):
    assert main(["report", "--data-dir", str(data_dir), "--workshop", WORKSHOP,
                 "--out", str(tmp_path / "missing" / "r.pdf")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not exist" in err[0]


def test_command_needs_its_arguments(capsys):
    assert main(["report", "--workshop", WORKSHOP]) == 2
    assert "--out" in capsys.readouterr().err


def test_command_runs_headless_without_any_qt_setting(data_dir, tmp_path):
    """A server or CI runner: no display and no QT_QPA_PLATFORM; the command goes offscreen."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "KIOSK_DATA_DIR")}
    out = tmp_path / "headless.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "report", "--data-dir", str(data_dir), "--workshop",
         WORKSHOP, "--out", str(out)],
        cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True, text=True,
        timeout=180)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
