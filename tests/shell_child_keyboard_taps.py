"""Run in a child process by test_shell_keyboard.py (the input method must be chosen before
the QApplication exists): taps while the on-screen keyboard is up, delivered as the window
system delivers a finger's (press and release at one place in the window, the event loop
running in between), and what the keyboard does when nobody taps a field. Prints a JSON
report.

Usage: python shell_child_keyboard_taps.py criteria|next|setup|turned DATA_DIR WIDTH HEIGHT
[SHOT.png]
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

# (sets the platform and the input method, which only need to precede the QApplication)
from tests.shell_child_keyboard import settle, tap, tap_key, wait_until


def open_window(data_dir: Path, width: int, height: int, facilitator: bool = False):
    from kiosk.services.catalog import load_catalog
    from kiosk.services.table_session import TableSession
    from kiosk.storage import Store
    from kiosk.ui.shell import KioskWindow
    from kiosk.ui.shell.facilitator_frame import FacilitatorPlaceholder
    from kiosk.ui.theme import Theme

    store = Store.open(data_dir)
    catalog = load_catalog(data_dir)
    session = TableSession(store, catalog)
    theme = Theme.for_size(width, height)

    def area(parent):
        if not facilitator:
            return FacilitatorPlaceholder(theme, "-")
        from kiosk.ui.facilitator import open_area

        return open_area(store, catalog, theme, parent)

    window = KioskWindow(session, theme, kiosk_mode=False, open_facilitator=area)
    window.resize(width, height)
    window.show()
    wait_until(lambda: window.corner.watching)
    return window, store


TOUCH = []  # the touch screen, made once


def touch(window, widget) -> None:
    """A finger's touch on `widget` through the window: down, the kiosk reacting, up."""
    from PySide6.QtTest import QTest

    if not TOUCH:
        TOUCH.append(QTest.createTouchDevice())
    point = widget.mapTo(window, widget.rect().center())
    handle = window.windowHandle()
    QTest.touchEvent(handle, TOUCH[0]).press(0, point).commit()
    settle()
    QTest.touchEvent(handle, TOUCH[0]).release(0, point).commit()
    settle()


def scroll_to(widget) -> None:
    """Scroll the scroll areas holding `widget` until it shows (as a finger would)."""
    from PySide6.QtWidgets import QScrollArea

    settle()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 12)
        parent = parent.parentWidget()
    settle()


def keyboard_top(window) -> int:
    return window.keyboard.mapTo(window, window.keyboard.rect().topLeft()).y()


def field_bottom(window, field) -> int:
    return field.mapTo(window, field.rect().bottomLeft()).y()


def type_on_keys(window, text: str) -> bool:
    return all(tap_key(window.keyboard.view, letter) for letter in text)


def board_frames(window, rounds: int = 3) -> float:
    """Median milliseconds of one drag-move on the board and its repaint."""
    from benchmarks._board_drag import drag_frames

    return statistics.median(drag_frames(window, rounds, 20, window, settle)) * 1000


def to_criteria(window) -> None:
    ranking = window.board.ranking
    for slot, card in enumerate(ranking.cards):
        if ranking.slot_of(card) != slot:
            ranking.drop(card, slot)
    window.board.refresh(animate=False)
    window.board.done_requested.emit()
    settle()


def criteria(data_dir: Path, width: int, height: int, shot: str | None) -> dict:
    window, store = open_window(data_dir, width, height)
    keyboard = window.keyboard
    report: dict = {}
    tap(window, window.start_screen.start_button)
    report["frame_before_ms"] = board_frames(window)
    to_criteria(window)
    screen = window.criteria_screen
    ranking = window.board.ranking
    tap(window, screen.own_field)
    report["keyboard_up"] = wait_until(lambda: keyboard.ready and keyboard.isVisible())
    report["typed"] = type_on_keys(window, "trust")
    report["text"] = screen.own_field.text()
    # Add, tapped once while the keyboard is up
    tap(window, screen.add_button)
    report["after_add"] = [c.text for c in ranking.criteria]
    report["field_after_add"] = screen.own_field.text()
    report["keyboard_after_add"] = keyboard.isVisible()
    report["field_above_keyboard_after_add"] = \
        field_bottom(window, screen.own_field) <= keyboard_top(window)
    # the ★ of that criterion, tapped once while the keyboard is still up
    if report["after_add"]:
        tap(window, screen.stars[report["after_add"][0]])
    report["primary_after_star"] = ranking.primary
    # a suggestion's chip, tapped once while the keyboard is still up
    chip_text, chip = next(iter(screen.chips.items()))
    chip_visible = chip.visibleRegion().boundingRect().contains(chip.rect().center())
    if chip_visible:
        tap(window, chip)
    report["chip_tapped"] = chip_visible
    report["chip_added"] = chip_text in [c.text for c in ranking.criteria]
    # a finger on a touch screen: another typed, Add touched (Qt makes the touch a mouse
    # press and release for the button)
    report["typed_for_touch"] = type_on_keys(window, "care")
    touch(window, screen.add_button)
    report["after_touch_add"] = [c.text for c in ranking.criteria]
    report["surface_with_keyboard"] = window.windowHandle().surfaceType().name
    if shot:
        window.grab().save(shot)
    # Save while the keyboard is up: the saved screen, then the next lens's board and
    # criteria, where nobody has tapped a field
    tap(window, screen.save_button)
    report["saved_screen"] = window.screen_name
    report["saved"] = [(r.lens, r.primary) for r in store.list_rankings()]
    wait_until(lambda: not keyboard.isVisible(), 2000)
    report["keyboard_on_saved_screen"] = keyboard.isVisible()
    tap(window, window.saved_screen.go_button)
    report["next_screen"] = window.screen_name
    report["frame_after_ms"] = board_frames(window)
    report["surface_after"] = window.windowHandle().surfaceType().name
    from PySide6.QtQuick import QQuickWindow

    # what Qt Quick was asked to draw with (offscreen has no OpenGL and falls back to
    # software whatever is asked; a real screen gives what is asked)
    report["quick_backend"] = QQuickWindow.sceneGraphBackend()
    window.leave()
    store.close()
    return report


def next_lens(data_dir: Path, width: int, height: int, shot: str | None) -> dict:
    """The own-words field keeps focus to the end of a lens (typed, added with the keys'
    Enter, then Save tapped); the next lens's criteria screen comes with nobody tapping."""
    window, store = open_window(data_dir, width, height)
    keyboard = window.keyboard
    report: dict = {}
    tap(window, window.start_screen.start_button)
    to_criteria(window)
    screen = window.criteria_screen
    tap(window, screen.own_field)
    report["keyboard_up"] = wait_until(lambda: keyboard.ready and keyboard.isVisible())
    report["typed"] = type_on_keys(window, "trust") and tap_key(keyboard.view, "\n")
    report["added"] = [c.text for c in window.board.ranking.criteria]
    report["field_focus_at_save"] = screen.own_field.hasFocus()
    tap(window, screen.save_button)
    report["saved_screen"] = window.screen_name
    tap(window, window.saved_screen.go_button)
    to_criteria(window)
    settle()  # what the screen change set going has run (it all runs from its events)
    report["second_screen"] = window.screen_name
    report["second_lens"] = window.board.ranking.lens if window.board else None
    report["keyboard_by_itself"] = keyboard.isVisible() or \
        QGuiApplication.inputMethod().isVisible()
    report["field_focus"] = screen.own_field.hasFocus()
    if shot:
        window.grab().save(shot)
    # a tap on the field still calls the keyboard up
    tap(window, screen.own_field)
    report["keyboard_on_tap"] = wait_until(lambda: keyboard.isVisible())
    window.leave()
    store.close()
    return report


def setup(data_dir: Path, width: int, height: int, shot: str | None) -> dict:
    window, store = open_window(data_dir, width, height, facilitator=True)
    keyboard = window.keyboard
    report: dict = {}
    window.open_facilitator()
    settle()
    area = window.facilitator.area
    area.tabs.setCurrentWidget(area.setup_tab)
    settle()
    tab = area.setup_tab
    # the lowest text field on screen, tapped: it must end up above the keyboard
    fields = [tab.name_edit, tab.place_edit, tab.table_edit, tab.kiosk_edit, tab.pin_edit,
              tab.confirm_edit]
    shown = [f for f in fields if not f.visibleRegion().isEmpty()
             and field_bottom(window, f) <= window.height()]
    lowest = max(shown, key=lambda f: field_bottom(window, f))
    report["lowest"] = lowest.placeholderText()
    report["lowest_bottom_before"] = field_bottom(window, lowest)
    tap(window, lowest, lowest.rect().center())
    report["keyboard_up"] = wait_until(lambda: keyboard.ready and keyboard.isVisible())
    settle()
    report["keyboard_top"] = keyboard_top(window)
    report["lowest_bottom"] = field_bottom(window, lowest)
    report["lowest_above_keyboard"] = field_bottom(window, lowest) <= keyboard_top(window) \
        and not lowest.visibleRegion().isEmpty()
    if shot:
        window.grab().save(shot)
    typed = type_on_keys(window, "3" if lowest in (tab.pin_edit, tab.confirm_edit) else "x")
    report["typed_into_lowest"] = typed and bool(lowest.text())
    # a workshop typed in on the keys, then "Add workshop" tapped once (a button that takes
    # focus on the press, so the input method goes while the finger is down)
    tab.new_workshop()
    tap(window, tab.name_edit)
    wait_until(lambda: keyboard.isVisible())
    report["typed_name"] = type_on_keys(window, "leeds") and tab.name_edit.text()
    before = len(list(tab._service.workshops.all()))
    scroll_to(tab.save_workshop_button)  # the page dragged up to show the button
    report["save_button_above_keyboard"] = \
        field_bottom(window, tab.save_workshop_button) <= keyboard_top(window)
    tap(window, tab.save_workshop_button)
    report["workshop_added"] = len(list(tab._service.workshops.all())) == before + 1
    wait_until(lambda: not keyboard.isVisible(), 2000)
    report["keyboard_after_save"] = keyboard.isVisible()
    # "Use at this kiosk" for it: focus must not jump into the table label
    tab.table_edit.setText("Table 3")
    scroll_to(tab.use_button)  # Setup's buttons wrap two by two: it may be below the fold
    if tab.use_button.isEnabled():
        tap(window, tab.use_button)
    settle()
    report["in_use"] = tab._service.setup.settings().workshop_id == tab._editing
    report["table_label_focus"] = tab.table_edit.hasFocus()
    report["table_label_selected"] = tab.table_edit.selectedText()
    report["keyboard_after_use"] = keyboard.isVisible() or \
        QGuiApplication.inputMethod().isVisible()
    # a field typed in, then another tab and Setup again, each tapped: the tab's page gives
    # the field its focus back under a press on the tab bar, which is no tap on the field
    tap(window, tab.place_edit)
    report["keyboard_for_place"] = wait_until(lambda: keyboard.isVisible())
    bar = area.tabs.tabBar()
    tap(window, bar, bar.tabRect(1).center())
    wait_until(lambda: not keyboard.isVisible(), 2000)
    tap(window, bar, bar.tabRect(area.tabs.indexOf(tab)).center())
    settle()  # what the change set going has run (it all runs from its events)
    report["back_on_setup"] = area.tabs.currentWidget() is tab
    report["keyboard_after_tabs"] = keyboard.isVisible() or \
        QGuiApplication.inputMethod().isVisible()
    window.leave()
    store.close()
    return report


def drawn_at(window, widget, point: QPoint | None = None) -> QPoint:
    """Where `point` of `widget` (its centre by default) is drawn in the window, also on a
    turned screen (whose widgets are shown through a graphics view)."""
    point = widget.rect().center() if point is None else point
    top = widget.window()
    proxy = top.graphicsProxyWidget()
    if proxy is None:
        return widget.mapTo(window, point)
    in_top = widget.mapTo(top, point)
    view = proxy.scene().views()[0]
    return view.viewport().mapTo(window, view.mapFromScene(proxy.mapToScene(QPointF(in_top))))


def drawn_rect(window, widget, rect: QRect | None = None) -> QRect:
    """The window's rectangle where `widget` (or its `rect`) is drawn, upright or turned."""
    rect = widget.rect() if rect is None else rect
    corners = [drawn_at(window, widget, p) for p in (rect.topLeft(), rect.bottomRight())]
    xs, ys = sorted(c.x() for c in corners), sorted(c.y() for c in corners)
    return QRect(QPoint(xs[0], ys[0]), QPoint(xs[1], ys[1]))


def tap_drawn(window, widget, at: QPoint | None = None) -> None:
    """A finger's tap where `widget` (its point `at`, or its centre) is seen in the window
    (press, the kiosk reacting, release), sent to the window, not to the widget."""
    point = drawn_at(window, widget, at)
    handle = window.windowHandle()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    settle()
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       point)
    settle()


def panel_of(view):
    """The InputPanel item in the keyboard's view (the root item's only visible child)."""
    return next(c for c in view.rootObject().childItems() if c.property("active") is not None)


def key_seen_at(view, text: str, turned: bool) -> QPoint | None:
    """Where the key showing `text` is seen in the keyboard's view, worked out from its place
    on the upright keyboard: turned half round about the panel's centre, a point (x, y) of
    the panel is seen at (width - x, height - y). Not Qt's own mapping of the item, so a
    keyboard drawn turned but taken as upright (or the reverse) types other keys."""
    from tests.shell_child_keyboard import find_key

    key = find_key(view.rootObject(), text)
    if key is None:
        return None
    panel = panel_of(view)
    local = key.mapToItem(panel, QPointF(key.width() / 2, key.height() / 2))
    if turned:
        local = QPointF(panel.width() - local.x(), panel.height() - local.y())
    return QPoint(round(panel.x() + local.x()), round(panel.y() + local.y()))


def tap_seen_key(view, text: str, turned: bool) -> bool:
    """A finger's tap (press, the kiosk reacting, release) where the key is seen."""
    at = key_seen_at(view, text, turned)
    if at is None:
        return False
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    settle()
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    settle()
    return True


def keyboard_state(window) -> dict:
    """Where the keyboard is in the window and which way it faces."""
    keyboard = window.keyboard
    view = keyboard.view
    if view is None or view.rootObject() is None:
        return {"visible": False, "loaded": False}
    rect = QRect(keyboard.mapTo(window, QPoint(0, 0)), keyboard.size())
    panel = panel_of(view)
    from tests.shell_child_keyboard import find_key

    def seen_x(text: str) -> float:
        key = find_key(view.rootObject(), text)
        return key.mapToScene(QPointF(key.width() / 2, key.height() / 2)).x()

    stack = window.screens.stack
    return {"visible": keyboard.isVisible(), "top": rect.top(), "bottom": rect.bottom() + 1,
            "height": rect.height(), "rotation": panel.property("rotation"),
            "q_left_of_p": seen_x("q") < seen_x("p"),
            "screens_top": stack.mapTo(window, QPoint(0, 0)).y(),
            "screens_bottom": stack.mapTo(window, QPoint(0, stack.height())).y()}


def turned(data_dir: Path, width: int, height: int, shot: str | None) -> dict:
    """The own-words field tapped on a turned criteria screen: the keyboard comes at that
    screen's bottom edge (the window's top) turned half round, and its keys, tapped where
    they are seen, type what they show; turned back, it is upright at the bottom again."""
    window, store = open_window(data_dir, width, height)
    keyboard = window.keyboard
    report: dict = {"window_height": window.height()}
    tap(window, window.start_screen.start_button)
    window.board.set_rotated(True)  # "Turn board"
    to_criteria(window)
    screen = window.criteria_screen
    field = screen.own_field
    report["screen_turned"] = field.window() is not window
    tap_drawn(window, field)
    report["keyboard_up"] = wait_until(lambda: keyboard.ready and keyboard.isVisible())
    settle()
    report["turned"] = keyboard_state(window)
    if not report["keyboard_up"]:
        window.leave()
        store.close()
        return report
    report["typed"] = all(tap_seen_key(keyboard.view, c, True) for c in "trust")
    report["text"] = field.text()
    seen = drawn_rect(window, field)
    report["field_top"], report["field_bottom"] = seen.top(), seen.bottom() + 1
    report["field_shown"] = not field.visibleRegion().isEmpty()
    if shot:
        window.grab().save(shot)
    report["entered"] = tap_seen_key(keyboard.view, "\n", True)
    report["criteria"] = [c.text for c in window.board.ranking.criteria]
    report["field_focus"] = field.hasFocus()
    # the note field, tapped while the keyboard is up: typed on the same turned keys
    note = screen.note_field
    scroll_to(note)  # the screen dragged to show its first line (the rest may be hidden)
    tap_drawn(window, note, QPoint(note.width() // 2, 12))
    settle()
    report["note_focus"] = note.hasFocus()
    report["note_keyboard"] = keyboard_state(window)
    report["typed_note"] = all(tap_seen_key(keyboard.view, c, True) for c in "ok")
    report["note"] = note.toPlainText()
    seen = drawn_rect(window, note.viewport(), note.cursorRect())  # the line typed on
    report["note_line_top"], report["note_line_bottom"] = seen.top(), seen.bottom() + 1
    report["note_shown"] = not note.visibleRegion().isEmpty()
    # the table turns back (the screen's own Turn), then the field is tapped again
    tap_drawn(window, screen.turn_button)
    report["screen_upright"] = field.window() is window
    settle()
    report["after_turn"] = keyboard_state(window)
    tap_drawn(window, field)
    report["keyboard_up_upright"] = wait_until(lambda: keyboard.ready and keyboard.isVisible())
    settle()
    report["upright"] = keyboard_state(window)
    report["typed_upright"] = all(tap_seen_key(keyboard.view, c, False) for c in "care")
    report["text_upright"] = field.text()
    seen = drawn_rect(window, field)
    report["upright_field_bottom"] = seen.bottom() + 1
    window.leave()
    store.close()
    return report


def main() -> int:
    scenario, data_dir = sys.argv[1], Path(sys.argv[2])
    width, height = int(sys.argv[3]), int(sys.argv[4])
    shot = sys.argv[5] if len(sys.argv) > 5 else None
    app = QApplication([])  # noqa: F841 - kept alive for the whole run
    run = {"criteria": criteria, "next": next_lens, "setup": setup,
           "turned": turned}[scenario]
    print(json.dumps(run(data_dir, width, height, shot)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
