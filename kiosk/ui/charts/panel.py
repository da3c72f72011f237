"""The frame every compare-dashboard chart lives in: a `ChartPanel` is a title, a pyqtgraph
scene, a value line that reads out what the pointer (or a tap) is on, and buttons that save
the chart as PNG or SVG (`kiosk.ui.charts.export`). Charts are built once and only their
data changes afterwards, so a new selection never rebuilds widgets.

Every row and column keeps its label: a chart asks for the room its labels need
(`fit_labels`) and the scene scrolls inside the panel when the screen is smaller than that.
A saved PNG or SVG is drawn from a copy of the chart laid out at a slide's size (taller when
its labels need it), so it does not depend on how the screen happens to be squeezed (a
keyboard, a dialog) when Save is tapped.

pyqtgraph is imported by the modules of `kiosk.ui.charts` only; nothing on the participants'
start path imports them.
"""

from __future__ import annotations

import functools
import html
import inspect
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.analysis.figures import CompareData
from kiosk.ui import theme as th
from kiosk.ui.charts.axes import CategoryAxis, wrap
from kiosk.ui.charts.export import scene_image, write_png, write_svg
from kiosk.ui.charts.palette import BACKGROUND
from kiosk.ui.file_chooser import choose_save_path
from kiosk.ui.plain_text import plain_tooltip
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import drag_scrolling

Describe = Callable[[float, float], tuple[str, float, float] | None]

# A saved chart's size in the screen's pixels: a 16:9 slide (taller when its rows need it),
# written at twice that for PNG.
EXPORT_SIZE = (1600, 900)


class ChartPanel(QWidget):
    """One chart: title, pyqtgraph scene, a value line for the pointer or a tap, and export.

    Subclasses build their items once in `__init__` and change only data in `show_data`.
    They register each plot that reads out values with `watch(plot, describe)`, where
    `describe(x, y)` returns (text, x, y) for the value at view coordinates x, y (the
    anchor for the floating tag) or None.
    """

    value_shown = Signal(str)
    exported = Signal(str)

    HINT = "Point at or tap the chart to read its numbers."

    def __init_subclass__(cls, **kwargs) -> None:
        """Every chart remembers how it was built and the data it shows: its export builds
        a copy the same way (whatever its constructor asks for) and shows the same data."""
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None:
            signature = inspect.signature(init)

            @functools.wraps(init)
            def recording(self, *args, **kwargs) -> None:
                init(self, *args, **kwargs)
                # The outermost constructor finishes last, so its arguments are the ones
                # kept; the parent is the copy's own business (it has none).
                bound = signature.bind(self, *args, **kwargs)
                built: dict[str, Any] = {}
                for name, value in list(bound.arguments.items())[1:]:
                    kind = signature.parameters[name].kind
                    if kind is inspect.Parameter.VAR_KEYWORD:
                        built.update(value)
                    elif kind is inspect.Parameter.VAR_POSITIONAL:
                        raise TypeError(f"{cls.__name__}: a chart's constructor takes "
                                        "named arguments only, so that it can be copied")
                    elif name != "parent":
                        built[name] = value
                self._built_with = built

            cls.__init__ = recording  # type: ignore[method-assign]
        show = cls.__dict__.get("show_data")
        if show is not None:
            @functools.wraps(show)
            def remembering(self, data: CompareData) -> None:
                self.shown_data = data
                show(self, data)
                self._apply_fit()

            cls.show_data = remembering  # type: ignore[method-assign]

    def __init__(self, title: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.slug = "chart"
        # How to build another chart like this one (a subclass's constructor replaces it
        # with its own arguments, see `__init_subclass__`).
        self._built_with: dict[str, Any] = {"title": title, "theme": theme}
        self.shown_data: CompareData | None = None
        self._watched: list[tuple[pg.PlotItem, Describe, pg.TextItem]] = []
        # (plot, axes, how many labels, their span in view units) per labelled direction
        self._fits: dict[tuple[int, str], tuple[pg.PlotItem, list[CategoryAxis], int,
                                                float]] = {}
        self._fitting = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        # Sizes go in the labels' own style sheets: an enclosing screen's "QLabel {…}" rule
        # would otherwise win over setFont().
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # names typed at a table stay text
        self.title.setFont(theme.font(20, bold=True))
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"color: {th.INK}; font-size: {theme.pt(20):.1f}pt;"
                                 " font-weight: 700;")

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(BACKGROUND)
        self._base_height = theme.px(260)
        self.graphics.setMinimumHeight(self._base_height)
        self.graphics.ci.setContentsMargins(theme.px(8), theme.px(8), theme.px(16), theme.px(8))
        self.graphics.scene().sigMouseMoved.connect(self._pointer_moved)
        self.graphics.scene().sigMouseClicked.connect(self._tapped)

        self.value_label = QLabel(self.HINT)
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.value_label.setFont(theme.font(16))
        self.value_label.setWordWrap(True)
        self.value_label.setStyleSheet(f"color: {th.INK}; font-size: {theme.pt(16):.1f}pt;")
        self.value_label.setMinimumHeight(theme.touch(56))
        self.value_label.setAccessibleName("value under the pointer")

        self.png_button = QPushButton("Save PNG…")
        self.svg_button = QPushButton("Save SVG…")
        for button in (self.png_button, self.svg_button):
            button.setStyleSheet(theme.button_css(fill=th.TRAY, ink=th.INK, size_pt=14))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.png_button.clicked.connect(lambda: self._ask_and_export("png"))
        self.svg_button.clicked.connect(lambda: self._ask_and_export("svg"))

        bottom = QHBoxLayout()
        bottom.addWidget(self.value_label, 1)
        bottom.addWidget(self.png_button)
        bottom.addWidget(self.svg_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.px(6))
        # The scene scrolls when its labels need more room than the screen gives.
        self.scene_area = QScrollArea()
        self.scene_area.setWidgetResizable(True)
        self.scene_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scene_area.setWidget(self.graphics)
        # A finger pushes the scene as it pushes every page (a tap still reads a value out).
        # The chart's own view takes the finger's presses, so a gesture on the area would
        # never see them: the view's presses, moves and lifts drive the area's scroller
        # directly (`eventFilter`), and the chart still gets every one of them.
        self._scroller = drag_scrolling(self.scene_area, steady_bar=False)
        QScroller.ungrabGesture(self.scene_area.viewport())
        self.graphics.viewport().installEventFilter(self)
        bar = theme.px(26)
        self.scene_area.setStyleSheet(
            f"QScrollBar:vertical {{ width: {bar}px; }}"
            f" QScrollBar:horizontal {{ height: {bar}px; }}"
            f" QScrollBar::handle {{ background: {th.LINE}; border-radius: {bar // 3}px;"
            f" min-height: {bar * 2}px; min-width: {bar * 2}px; }}")
        layout.addWidget(self.title)
        layout.addWidget(self.scene_area, 1)
        layout.addLayout(bottom)

    _SCROLL_INPUT = {QEvent.Type.MouseButtonPress: QScroller.Input.InputPress,
                     QEvent.Type.MouseMove: QScroller.Input.InputMove,
                     QEvent.Type.MouseButtonRelease: QScroller.Input.InputRelease}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """A left-button press, drag and lift on the chart also drive the scene's scroller
        (the chart sees them too: a tap still reads its value out)."""
        kind = self._SCROLL_INPUT.get(event.type())
        if (kind is not None and watched is self.graphics.viewport()
                and isinstance(event, QMouseEvent)
                and (event.button() == Qt.MouseButton.LeftButton
                     or event.buttons() & Qt.MouseButton.LeftButton)):
            viewport = self.scene_area.viewport()
            at = self.graphics.viewport().mapTo(viewport, event.position().toPoint())
            self._scroller.handleInput(kind, QPointF(at), event.timestamp())
        return super().eventFilter(watched, event)

    # ----- helpers for subclasses
    def new_plot(self, row: int, col: int, left: CategoryAxis | None = None,
                 bottom: pg.AxisItem | None = None, right: pg.AxisItem | None = None,
                 **kwargs) -> pg.PlotItem:
        axes = {}
        if left is not None:
            axes["left"] = left
        if bottom is not None:
            axes["bottom"] = bottom
        if right is not None:
            axes["right"] = right
        # A view without its context menu: the charts never show it, and building eleven
        # of them was a good part of the Compare tab's first open.
        plot = self.graphics.addPlot(row=row, col=col, axisItems=axes,
                                     viewBox=pg.ViewBox(enableMenu=False), **kwargs)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(False, False)
        plot.getViewBox().setDefaultPadding(0.0)
        if right is not None:
            plot.showAxis("right")
        for name in ("left", "bottom", "right", "top"):
            axis = plot.getAxis(name)
            if not isinstance(axis, CategoryAxis):
                axis.setStyle(tickFont=self.theme.font(13))
                axis.setTextPen(th.INK)
                axis.setPen(pg.mkPen(th.INK_SOFT))
        return plot

    def category_axis(self, orientation: str, size_pt: float = 13) -> CategoryAxis:
        return CategoryAxis(orientation, self.theme.font(size_pt))

    def label_axis(self, plot: pg.PlotItem, side: str, text: str) -> None:
        plot.setLabel(side, text, color=th.INK, **{"font-size": f"{self.theme.pt(14):.0f}pt"})

    def text_item(self, text: str = "", colour: str = th.INK, size_pt: float = 13,
                  anchor: tuple[float, float] = (0, 0.5), bold: bool = False,
                  fill: str | None = None) -> pg.TextItem:
        item = pg.TextItem(text, color=colour, anchor=anchor,
                           fill=pg.mkBrush(fill) if fill else None)
        item.setFont(self.theme.font(size_pt, bold=bold))
        return item

    def keep_height(self, at_1080p: float) -> None:
        """Never lay the scene out lower than this (it scrolls instead): for a chart whose
        marks and names need room in both directions."""
        self._base_height = self.theme.px(at_1080p)
        self.graphics.setMinimumHeight(max(self._base_height, self.graphics.minimumHeight()))

    def fit_labels(self, plot: pg.PlotItem, axes: list[CategoryAxis], count: int,
                   span: float | None = None) -> None:
        """Ask for room for `count` labels of `axes` (all on one side of `plot`, or a pair
        on both) over `span` view units (the plot's range; count + 1 by default): the scene
        grows, and scrolls in the panel, rather than the axis skipping labels."""
        side = "rows" if axes[0].orientation in ("left", "right") else "columns"
        if (id(plot), side) not in self._fits:
            plot.getViewBox().sigResized.connect(self._apply_fit)
        self._fits[(id(plot), side)] = (plot, axes, count, span if span else count + 1.0)

    def _apply_fit(self, *_args) -> None:
        if self._fitting or not self._fits:
            return
        self._fitting = True
        try:
            height, width = self._base_height, 0
            for (_key, side), (plot, axes, count, span) in self._fits.items():
                if not count:
                    continue
                per = max(axis._extent(axis.labels) for axis in axes) + 1
                view = plot.getViewBox()
                if side == "rows":
                    laid_out = view.height() > 1 and self.graphics.height() > 1
                    overhead = (self.graphics.height() - view.height() if laid_out
                                else self.theme.px(170))
                    height = max(height, math.ceil(per * span + overhead))
                else:
                    laid_out = view.width() > 1 and self.graphics.width() > 1
                    overhead = (self.graphics.width() - view.width() if laid_out
                                else self.theme.px(500))
                    width = max(width, math.ceil(per * span + overhead))
            if abs(self.graphics.minimumHeight() - height) > 1:
                self.graphics.setMinimumHeight(height)
            if abs(self.graphics.minimumWidth() - width) > 1:
                self.graphics.setMinimumWidth(width)
        finally:
            self._fitting = False

    # A chart whose read-out would cover what it reads (rows of bars packed close) says it
    # in the line under the chart only.
    floating_read_out = True

    def watch(self, plot: pg.PlotItem, describe: Describe) -> None:
        tag = self.text_item("", colour=th.INK, size_pt=14, anchor=(0, 1), fill="#FFFFFFE8")
        tag.border = pg.mkPen(th.INK_SOFT)
        tag.setZValue(100)
        tag.hide()
        plot.addItem(tag, ignoreBounds=True)
        self._watched.append((plot, describe, tag))

    def show_data(self, data: CompareData) -> None:
        """Show a new selection's figures: every chart implements this."""
        raise NotImplementedError

    # ----- reading values
    def value_at(self, plot_index: int, x: float, y: float) -> str | None:
        """The read-out at view coordinates of the `plot_index`-th watched plot (tests)."""
        plot, describe, tag = self._watched[plot_index]
        return self._show(plot, describe, tag, x, y)

    def _show(self, plot, describe: Describe, tag: pg.TextItem, x: float, y: float) -> str | None:
        found = describe(x, y)
        if found is None:
            tag.hide()
            return None
        text, ax, ay = found
        view = plot.getViewBox()
        # At most under half the plot wide (it wraps), so flipping sides always keeps it in.
        tag.setTextWidth(max(220.0, min(560.0, view.width() * 0.45)))
        tag.setText(text)
        (x0, x1), (y0, y1) = view.viewRange()
        # Keep the tag inside the plot: flip it to the other side near the right/top edge.
        right_half = (ax - x0) / (x1 - x0 or 1) > 0.5
        if view.xInverted():
            right_half = not right_half
        top_half = (ay - y0) / (y1 - y0 or 1) > 0.5
        if view.yInverted():
            top_half = not top_half
        tag.setAnchor((1.0 if right_half else 0.0, 0.0 if top_half else 1.0))
        tag.setPos(ax, ay)
        tag.setVisible(self.floating_read_out)
        self.value_label.setText(text.replace("\n", " · "))
        self.graphics.setToolTip(plain_tooltip(text))  # what it reads may be typed text
        self.value_shown.emit(text)
        return text

    def _locate(self, scene_pos: QPointF) -> None:
        for plot, describe, tag in self._watched:
            view = plot.getViewBox()
            if view.sceneBoundingRect().contains(scene_pos):
                point = view.mapSceneToView(scene_pos)
                if self._show(plot, describe, tag, point.x(), point.y()) is not None:
                    for other in self._watched:
                        if other[2] is not tag:
                            other[2].hide()
                    return
            tag.hide()

    def _pointer_moved(self, scene_pos: QPointF) -> None:
        """A pointer passing over reads a value out; a finger dragging across (the page or
        the chart pushed along) does not: only its tap does."""
        if QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            return
        self._locate(scene_pos)

    def _tapped(self, event) -> None:
        self._locate(event.scenePos())

    def hide_tags(self) -> None:
        for _plot, _describe, tag in self._watched:
            tag.hide()
        self.value_label.setText(self.HINT)
        self.graphics.setToolTip("")

    # ----- export
    def export_png(self, path: str | Path, width: int | None = None) -> Path:
        """Write the chart as PNG (no dialog), laid out as a slide (`export_copy`); `width`
        in pixels, by default twice the slide's."""
        path = Path(path)
        self.hide_tags()
        copy = self.export_copy()
        try:
            write_png(copy.graphics, path, width or 2 * copy.graphics.width())
        finally:
            copy.deleteLater()
        self.exported.emit(str(path))
        return path

    def export_svg(self, path: str | Path) -> Path:
        """Write the chart as SVG (no dialog), laid out as a slide (`export_copy`)."""
        path = Path(path)
        self.hide_tags()
        copy = self.export_copy()
        try:
            write_svg(copy.graphics, path, self.title.text())
        finally:
            copy.deleteLater()
        self.exported.emit(str(path))
        return path

    def export_copy(self) -> ChartPanel:
        """A copy of this chart (same look and data), never shown, laid out at the size of a
        slide — taller or wider where its labels need it — for a file that looks like the
        chart at its full size whatever the screen looks like now."""
        copy = type(self)(**self._built_with)
        copy.title.setText(self.title.text())  # as shown now (its data may set its own)
        copy.set_print_mode(True)
        copy.title_in_scene()
        width, height = EXPORT_SIZE
        if self.shown_data is None:
            copy.resize(width, height)
            copy.grab()
            return copy
        for _ in range(3):  # lay out, let the labels ask for room, lay out again
            copy.show_data(self.shown_data)
            copy.resize(max(width, copy.graphics.minimumWidth()),
                        max(height, copy.graphics.minimumHeight()))
            copy.grab()  # delivers the pending resize events without showing the copy
            QApplication.processEvents()
            if (copy.graphics.width() >= copy.graphics.minimumWidth()
                    and copy.graphics.height() >= copy.graphics.minimumHeight()):
                break
        copy.show_data(self.shown_data)
        heading = html.escape(copy.title.text())
        note = copy.export_note()
        if note:  # under the title, in lines that keep the scene a slide's width
            lines = "<br>".join(html.escape(line) for line in wrap(note, 140, 6).split("\n"))
            heading += (f"<br><span style='font-weight: 400; font-size: "
                        f"{self.theme.pt(13):.0f}pt'>{lines}</span>")
        copy.scene_title.setText(heading)
        QApplication.processEvents()
        return copy

    def export_note(self) -> str:
        """Words shown beside the chart on screen, outside its scene, that a saved file
        must carry too (written under the title in the file)."""
        return ""

    def title_in_scene(self) -> None:
        """Write the title at the top of the scene itself (for a file, which has no title
        label above it): the chart's layout goes one row down in a new outer layout."""
        inner = self.graphics.ci
        outer = pg.GraphicsLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        self.scene_title = outer.addLabel(
            self.title.text(), row=0, col=0, justify="left", color=th.INK, bold=True,
            size=f"{self.theme.pt(16):.0f}pt")
        self.graphics.setCentralItem(outer)  # takes the chart's layout out of the scene
        outer.addItem(inner, row=1, col=0)  # and this puts it back, under the title

    def set_print_mode(self, on: bool) -> None:
        """Only the chart itself (no title, value line or buttons): for the printed report,
        which sets its own headings."""
        for widget in (self.title, self.value_label, self.png_button, self.svg_button):
            widget.setVisible(not on)
        never = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        policy = never if on else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        self.scene_area.setVerticalScrollBarPolicy(policy)
        self.scene_area.setHorizontalScrollBarPolicy(policy)

    def render_image(self, scale: float = 2.0) -> QImage:
        """The chart as it is laid out now, drawn at `scale` times its size (for print)."""
        self.hide_tags()
        return scene_image(self.graphics, scale)

    def _ask_and_export(self, kind: str) -> None:
        suggested = str(Path.home() / f"{self.slug}.{kind}")
        filters = "PNG image (*.png)" if kind == "png" else "SVG drawing (*.svg)"
        path, _ = choose_save_path(self, f"Save chart as {kind.upper()}", suggested, filters)
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            (self.export_png if kind == "png" else self.export_svg)(path)
        except OSError as exc:
            self.value_label.setText(f"Could not save {path}: {exc}")
            return
        self.value_label.setText(f"Saved {path}")
