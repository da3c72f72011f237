"""Start the kiosk: open the store, load the decks, show the table's screens.

Only what the start screen needs is imported or read on the way to it: the store's lock is
taken first (a second kiosk is refused before anything shows), the start screen is built
from a glance at kiosk.json and drafts.json, and the Store proper (TinyDB) opens just after
the first frame — never reading the saved rankings. The facilitator's area (with pyqtgraph)
is imported only after the PIN.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from kiosk import APP_NAME, __version__

KEYBOARD_PRELOAD_MS = 1500
# After the first frame: a moment for the window system to put it on screen, and still far
# sooner than a hand can reach "Start" (a write before then opens the Store on the spot).
STORE_OPEN_DELAY_MS = 50


def configure_environment() -> None:
    """Qt Virtual Keyboard for typing on a touch-only kiosk — unless the person running it
    chose another input method. Must happen before the QApplication exists."""
    if not os.environ.get("QT_IM_MODULE"):
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    if os.environ["QT_IM_MODULE"] == "qtvirtualkeyboard":
        # the keyboard lives inside our window, not in a top-level window of its own
        os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")


def report(message: str) -> None:
    """A clear message instead of a traceback: on stderr, and in a dialog on a real screen."""
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() in ("offscreen", "minimal", ""):
        return
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "The kiosk cannot start", message)
    font = box.font()
    font.setPointSizeF(max(font.pointSizeF(), 14))
    box.setFont(font)
    box.exec()


def _log_uncaught(data_dir: Path):
    def hook(kind, value, tb) -> None:
        import traceback

        text = "".join(traceback.format_exception(kind, value, tb))
        print(text, file=sys.stderr)
        from kiosk.outputs import open_append

        try:  # never through a symlink planted under the log's name
            with open_append(data_dir / "kiosk-errors.log") as log:
                log.write(text + "\n")
        except OSError:
            pass
    return hook


class Launched:
    """The running kiosk: its window, the store it holds open, and its room link."""

    def __init__(self, window: Any, store: Any, shared: Any):
        self.window = window  # KioskWindow
        self.store = store  # kiosk.storage.glance.OpeningStore
        self.shared = shared  # kiosk.services.shared_store.SharedStore over it
        self.room_link: Any = None  # kiosk.ui.room_link.RoomLink, once the store is open

    def close(self) -> None:
        if self.room_link is not None:
            self.room_link.stop()  # Syncthing stops with the kiosk, never left running
        with self.shared.lock:  # an export or import still running: between two store calls
            self.store.close()


def screen_theme(app, windowed: bool):
    """The theme for the screen the kiosk fills (or the window's size when windowed)."""
    from kiosk.ui.theme import Theme

    screen = app.primaryScreen()
    size = screen.geometry().size() if screen is not None else None
    width, height = (size.width(), size.height()) if size is not None else (1920, 1080)
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not 72 <= dpi <= 400:  # some screens report nonsense; 96 is the safe guess
        dpi = 96.0
    if windowed:
        available = screen.availableGeometry().size() if screen is not None else None
        aw, ah = (available.width(), available.height()) if available else (width, height)
        width, height = min(1600, int(aw * 0.9)), min(900, int(ah * 0.9))
        width, height = max(width, 1024), max(height, 640)
    return Theme.for_size(width, height, dpi), (width, height)


def launch(app, data_dir: Path, windowed: bool, sync_port: int = 22000) -> Launched | int:
    """Open everything and show the start screen; an exit status when that is impossible."""
    from kiosk.services.catalog import load_catalog
    from kiosk.services.shared_store import SharedStore
    from kiosk.services.table_session import TableSession
    from kiosk.storage.errors import StoreError, StoreLocked
    from kiosk.storage.glance import OpeningStore
    from kiosk.ui.shell import KioskWindow

    try:
        store = OpeningStore.begin(data_dir)
    except StoreLocked as exc:
        report(f"{exc}")
        return 2
    except StoreError as exc:
        report(f"The kiosk's data in {data_dir} cannot be opened: {exc}")
        return 2
    # Every user of the store from here on, on any thread, goes through its one lock.
    shared = SharedStore(store)
    try:
        catalog = load_catalog(data_dir, cache=True)  # the folder's lock is held
        session = TableSession(shared, catalog)
    except (StoreError, OSError) as exc:
        store.close()
        report(f"The kiosk's data in {data_dir} cannot be used: {exc}")
        return 2
    theme, size = screen_theme(app, windowed)

    launched: Launched | None = None

    def open_facilitator(parent):
        from kiosk.ui.facilitator import open_area

        room = launched.room_link.room if launched and launched.room_link else None
        return open_area(shared, session.catalog, theme, parent, room=room)

    window = KioskWindow(session, theme, kiosk_mode=not windowed,
                         open_facilitator=open_facilitator,
                         problems=list(store.problems) + list(catalog.problems))
    _log(list(store.problems) + list(catalog.problems) + list(session.problems))
    if windowed:
        window.resize(*size)
        window.show()
    else:
        # Without a window manager (a bare X session on a kiosk) the full-screen request is
        # not acted on, so the window is also given the whole screen's geometry itself.
        screen = app.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.geometry())
        window.showFullScreen()  # frameless and on top: see KioskWindow's kiosk mode
    from PySide6.QtCore import QTimer

    launched = Launched(window, store, shared)

    def finish_opening() -> None:
        if not store.is_open:
            _finish_opening(app, store, shared.lock, window, data_dir)
        if store.is_open and launched.room_link is None:
            launched.room_link = _join_room(data_dir, shared, session, window, sync_port)

    window.first_frame_shown.connect(
        lambda: QTimer.singleShot(STORE_OPEN_DELAY_MS, finish_opening))
    if window.keyboard is not None:
        # QML takes a moment to load: do it once the start screen is up, not before.
        QTimer.singleShot(KEYBOARD_PRELOAD_MS, window.keyboard.load)
    return launched


def _join_room(data_dir: Path, store: Any, session: Any, window: Any, sync_port: int):
    """The room link of a table's kiosk: its rankings and progress go to the hub it joined,
    the setup the hub sends is applied (on the start screen at once, else when the table
    is back there). Alone (in no room) it only watches for a join from the facilitator."""
    from kiosk.services.catalog import load_catalog
    from kiosk.services.room.progress import table_progress
    from kiosk.services.room.service import RoomService
    from kiosk.ui.room_link import RoomLink

    room = RoomService(data_dir, store, session.catalog, sync_port=sync_port)
    link = RoomLink(room, progress=lambda: table_progress(session, window.screen_name),
                    parent=window)

    def decks_arrived(_names: list) -> None:
        session.catalog = load_catalog(data_dir)
        room.intake.catalog = session.catalog

    def setup_arrived(changes: list) -> None:
        _log([f"the hub's setup was applied: {', '.join(changes)}"])
        if window.screen_name == "start":
            session.reload()
            window.show_start()
        else:
            window.flow.reload_when_back = True

    def problem(text: str) -> None:
        if text not in window.problems:  # told once, on the facilitator's attention line
            window.problems.append(text)
            if window.screen_name == "start":
                window.show_start()

    link.decks_arrived.connect(decks_arrived)
    link.setup_arrived.connect(setup_arrived)
    link.problem.connect(problem)
    link.start()
    return link


def _log(problems: list[str]) -> None:
    """What the facilitator is shown on screen goes to the service log (stderr) too."""
    for problem in problems:
        print(f"{APP_NAME}: {problem}", file=sys.stderr)


def _finish_opening(app, store: Any, lock: Any, window: Any, data_dir: Path) -> None:
    """Open the Store proper behind the start screen; what it finds is shown as at start.
    Under the store's `lock`: opened once, whichever thread asks for it first."""
    from kiosk.storage.errors import StoreError

    try:
        with lock:
            store.open()
    except StoreError as exc:
        report(f"The kiosk's data in {data_dir} cannot be opened: {exc}")
        window.leave()
        app.exit(2)
        return
    found = [p for p in store.problems if p not in window.problems]
    if found:
        _log(found)
        window.problems.extend(found)
        if window.screen_name == "start":
            window.show_start()


def launch_hub(app, data_dir: Path, windowed: bool, sync_port: int):
    """Open the hub's store and screens; an exit status when that is impossible."""
    from kiosk.services.catalog import load_catalog
    from kiosk.services.room.plenary_feed import PlenaryFeed
    from kiosk.services.room.service import RoomService
    from kiosk.services.shared_store import SharedStore
    from kiosk.services.table_session import TableSession
    from kiosk.storage import Store
    from kiosk.storage.errors import StoreError, StoreLocked
    from kiosk.ui.hub import HubWindow
    from kiosk.ui.room_link import RoomLink

    try:
        store = Store.open(data_dir)
    except StoreLocked as exc:
        report(f"{exc}")
        return 2
    except StoreError as exc:
        report(f"The hub's data in {data_dir} cannot be opened: {exc}")
        return 2
    catalog = load_catalog(data_dir)
    shared = SharedStore(store)  # the room's tick, the plenary screen and the area's workers
    session = TableSession(shared, catalog)  # the hub's own settings: workshop, sequence, PIN
    room = RoomService(data_dir, shared, catalog, hub=True, sync_port=sync_port)
    theme, size = screen_theme(app, windowed)
    problems = list(store.problems) + list(catalog.problems) + list(session.problems)
    for problem in problems:
        print(f"{APP_NAME}: {problem}", file=sys.stderr)

    def open_facilitator(parent):
        from kiosk.ui.facilitator import open_area

        return open_area(shared, session.catalog, theme, parent, room=room)

    window = HubWindow(PlenaryFeed(shared), session, room, theme, open_facilitator, problems)
    link = RoomLink(room, parent=window)
    link.rankings_arrived.connect(window.rankings_arrived)
    link.poll_runs_arrived.connect(window.rankings_arrived)  # the plenary shows polls too
    link.problem.connect(window.problems.append)
    if windowed:
        window.resize(*size)
        window.show()
    else:
        window.show_full_screen(app.primaryScreen())
    window.start()
    link.start()
    if window.keyboard is not None:  # QML takes a moment: loaded once the hub is up
        from PySide6.QtCore import QTimer

        QTimer.singleShot(KEYBOARD_PRELOAD_MS, window.keyboard.load)
    launched = Launched(window, store, shared)
    launched.room_link = link
    return launched


def _import_plain_start_path() -> None:
    """The start path's modules without Qt, imported before PySide6: once imported, PySide6
    reads the source of every module imported after it (for its `__feature__` switches)."""
    import kiosk.services.catalog
    import kiosk.services.table_session  # noqa: F401


def _quit_on_sigterm(app) -> None:
    """A service stop (SIGTERM) ends the event loop like "Leave kiosk": the room's
    Syncthing is stopped and the store closed on the way out. Python runs signal handlers
    only between bytecodes, so a light timer keeps it looking."""
    import signal

    from PySide6.QtCore import QTimer

    # exit(), not quit(): quit() first asks every window to close, and a kiosk's window
    # refuses (only "Leave kiosk" behind the PIN may close it).
    signal.signal(signal.SIGTERM, lambda *_: app.exit(0))
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def run(data_dir: Path, windowed: bool = False, hub: bool = False,
        sync_port: int = 22000) -> int:
    """The `kiosk` command's GUI: full screen and frameless, or in a normal window; with
    `hub`, the room's hub (kiosk.ui.hub)."""
    configure_environment()
    _import_plain_start_path()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    data_dir = Path(data_dir)
    if hub:
        launched = launch_hub(app, data_dir, windowed, sync_port)
    else:
        launched = launch(app, data_dir, windowed, sync_port)
    if isinstance(launched, int):
        return launched
    _quit_on_sigterm(app)
    previous_hook = sys.excepthook
    sys.excepthook = _log_uncaught(data_dir)
    launched.window.left.connect(app.quit)
    try:
        status = app.exec()
    finally:
        sys.excepthook = previous_hook
        launched.close()
    return status
