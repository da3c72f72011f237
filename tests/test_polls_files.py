"""Case-study poll files: the shipped polls load, every malformed file is reported as
file:line: reason (the line where the offending key is) while the other polls still load,
the catalog cache gives the polls back, and `kiosk check` counts and reports them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.cli import main
from kiosk.domain.polls import (
    PASS,
    SCALE_POINTS,
    PollError,
    PollProblem,
    load_polls,
    parse_poll,
)
from kiosk.services.catalog import CACHE_FILE, load_catalog

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {"camden-comfort", "troubled-families-comfort", "csp-comfort"}

# Line numbers matter: the tests below name the line of each key.
GOOD = """\
id = "{id}"
title = "Mine"
deck = "case-studies"
card = "camden"
source = "Made up for a test."

[[stages]]
title = "First"
info = "Something is revealed."
question = "How comfortable are you?"
kind = "scale"
labels = ["Very uncomfortable", "Uncomfortable", "Neither", "Comfortable", "Very comfortable"]

[[stages]]
title = "Most"
info = "More is revealed."
question = "What matters most?"
kind = "choice"
options = [
    {{ id = "data", label = "The type of data" }},
    {{ id = "purpose", label = "The purpose" }},
    {{ id = "recipient", label = "Who it is shared with" }},
]
"""


def good(poll_id: str = "bad") -> str:
    return GOOD.format(id=poll_id)


def replace_line(text: str, number: int, new: str) -> str:
    lines = text.splitlines()
    lines[number - 1] = new
    return "\n".join(lines) + "\n"


def insert_line(text: str, number: int, new: str) -> str:
    """`new` becomes line `number`."""
    lines = text.splitlines()
    lines.insert(number - 1, new)
    return "\n".join(lines) + "\n"


def own_polls(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    folder = paths.own_polls_dir(data)
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(good("mine"), "utf-8")  # a good poll beside the bad
    return data, folder


def poll_problems(catalog) -> list[str]:
    return [p for p in catalog.problems if "/polls/" in p]


# ----- the shipped polls ----------------------------------------------------------------

def test_the_shipped_polls_load_with_no_problem(tmp_path):
    catalog = load_catalog(tmp_path / "data")
    assert catalog.problems == []
    assert set(catalog.polls) == SHIPPED
    for poll in catalog.polls.values():
        assert poll.path == paths.assets_dir() / "polls" / f"{poll.id}.toml"
        assert poll.source
        card = catalog.decks[poll.deck].card(poll.card)
        assert card.id in {"camden", "troubled-families", "csp"}
        kinds = [stage.kind for stage in poll.stages]
        assert kinds[-1] == "choice" and set(kinds[:-1]) == {"scale"}
        assert 2 <= len(kinds) - 1 <= 3
        assert [o.id for o in poll.stages[-1].options] == ["data", "purpose", "recipient"]
        for stage in poll.stages:
            if stage.kind == "scale":
                assert len(stage.labels) == SCALE_POINTS
                assert stage.answers()[-1] == PASS


def test_a_good_own_poll_parses_to_its_values():
    path = Path("/somewhere/mine.toml")
    poll = parse_poll(good("mine"), path)
    assert (poll.id, poll.title, poll.deck, poll.card) == ("mine", "Mine", "case-studies",
                                                          "camden")
    assert poll.source == "Made up for a test." and poll.path == path
    first, last = poll.stages
    assert first.kind == "scale" and first.labels[0] == "Very uncomfortable"
    assert first.options == ()
    assert last.kind == "choice" and last.labels == ()
    assert last.answers() == ("data", "purpose", "recipient")
    assert last.answer_label("recipient") == "Who it is shared with"


# ----- malformed files: file:line: reason, the others still load --------------------------

MALFORMED = {
    "missing stage key": (replace_line(good(), 17, ""), 14, "stages[2].question: is required"),
    "missing title": (replace_line(good(), 2, ""), None, "title: is required"),
    "bad kind": (replace_line(good(), 11, 'kind = "slider"'), 11,
                 "stages[1].kind: must be one of scale, choice"),
    "four labels": (replace_line(good(), 12, 'labels = ["a", "b", "c", "d"]'), 12,
                    "stages[1].labels: a scale needs exactly 5 labels"),
    "an empty label": (replace_line(good(), 12, 'labels = ["a", "b", " ", "d", "e"]'), 12,
                       "stages[1].labels: a label must not be empty"),
    "labels on a choice": (insert_line(good(), 19, 'labels = ["a", "b", "c", "d", "e"]'), 19,
                           "stages[2].labels: a choice has options, not labels"),
    "options on a scale": (insert_line(good(), 12, 'options = [{ id = "a", label = "A" }]'),
                           12, "stages[1].options: a scale has labels, not options"),
    "duplicate option ids": (replace_line(good(), 22, '    { id = "data", label = "Again" },'),
                             22, "stages[2].options: 'data' is used twice"),
    "an option called pass": (replace_line(good(), 21, '    { id = "pass", label = "P" },'),
                              21, "stages[2].options: 'pass' is the answer of a seat that "
                              "passes"),
    "a bad option id": (replace_line(good(), 21, '    { id = "Pur pose", label = "P" },'), 21,
                        "stages[2].options: option id 'Pur pose'"),
    "one option": (replace_line(replace_line(good(), 21, ""), 22, ""), 19,
                   "stages[2].options: a choice needs 2 to 6 options"),
    "unknown stage key": (insert_line(good(), 9, 'colour = "red"'), 9,
                          "stages[1].colour: unknown key"),
    "unknown top key": (insert_line(good(), 5, 'author = "me"'), 5, "author: unknown key"),
    "unknown option key": (replace_line(good(), 21, '    { id = "p", label = "P", x = 1 },'),
                           21, "stages[2].options[2].x: unknown key"),
    "text not text": (replace_line(good(), 10, "question = 3"), 10,
                      "stages[1].question: must be text"),
    "info too long": (replace_line(good(), 9, f'info = "{"x" * 1201}"'), 9,
                      "stages[1].info: at most 1200 characters"),
    "no stages": ("\n".join(good().splitlines()[:5]) + "\n", None,
                  "stages: a poll needs 1 to 8 [[stages]]"),
    "nine stages": (good() + ("\n".join(good().splitlines()[6:13]) + "\n") * 8, 66,
                    "stages: a poll needs 1 to 8 [[stages]]"),
    "a bad poll id": (replace_line(good(), 1, 'id = "b a d"'), 1, "id: use letters"),
    "not TOML": (replace_line(good(), 2, 'title = "Mine'), 2, "not valid TOML"),
    "id is not the file name": (good("other"), 1,
                                "id: 'other' must match the file name 'bad'"),
    "unknown deck": (replace_line(good(), 3, 'deck = "nope"'), 3,
                     "deck: no deck 'nope' is loaded"),
    "unknown card": (replace_line(good(), 4, 'card = "nope"'), 4,
                     "card: deck 'case-studies' has no card 'nope'"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_poll_is_reported_with_its_line_and_the_others_load(tmp_path, name):
    text, line, reason = MALFORMED[name]
    data, folder = own_polls(tmp_path)
    bad = folder / "bad.toml"
    bad.write_text(text, "utf-8")
    catalog = load_catalog(data)
    where = f"{bad}:{line}: " if line else f"{bad}: "
    assert len(poll_problems(catalog)) == 1, catalog.problems
    problem = poll_problems(catalog)[0]
    assert problem.startswith(where) and reason in problem, problem
    assert set(catalog.polls) == SHIPPED | {"mine"}


def test_a_fifo_is_not_read(tmp_path):
    data, folder = own_polls(tmp_path)
    fifo = folder / "x.toml"
    os.mkfifo(fifo)
    library = load_polls([paths.assets_dir() / "polls", folder])  # returns: never blocks
    assert [str(p) for p in library.problems] == [f"{fifo}: is not a regular file"]
    assert set(library.polls) == SHIPPED | {"mine"}


def test_a_huge_file_is_not_read(tmp_path):
    data, folder = own_polls(tmp_path)
    huge = folder / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(40 * 2**20)  # sparse: 40 MB without the disk
    catalog = load_catalog(data)
    assert poll_problems(catalog) == [f"{huge}: is larger than 1 MB; a poll file is much "
                                      "smaller"]
    assert set(catalog.polls) == SHIPPED | {"mine"}


def test_an_own_poll_cannot_replace_a_shipped_one(tmp_path):
    data, folder = own_polls(tmp_path)
    shipped = paths.assets_dir() / "polls" / "csp-comfort.toml"
    (folder / "csp-comfort.toml").write_text(good("csp-comfort"), "utf-8")
    catalog = load_catalog(data)
    assert catalog.polls["csp-comfort"].path == shipped
    [problem] = poll_problems(catalog)
    assert problem.startswith(f"{folder / 'csp-comfort.toml'}:1: id: poll 'csp-comfort' is "
                              f"already loaded from {shipped}")


def test_parse_poll_raises_a_poll_error_naming_file_and_line():
    with pytest.raises(PollError) as caught:
        parse_poll(replace_line(good(), 11, 'kind = "slider"'), Path("p.toml"))
    assert caught.value.problem == PollProblem(Path("p.toml"), 11,
                                               "stages[1].kind: must be one of scale, choice")
    assert str(caught.value).startswith("p.toml:11: stages[1].kind")


# ----- the catalog cache ------------------------------------------------------------------

def test_the_cache_gives_the_polls_back(tmp_path, monkeypatch):
    data, folder = own_polls(tmp_path)
    (folder / "bad.toml").write_text(replace_line(good(), 4, 'card = "nope"'), "utf-8")
    parsed = load_catalog(data)
    load_catalog(data, cache=True)
    assert (data / CACHE_FILE).is_file()

    import kiosk.services.catalog as catalog_module

    def no_parsing(*args):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(catalog_module, "_parse", no_parsing)
    cached = load_catalog(data, cache=True)
    assert cached.polls == parsed.polls
    assert [p.path for p in cached.polls.values()] == [p.path for p in parsed.polls.values()]
    assert cached.problems == parsed.problems
    assert len(poll_problems(cached)) == 1


def test_a_changed_poll_file_is_parsed_afresh(tmp_path):
    data, folder = own_polls(tmp_path)
    assert load_catalog(data, cache=True).polls["mine"].title == "Mine"
    (folder / "mine.toml").write_text(replace_line(good("mine"), 2, 'title = "Changed"'),
                                      "utf-8")
    assert load_catalog(data, cache=True).polls["mine"].title == "Changed"
    (folder / "new.toml").write_text(good("new"), "utf-8")
    assert "new" in load_catalog(data, cache=True).polls


def test_the_start_path_decodes_no_poll_until_asked(tmp_path):
    """The polls module costs milliseconds to import; a start from the cache needs none."""
    data = tmp_path / "data"
    data.mkdir()
    load_catalog(data, cache=True)
    child = textwrap.dedent("""
        import sys
        from pathlib import Path
        from kiosk.services.catalog import load_catalog
        catalog = load_catalog(Path(sys.argv[1]), cache=True)
        print("kiosk.domain.polls" in sys.modules, sorted(catalog.polls))
    """)
    done = subprocess.run([sys.executable, "-c", child, str(data)], capture_output=True,
                          text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"False {sorted(SHIPPED)}"


# ----- kiosk check ------------------------------------------------------------------------

def test_check_counts_the_polls(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    assert main(["check", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert (f"polls: 3 loaded from {paths.assets_dir() / 'polls'} and "
            f"{paths.own_polls_dir(folder)}") in out
    assert "all fine" in out


def test_check_reports_a_bad_poll_and_fails(tmp_path, capsys):
    data, folder = own_polls(tmp_path)
    bad = folder / "bad.toml"
    bad.write_text(replace_line(good(), 12, 'labels = ["a", "b", "c", "d"]'), "utf-8")
    assert main(["check", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert "polls: 4 loaded" in out
    assert f"{bad}:12: stages[1].labels: a scale needs exactly 5 labels" in out
    assert "1 problem found" in out
