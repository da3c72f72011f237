"""Case-study polls: each person's own answer as new information about a case study is
revealed stage by stage (the 2017 method's steps 7 and 8). A poll file is TOML, one poll a
file, in `assets/polls/` (shipped) and `<data-dir>/polls/` (the facilitator's own); its keys
are a contract (docs/polls.md).

The values here are the contract between the poll files, the table's poll screen, the store
and the comparisons; the parser (`parse_poll`, `load_polls`) reports a bad file with
file:line: reason, as decks do, and the other polls still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("scale", "choice")
SCALE_POINTS = 5
PASS = "pass"  # the answer of a seat that passes on a scale question


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage: the information revealed at it, and the question each seat answers."""

    title: str
    info: str
    question: str
    kind: str  # "scale" | "choice"
    labels: tuple[str, ...] = ()  # scale: exactly SCALE_POINTS labels, first = answer "1"
    options: tuple[Option, ...] = ()  # choice: two or more, ids unique within the stage

    def answers(self) -> tuple[str, ...]:
        """Every answer a seat can give: "1"…"5" and "pass" (scale), or the option ids."""
        if self.kind == "scale":
            return (*(str(n) for n in range(1, SCALE_POINTS + 1)), PASS)
        return tuple(option.id for option in self.options)

    def answer_label(self, answer: str) -> str:
        if self.kind == "scale":
            if answer == PASS:
                return "Pass"
            return self.labels[int(answer) - 1]
        return next(o.label for o in self.options if o.id == answer)


@dataclass(frozen=True, slots=True)
class Poll:
    id: str
    title: str
    deck: str  # the case study card shown with the poll (its back can be opened)
    card: str
    stages: tuple[Stage, ...]
    source: str = ""
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class PollProblem:
    """Why a poll file could not be used: where (file, line where known) and the reason."""

    path: Path
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.reason}"


class PollError(ValueError):
    def __init__(self, problem: PollProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem
