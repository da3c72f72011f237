"""The facilitator's area: a header with the way back to the table, and five big tabs —
Setup, Rankings, Compare, Polls, Export / Import (with its page for typing in a paper
sheet).

The Compare tab's screen (and with it pyqtgraph) is imported only when the tab is first
shown, or a little after the area has opened while the facilitator reads it, so opening the
area after the PIN stays fast and the first Compare needs only to build its charts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.facilitator import FacilitatorService
from kiosk.ui.facilitator.common import Ask, FacilitatorPage, area_css, asker, button, label
from kiosk.ui.facilitator.exchange import ExchangeTab
from kiosk.ui.facilitator.paper import PaperTab
from kiosk.ui.facilitator.polls import PollsTab
from kiosk.ui.facilitator.rankings import RankingsTab
from kiosk.ui.facilitator.set_aside import SetAsideBar
from kiosk.ui.facilitator.setup import SetupTab
from kiosk.ui.theme import CARD, LINE, Theme

TAB_SETUP, TAB_RANKINGS, TAB_COMPARE, TAB_POLLS, TAB_EXCHANGE = range(5)


class _Relay(QObject):
    """Service notifications as a Qt signal: an emit from a worker thread is queued onto
    the GUI thread, so the tabs only ever refresh there."""

    changed = Signal(str)


class CompareHost(FacilitatorPage):
    """Holds the Compare screen, built on first show (it imports pyqtgraph)."""

    WARM_UP_MS = 1500  # after the area opens: the charts' modules load while it is read

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(service, theme, parent)
        self.compare_screen: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._warm = QTimer(self)
        self._warm.setSingleShot(True)
        self._warm.timeout.connect(self.warm_up)

    def warm_up_soon(self) -> None:
        if not self.loaded:
            self._warm.start(self.WARM_UP_MS)

    def warm_up(self) -> None:
        """Import the Compare screen's modules (pyqtgraph) without building anything."""
        if self.loaded:
            return
        try:
            import kiosk.ui.facilitator.compare  # noqa: F401 - the import is the point
        except Exception:  # noqa: BLE001 - ensure_loaded shows the reason when it is opened
            pass

    @property
    def loaded(self) -> bool:
        return self._layout.count() > 0

    def ensure_loaded(self) -> None:
        """Build the screen once; it follows later changes itself (service.subscribe)."""
        if self.loaded:
            return
        # Importing the charts and building them takes a moment the first time: say so on
        # screen (painted now, before the work holds the event loop).
        waiting = self._placeholder("Opening the comparison…",
                                    "The charts are being prepared; this takes a moment "
                                    "the first time only.")
        waiting.show()  # a layout shows a new child only on the next turn of the loop
        waiting.repaint()
        try:
            from kiosk.ui.facilitator.compare import CompareScreen  # pyqtgraph loads here

            screen = CompareScreen(self._service, self._theme, self)
        except Exception as exc:  # noqa: BLE001 - a message, not a crash, behind the PIN
            self._drop(waiting)
            self._placeholder("The comparison could not open.", str(exc))
            return
        self._drop(waiting)
        self.compare_screen = screen
        self._layout.addWidget(self.compare_screen)

    def _drop(self, widget: QWidget) -> None:
        self._layout.removeWidget(widget)
        widget.hide()
        widget.deleteLater()

    def _placeholder(self, title: str, detail: str) -> QWidget:
        frame = QFrame(self)
        frame.setProperty("role", "panel")
        inner = QVBoxLayout(frame)
        pad = self._theme.px(40)
        inner.setContentsMargins(pad, pad, pad, pad)
        inner.addWidget(label(title, "heading", frame))
        inner.addWidget(label(detail, "hint", frame))
        inner.addStretch(1)
        wrapper = QWidget(self)
        outer = QVBoxLayout(wrapper)
        margin = self._theme.px(24)
        outer.setContentsMargins(margin, margin, margin, margin)
        outer.addWidget(frame)
        self._layout.addWidget(wrapper)
        return wrapper


class FacilitatorArea(QWidget):
    closed = Signal()  # back to the participants' screens
    quit_requested = Signal()  # leave the kiosk altogether
    settings_changed = Signal()  # the start screen should re-read workshop, table, sequence

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None, room: Any = None):
        super().__init__(parent)
        self.setObjectName("FacilitatorArea")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.service = service
        self._theme = theme
        self.is_hub = room is not None and getattr(room, "role", "") == "hub"
        self.setStyleSheet(area_css(theme))
        self.setProperty("exports_folder", str(service.transfer.exports_folder or ""))
        self.ask: Ask = asker(theme, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        # files the store set aside as damaged: shown above every tab until dealt with
        self.set_aside_bar = SetAsideBar(service, theme, lambda *a: self.ask(*a), self)
        layout.addWidget(self.set_aside_bar)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setObjectName("AreaTabs")
        self.tabs.tabBar().setExpanding(False)
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.setup_tab = SetupTab(service, theme, self)
        self.rankings_tab = RankingsTab(service, theme, self)
        self.compare_tab = CompareHost(service, theme, self)
        self.polls_tab = PollsTab(service, theme, self)
        self.exchange_tab = ExchangeTab(service, theme, self)
        self.tabs.addTab(self.setup_tab, "Setup")
        self.tabs.addTab(self.rankings_tab, "Rankings")
        self.tabs.addTab(self.compare_tab, "Compare")
        self.tabs.addTab(self.polls_tab, "Polls")
        # Typing in a paper sheet is a page of Export / Import (a seventh tab would not
        # fit a 1366-pixel screen beside Room)
        self.paper_tab = PaperTab(service, theme, self)
        self.exchange_page = QStackedWidget(self)
        self.exchange_page.addWidget(self.exchange_tab)
        self.exchange_page.addWidget(self.paper_tab)
        self.exchange_tab.paper_requested.connect(self.show_paper_sheet)
        self.paper_tab.back_requested.connect(
            lambda: self.exchange_page.setCurrentWidget(self.exchange_tab))
        self.tabs.addTab(self.exchange_page, "Export / Import")
        self.room_tab = None
        if room is not None:
            from kiosk.ui.facilitator.room import RoomTab

            self.room_tab = RoomTab(room, theme, self)
            self.tabs.addTab(self.room_tab, "Room")
        self.tabs.setCurrentIndex(TAB_RANKINGS if service.rankings.count() else TAB_SETUP)
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)

        self.rankings_tab.demo_requested.connect(self._load_demo_from_rankings)
        self._relay = _Relay(self)
        self._relay.changed.connect(self._service_changed)
        service.subscribe(self._relay_change)
        self._shown_before = False
        self._update_header()

    def _build_header(self) -> QFrame:
        theme = self._theme
        header = QFrame(self)
        header.setStyleSheet(f"QFrame#AreaHeader {{ background: {CARD};"
                             f" border-bottom: 1px solid {LINE}; }}")
        header.setObjectName("AreaHeader")
        row = QHBoxLayout(header)
        row.setContentsMargins(theme.px(24), theme.px(12), theme.px(24), theme.px(12))
        row.setSpacing(theme.px(16))
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(label("Facilitator", "title", header, wrap=False))
        self.subtitle = label("", "hint", header, wrap=False)
        titles.addWidget(self.subtitle)
        row.addLayout(titles, 1)
        self.leave_button = button("Leave the hub…" if self.is_hub else "Leave kiosk…",
                                   "quiet", header)
        self.back_button = button("Back to the plenary" if self.is_hub else
                                  "Back to the table", "primary", header)
        self.leave_button.clicked.connect(self.confirm_leave)
        self.back_button.clicked.connect(self.closed)
        row.addWidget(self.leave_button)
        row.addWidget(self.back_button)
        return header

    def _update_header(self) -> None:
        settings = self.service.setup.settings()
        workshop = self.service.workshops.current()
        where = workshop.label if workshop else "no workshop chosen"
        count = self.service.rankings.count()
        saved = f"{count} saved ranking{'s' if count != 1 else ''}"
        if self.is_hub:
            self.subtitle.setText(f"This hub: {where} · {saved} from every table")
            return
        self.subtitle.setText(f"This kiosk: {where} · {settings.table} · {saved}")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # The shell may keep this area and show it again after tables have saved more
        # rankings: read them again (not on the first show, just after building).
        if self._shown_before:
            self.service.reload()
        else:
            self.compare_tab.warm_up_soon()
        self._shown_before = True
        super().showEvent(event)

    # ----- tabs
    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _drop_text_focus(self) -> None:
        from kiosk.ui.shell.keyboard import is_text_field

        page = self.tabs.currentWidget()
        for field in (QApplication.focusWidget(), page.focusWidget() if page else None):
            if field is not None and is_text_field(field) and self.isAncestorOf(field):
                field.clearFocus()

    def show_paper_sheet(self) -> None:
        self.tabs.setCurrentIndex(TAB_EXCHANGE)
        self.exchange_page.setCurrentWidget(self.paper_tab)

    def _tab_shown(self, index: int) -> None:
        # no cursor arrives in a field by itself: the one a tab had when it was left takes
        # focus again on return (its text selected, for a stray key to overwrite)
        self._drop_text_focus()
        QTimer.singleShot(0, self, self._drop_text_focus)
        if index == TAB_COMPARE:
            self.compare_tab.ensure_loaded()

    def _service_changed(self, what: str) -> None:
        if what in ("rankings", "workshops"):
            self.rankings_tab.refresh()
            self.exchange_tab.refresh()
            self.paper_tab.refresh()
        self.polls_tab.mark_stale()  # its runs come with imports, reloads and demo data
        if what in ("rankings", "polls", "set-aside"):  # what a set-aside file adds to
            self.set_aside_bar.refresh()
        if what in ("workshops", "settings"):
            self.setup_tab.refresh_workshops()
            self.settings_changed.emit()
        self._update_header()

    def _relay_change(self, what: str) -> None:
        try:
            self._relay.changed.emit(what)
        except RuntimeError:  # this area was closed; the service may outlive it
            pass

    def _load_demo_from_rankings(self) -> None:
        self.exchange_tab.load_demo()

    # ----- leaving
    def confirm_leave(self) -> bool:
        if self.exchange_tab.busy:
            question = ("An export or import is still running. Leave the kiosk anyway? "
                        "The kiosk waits for it to finish before closing.")
        else:
            question = ("Close the kiosk program? Tables cannot rank until it is started "
                        "again. Everything saved stays saved.")
        if not self.ask("Leave the kiosk?", question, "Leave kiosk"):
            return False
        self.exchange_tab.wait_for_tasks()
        self.quit_requested.emit()
        return True
