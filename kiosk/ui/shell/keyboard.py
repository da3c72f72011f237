"""Typing on a touch-only kiosk: Qt Virtual Keyboard's QML `InputPanel`, hosted in a
QQuickWidget at the bottom of the main window.

Qt Virtual Keyboard serves widgets as well as QML: with QT_IM_MODULE=qtvirtualkeyboard its
platform input-context plugin sends the keys to whatever widget has focus (a QLineEdit or
QPlainTextEdit here). QT_VIRTUALKEYBOARD_DESKTOP_DISABLE=1 stops the plugin opening its own
top-level keyboard window, which a frameless full-screen kiosk would hide; instead this panel
lives inside the window, below the screens, and shows while `Qt.inputMethod` is visible.
The QQuickWidget never takes focus, so the text field keeps it while keys are tapped.

Qt Quick draws the panel with its software renderer. A QQuickWidget drawn through the GPU
API (Qt's default) turns the whole top-level window into one composited through that API,
for good: every later frame of the board pays for it, and without a GPU (Mesa's software
OpenGL) that is several times the board's own cost (benchmarks/README.md). Drawn in software
the panel is one more raster widget, and the window keeps Qt's plain raster path.

A field for digits only (a PIN) gets the keyboard's number pad with its space, "." and
language keys left blank and unusable: a PIN is digits.

On a turned screen (kiosk.ui.shell.turn) the panel is turned half round in Qt Quick
(`turned`), so it faces the people typing; Qt Quick maps a tap through the item's rotation,
so the key under the finger is the key typed. The dock puts the strip at that screen's
bottom edge, the window's top.

A press elsewhere can take the input method away (its field loses focus); the strip then
stays until the finger is lifted, so nothing under that finger moves between the press and
the release and the tap lands where it was aimed (the layout closes up after it).

Qt Virtual Keyboard's own QML says two things on every start that are about its own files,
not ours: one under the category `qt.qml.propertyCache.append` (its PopupList) and one,
under no category, that a binding reads QLineEdit's echoMode (which has no change signal).
Both are silenced where they are made, when the panel loads: the first by a logging rule
(QT_LOGGING_RULES still wins), the second by a message filter that lets everything else
through unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from kiosk.ui.enum_property import set_enum_property

if TYPE_CHECKING:
    from PySide6.QtQuickWidgets import QQuickWidget

IM_MODULE = "qtvirtualkeyboard"
# Widgets that take typed text (a tap on one calls up the on-screen keyboard); by class name,
# which costs nothing at start-up, unlike importing their Python types
TEXT_FIELDS = ("QLineEdit", "QPlainTextEdit", "QTextEdit", "QAbstractSpinBox")
RELEASE_POLL_MS = 15  # while a finger that took the field's focus away is still down
# What Qt Virtual Keyboard's own QML says about its own files (see the module's note)
QUIET_CATEGORIES = ("qt.qml.propertyCache.append", "qt.multimedia.symbolsresolver")
OWN_QML = "qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/"
NON_BINDABLE = "depends on non-bindable properties:"
ASPECT = 0.313  # the default style's height / width
MAX_SHARE_OF_HEIGHT = 0.42  # leave the field being typed in, and the screen, visible
PANEL_QML = b"""
import QtQuick
import QtQuick.VirtualKeyboard

Item {
    id: root
    property real panelHeight: panel.height
    // turned half round, for a screen turned to face the far side of the table
    property bool turned: false
    // the keys type only once the keyboard has chosen its input method
    property bool ready: panel.active && InputContext.inputEngine.inputMethod !== null
    InputPanel {
        id: panel
        width: root.width
        anchors.bottom: root.bottom
        transformOrigin: Item.Center
        rotation: root.turned ? 180 : 0
    }
    // A PIN field asks for digits only: its number pad keeps no key a PIN cannot hold
    // (space, the decimal point, the language); they are left blank, so the digits stay
    // where they are
    function notForDigits(key) {
        return key.key === Qt.Key_Space || key.key === Qt.Key_Period
            || key.key === Qt.Key_Comma || key.hasOwnProperty("customLayoutsOnly")
    }
    function digitsOnly(item, only) {
        for (var i = 0; i < item.children.length; ++i) {
            var key = item.children[i]
            if (key.hasOwnProperty("displayText") && key.hasOwnProperty("key")
                    && notForDigits(key)) {
                if (only && key.opacity !== 0) {
                    key.opacity = 0
                    key.enabled = false
                } else if (!only && key.opacity === 0) {
                    key.opacity = 1
                    key.enabled = true
                }
            }
            digitsOnly(key, only)
        }
    }
    function tidyKeys() {
        var layout = panel.keyboard.keyboardLayoutLoader.item
        if (layout)
            digitsOnly(layout, panel.keyboard.digitsOnly)
    }
    Connections {
        target: panel.keyboard.keyboardLayoutLoader
        function onItemChanged() { Qt.callLater(root.tidyKeys) }
    }
    Connections {
        target: panel.keyboard
        function onDigitsOnlyChanged() { Qt.callLater(root.tidyKeys) }
    }
}
"""


def virtual_keyboard_wanted() -> bool:
    """True when the app runs with Qt Virtual Keyboard as its input method."""
    return os.environ.get("QT_IM_MODULE") == IM_MODULE


def is_text_field(widget: QWidget | None) -> bool:
    """A widget that takes typed text (the type first: a button taking focus as the window
    opens must not be the first use of the Qt enums, see kiosk.ui.shell.window)."""
    return widget is not None and any(map(widget.inherits, TEXT_FIELDS)) and \
        widget.testAttribute(QtCore.Qt.WidgetAttribute.WA_InputMethodEnabled)


def pointer_down() -> bool:
    """A mouse button (or a finger, which Qt turns into one for widgets) is held down."""
    return QGuiApplication.mouseButtons() != QtCore.Qt.MouseButton.NoButton


class _OwnQmlFilter:
    """Drops Qt Virtual Keyboard's message about its own binding on QLineEdit's echoMode
    (a first line naming its QML file, then the properties, each indented) and hands every
    other message on as it came."""

    def __init__(self) -> None:
        self._previous: Callable[..., Any] | None = None
        self._dropping = False

    def install(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        self._previous = qInstallMessageHandler(self)

    def __call__(self, kind, context, message: str) -> None:
        if message.startswith("QQmlExpression: Expression ") and OWN_QML in message \
                and message.endswith(NON_BINDABLE):
            self._dropping = True
            return
        if self._dropping and message.startswith("    ") and "::" in message:
            return
        self._dropping = False
        if self._previous is not None:
            self._previous(kind, context, message)
            return
        import sys

        from PySide6.QtCore import qFormatLogMessage

        print(qFormatLogMessage(kind, context, message), file=sys.stderr, flush=True)


_quieted = False


def _quiet_own_qml() -> None:
    global _quieted
    if _quieted:
        return
    _quieted = True
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules("\n".join(f"{c}.warning=false" for c in QUIET_CATEGORIES))
    _OwnQmlFilter().install()


def _software_quick() -> None:
    """Qt Quick's software renderer for the panel (see the module's note). Only takes
    effect before the process's first Qt Quick window, which the panel is."""
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)


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
        self.turned = False  # turned half round, for a turned screen
        self.error = ""
        self._release_poll: QTimer | None = None  # made when first needed
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

        _software_quick()
        _quiet_own_qml()
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
        root.setProperty("turned", self.turned)
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

    def set_turned(self, turned: bool) -> None:
        """Face the far side of the table (turned half round), or upright."""
        self.turned = turned
        root = self.view.rootObject() if self.view is not None and self.loaded else None
        if root is not None:
            root.setProperty("turned", turned)

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
            field.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        QGuiApplication.inputMethod().show()

    def dismiss(self) -> None:
        QGuiApplication.inputMethod().hide()

    def _follow_input_method(self) -> None:
        if QGuiApplication.inputMethod().isVisible():
            if self._release_poll is not None:
                self._release_poll.stop()
            if self.load():
                self.show()
                self.shown.emit()
        elif self.isVisible():
            if pointer_down():
                self._wait_for_release()
                return
            self.hide()
            self.hidden.emit()

    def _wait_for_release(self) -> None:
        """Hide once no button is down: by then the release has been delivered (Qt updates
        its buttons as it takes the release in, and a timer runs only between events), so
        the tap has done what it does before the layout closes up."""
        if self._release_poll is None:
            self._release_poll = QTimer(self)
            self._release_poll.setInterval(RELEASE_POLL_MS)
            self._release_poll.timeout.connect(self._released)
        self._release_poll.start()

    def _released(self) -> None:
        if pointer_down():
            return
        assert self._release_poll is not None
        self._release_poll.stop()
        self._follow_input_method()
