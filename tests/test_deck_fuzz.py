"""Fuzzing deck files: whatever a facilitator (or a broken USB stick) puts in `decks/`, the
kiosk reports `file:line: field: reason` for that file and still loads every other deck.

Nothing here may raise anything but a collected DeckProblem, and loading never writes.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk import paths
from kiosk.domain.decks import DeckProblem, load_decks

SHIPPED = sorted(paths.shipped_decks_dir().glob("*.toml"))
SHIPPED_TEXT = {p.name: p.read_text("utf-8") for p in SHIPPED}
GOOD = """id = "good"
title = "A deck that must keep loading"

[[cards]]
id = "1"
title = "One"
summary = "The first card"
"""

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=3000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load_beside_good(name: str, content: bytes) -> tuple[Path, list[DeckProblem], dict]:
    """Put the fuzzed file beside a good deck, load the folder; return what came out."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "good.toml").write_text(GOOD, "utf-8")
        target = folder / name
        target.write_bytes(content)
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        library = load_decks([folder])
        after = {p.name: p.read_bytes() for p in folder.iterdir()}
        assert after == before, "loading decks must never write"
        return target, library.problems, library.decks


def check_outcome(target: Path, problems: list[DeckProblem], decks: dict, content: bytes) -> None:
    assert "good" in decks, "one broken file must not stop the other decks"
    assert decks["good"].card_ids == ["1"]
    for problem in problems:
        assert isinstance(problem, DeckProblem)
        text = str(problem)
        assert problem.path == target
        # `file:line: field: reason` (line and field where they are known), on one line.
        shape = rf"^{re.escape(str(target))}(:\d+)?: ([\w\[\].]+: )?\S.*$"
        assert re.match(shape, text), text
        assert "\n" not in text and "Traceback" not in text
        if problem.line is not None:
            assert 1 <= problem.line <= content.count(b"\n") + content.count(b"\r") + 1, text
    loaded = [d for d in decks.values() if d.path == target]
    assert len(loaded) + len(problems) == 1, "the file either loads or is reported, once"
    for deck in loaded:
        assert deck.id == target.stem
        assert deck.cards
        for card in deck.cards:
            assert card.id and card.title and card.summary


def run(name: str, content: bytes) -> None:
    target, problems, decks = load_beside_good(name, content)
    check_outcome(target, problems, decks, content)


# -- random text and bytes -------------------------------------------------------------------

@FAST
@given(st.text(max_size=400))
@example("a = " + "[" * 5000)
@example("a = " + "{x = " * 5000)
@example("id = 1979-05-27\ntitle = 3\n")
@example('id = "fuzz"\ntitle = "t"\ncards = [1, 2]\n')
@example('id = "fuzz"\ntitle = "t"\n[cards]\nid = "1"\n')
@example("\ufeffid = 'fuzz'")
@example("a = 1979-13-45")
def test_random_text_is_reported_not_raised(text: str) -> None:
    try:
        content = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot be written as UTF-8 at all
        content = text.encode("utf-8", "surrogateescape")
    run("fuzz.toml", content)


@FAST
@given(st.binary(max_size=300))
@example(b"\xff\xfe" + "id = 'fuzz'".encode("utf-16-le"))
@example(b'id = "fuzz"\x00')
def test_random_bytes_are_reported_not_raised(content: bytes) -> None:
    run("fuzz.toml", content)


# -- mutations of the shipped decks ----------------------------------------------------------

def _mutate(text: str, data: st.DataObject) -> str:
    lines = text.splitlines(keepends=True)
    kind = data.draw(st.sampled_from(
        ["truncate", "drop_line", "dup_line", "insert", "replace_char", "swap_lines",
         "retype_value", "drop_key"]), label="kind")
    if kind == "truncate":
        return text[: data.draw(st.integers(0, len(text)), label="at")]
    if kind == "insert":
        at = data.draw(st.integers(0, len(text)), label="at")
        junk = data.draw(st.text(alphabet=string.printable + "“”’é\u2028\x0c", max_size=20))
        return text[:at] + junk + text[at:]
    if kind == "replace_char":
        at = data.draw(st.integers(0, max(0, len(text) - 1)), label="at")
        char = data.draw(st.sampled_from(list("\"'[]{}=#\n\\ ,.x1")), label="char")
        return text[:at] + char + text[at + 1:]
    if not lines:
        return text
    i = data.draw(st.integers(0, len(lines) - 1), label="line")
    if kind == "drop_line":
        return "".join(lines[:i] + lines[i + 1:])
    if kind == "dup_line":
        return "".join(lines[: i + 1] + lines[i:])
    if kind == "swap_lines":
        j = data.draw(st.integers(0, len(lines) - 1), label="other")
        lines[i], lines[j] = lines[j], lines[i]
        return "".join(lines)
    keyed = [n for n, line in enumerate(lines) if re.match(r"^\s*\w+\s*=", line)]
    if not keyed:
        return text
    n = data.draw(st.sampled_from(keyed), label="key line")
    key = lines[n].split("=", 1)[0].strip()
    if kind == "drop_key":
        return "".join(lines[:n] + lines[n + 1:])
    value = data.draw(st.sampled_from(
        ['""', "  ", "42", "true", "1979-05-27", "[1, 2]", '["a", 3]', "{ x = 1 }", '"a b c"',
         '"' + "x" * 40 + '"', "[]", '"../../etc"']), label="value")
    # Replace only a single-line value so the rest of the document still parses.
    if lines[n].rstrip().endswith('"""\\') or lines[n].rstrip().endswith('"""'):
        return text
    lines[n] = f"{key} = {value}\n"
    return "".join(lines)


@FAST
@given(st.sampled_from(sorted(SHIPPED_TEXT)), st.data())
def test_mutated_shipped_decks_are_reported_or_load(name: str, data: st.DataObject) -> None:
    mutated = _mutate(SHIPPED_TEXT[name], data)
    run(name, mutated.encode("utf-8"))


# -- structurally valid TOML of the wrong shape ----------------------------------------------

_scalars = st.one_of(
    st.text(max_size=12), st.integers(-5, 5), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(dt.date(2017, 6, 28)), st.just(dt.datetime(2017, 6, 28, 10, 0)),
)
_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "title", "summary", "x"]), inner, max_size=3), max_leaves=6)
_ids = st.one_of(st.sampled_from(["1", "A", "a-b", "x.y", "", " ", "two words", "é", "a" * 40]),
                 _values)
_card = st.fixed_dictionaries(
    {}, optional={"id": _ids, "title": _values | st.text(max_size=10),
                  "summary": _values | st.text(max_size=10), "who": _values,
                  "sectors": _values | st.lists(st.text(max_size=5), max_size=3),
                  "data_kind": _values, "impacts": _values})


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(s: str) -> str:
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0xD800 else "?")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return "nan"
        if v in (float("inf"), float("-inf")):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, str):
        return _toml_string(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


def _document(top: dict, cards: object) -> str:
    lines = [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in top.items()]
    if isinstance(cards, list) and all(isinstance(c, dict) for c in cards):
        for card in cards:
            lines.append("\n[[cards]]")
            lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in card.items()]
    elif cards is not None:
        lines.append(f"cards = {_toml_value(cards)}")
    return "\n".join(lines) + "\n"


@FAST
@given(
    st.fixed_dictionaries({}, optional={
        "id": st.sampled_from(["fuzz", "other", ""]) | _values,
        "title": st.text(max_size=10) | _values,
        "source": _values, "description": _values}),
    st.one_of(st.none(), st.lists(_card, max_size=4), _values),
)
def test_wrong_shapes_name_the_field(top: dict, cards: object) -> None:
    text = _document(top, cards)
    target, problems, decks = load_beside_good("fuzz.toml", text.encode("utf-8"))
    check_outcome(target, problems, decks, text.encode("utf-8"))
    if problems and "not valid TOML" not in str(problems[0]):
        # A validation problem names the field it is about.
        assert problems[0].field, str(problems[0])


# -- longer runs, not in CI ------------------------------------------------------------------

@pytest.mark.slow
@SLOW
@given(st.sampled_from(sorted(SHIPPED_TEXT)), st.data())
def test_mutated_shipped_decks_long(name: str, data: st.DataObject) -> None:
    mutated = _mutate(SHIPPED_TEXT[name], data)
    mutated = _mutate(mutated, data) if data.draw(st.booleans()) else mutated
    run(name, mutated.encode("utf-8"))


@pytest.mark.slow
@SLOW
@given(st.text(max_size=2000))
def test_random_text_long(text: str) -> None:
    run("fuzz.toml", text.encode("utf-8", "surrogateescape"))


def test_own_decks_folder_beside_shipped_ones(tmp_path: Path) -> None:
    """A broken own deck next to the shipped folder: the shipped decks all still load."""
    own = tmp_path / "decks"
    own.mkdir()
    (own / "broken.toml").write_text('id = "broken"\ntitle = \n', "utf-8")
    shutil.copy(SHIPPED[0], own / "copy.toml")  # id does not match the file name
    library = load_decks([paths.shipped_decks_dir(), own])
    assert sorted(library.decks) == sorted(p.stem for p in SHIPPED)
    assert [p.path.name for p in library.problems] == ["broken.toml", "copy.toml"]
    assert str(library.problems[0]).startswith(f"{own / 'broken.toml'}:2: ")


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c"])
def test_attack_a_line_separator_inside_a_string_keeps_later_line_numbers_right(separator):
    """Found by the fuzzing above: a title holding U+0085 (NEL) made every line number after
    it one too large (the lines were split where Python, not TOML, ends a line). TOML allows
    these characters in strings; only LF ends a line."""
    title = f"A{separator}B" if separator in "\x85\u2028\u2029" else "AB"
    text = f'title = "{title}"\nsource = ["x"]\nid = ""\n'
    if separator not in "\x85\u2028\u2029":
        text = f'# a comment with {separator!r}\n' + text
    target, problems, _decks = load_beside_good("fuzz.toml", text.encode("utf-8"))
    assert problems and problems[0].field == "id", problems
    assert problems[0].line == text.count("\n"), (problems[0], text)
