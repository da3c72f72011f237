"""Shared helpers for the poll tests: polls built by hand (the poll files are another
worker's), put into a real catalog's `.polls`, and poll runs. (No tests here.)"""

from __future__ import annotations

from pathlib import Path

from kiosk.domain.poll_record import PollAnswer, PollRun
from kiosk.domain.polls import Option, Poll, Stage
from kiosk.services.catalog import Catalog, load_catalog

LABELS = ("Strongly oppose", "Oppose", "Unsure", "Support", "Strongly support")


def scale(title: str) -> Stage:
    return Stage(title=title, info=f"What we learn at {title}.", question="Do you support it?",
                 kind="scale", labels=LABELS)


def choice(title: str) -> Stage:
    return Stage(title=title, info="And finally…", question="Who should decide?", kind="choice",
                 options=(Option("council", "The council"), Option("public", "The public"),
                          Option("nobody", "Nobody")))


def camden_poll(poll_id: str = "camden") -> Poll:
    """Three scale stages, then a choice."""
    return Poll(id=poll_id, title="Camden's data store", deck="case-studies", card="camden",
                stages=(scale("Stage 1"), scale("Stage 2"), scale("Stage 3"), choice("Stage 4")))


def catalog_with_poll(data_dir: Path, *polls: Poll) -> Catalog:
    catalog = load_catalog(data_dir)
    for poll in polls or (camden_poll(),):
        catalog.polls[poll.id] = poll
    return catalog


def run_of(run_id: str, answers: dict[tuple[int, int], str], *, poll: str = "camden",
           workshop: str = "Manchester", table: str = "Table 1", workshop_id: str = "w-man",
           kiosk_id: str = "kiosk-abc123", minute: int = 0) -> PollRun:
    """A run; `answers` maps (stage, seat) to the answer."""
    return PollRun(
        poll_run_id=run_id, poll=poll,
        answers=tuple(PollAnswer(stage, seat, answer,
                                 f"2017-03-15T10:{minute + stage:02d}:{seat:02d}+00:00")
                      for (stage, seat), answer in sorted(answers.items())),
        workshop_id=workshop_id, workshop=workshop, place="Town Hall",
        workshop_date="2017-03-15", table=table, kiosk_id=kiosk_id,
        seats=max((seat for _, seat in answers), default=0), source="kiosk")


def use_catalog_in_cli(monkeypatch, catalog: Catalog) -> None:
    """The commands load the catalog from disk; the polls here are built by hand."""
    for module in ("export", "importing", "polls"):
        monkeypatch.setattr(f"kiosk.cli.{module}.load_catalog", lambda data: catalog)
