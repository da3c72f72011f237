"""The on-screen keyboard in the window: docked below the screens, called up when a person
taps a text field and sent away when focus moves elsewhere; while it shows, the criteria
screen goes compact and the field being typed in is scrolled into view above it.

The keyboard faces the way the screen being typed on faces: for a field on a turned screen
(kiosk.ui.shell.turn) it is turned half round and docked above the screens, at the window's
top edge, which is that screen's bottom edge; the field is then kept in view beside it the
same way (the scroll areas are the turned screen's own). For an upright field it is upright
below the screens again.

The input method follows the field it types into (its text and cursor: the keyboard's
capital at the start of a sentence, and no other) through the window's focus object. On a
turned screen that is the screen's view, which hands the input method's questions on to the
field, but Qt tells the input method of a field's changes only for the focus object itself;
the dock passes on the changes of a turned screen's field while the keyboard types into it.

Only a tap calls the keyboard up: focus that arrives in a field by itself (a screen coming
back with the field it last had, a button that disappears under the finger and hands focus
on) leaves the keyboard as it was, so it never covers half the screen unasked.

The hub's window (kiosk.ui.hub) docks the same keyboard below its own stack: it has no
table screens (`screens` None), so nothing there turns or goes compact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QBoxLayout, QScrollArea, QWidget

from kiosk.ui.shell.keyboard import OnScreenKeyboard, is_text_field, pointer_down

if TYPE_CHECKING:
    from kiosk.ui.shell.criteria_screen import CriteriaScreen
    from kiosk.ui.shell.screens import TableScreens


def _application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)  # the window is a widget: the app is a QApplication
    return app


def settle_layouts() -> None:
    """Apply the layout changes waiting in the event queue now (a layout applied can ask for
    its parent's in turn), so geometry read next is what will be on screen."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def keep_in_view(field: QWidget, margin: int) -> None:
    """Scroll every scroll area holding `field`, innermost first, to show it whole."""
    settle_layouts()
    parent = field.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(field, 0, margin)
        parent = parent.parentWidget()


class KeyboardDock:
    """The keyboard at the end of `layout` (the window's, below what it docks under); the
    table's `screens`, when there are any, for their turned fields and criteria screen."""

    def __init__(self, window: QWidget, layout: QBoxLayout,
                 screens: TableScreens | None = None):
        self._window = window
        self._screens = screens
        self._layout = layout
        self.keyboard = OnScreenKeyboard(window)
        layout.addWidget(self.keyboard)
        self.keyboard.shown.connect(self._shown)
        self.keyboard.hidden.connect(self._hidden)
        _application().focusChanged.connect(self._focus_changed)
        if screens is not None:
            screens.on_turned_field_tapped(self._turned_field_tapped)
        self._followed: QWidget | None = None  # a turned screen's field, its changes passed on
        self._attached = True
        # A window dropped without closing (a kiosk's window refuses to close, so at a
        # service stop it is simply deleted at the end): `destroyed` comes only once its
        # children are gone, and focus leaving them is heard before that, from a window
        # already half deleted, so `_focus_changed` checks it is still there.
        window.destroyed.connect(self.detach)

    def fit(self, size: QSize) -> None:
        self.keyboard.fit(size)

    def detach(self) -> None:
        if self._attached:
            self._attached = False
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.focusChanged.disconnect(self._focus_changed)
            self._follow_field(None)

    def _inside(self, widget: QWidget) -> bool:
        if self._window.isAncestorOf(widget):
            return True
        from kiosk.ui.shell.turn import in_window  # a field on a turned screen counts

        return in_window(self._window, widget)

    def _window_gone(self) -> bool:
        import shiboken6

        if shiboken6.isValid(self._window) and shiboken6.isValid(self.keyboard):
            return False
        self.detach()
        return True

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._window_gone():
            return
        if new is None:
            if old is not None and self._inside(old):
                self.keyboard.dismiss()  # the field let go of focus (a screen changed)
            return
        if not self._inside(new):
            return
        if is_text_field(new):
            if self.keyboard.isVisible():
                self._typing_into(new)  # e.g. the screen turned round under the keyboard
            # a press on the field itself: a person tapped it (a press elsewhere can hand a
            # field focus too, e.g. a tab whose page last had it)
            if pointer_down() and new.underMouse():
                self.keyboard.request()
        else:
            self.keyboard.dismiss()

    def _turned_field_tapped(self, field: QWidget) -> None:
        """A press on a field of a turned screen gave it focus (the page found the field
        under the press): as a tap on an upright field, it calls the keyboard up."""
        if is_text_field(field) and pointer_down() and self._inside(field):
            self.keyboard.request()
            if self.keyboard.isVisible():
                self._typing_into(field)  # (it was up already: another field of the screen)

    def _typing_into(self, field: QWidget) -> None:
        """The keyboard types into `field`: it faces that field's screen, and the input
        method follows the field."""
        from kiosk.ui.shell.turn import faces_far_side

        self._face(field)
        self._follow_field(field if faces_far_side(field) else None)

    def _face(self, field: QWidget) -> None:
        """Turn the keyboard the way `field`'s screen faces, and dock it at that screen's
        bottom edge: below the screens upright, above them (the window's top) turned."""
        from kiosk.ui.shell.turn import faces_far_side

        turned = faces_far_side(field)
        keyboard, layout = self.keyboard, self._layout
        at = layout.indexOf(keyboard)
        wanted = 0 if turned else layout.count() - 1
        if keyboard.turned == turned and at == wanted:
            return
        keyboard.set_turned(turned)
        if at != wanted:
            layout.removeWidget(keyboard)
            layout.insertWidget(wanted, keyboard)

    def _follow_field(self, field: QWidget | None) -> None:
        """Pass `field`'s changes on to the input method (a field on a turned screen: see
        the module's note), and no longer those of the one before."""
        if field is self._followed:
            return
        try:
            for signal in self._changes(self._followed):
                signal.disconnect(self._field_changed)
        except RuntimeError:  # the field has gone (and its connections with it)
            pass
        self._followed = field
        for signal in self._changes(field):
            signal.connect(self._field_changed)
        if field is not None:
            self._field_changed()

    @staticmethod
    def _changes(field: QWidget | None) -> list:
        if field is None:
            return []
        names = ("textChanged", "cursorPositionChanged", "selectionChanged")
        return [getattr(field, name) for name in names if hasattr(field, name)]

    def _field_changed(self) -> None:
        QGuiApplication.inputMethod().update(QtCore.Qt.InputMethodQuery.ImQueryAll)

    def _shown(self) -> None:
        field = QApplication.focusWidget()
        if field is not None and not is_text_field(field):
            from kiosk.ui.shell.turn import passed_on_to

            field = passed_on_to(field)  # the field on a turned screen
        self.keyboard.fit(self._window.size())
        criteria = self._criteria()
        if criteria is not None:
            criteria.set_compact(True)
        if field is not None and is_text_field(field) and self._inside(field):
            self._typing_into(field)
            keep_in_view(field, max(field.height() // 2, 12))

    def _hidden(self) -> None:
        self._follow_field(None)
        criteria = self._criteria()
        if criteria is not None:
            criteria.set_compact(False)

    def _criteria(self) -> CriteriaScreen | None:
        return None if self._screens is None else self._screens.criteria_if_built()
