"""The facilitator's Compare screen: choose a deck, a lens and workshops; see every chart.

The figures come from `kiosk.analysis.selection.compare_records` (through
`kiosk.analysis.figures.build`), the same function `kiosk compare --json` prints, so the
screen and the command line agree. The charts are built once; a new selection only hands
them new data.
"""

from __future__ import annotations

import html
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.analysis.figures import CompareData, ComparisonCache, build
from kiosk.analysis.tables import AtTable, workshop_key, workshop_names
from kiosk.analysis.wording import counted
from kiosk.domain.lenses import LENS_IDS
from kiosk.domain.record import SavedRanking
from kiosk.ui import theme as th
from kiosk.ui.charts.bars import CriteriaChart, EffortChart, SpreadChart
from kiosk.ui.charts.heatmap import AgreementChart, PositionHeatMap
from kiosk.ui.charts.maps import BenefitRiskMap, OrdersChart
from kiosk.ui.charts.panel import ChartPanel
from kiosk.ui.charts.small_groups import AttributesChart, OptimaChart
from kiosk.ui.facilitator.compare_summary import summary_html, w_text
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import drag_scrolling

WorkshopKey = str  # a workshop id (or the name, for rankings without one)


def workshops_in(records: Sequence[AtTable]) -> OrderedDict[WorkshopKey, tuple[str, str, int]]:
    """Workshops that have rankings (or poll runs): key -> (name, date, how many), newest
    first."""
    found: dict[WorkshopKey, list] = {}
    shown = workshop_names(records)  # workshops that share a name are named apart
    for record in records:
        key = workshop_key(record)
        if not key:
            continue
        entry = found.setdefault(key, [shown.get(key) or key, record.workshop_date, 0])
        entry[2] += 1
    ordered = sorted(found.items(), key=lambda kv: (kv[1][1], kv[1][0].casefold()),
                     reverse=True)
    return OrderedDict((k, (v[0], v[1], v[2])) for k, v in ordered)


class CompareScreen(QWidget):
    """Compare tables and workshops. `service` is the FacilitatorService (rankings.records(),
    catalog); `report_requested` is emitted with a workshop name when the Report button's
    choice is made, after the screen has written the PDF itself."""

    selection_changed = Signal()
    charts_updated = Signal(float)  # seconds the update took
    report_written = Signal(str)
    _records_changed = Signal()

    def __init__(self, service, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.theme = theme
        self.data: CompareData | None = None
        self.last_update_s = 0.0
        self._records: list[SavedRanking] | None = None
        self._cache = ComparisonCache()
        self._updating = False

        self.setStyleSheet(f"background: {th.PAPER}; color: {th.INK};")
        self._build_sidebar()
        self._build_charts()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.px(16), theme.px(12), theme.px(16), theme.px(12))
        layout.setSpacing(theme.px(16))
        layout.addWidget(self.sidebar)
        layout.addLayout(self.main, 1)

        self.report_written.connect(self._report_saved)
        self._records_changed.connect(self.reload, Qt.ConnectionType.QueuedConnection)
        subscribe = getattr(service, "subscribe", None)
        if callable(subscribe):
            subscribe(self._service_changed)
        self.reload()

    # ----- layout
    def _build_sidebar(self) -> None:
        t = self.theme
        self.sidebar = QWidget()
        self.sidebar.setFixedWidth(max(t.px(380), 300))
        box = QVBoxLayout(self.sidebar)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(t.px(10))

        def heading(text: str) -> QLabel:
            label = QLabel(text)
            label.setFont(t.font(16, bold=True))
            label.setStyleSheet(f"font-size: {t.pt(16, th.READABLE_PT):.1f}pt; font-weight: 700;")
            return label

        combo_css = (f"QComboBox {{ min-height: {t.touch()}px;"
                     f" font-size: {t.pt(16, th.READABLE_PT):.1f}pt;"
                     f" padding: 0 {t.px(6)}px; background: {th.CARD};"
                     f" border: 1px solid {th.LINE}; border-radius: {t.px(8)}px; }}"
                     f" QComboBox QAbstractItemView {{"
                     f" font-size: {t.pt(16, th.READABLE_PT):.1f}pt; }}")
        box.addWidget(heading("Deck"))
        self.deck_box = QComboBox()
        self.deck_box.setStyleSheet(combo_css)
        self.deck_box.currentIndexChanged.connect(self._deck_chosen)
        box.addWidget(self.deck_box)

        box.addWidget(heading("Lens"))
        lens_row = QHBoxLayout()
        lens_row.setSpacing(t.px(6))
        self.lens_group = QButtonGroup(self)
        self.lens_group.setExclusive(True)
        self.lens_buttons: dict[str, QPushButton] = {}
        for lens in LENS_IDS:
            button = QPushButton(self._lens_title(lens))
            button.setCheckable(True)
            colour = th.LENS_COLOURS.get(lens, th.ACCENT)
            button.setStyleSheet(
                f"QPushButton {{ background: {th.CARD}; color: {th.INK};"
                f" border: 2px solid {colour}; border-radius: {t.px(10)}px;"
                f" min-height: {t.touch()}px; padding: 0 {t.px(3)}px;"
                f" font-size: {t.pt(13, th.READABLE_PT):.1f}pt; font-weight: 600; }}"
                f" QPushButton:checked {{ background: {colour}; color: #FFFFFF; }}")
            self.lens_group.addButton(button)
            self.lens_buttons[lens] = button
            lens_row.addWidget(button)
            button.toggled.connect(self._lens_toggled)
        box.addLayout(lens_row)

        box.addWidget(heading("Workshops"))
        self.workshop_list = QListWidget()
        drag_scrolling(self.workshop_list)
        self.workshop_list.setStyleSheet(
            f"QListWidget {{ background: {th.CARD}; border: 1px solid {th.LINE};"
            f" border-radius: {t.px(8)}px; font-size: {t.pt(15, th.READABLE_PT):.1f}pt; }}"
            f" QListWidget::item {{ min-height: {t.touch(64)}px; padding: 0 {t.px(6)}px; }}"
            f" QListWidget::indicator {{ width: {t.px(28)}px; height: {t.px(28)}px; }}")
        # A tap anywhere on a row toggles it, not only on the small box: the items are not
        # user-checkable themselves, the list toggles them.
        self.workshop_list.itemClicked.connect(self._toggle_item)
        self.workshop_list.itemActivated.connect(self._toggle_item)
        box.addWidget(self.workshop_list, 1)
        row = QHBoxLayout()
        self.all_button = QPushButton("All")
        self.none_button = QPushButton("None")
        for button in (self.all_button, self.none_button):
            button.setStyleSheet(t.readable().button_css(fill=th.TRAY, ink=th.INK, size_pt=14))
            row.addWidget(button)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        box.addLayout(row)

        self.report_button = QPushButton("Report (PDF)…")
        self.report_button.setStyleSheet(t.readable().button_css(size_pt=16))
        self.report_button.clicked.connect(self.ask_for_report)
        box.addWidget(self.report_button)

    def _build_charts(self) -> None:
        t = self.theme
        read = t.readable()  # the summary and the charts: no text under 18 px at 1366
        self.main = QVBoxLayout()
        self.main.setSpacing(t.px(8))
        self.summary = QLabel()
        self.summary.setFont(read.font(17))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet(f"background: {th.CARD}; border: 1px solid {th.LINE};"
                                   f" border-radius: {t.px(10)}px; padding: {t.px(10)}px;"
                                   f" font-size: {read.pt(17):.1f}pt; color: {th.INK};")
        # With fewer than two tables there is nothing to compare: the way to the demo data,
        # beside the words that say so.
        self.demo_button = QPushButton("Load demo data")
        self.demo_button.setStyleSheet(t.readable().button_css(size_pt=15))
        self.demo_button.clicked.connect(self.load_demo)
        self.demo_button.hide()
        summary_row = QHBoxLayout()
        summary_row.setSpacing(t.px(8))
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.demo_button)
        self.main.addLayout(summary_row)
        # What just happened (the report written), until the next such news.
        self.notice = QLabel()
        self.choice_dialog: QDialog | None = None  # the report's "which workshop?"
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setAccessibleName("confirmation")
        self.notice.hide()
        self.main.addWidget(self.notice)

        self.heat_map = PositionHeatMap(read)
        self.spread = SpreadChart(read)
        self.agreement = AgreementChart(read)
        self.orders = OrdersChart(read)
        self.map = BenefitRiskMap(read)
        self.criteria = CriteriaChart(read)
        self.effort = EffortChart(read)
        self.optima = OptimaChart(read)
        self.tag_effects = AttributesChart(read)
        self.charts: dict[str, ChartPanel] = {
            "Positions": self.heat_map,
            "Spread": self.spread,
            "Agreement": self.agreement,
            "Consensus": self.orders,
            "Benefit × risk": self.map,
            "Criteria": self.criteria,
            "Time && moves": self.effort,
            "Equal orders": self.optima,
            "Tags": self.tag_effects,
        }
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setStyleSheet(
            # 18-px words, and padding that lets all nine tabs show side by side at 1366 px;
            # where they still do not fit, the bar's scroll buttons are finger-sized
            f"QTabBar {{ font-size: {t.pt(15, th.READABLE_PT):.1f}pt; }}"
            f" QTabBar::tab {{ min-height: {t.touch()}px; min-width: {t.touch()}px;"
            f" padding: 0 {t.px(5)}px;"
            f" background: {th.TRAY}; color: {th.INK};"
            f" border-top-left-radius: {t.px(8)}px; border-top-right-radius: {t.px(8)}px;"
            f" margin-right: {t.px(2)}px; }}"
            f" QTabBar::tab:selected {{ background: {th.CARD}; font-weight: 700; }}"
            f" QTabBar QToolButton {{ min-width: {t.touch()}px; min-height: {t.touch()}px;"
            f" background: {th.TRAY}; }}"
            f" QTabWidget::pane {{ background: {th.CARD}; }}")
        for name, chart in self.charts.items():
            page = QWidget()
            page.setStyleSheet(f"background: {th.CARD};")
            inner = QVBoxLayout(page)
            inner.setContentsMargins(t.px(12), t.px(8), t.px(12), t.px(8))
            inner.addWidget(chart)
            self.tabs.addTab(page, name)
        self.main.addWidget(self.tabs, 1)

    # ----- data
    def _service_changed(self, what: str) -> None:
        if what in ("rankings", "workshops"):
            try:
                self._records_changed.emit()
            except RuntimeError:  # the screen is gone; the service outlives it
                pass

    def _lens_title(self, lens: str) -> str:
        lens_obj = self.service.catalog.lenses.get(lens)
        return lens_obj.title if lens_obj else lens.capitalize()

    def records(self) -> list[SavedRanking]:
        if self._records is None:
            self._records = list(self.service.rankings.records())
        return self._records

    def reload(self) -> None:
        """Read the rankings again (after an import, a deletion, demo data) and redraw."""
        self._records = None
        self._cache.clear()
        records = self.records()
        catalog = self.service.catalog
        current = self.deck_box.currentData()
        counts: dict[str, int] = {}
        for record in records:
            counts[record.deck] = counts.get(record.deck, 0) + 1
        decks = sorted(catalog.decks.ids(), key=lambda d: (-counts.get(d, 0), d))
        self._updating = True
        self.deck_box.clear()
        for deck_id in decks:
            deck = catalog.deck(deck_id)
            self.deck_box.addItem(f"{deck.title} ({counted(counts.get(deck_id, 0), 'ranking')})",
                                 deck_id)
        # The deck shown stays unless it has no rankings while another has (demo data or
        # an import on an empty kiosk): then the deck with most rankings (the first).
        if current in decks and (counts.get(current, 0) or not records):
            self.deck_box.setCurrentIndex(decks.index(current))
        if self.lens_group.checkedButton() is None:
            self.lens_buttons[LENS_IDS[0]].setChecked(True)
        self._choose_a_ranked_lens(self.deck_box.currentData(), records)
        self._fill_workshops()
        self._updating = False
        self.refresh()

    def _choose_a_ranked_lens(self, deck: str | None, records: list[SavedRanking]) -> None:
        """Leave the lens alone unless it has no rankings of `deck` and another lens has."""
        ranked = {r.lens for r in records if r.deck == deck}
        button = self.lens_group.checkedButton()
        lens = next((k for k, b in self.lens_buttons.items() if b is button), None)
        if lens in ranked or not ranked:
            return
        first = next((k for k in LENS_IDS if k in ranked and k in self.lens_buttons), None)
        if first is not None:
            self.lens_buttons[first].setChecked(True)

    def _fill_workshops(self) -> None:
        deck = self.deck_box.currentData()
        previous = {self.workshop_list.item(i).data(Qt.ItemDataRole.UserRole):
                    self.workshop_list.item(i).checkState()
                    for i in range(self.workshop_list.count())}
        shops = workshops_in([r for r in self.records() if r.deck == deck])
        was_updating = self._updating
        self._updating = True
        self.workshop_list.clear()
        for key, (name, when, count) in shops.items():
            item = QListWidgetItem(f"{name}\n{when + ' · ' if when else ''}"
                                   f"{counted(count, 'ranking')}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(previous.get(key, Qt.CheckState.Checked))
            self.workshop_list.addItem(item)
        self._updating = was_updating

    def selection(self) -> tuple[str | None, str, list[str]]:
        button = self.lens_group.checkedButton()
        lens = next((k for k, b in self.lens_buttons.items() if b is button), LENS_IDS[0])
        workshops = [self.workshop_list.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.workshop_list.count())
                     if self.workshop_list.item(i).checkState() == Qt.CheckState.Checked]
        return self.deck_box.currentData(), lens, workshops

    def select(self, deck: str | None = None, lens: str | None = None,
               workshops: list[str] | None = None) -> None:
        """Set the selection in code (tests, the benchmark) and update once."""
        self._updating = True
        if deck is not None:
            self.deck_box.setCurrentIndex(self.deck_box.findData(deck))
            self._fill_workshops()
        if lens is not None:
            self.lens_buttons[lens].setChecked(True)
        if workshops is not None:
            wanted = set(workshops)
            for i in range(self.workshop_list.count()):
                item = self.workshop_list.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in wanted or \
                    item.text().split("\n")[0] in wanted
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self._updating = False
        self.refresh()

    def _deck_chosen(self) -> None:
        if self._updating:
            return
        self._fill_workshops()
        self.refresh()

    def _lens_toggled(self, on: bool) -> None:
        if on and not self._updating:
            self.refresh()

    def _toggle_item(self, item: QListWidgetItem) -> None:
        on = item.checkState() != Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        if not self._updating:
            self.refresh()

    def _check_all(self, on: bool) -> None:
        self._updating = True
        for i in range(self.workshop_list.count()):
            self.workshop_list.item(i).setCheckState(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self._updating = False
        self.refresh()

    def refresh(self) -> None:
        """Recompute the comparison for the current selection and hand it to every chart."""
        started = time.perf_counter()
        deck, lens, workshops = self.selection()
        self.selection_changed.emit()
        if deck is None:
            self.data = None
            self.summary.setText("No decks are loaded. Check the deck files (kiosk check).")
            return
        self.data = build(self.records(), self.service.catalog, deck, lens, workshops,
                          cache=self._cache)
        for chart in self.charts.values():
            chart.hide_tags()
            chart.show_data(self.data)
        self.summary.setText(self.summary_html())
        self.demo_button.setVisible(len(self.data.comparison.tables) < 2
                                    and not self._demo_loaded())
        self.last_update_s = time.perf_counter() - started
        self.charts_updated.emit(self.last_update_s)

    def summary_html(self) -> str:
        return summary_html(self.data, self._demo_loaded())

    def _demo_loaded(self) -> bool:
        demo = getattr(self.service, "demo", None)
        return demo is None or demo.count() > 0

    def load_demo(self) -> None:
        """Load the demo data (the service tells every tab, this screen reloads)."""
        new = self.service.demo.load()
        self.show_notice(f"Loaded {counted(new, 'demo ranking')}: the three “(demo)” "
                         "workshops are in the list on the left." if new else
                         "The demo data was already loaded.")

    def show_notice(self, text_html: str, ok: bool = True) -> None:
        colour = th.OK if ok else th.WARN
        t = self.theme
        self.notice.setStyleSheet(f"background: {th.CARD}; border: 2px solid {colour};"
                                  f" border-radius: {t.px(10)}px; padding: {t.px(10)}px;"
                                  f" font-size: {t.pt(16):.1f}pt; color: {th.INK};")
        self.notice.setText(text_html)
        self.notice.show()

    def _report_saved(self, path: str) -> None:
        out = Path(path)
        self.show_notice(f"✓ <b>Report saved:</b> {html.escape(out.name)} &nbsp;·&nbsp; "
                         f"in the folder {html.escape(str(out.parent))}")

    def w_text(self) -> str:
        return w_text(self.data)

    # ----- report
    def ask_for_report(self) -> None:
        shops = workshops_in([*self.records(), *self.service.polls.all_runs()])
        if not shops:
            self.show_notice("<b>No report yet:</b> there are no saved rankings or poll "
                             "answers to report on.", ok=False)
            return
        names = [name for name, _, _ in shops.values()]
        _, _, chosen = self.selection()
        checked = [k for k in chosen if k in shops]
        if len(checked) == 1 or len(shops) == 1:
            key = checked[0] if len(checked) == 1 else next(iter(shops))
        else:
            from kiosk.ui.facilitator.common import ChoiceDialog

            dialog = ChoiceDialog("Report (PDF)", "Which workshop?", names, self.theme, self)
            self.choice_dialog = dialog  # while it is open (tests look at it)
            answered = dialog.exec() == QDialog.DialogCode.Accepted
            self.choice_dialog = None
            if not answered or dialog.chosen is None:
                return
            key = list(shops)[dialog.chosen]
        # By key: two workshops can share a name (each is then listed with what differs).
        name = shops[key][0]
        suggested = str(Path.home() / f"{_file_name(name)}-report.pdf")
        from kiosk.ui.file_chooser import choose_save_path  # the kiosk's or the desktop's

        path, _ = choose_save_path(self, "Save the workshop report", suggested, "PDF (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.write_report(key, path)

    def write_report(self, workshop: str, path: str) -> Path | None:
        from kiosk.ui.facilitator.progress_panel import ProgressPanel
        from kiosk.ui.report.writer import ReportError, write_report

        panel = getattr(self, "report_progress", None)
        if panel is None:
            panel = self.report_progress = ProgressPanel(self, "Writing the report…", self.theme)
        panel.start()
        try:
            out = write_report(self.records(), self.service.catalog, workshop, path,
                               progress=panel.set_progress,
                               poll_runs=self.service.polls.all_runs())
        except (ReportError, OSError) as exc:
            self.show_notice(f"<b>The report could not be written:</b> "
                             f"{html.escape(str(exc))}", ok=False)
            return None
        finally:
            panel.finish()
        self.report_written.emit(str(out))
        return out


def _file_name(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in text.casefold())
    return "-".join(part for part in keep.split("-") if part) or "workshop"
