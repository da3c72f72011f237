"""The on-screen keyboard in the window: docked below the screens, called up when a text
field takes focus and sent away when focus moves elsewhere; while it shows, the criteria
screen goes compact and keeps the field being typed in visible above it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QBoxLayout, QWidget

from kiosk.ui.shell.keyboard import OnScreenKeyboard

if TYPE_CHECKING:
    from kiosk.ui.shell.screens import TableScreens

# Widgets that take typed text (focus on one of them calls up the on-screen keyboard); by
# class name, which costs nothing at start-up, unlike importing their Python types
TEXT_FIELDS = ("QLineEdit", "QPlainTextEdit", "QTextEdit", "QAbstractSpinBox")


def _application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)  # the window is a widget: the app is a QApplication
    return app


class KeyboardDock:
    def __init__(self, window: QWidget, layout: QBoxLayout, screens: TableScreens):
        self._window = window
        self._screens = screens
        self.keyboard = OnScreenKeyboard(window)
        layout.addWidget(self.keyboard)
        self.keyboard.shown.connect(self._shown)
        self.keyboard.hidden.connect(self._hidden)
        _application().focusChanged.connect(self._focus_changed)

    def fit(self, size: QSize) -> None:
        self.keyboard.fit(size)

    def detach(self) -> None:
        _application().focusChanged.disconnect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self._window.isAncestorOf(new):
            from kiosk.ui.shell.turn import in_window  # a field on a turned screen counts

            if new is None or not in_window(self._window, new):
                return
        # the type first: a button taking focus as the window opens must not be the first
        # use of the Qt enums (see kiosk.ui.shell.window)
        if any(map(new.inherits, TEXT_FIELDS)) and new.testAttribute(
                QtCore.Qt.WidgetAttribute.WA_InputMethodEnabled):
            self.keyboard.request()
        else:
            self.keyboard.dismiss()

    def _shown(self) -> None:
        self.keyboard.fit(self._window.size())
        criteria = self._screens.criteria_if_built()
        if criteria is not None:
            criteria.set_compact(True)
            criteria.ensure_visible(QApplication.focusWidget())

    def _hidden(self) -> None:
        criteria = self._screens.criteria_if_built()
        if criteria is not None:
            criteria.set_compact(False)
