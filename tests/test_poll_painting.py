"""The words on a poll's strips and spread, as painted: each seat's question whole (not cut)
on every strip, one type size for a strip's answers, words broken only at sensible points,
and every line within the room it is given. The texts are caught as QPainter draws them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter

from kiosk.domain.polls import load_polls
from kiosk.ui.shell.poll_layout import layout_poll
from kiosk.ui.shell.poll_painting import (
    ASK,
    REVEALED,
    fit_words,
    layout_for,
    layout_strip,
    paint_spread,
    paint_strip,
    strip_cells,
    word_lines,
)
from kiosk.ui.theme import Theme

POLLS = load_polls([Path(__file__).resolve().parent.parent / "assets" / "polls"]).polls
SIZES = [(1920, 1080), (1366, 768)]
MIN_PART = 4  # the fewest letters a broken word leaves on either side of its hyphen


class Drawn:
    """Every text a painter draws: (point size, rect, text, needed width)."""

    def __init__(self, monkeypatch):
        self.texts: list[tuple[float, QRectF, str, float]] = []
        original = QPainter.drawText

        def record(painter, *args):
            if len(args) == 3 and isinstance(args[0], QRectF):
                rect, _flags, text = args
                needed = QFontMetricsF(painter.font()).horizontalAdvance(text)
                self.texts.append((painter.font().pointSizeF(), QRectF(rect), text, needed))
            return original(painter, *args)

        monkeypatch.setattr(QPainter, "drawText", record)

    def within(self, area: QRectF) -> list[tuple[float, QRectF, str, float]]:
        return [t for t in self.texts if area.contains(t[1].center())]


def paint(size, draw) -> None:
    image = QImage(int(size.width()) + 1, int(size.height()) + 1, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    draw(painter)
    painter.end()


def strips(size, seats, poll=None):
    """The strips as the poll screen lays them out for `poll` (its headings decide how
    deep they are), or at their deepest."""
    theme = Theme.for_size(*size)
    if poll is None:
        regions, _centre = layout_poll(*size, seats, theme)
    else:
        headings = [*(stage.question for stage in poll.stages), poll.title]
        regions, _centre = layout_for(*size, seats, theme, headings)
    return theme, regions


def cases():
    for poll in POLLS.values():
        for number, stage in enumerate(poll.stages, start=1):
            for size in SIZES:
                for seats in (4, 6):
                    yield pytest.param(poll, stage, size, seats,
                                       id=f"{poll.id}-{number}-{size[0]}-{seats}")


@pytest.mark.parametrize(("poll", "stage", "size", "seats"), list(cases()))
def test_attack_the_question_is_whole_on_every_strip(qapp, monkeypatch, poll, stage, size,
                                                     seats):
    """Found at 1366×768 with 6 seats: the side strips cut the question with "…"."""
    theme, regions = strips(size, seats, poll)
    for region in regions:
        layout_strip(region, stage, ASK, theme)
        drawn = Drawn(monkeypatch)
        paint(region.size, lambda p, r=region: paint_strip(p, r, stage, ASK, stage.question,
                                                           None, set(), theme))
        top = min(rect.top() for rect in region.targets.values())
        head = [t for t in drawn.texts if t[1].bottom() <= top + 0.5]
        assert " ".join(text for _pt, _rect, text, _w in head) == stage.question, \
            (region.name, [t[2] for t in head])
        for pt, rect, text, needed in head:
            assert needed <= rect.width() + 0.5, (region.name, text, needed, rect.width())
            assert pt >= 11


@pytest.mark.parametrize(("poll", "stage", "size", "seats"), list(cases()))
def test_attack_a_strips_answers_are_one_size_and_fit(qapp, monkeypatch, poll, stage, size,
                                                      seats):
    """Found: "Neither" big beside "Uncomfort-able" small on the same strip; and
    "Comforta-ble" left three letters alone. Asked and revealed, on every strip."""
    theme, regions = strips(size, seats, poll)
    counts = dict.fromkeys(stage.answers(), 1)
    for mode in (ASK, REVEALED):
        for region in regions:
            layout_strip(region, stage, mode, theme)
            drawn = Drawn(monkeypatch)
            paint(region.size, lambda p, r=region, m=mode: paint_strip(
                p, r, stage, m, stage.question, counts, set(), theme))
            cells = strip_cells(region, len(stage.answers()), theme)
            words = [t for cell in cells for t in drawn.within(cell)
                     if t[2] not in {"1", "0"}]
            assert words, region.name
            assert len({pt for pt, *_ in words}) == 1, \
                (mode, region.name, sorted({(pt, text) for pt, _r, text, _w in words}))
            for _pt, rect, text, needed in words:
                assert needed <= rect.width() + 0.5, (mode, region.name, text)
                sensible_parts(text)


def sensible_parts(line: str) -> None:
    """A line ending in a hyphen leaves at least MIN_PART letters before it; a line that
    continues a broken word (checked by the caller's next line) likewise."""
    if line.endswith("-"):
        word = line.split()[-1][:-1]
        assert len(word) >= MIN_PART, line


def test_attack_the_spread_labels_are_one_size(qapp, monkeypatch):
    poll = POLLS["camden-comfort"]
    for stage in poll.stages:
        for size in SIZES:
            theme = Theme.for_size(*size)
            area = QRectF(0, 0, theme.px(1100), theme.px(300))
            drawn = Drawn(monkeypatch)
            paint(area.size(), lambda p, s=stage, t=theme, a=area: paint_spread(
                p, a, s, dict.fromkeys(s.answers(), 2), t))
            words = [t for t in drawn.texts if not t[2].isdigit()]
            assert len({pt for pt, *_ in words}) == 1, sorted({(t[0], t[2]) for t in words})


@pytest.mark.parametrize("word", ["Comfortable", "Uncomfortable", "comfortable",
                                  "Acceptability", "Neither"])
@pytest.mark.parametrize("size", SIZES)
def test_attack_word_lines_breaks_only_at_sensible_points(qapp, word, size):
    """Found: "Comforta-ble". Whatever the width, a broken word leaves at least four
    letters on each side, and a word of fewer than eight letters is never broken."""
    font = Theme.for_size(*size).font(14, minimum=10)
    metrics = QFontMetricsF(font)
    full = metrics.horizontalAdvance(word)
    for tenth in range(3, 11):
        width = full * tenth / 10
        lines = word_lines(word, font, width, hyphenate=True)
        assert "".join(line.removesuffix("-") for line in lines) == word, lines
        if len(word) < 2 * MIN_PART:
            assert lines == [word]
            continue
        for line in lines:
            assert len(line.removesuffix("-")) >= MIN_PART, (width, lines)


def test_a_word_breaks_where_its_parts_still_read(qapp):
    """Given room for most of "Comfortable", the break falls before its "able", and
    "Uncomfortable" in a narrow cell splits as "Uncom-fortable", not mid-syllable."""
    font = Theme.for_size(1366, 768).font(14, minimum=10)
    metrics = QFontMetricsF(font)
    roomy = metrics.horizontalAdvance("Comforta-") + 1
    assert word_lines("Comfortable", font, roomy, hyphenate=True) == ["Comfort-", "able"]
    narrow = metrics.horizontalAdvance("Uncomfo-") + 1
    assert word_lines("Uncomfortable", font, narrow, hyphenate=True) == \
        ["Uncom-", "fortable"]


def test_whole_words_are_kept_when_a_smaller_type_fits(qapp):
    """Shrinking the type comes before breaking a word."""
    theme = Theme.for_size(1920, 1080)
    font = theme.font(14, minimum=10)
    width = QFontMetricsF(theme.font(12)).horizontalAdvance("Uncomfortable") + 1
    fitted, lines = fit_words("Very uncomfortable", font, width, 3)
    assert lines == ["Very", "uncomfortable"] and fitted.pointSizeF() < 14


def test_strips_are_only_as_deep_as_their_questions_need(qapp):
    """One line of question where every question fits one (1920×1080, 4 seats), two where
    one does not (1366×768, 6 seats) — the same depth for every stage of a poll."""
    poll = POLLS["camden-comfort"]
    _theme, roomy = strips((1920, 1080), 4, poll)
    _theme, tight = strips((1366, 768), 6, poll)
    assert {r.head_lines for r in roomy} == {1} and {r.head_lines for r in tight} == {2}
