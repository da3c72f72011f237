"""Case-study polls: each person's own answer as new information about a case study is
revealed stage by stage (the 2017 method's steps 7 and 8). A poll file is TOML, one poll a
file, in `assets/polls/` (shipped) and `<data-dir>/polls/` (the facilitator's own); its keys
are a contract (docs/polls.md).

The values here are the contract between the poll files, the table's poll screen, the store
and the comparisons; the parser (`parse_poll`, `load_polls`) reports a bad file with
file:line: reason, as decks do, and the other polls still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.domain.decks import (
    _ID_RE,
    DeckError,
    _card_key_lines,
    _lines,
    read_deck_text,
    toml_error_position,
)

if TYPE_CHECKING:
    from kiosk.domain.decks import DeckLibrary

KINDS = ("scale", "choice")
SCALE_POINTS = 5
PASS = "pass"  # the answer of a seat that passes on a scale question

MAX_STAGES = 8
MIN_OPTIONS, MAX_OPTIONS = 2, 6
MAX_POLL_BYTES = 2**20  # a poll is a few kilobytes of text
OPTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
# The longest text each key takes (characters, after trimming): what fits the poll screen.
LIMITS = {"title": 120, "source": 1000, "stage.title": 80, "info": 1200, "question": 240,
          "label": 40, "option.label": 80}
TOP_KEYS = ("id", "title", "deck", "card", "source", "stages")
STAGE_KEYS = ("title", "info", "question", "kind", "labels", "options")
OPTION_KEYS = ("id", "label")


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


# ----- parsing ----------------------------------------------------------------------------

_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class _Lines:
    """Where each key of a poll file is, for messages: the top-level keys, each stage's keys
    (from its `[[stages]]` line to the next) and each option's line (found by its id)."""

    def __init__(self, text: str) -> None:
        lines = _lines(text)
        self.lines = lines
        self.starts = [n for n, line in enumerate(lines, 1) if line.strip() == "[[stages]]"]
        self.top: dict[str, int] = {}
        for number, line in enumerate(lines, 1):
            if line.lstrip().startswith("["):
                break
            match = _KEY.match(line)
            if match:
                self.top.setdefault(match.group(1), number)
        self.stage_keys = _card_key_lines(text, self.starts)

    def of_top(self, key: str) -> int | None:
        return self.top.get(key)

    def start(self, stage: int) -> int | None:
        return self.starts[stage] if stage < len(self.starts) else None

    def of_stage(self, stage: int, key: str) -> int | None:
        keys = self.stage_keys[stage] if stage < len(self.stage_keys) else {}
        return keys.get(key) or self.start(stage)

    def search(self, stage: int, pattern: str, after: int | None = None,
               occurrence: int = 1) -> int | None:
        """The `occurrence`-th line of the stage (from `after`) that matches `pattern`."""
        first = after or self.start(stage)
        if first is None:
            return None
        end = self.start(stage + 1) or len(self.lines) + 1
        found = re.compile(pattern).search
        for number in range(first, min(end, len(self.lines) + 1)):
            if found(self.lines[number - 1]):
                occurrence -= 1
                if not occurrence:
                    return number
        return None

    def of_option(self, stage: int, option_id: object, occurrence: int = 1) -> int | None:
        options = self.of_stage(stage, "options")
        if isinstance(option_id, str):
            pattern = r"\bid\s*=\s*[\"']" + re.escape(option_id) + r"[\"']"
            line = self.search(stage, pattern, options, occurrence)
            if line:
                return line
        return options


def _fail(path: Path, line: int | None, name: str, reason: str) -> PollError:
    return PollError(PollProblem(path, line, f"{name}: {reason}" if name else reason))


def _text(value: object, path: Path, line: int | None, name: str, limit: int,
          required: bool = True) -> str:
    if value is None:
        if required:
            raise _fail(path, line, name, "is required")
        return ""
    if not isinstance(value, str):
        raise _fail(path, line, name, "must be text")
    value = value.strip()
    if required and not value:
        raise _fail(path, line, name, "must not be empty")
    if len(value) > limit:
        raise _fail(path, line, name, f"at most {limit} characters ({len(value)} given)")
    return value


def _ident(value: object, path: Path, line: int | None, name: str) -> str:
    text = _text(value, path, line, name, 32)
    if not _ID_RE.match(text):
        raise _fail(path, line, name, "use letters, digits, '-', '_' or '.' (at most 32)")
    return text


def _unknown(raw: dict[str, Any], known: tuple[str, ...]) -> str | None:
    return next((key for key in raw if key not in known), None)


def parse_poll(text: str, path: Path) -> Poll:
    """Parse and validate one poll file; raises PollError naming the file, the line of the
    offending key or table where it can be found, and the reason (docs/polls.md)."""
    import tomllib  # loaded when a poll is parsed, not when the catalog comes from its cache

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, reason = toml_error_position(exc)
        raise _fail(path, line, "", f"not valid TOML ({reason})") from None
    except RecursionError:  # tomllib recurses per nested [ or {; a hostile file must not crash
        raise _fail(path, None, "", "not valid TOML (nested too deeply)") from None
    where = _Lines(text)
    unknown = _unknown(data, TOP_KEYS)
    if unknown:
        raise _fail(path, where.of_top(unknown), unknown,
                    f"unknown key (a poll has {', '.join(TOP_KEYS)})")
    poll_id = _ident(data.get("id"), path, where.of_top("id"), "id")
    title = _text(data.get("title"), path, where.of_top("title"), "title", LIMITS["title"])
    deck = _ident(data.get("deck"), path, where.of_top("deck"), "deck")
    card = _ident(data.get("card"), path, where.of_top("card"), "card")
    source = _text(data.get("source"), path, where.of_top("source"), "source",
                   LIMITS["source"], required=False)
    raw_stages = data.get("stages")
    stages_line = where.of_top("stages") or where.start(0)
    if isinstance(raw_stages, dict):
        raise _fail(path, stages_line, "stages", "must be [[stages]] tables, not one [stages]")
    if not isinstance(raw_stages, list) or not 1 <= len(raw_stages) <= MAX_STAGES:
        if isinstance(raw_stages, list) and raw_stages:  # too many: where the first extra is
            stages_line = where.start(MAX_STAGES) or stages_line
        raise _fail(path, stages_line, "stages", f"a poll needs 1 to {MAX_STAGES} [[stages]]")
    stages = tuple(_stage(raw, index, path, where) for index, raw in enumerate(raw_stages))
    return Poll(id=poll_id, title=title, deck=deck, card=card, stages=stages, source=source,
                path=path)


def _stage(raw: object, index: int, path: Path, where: _Lines) -> Stage:
    label = f"stages[{index + 1}]"
    if not isinstance(raw, dict):
        raise _fail(path, where.start(index) or where.of_top("stages"), label,
                    "must be a table")

    def line(key: str) -> int | None:
        return where.of_stage(index, key)

    unknown = _unknown(raw, STAGE_KEYS)
    if unknown:
        raise _fail(path, line(unknown), f"{label}.{unknown}",
                    f"unknown key (a stage has {', '.join(STAGE_KEYS)})")
    title = _text(raw.get("title"), path, line("title"), f"{label}.title",
                  LIMITS["stage.title"])
    info = _text(raw.get("info"), path, line("info"), f"{label}.info", LIMITS["info"])
    question = _text(raw.get("question"), path, line("question"), f"{label}.question",
                     LIMITS["question"])
    kind = _text(raw.get("kind"), path, line("kind"), f"{label}.kind", 16)
    if kind not in KINDS:
        raise _fail(path, line("kind"), f"{label}.kind", f"must be one of {', '.join(KINDS)}")
    if kind == "scale":
        if "options" in raw:
            raise _fail(path, line("options"), f"{label}.options",
                        "a scale has labels, not options")
        labels = _labels(raw.get("labels"), path, line("labels"), f"{label}.labels")
        return Stage(title, info, question, kind, labels=labels)
    if "labels" in raw:
        raise _fail(path, line("labels"), f"{label}.labels", "a choice has options, not labels")
    options = _options(raw.get("options"), index, path, where, f"{label}.options")
    return Stage(title, info, question, kind, options=options)


def _labels(value: object, path: Path, line: int | None, name: str) -> tuple[str, ...]:
    if value is None:
        raise _fail(path, line, name, f"is required: {SCALE_POINTS} labels, lowest first")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, line, name, "must be a list of text")
    if len(value) != SCALE_POINTS:
        raise _fail(path, line, name, f"a scale needs exactly {SCALE_POINTS} labels, lowest "
                    f"first ({len(value)} given)")
    labels = tuple(v.strip() for v in value)
    if not all(labels):
        raise _fail(path, line, name, "a label must not be empty")
    longest = max(labels, key=len)
    if len(longest) > LIMITS["label"]:
        raise _fail(path, line, name, f"a label has at most {LIMITS['label']} characters "
                    f"('{longest[:20]}…')")
    return labels


def _options(value: object, stage: int, path: Path, where: _Lines,
             name: str) -> tuple[Option, ...]:
    line = where.of_stage(stage, "options")
    if value is None:
        raise _fail(path, line, name, f"is required: {MIN_OPTIONS} to {MAX_OPTIONS} options")
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _fail(path, line, name, "must be a list of { id = …, label = … } tables")
    if not MIN_OPTIONS <= len(value) <= MAX_OPTIONS:
        raise _fail(path, line, name, f"a choice needs {MIN_OPTIONS} to {MAX_OPTIONS} "
                    f"options ({len(value)} given)")
    options: list[Option] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(value, 1):
        option_id = raw.get("id")
        here = where.of_option(stage, option_id, 2 if option_id in seen else 1)
        unknown = _unknown(raw, OPTION_KEYS)
        if unknown:
            key_line = where.search(stage, r"\b" + re.escape(unknown) + r"\s*=", here)
            raise _fail(path, key_line or here, f"{name}[{number}].{unknown}",
                        "unknown key (an option has id and label)")
        ident = _text(option_id, path, here, f"{name}[{number}].id", 32)
        if ident == PASS:
            raise _fail(path, here, name, f"'{PASS}' is the answer of a seat that passes; "
                        "give the option another id")
        if not OPTION_ID_RE.match(ident):
            raise _fail(path, here, name, f"option id '{ident}': use small letters, digits, "
                        "'-' or '_' (at most 32)")
        if ident in seen:
            raise _fail(path, here, name, f"'{ident}' is used twice")
        seen[ident] = number
        text = _text(raw.get("label"), path, here, f"{name}[{number}].label",
                     LIMITS["option.label"])
        options.append(Option(ident, text))
    return tuple(options)


# ----- loading ----------------------------------------------------------------------------

def read_poll_text(path: Path) -> str:
    """A poll file's text, read as a deck file is (a regular file of at most 1 MB, UTF-8)."""
    try:
        return read_deck_text(path, MAX_POLL_BYTES, what="poll")
    except DeckError as exc:
        raise PollError(PollProblem(path, exc.problem.line, exc.problem.reason)) from None


def load_poll(path: Path) -> Poll:
    return parse_poll(read_poll_text(path), path)


class PollLibrary:
    """Every poll that loaded, plus the problems of those that did not."""

    __slots__ = ("polls", "problems")

    def __init__(self, polls: dict[str, Poll] | None = None,
                 problems: list[PollProblem] | None = None) -> None:
        self.polls = {} if polls is None else polls
        self.problems = [] if problems is None else problems


def load_polls(folders: Iterable[Path]) -> PollLibrary:
    """Load every `*.toml` poll from the folders in order; a poll's id is its file name, and
    a later folder cannot replace a poll id already loaded (the shipped polls stay)."""
    library = PollLibrary()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                text = read_poll_text(path)
                poll = parse_poll(text, path)
            except PollError as exc:
                library.problems.append(exc.problem)
                continue
            id_line = _Lines(text).of_top("id")
            if poll.id != path.stem:
                library.problems.append(PollProblem(
                    path, id_line, f"id: '{poll.id}' must match the file name '{path.stem}'"))
                continue
            if poll.id in library.polls:
                library.problems.append(PollProblem(
                    path, id_line, f"id: poll '{poll.id}' is already loaded from "
                    f"{library.polls[poll.id].path}"))
                continue
            library.polls[poll.id] = poll
    return library


def missing_card(poll: Poll, decks: DeckLibrary) -> PollProblem | None:
    """Why the poll's case-study card is not there (no such deck, or no such card in it),
    with the line of its `deck` or `card` key; None when it is."""
    deck = decks.get(poll.deck)
    if deck is None:
        key, reason = "deck", f"no deck '{poll.deck}' is loaded"
    elif not deck.has_card(poll.card):
        key, reason = "card", f"deck '{poll.deck}' has no card '{poll.card}'"
    else:
        return None
    path = poll.path or Path(f"{poll.id}.toml")
    try:
        line = _Lines(read_poll_text(path)).of_top(key) if poll.path else None
    except PollError:
        line = None  # changed or gone since: the file alone
    return PollProblem(path, line, f"{key}: {reason}")
