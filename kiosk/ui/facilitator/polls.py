"""The facilitator's Polls page: choose a case-study poll (one that has runs) and the
workshops; per stage, everyone's answers as one bar and each table's (or workshop's) under
it, the mean and median in words, and how the answers shifted between stages.

The figures come from `kiosk.analysis.poll_figures` over the PollsService (the same
summary `kiosk polls --json` prints); the bars are plain QPainter drawings, so no pyqtgraph
is needed here.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.analysis.poll_figures import PollFigures, StageFigure, poll_figures
from kiosk.analysis.polls import Group
from kiosk.services.facilitator import FacilitatorService
from kiosk.ui.charts.poll_bars import PollStageBars, segment_colour
from kiosk.ui.facilitator.common import FacilitatorPage, button, label
from kiosk.ui.theme import INK, Theme
from kiosk.ui.touch_scroll import drag_scrolling

NO_RUNS = "Run a case-study poll at a table, or import polls.csv"


class WrappedRows(QStyledItemDelegate):
    """Rows of whole words: each as wide as the list shows and as tall as its words wrapped
    at that width. (Qt's own row size wraps at a wider width than it paints with the style
    sheet's padding, so a long poll title lost its last line and ran off the side.)"""

    def __init__(self, view: QListWidget, theme: Theme):
        super().__init__(view)
        self._view = view
        self._pad = theme.px(12)  # the style sheet's QListWidget::item padding
        self._margin = theme.px(8)
        self._min_height = theme.touch(60)

    def _inset(self) -> int:
        """From a row's edge to its words: the padding and the style's text margin."""
        style = self._view.style()
        return self._pad + style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                             self._view) + 1

    def _text_width(self) -> int:
        return max(1, self._view.viewport().width() - 2 * self._inset())

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        needed = QFontMetrics(self._view.font()).boundingRect(
            QRect(0, 0, self._text_width(), 100_000), int(Qt.TextFlag.TextWordWrap), text)
        return QSize(self._view.viewport().width(),
                     max(self._min_height, needed.height() + 2 * self._margin))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        text, item.text = item.text, ""
        widget = self._view
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(QColor("#FFFFFF" if selected else INK))
        painter.setFont(widget.font())
        box = QRect(option.rect.left() + self._inset(), option.rect.top(), self._text_width(),
                    option.rect.height())
        painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                  | Qt.TextFlag.TextWordWrap), text)
        painter.restore()


class PollList(QListWidget):
    """The polls to choose from, each row a poll's title (wrapped) and its id."""

    def add_poll(self, text: str, poll_id: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, poll_id)
        super().addItem(item)

    def currentData(self) -> str | None:  # noqa: N802 - as QComboBox names it
        item = self.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def itemData(self, row: int) -> str | None:  # noqa: N802
        item = self.item(row)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def itemText(self, row: int) -> str:  # noqa: N802
        item = self.item(row)
        return "" if item is None else item.text()

    def findData(self, poll_id: str) -> int:  # noqa: N802
        return next((row for row in range(self.count()) if self.itemData(row) == poll_id), -1)


class PollsTab(FacilitatorPage):
    refreshed = Signal()

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(service, theme, parent)
        self.figures: PollFigures | None = None
        self.stage_views: list[tuple[StageFigure, PollStageBars, QLabel]] = []
        self.shift_labels: list[QLabel] = []
        self._updating = True  # until built: the choices' first settings redraw nothing
        self._stale = True
        layout = QHBoxLayout(self)
        margin = theme.px(20)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.px(20))
        layout.addWidget(self._build_choices())
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        drag_scrolling(self.scroller)
        self.content = QWidget()
        self.content.setObjectName("FacilitatorPage")
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(0, 0, theme.px(8), 0)
        self.body.setSpacing(theme.px(16))
        self.scroller.setWidget(self.content)
        layout.addWidget(self.scroller, 1)
        self._updating = False

    # ----- building
    def _build_choices(self) -> QWidget:
        theme = self._theme
        panel = QFrame(self)
        panel.setProperty("role", "panel")
        panel.setFixedWidth(max(theme.px(400), 340))  # 18-px titles wrap to 3 lines at 1366
        box = QVBoxLayout(panel)
        pad = theme.px(16)
        box.setContentsMargins(pad, pad, pad, pad)
        box.setSpacing(theme.px(10))
        box.addWidget(label("Poll", "heading", panel))
        # A list, not a drop-down: poll titles are long, and a list shows them whole.
        self.poll_box = PollList(panel)
        self.workshop_list = QListWidget(panel)
        for listing in (self.poll_box, self.workshop_list):
            # Whole titles, wrapped to the column: never elided, never scrolled sideways.
            listing.setWordWrap(True)
            listing.setTextElideMode(Qt.TextElideMode.ElideNone)
            listing.setResizeMode(QListView.ResizeMode.Adjust)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            drag_scrolling(listing)
        self.poll_box.setItemDelegate(WrappedRows(self.poll_box, theme))
        self.poll_box.currentRowChanged.connect(self._poll_chosen)
        box.addWidget(self.poll_box, 3)  # the polls' titles are longer than the workshops
        box.addWidget(label("Workshops", "heading", panel))
        # A tap anywhere on a row toggles it (the Compare page's way).
        self.workshop_list.itemClicked.connect(self._toggle_item)
        self.workshop_list.itemActivated.connect(self._toggle_item)
        box.addWidget(self.workshop_list, 2)
        row = QHBoxLayout()
        self.all_button = button("All", "secondary", panel)
        self.none_button = button("None", "secondary", panel)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        box.addLayout(row)
        box.addWidget(label("One row per", "heading", panel))
        rows = QHBoxLayout()
        self.group_buttons: dict[Group, QPushButton] = {}
        self.group_group = QButtonGroup(self)
        self.group_group.setExclusive(True)
        choices: tuple[tuple[Group, str], ...] = (("table", "Tables"),
                                                  ("workshop", "Workshops"))
        for key, text in choices:
            choice = button(text, "secondary", panel)
            choice.setCheckable(True)
            choice.setStyleSheet(
                "QPushButton:checked { background: #0B6E8E; color: white; }")
            self.group_group.addButton(choice)
            self.group_buttons[key] = choice
            rows.addWidget(choice)
            choice.toggled.connect(self._group_toggled)
        self.group_buttons["table"].setChecked(True)
        box.addLayout(rows)
        return panel

    # ----- data
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._stale:
            self.reload()
        super().showEvent(event)

    def mark_stale(self) -> None:
        """Something was saved or imported: read again now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Read which polls have runs, keep the choice where it still can be, and redraw."""
        self._stale = False
        current = self.poll_box.currentData()
        polls = self._service.polls.with_runs()
        self._updating = True
        self.poll_box.clear()
        for poll, count in polls:
            self.poll_box.add_poll(f"{poll.title} ({count} run{'s' if count != 1 else ''})",
                                  poll.id)
        ids = [poll.id for poll, _ in polls]
        if ids:
            self.poll_box.setCurrentRow(ids.index(current) if current in ids else 0)
        self._fill_workshops()
        self._updating = False
        self.refresh()

    def _fill_workshops(self) -> None:
        poll_id = self.poll_box.currentData()
        previous = {self.workshop_list.item(i).data(Qt.ItemDataRole.UserRole):
                    self.workshop_list.item(i).checkState()
                    for i in range(self.workshop_list.count())}
        self.workshop_list.clear()
        if poll_id is None:
            return
        for shop in self._service.polls.workshops(poll_id):
            when = f"{shop.date} · " if shop.date else ""
            item = QListWidgetItem(f"{shop.name}\n{when}{shop.runs} run"
                                   f"{'s' if shop.runs != 1 else ''}")
            item.setData(Qt.ItemDataRole.UserRole, shop.key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(previous.get(shop.key, Qt.CheckState.Checked))
            self.workshop_list.addItem(item)

    def selection(self) -> tuple[str | None, list[str], Group]:
        workshops = [self.workshop_list.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.workshop_list.count())
                     if self.workshop_list.item(i).checkState() == Qt.CheckState.Checked]
        checked = self.group_group.checkedButton()
        group: Group = next((k for k, b in self.group_buttons.items() if b is checked), "table")
        return self.poll_box.currentData(), workshops, group

    def select(self, poll: str | None = None, workshops: list[str] | None = None,
               group: Group | None = None) -> None:
        """Set the choice in code (tests) and redraw once; workshops by key or name."""
        if self._stale:
            self.reload()
        self._updating = True
        if poll is not None:
            self.poll_box.setCurrentRow(self.poll_box.findData(poll))
            self._fill_workshops()
        if workshops is not None:
            wanted = set(workshops)
            for i in range(self.workshop_list.count()):
                item = self.workshop_list.item(i)
                on = (item.data(Qt.ItemDataRole.UserRole) in wanted
                      or item.text().split("\n")[0] in wanted)
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        if group is not None:
            self.group_buttons[group].setChecked(True)
        self._updating = False
        self.refresh()

    def _poll_chosen(self) -> None:
        if not self._updating:
            self._fill_workshops()
            self.refresh()

    def _toggle_item(self, item: QListWidgetItem) -> None:
        on = item.checkState() != Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        if not self._updating:
            self.refresh()

    def _check_all(self, on: bool) -> None:
        for i in range(self.workshop_list.count()):
            self.workshop_list.item(i).setCheckState(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.refresh()

    def _group_toggled(self, on: bool) -> None:
        if on and not self._updating:
            self.refresh()

    # ----- drawing
    def _clear(self) -> None:
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.stage_views = []
        self.shift_labels = []

    def refresh(self) -> None:
        poll_id, workshops, group = self.selection()
        self._clear()
        poll = self._service.polls.poll(poll_id) if poll_id else None
        if poll is None:
            self.figures = None
            self.summary = label("No case-study poll has answers yet.", "heading", self.content)
            self.hint = label(f"{NO_RUNS}.", "hint", self.content)
            self.body.addWidget(self.summary)
            self.body.addWidget(self.hint)
            self.body.addStretch(1)
            self.refreshed.emit()
            return
        runs = self._service.polls.runs(poll.id, workshops)
        self.figures = figures = poll_figures(poll, runs, group)
        self.summary = label(poll.title, "title", self.content)
        self.body.addWidget(self.summary)
        if not runs:
            self.hint = label("No runs of this poll in the workshops chosen. Tick a workshop "
                              "on the left.", "hint", self.content)
        else:
            self.hint = label(
                f"{figures.runs} run{'s' if figures.runs != 1 else ''} from "
                f"{figures.tables} table{'s' if figures.tables != 1 else ''} in "
                f"{figures.workshops} workshop{'s' if figures.workshops != 1 else ''}. "
                "Each seat answers on its own, anonymously; shares are of the answers on the "
                "scale, passes are counted beside the bar.", "hint", self.content)
        self.body.addWidget(self.hint)
        if runs:
            for stage in figures.stages:
                self.body.addWidget(self._stage_panel(stage))
            self.body.addWidget(self._shifts_panel(figures))
        self.body.addStretch(1)
        self.refreshed.emit()

    def _panel(self) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame(self.content)
        frame.setProperty("role", "panel")
        inner = QVBoxLayout(frame)
        pad = self._theme.px(18)
        inner.setContentsMargins(pad, pad, pad, pad)
        inner.setSpacing(self._theme.px(8))
        return frame, inner

    def _stage_panel(self, figure: StageFigure) -> QFrame:
        frame, inner = self._panel()
        stage = figure.stage
        kind = "a scale" if stage.kind == "scale" else "a choice"
        inner.addWidget(label(f"Stage {figure.number} · {stage.title}", "heading", frame))
        inner.addWidget(label(f"{stage.question} ({kind})", "hint", frame))
        legend = QLabel(frame)
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setText(" &nbsp; ".join(
            f"<span style='color:{segment_colour(figure.kind, s.index)}'>■</span>&nbsp;"
            f"{html.escape(text).replace(' ', '&nbsp;')}" for s, text in figure.legend()))
        inner.addWidget(legend)
        bars = PollStageBars(self._theme, frame)
        bars.show_figure(figure)
        inner.addWidget(bars)
        words = label(figure.words, "", frame)
        inner.addWidget(words)
        self.stage_views.append((figure, bars, words))
        return frame

    def _shifts_panel(self, figures: PollFigures) -> QFrame:
        frame, inner = self._panel()
        inner.addWidget(label("How the answers shifted between stages", "heading", frame))
        if not figures.shifts:
            text = label("This poll has fewer than two scale stages: nothing to compare.",
                         "hint", frame)
            inner.addWidget(text)
            self.shift_labels.append(text)
        for shift in figures.shifts:
            text = label(shift.sentence, "", frame)
            inner.addWidget(text)
            self.shift_labels.append(text)
        inner.addWidget(label(
            "Each person's two answers within one run are paired (a pass leaves the pair "
            "out) and tested with the Wilcoxon signed-rank test; p below 0.05 is worded as "
            "a change.", "hint", frame))
        return frame
