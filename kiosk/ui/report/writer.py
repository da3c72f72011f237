"""The printable workshop report (PDF): `write_report(records, catalog, workshop, out_path)`.

For every deck and lens the workshop used: the consensus orders (Borda and Kemeny, card
titles in full), the agreement figures, the heat map of positions, the criteria each table
stated with its primary one, and the notes; for every deck, the benefit-versus-risk map.
The figures come from the dashboard's own preparation (`kiosk.analysis.figures.build`,
which calls `kiosk.analysis.selection.compare_records`, as `kiosk compare` does), and the
pictures are the dashboard's charts drawn offscreen. Needs a QApplication (the `kiosk
report` command makes one, offscreen when there is no display).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kiosk import __version__
from kiosk.analysis.tables import AtTable, workshop_key
from kiosk.domain.lenses import LENS_IDS
from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking
from kiosk.services.catalog import Catalog

if TYPE_CHECKING:
    from kiosk.ui.report.content import ReportBuilder

Progress = Callable[[int, int], None]


class ReportError(ValueError):
    """A report that cannot be made (unknown workshop, nothing to report); one clear line."""


Held = TypeVar("Held", bound=AtTable)


def workshop_records(records: Sequence[Held], workshop: str) -> list[Held]:
    """The rankings (or poll runs) of one workshop, by name or id (exact first, then
    ignoring case)."""
    exact = [r for r in records if workshop in (r.workshop, r.workshop_id)]
    if exact:
        return exact
    folded = workshop.casefold().strip()
    return [r for r in records if folded in (r.workshop.casefold().strip(),
                                              r.workshop_id.casefold())]


def workshop_names(records: Sequence[AtTable]) -> list[str]:
    return sorted({r.workshop for r in records if r.workshop},
                  key=str.casefold)


def sections(records: Sequence[SavedRanking], catalog: Catalog) -> list[tuple[str, str]]:
    """(deck, lens) pairs the rankings cover, decks in catalog order, lenses in lens order."""
    used = {(r.deck, r.lens) for r in records}
    return [(deck, lens) for deck in catalog.decks.ids() for lens in LENS_IDS
            if (deck, lens) in used]


def report_polls(poll_runs: Sequence[PollRun], catalog: Catalog, keys: Sequence[str]
                 ) -> list[tuple[str, list[PollRun]]]:
    """(poll id, its runs from the workshops `keys` — ids or names) for each loaded poll
    with runs there, in the catalog's order."""
    from kiosk.analysis.polls import select_runs

    found = []
    for poll_id in catalog.polls:
        runs = select_runs(poll_runs, poll_id, keys)
        if runs:
            found.append((poll_id, runs))
    return found


def compose_report(records: Sequence[SavedRanking], catalog: Catalog, workshop_name: str,
                   progress: Progress | None = None, poll_runs: Sequence[PollRun] = (),
                   extra_steps: int = 0) -> tuple[ReportBuilder, str]:
    """The report's content (HTML and pictures, in a ReportBuilder) and the workshop's name
    as the rankings carry it; `progress` counts its sections, out of their number plus
    `extra_steps` (what the caller does afterwards). Raises ReportError as write_report."""
    from kiosk.ui.report.content import ReportBuilder

    chosen = workshop_records(records, workshop_name)
    runs = workshop_records(poll_runs, workshop_name)
    if not chosen and not runs:
        known = ", ".join(workshop_names([*records, *poll_runs])) or "none yet"
        raise ReportError(f"no rankings or poll runs from workshop '{workshop_name}' "
                          f"(workshops: {known})")
    pairs = sections(chosen, catalog)
    held: list[AtTable] = [*chosen, *runs]
    keys = list(dict.fromkeys(workshop_key(r) for r in held)) or [workshop_name]
    polls = report_polls(poll_runs, catalog, keys)
    if not pairs and not polls:
        raise ReportError(f"workshop '{workshop_name}' used no deck or poll that is loaded "
                          "now")
    decks = list(dict.fromkeys(deck for deck, _ in pairs))
    total = len(pairs) + 2 * len(decks) + len(polls) + extra_steps
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    # Names and ids select the same rankings in kiosk.analysis.selection; pass what the
    # records carry so a workshop typed in a different case still selects them.
    # A name two workshops share (kiosks started on their defaults the same day) reports
    # both, and the title page names each: never silently one.
    name = held[0].workshop or workshop_name
    builder = ReportBuilder(records, catalog, keys, name, chosen,
                            runs=[run for _, found in polls for run in found])
    builder.title_page(pairs, generated=datetime.now().astimezone(), version=__version__)
    for deck in decks:
        for deck_id, lens in pairs:
            if deck_id == deck:
                builder.lens_section(deck, lens)
                step()
        builder.map_section(deck)
        step()
        builder.small_groups_section(deck, [lens for deck_id, lens in pairs if deck_id == deck])
        step()
    for poll_id, runs in polls:
        builder.poll_section(catalog.polls[poll_id], runs)
        step()
    return builder, name


def write_report(records: Sequence[SavedRanking], catalog: Catalog, workshop_name: str,
                 out_path: str | Path, progress: Progress | None = None,
                 poll_runs: Sequence[PollRun] = ()) -> Path:
    """Write the workshop's report as an A4 PDF; returns the path written. `poll_runs`:
    the stored case-study poll runs (those of the workshop get a page per poll).

    Raises ReportError when the workshop has neither rankings nor poll runs (the message
    names the workshops that do) and OSError when the file cannot be written.
    """
    from kiosk.outputs import write_atomically
    from kiosk.ui.report.pdf import render_pdf

    out = Path(out_path)
    known = bool(workshop_records(records, workshop_name)
                 or workshop_records(poll_runs, workshop_name))
    if known and out.parent and not out.parent.exists():
        raise ReportError(f"the folder {out.parent} does not exist")
    steps: list[tuple[int, int]] = []

    def counted(done: int, total: int) -> None:
        steps.append((done, total))
        if progress is not None:
            progress(done, total)

    builder, name = compose_report(records, catalog, workshop_name, counted, poll_runs,
                                   extra_steps=1)
    # Written under a temp name and renamed into place: never half a report under its name,
    # never through a symlink planted there.
    payload, pages = render_pdf(builder.html(), builder.images,
                                title=f"Workshop report — {name}",
                                footer=f"{name} · workshop report")
    if pages < 1:
        raise ReportError("the report came out empty")
    write_atomically(out, payload)
    if progress is not None and steps:
        progress(steps[-1][1], steps[-1][1])
    return out
