"""The workshop report's case-study poll pages: one per poll the workshop ran, with each
stage's counts, mean and median and the shifts — and `kiosk report` finding the runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument

from kiosk.cli import main
from kiosk.services.demo import demo_rankings
from kiosk.storage import Store
from kiosk.ui.report.writer import write_report
from tests.poll_data_support import camden_poll, catalog_with_poll, run_of
from tests.test_facilitator_polls import answers, sample_runs
from tests.test_report import pdf_pages

WORKSHOP = "Leeds (demo)"
SHOTS = Path(os.environ.get("KIOSK_SHOTS", "/tmp"))


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return catalog_with_poll(tmp_path_factory.mktemp("catalog"), camden_poll(),
                             camden_poll("camden-two"), camden_poll("camden-elsewhere"))


@pytest.fixture(scope="module")
def records(catalog):
    decks = {d: catalog.decks[d].card_ids for d in catalog.decks.ids()}
    return demo_rankings(decks, catalog.lenses)


def leeds_runs(records) -> list:
    """The sample runs moved to the demo's Leeds workshop, one more poll there, and a poll
    run only in another workshop (which the report leaves out)."""
    leeds = next(r for r in records if r.workshop == WORKSHOP)
    moved = [run_of(r.poll_run_id, {(a.stage, a.seat): a.answer for a in r.answers},
                    workshop=WORKSHOP, workshop_id=leeds.workshop_id, table=r.table,
                    kiosk_id=r.kiosk_id) for r in sample_runs()]
    return [*moved,
            run_of("two", answers(("1", "2"), ("1", "2")), poll="camden-two",
                   workshop=WORKSHOP, workshop_id=leeds.workshop_id),
            run_of("away", answers(("3",)), poll="camden-elsewhere", workshop="Oslo",
                   workshop_id="w-oslo")]


@pytest.fixture(scope="module")
def report(qapp, records, catalog, tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("report") / "leeds.pdf"
    write_report(records, catalog, WORKSHOP, out, poll_runs=leeds_runs(records))
    return out, pdf_pages(out)


def poll_pages(pages: list[str]) -> list[str]:
    return [page for page in pages if page.startswith("Case-study poll —")]


def test_one_page_per_poll_with_runs(report):
    _, pages = report
    found = poll_pages(pages)
    assert len(found) == 2
    assert all("Camden's data store" in page for page in found)
    assert not any("Oslo" in page for page in pages)


def test_the_poll_page_has_the_figures(report):
    path, pages = report
    page = poll_pages(pages)[0]
    assert "3 runs from 3 tables" in page
    assert "Strongly oppose: 1 (8%)" in page and "Support: 4 (33%)" in page
    assert "On average “Support” (mean 3.58 of 1–5)" in page
    assert "“The public” was chosen most: 7 of 13 (54%)." in page
    assert "Support fell from stage 1 to 2 (12 people paired, Wilcoxon W = 0, p = 0.0039)" \
        in page
    second = poll_pages(pages)[1]
    assert "too few pairs to test" in second
    # The page as a picture, to look at (the bars are images; their words are above).
    document = QPdfDocument(None)
    document.load(str(path))
    index = pages.index(page)
    image = document.render(index, QSize(1240, 1754))
    assert not image.isNull()
    image.save(str(SHOTS / "polls-report-page.png"))
    document.close()


def test_a_report_without_polls_has_no_poll_page(qapp, records, catalog, tmp_path):
    out = write_report(records, catalog, WORKSHOP, tmp_path / "plain.pdf")
    assert poll_pages(pdf_pages(out)) == []


def test_kiosk_report_reads_the_poll_runs(qapp, records, catalog, tmp_path, monkeypatch,
                                          capsys):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_rankings(records)
        store.save_poll_runs(leeds_runs(records))
    monkeypatch.setattr("kiosk.cli.report.load_catalog", lambda folder: catalog)
    out = tmp_path / "cli.pdf"
    assert main(["report", "--workshop", WORKSHOP, "--out", str(out),
                 "--data-dir", str(data)]) == 0
    assert len(poll_pages(pdf_pages(out))) == 2


def test_a_workshop_that_only_ran_polls_gets_a_report(qapp, records, catalog, tmp_path):
    """A workshop whose tables only answered polls (no ranking) still has a report: its
    title page and a page per poll; the rankings of other workshops stay out."""
    out = write_report(records, catalog, "Oslo", tmp_path / "oslo.pdf",
                       poll_runs=leeds_runs(records))
    pages = pdf_pages(out)
    assert pages[0].startswith("Workshop report") and "Oslo" in pages[0]
    assert "1 case-study poll run from 1 table" in " ".join(pages[0].split())
    (page,) = poll_pages(pages)
    assert page.startswith(f"Case-study poll — {catalog.polls['camden-elsewhere'].title}")
    assert len(pages) == 2  # no section of rankings


def test_kiosk_report_of_a_polls_only_workshop(qapp, records, catalog, tmp_path, monkeypatch):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_poll_runs(leeds_runs(records))  # rankings: none at all
    monkeypatch.setattr("kiosk.cli.report.load_catalog", lambda folder: catalog)
    out = tmp_path / "cli.pdf"
    assert main(["report", "--workshop", WORKSHOP, "--out", str(out),
                 "--data-dir", str(data)]) == 0
    assert len(poll_pages(pdf_pages(out))) == 2
    assert main(["report", "--workshop", "Nowhere", "--out", str(out),
                 "--data-dir", str(data)]) == 2


def test_attack_a_legend_square_stays_with_its_words(report):
    """Found: at a line's end the legend's colour square "■" stood alone, its words
    ("Strongly support: 0 (0%)") on the next line."""
    path, pages = report
    document = QPdfDocument(None)
    document.load(str(path))
    found = 0
    for index, page in enumerate(pages):
        if not page.startswith("Case-study poll —"):
            continue
        lines = document.getAllText(index).text().splitlines()
        found += sum("■" in line for line in lines)
        parted = [line for line in lines if line.rstrip().endswith("■")]
        assert parted == [], parted
    document.close()
    assert found  # the squares are there to be read
