"""Typing on a touch-only kiosk: Qt Virtual Keyboard's QML `InputPanel`, hosted in a
QQuickWidget at the bottom of the main window.

Qt Virtual Keyboard serves widgets as well as QML: with QT_IM_MODULE=qtvirtualkeyboard its
platform input-context plugin sends the keys to whatever widget has focus (a QLineEdit or
QPlainTextEdit here). QT_VIRTUALKEYBOARD_DESKTOP_DISABLE=1 stops the plugin opening its own
top-level keyboard window, which a frameless full-screen kiosk would hide; instead this panel
lives inside the window, below the screens, and shows while `Qt.inputMethod` is visible.
The QQuickWidget never takes focus, so the text field keeps it while keys are tapped.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from kiosk.ui.enum_property import set_enum_property

if TYPE_CHECKING:
    from PySide6.QtQuickWidgets import QQuickWidget

IM_MODULE = "qtvirtualkeyboard"
ASPECT = 0.313  # the default style's height / width
MAX_SHARE_OF_HEIGHT = 0.42  # leave the field being typed in, and the screen, visible
PANEL_QML = b"""
import QtQuick
import QtQuick.VirtualKeyboard

Item {
    id: root
    property real panelHeight: panel.height
    // the keys type only once the keyboard has chosen its input method
    property bool ready: panel.active && InputContext.inputEngine.inputMethod !== null
    InputPanel {
        id: panel
        width: root.width
        anchors.bottom: root.bottom
    }
}
"""


def virtual_keyboard_wanted() -> bool:
    """True when the app runs with Qt Virtual Keyboard as its input method."""
    return os.environ.get("QT_IM_MODULE") == IM_MODULE


class OnScreenKeyboard(QWidget):
    """A strip across the bottom of the window holding the keyboard panel, hidden unless a
    text field is being typed in."""

    shown = Signal()
    hidden = Signal()
    view: QQuickWidget | None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("OnScreenKeyboard")
        self.setStyleSheet("QWidget#OnScreenKeyboard { background: #1B2430; }")
        # by name, not Qt.FocusPolicy: this runs before the start screen's first frame
        # (see kiosk.ui.enum_property)
        set_enum_property(self, "focusPolicy", "NoFocus")
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.view = None  # the QQuickWidget, made on first use (QML costs start-up time)
        self.error = ""
        self.hide()
        QGuiApplication.inputMethod().visibleChanged.connect(self._follow_input_method)

    @property
    def loaded(self) -> bool:
        return self.view is not None and self.error == ""

    def load(self) -> bool:
        """Create the panel; False (with `error`) when QML cannot provide it."""
        if self.view is not None:
            return self.error == ""
        from PySide6.QtCore import QUrl
        from PySide6.QtQml import QQmlComponent
        from PySide6.QtQuickWidgets import QQuickWidget

        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)  # the dark strip
        view = QQuickWidget(self)
        view.setObjectName("KeyboardPanel")
        view.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        view.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        view.setClearColor(QtCore.Qt.GlobalColor.transparent)
        component = QQmlComponent(view.engine())
        url = QUrl.fromLocalFile(os.path.join(os.path.dirname(__file__), "keyboard.qml"))
        component.setData(PANEL_QML, url)
        root = component.create() if component.isReady() else None
        if root is None:
            self.error = component.errorString().strip() or "the keyboard panel did not load"
            self.view = view
            view.hide()
            return False
        view.setContent(url, component, root)
        self._component = component  # the view does not own it
        self.view = view
        self._row.addStretch(1)
        self._row.addWidget(view)
        self._row.addStretch(1)
        parent = self.parentWidget()
        self.fit(parent.size() if parent else self.size())
        return True

    @property
    def ready(self) -> bool:
        view = self.view
        root = view.rootObject() if view is not None and self.loaded else None
        return bool(root is not None and root.property("ready"))

    @property
    def status(self):
        return None if self.view is None else self.view.status()

    def fit(self, window_size) -> None:
        """Size the panel for the window: full width unless that would make it taller than
        MAX_SHARE_OF_HEIGHT of the window."""
        if self.view is None or self.error:
            return
        width = min(window_size.width(),
                    int(window_size.height() * MAX_SHARE_OF_HEIGHT / ASPECT))
        height = round(width * ASPECT)
        root = self.view.rootObject()
        if root is not None:
            self.view.setFixedWidth(width)
            root.setProperty("width", width)
            measured = root.property("panelHeight")
            if measured:
                height = round(float(measured))
        self.view.setFixedSize(width, height)
        self.setFixedHeight(height)

    def request(self) -> None:
        """Show the keyboard for the focused text field. The input method only reports
        itself visible once a panel exists, so the panel is made first; a panel made after
        the field took focus learns of the field only when focus arrives again."""
        fresh = self.view is None
        if not self.load():
            return
        field = QApplication.focusWidget()
        if fresh and field is not None:
            field.clearFocus()
            field.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)  # comes back here, not fresh
            return
        QGuiApplication.inputMethod().show()

    def dismiss(self) -> None:
        QGuiApplication.inputMethod().hide()

    def _follow_input_method(self) -> None:
        if QGuiApplication.inputMethod().isVisible():
            if self.load():
                self.show()
                self.shown.emit()
        elif self.isVisible():
            self.hide()
            self.hidden.emit()
