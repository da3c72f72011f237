"""Choosing a folder or a file to export to, import from or save a chart or report in.

At a kiosk (full screen, touch) this is a finger-sized chooser inside the window — it
covers the screen the facilitator is on, not the on-screen keyboard docked below it, so the
name field can be typed into. It lists the removable drives mounted now first (a USB stick),
then the kiosk's own exports folder and home (kiosk.services.drives); folders open with a
tap, "+ New folder" makes one (kiosk.ui.file_chooser_folder), a folder already holding an
export is asked about before it is used, lists scroll by dragging, and a stick plugged in or
pulled out shows up within `POLL_MS`. With `kiosk --windowed`: the desktop's QFileDialog.

`choose_folder`, `choose_open_files` and `choose_save_path` return what QFileDialog's
getExistingDirectory, getOpenFileNames and getSaveFileName return (a caller swaps one call
for the other).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.services import drives
from kiosk.services.drives import Entry, Listing, Place
from kiosk.ui.file_chooser_folder import NewFolderRow, already_holds, held_export
from kiosk.ui.file_chooser_style import chooser_button, chooser_css, chooser_label, on_tap
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import drag_scrolling

POLL_MS = 1500  # how often the drives are looked for while the chooser is open
MIN_ROW_PX = 48
FOLDER, OPEN_FILES, SAVE = "folder", "open", "save"
EXPORTS_PROPERTY = "exports_folder"  # set on an ancestor widget: the data folder's exports
_PATTERN = re.compile(r"\*(\.[A-Za-z0-9]+)")


# ----- which chooser
def desktop_dialogs(parent: QWidget) -> bool:
    """The desktop's dialogs only in a normal window (`kiosk --windowed`): the top window
    says so with `kiosk_mode` False. A window that does not say is taken as a kiosk."""
    return getattr(parent.window(), "kiosk_mode", None) is False


def exports_folder(parent: QWidget | None) -> Path | None:
    widget = parent
    while widget is not None:
        value = widget.property(EXPORTS_PROPERTY)
        if value:
            return Path(str(value))
        widget = widget.parentWidget()
    return None


def suffixes(filters: str) -> list[str]:
    """".csv" from "CSV files (*.csv)"; nothing for "All files (*)"."""
    return [s.lower() for s in _PATTERN.findall(filters)]


def start_folder(parent: QWidget | None = None) -> str:
    """Where a desktop dialog opens: a mounted drive if there is one, else home."""
    found = drives.removable_drives()
    return str(found[0].path if found else Path.home())


# ----- the three questions
def choose_folder(parent: QWidget, title: str, note: str = "",
                  holds: tuple[str, ...] = ()) -> str:
    """A folder path, or "" when cancelled. `note`: said under the folder (what is written
    there); a folder holding any of `holds` (an earlier export) is asked about first."""
    if desktop_dialogs(parent):
        folder = QFileDialog.getExistingDirectory(
            parent, title, start_folder(parent),
            QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog)
        yes = QMessageBox.StandardButton.Yes
        return folder if not folder or not held_export(Path(folder), holds) or \
            QMessageBox.question(parent, title, already_holds(Path(folder), holds)) == yes else ""
    chosen = FileChooser.over(parent, FOLDER, title, note=note, holds=holds).exec()
    return chosen[0] if chosen else ""


def choose_open_files(parent: QWidget, title: str, filters: str = "") -> tuple[list[str], str]:
    if desktop_dialogs(parent):
        return QFileDialog.getOpenFileNames(parent, title, start_folder(parent), filters,
                                            options=QFileDialog.Option.DontUseNativeDialog)
    chosen = FileChooser.over(parent, OPEN_FILES, title, suffixes(filters)).exec()
    return chosen, filters if chosen else ""


def choose_save_path(parent: QWidget, title: str, suggested: str,
                     filters: str = "") -> tuple[str, str]:
    """`suggested` gives the default name (its folder is where a desktop dialog opens)."""
    if desktop_dialogs(parent):
        start = Path(start_folder(parent)) / Path(suggested).name
        return QFileDialog.getSaveFileName(parent, title, str(start), filters)
    chosen = FileChooser.over(parent, SAVE, title, suffixes(filters),
                              name=Path(suggested).name).exec()
    return (chosen[0], filters) if chosen else ("", "")


def host_for(parent: QWidget) -> QWidget:
    """The widget the chooser covers: the window's child that holds `parent` (the screens,
    not the on-screen keyboard docked below them), or the window itself."""
    top = parent.window()
    widget = parent
    above = widget.parentWidget()
    while above is not None and above is not top:
        widget, above = above, above.parentWidget()
    return widget if widget is not top and above is top else top


# ----- the kiosk's chooser
class FileChooser(QWidget):
    """The in-window chooser: places on the left, the open folder on the right, and at the
    bottom what will be chosen (a name to save as, this folder, the files tapped)."""

    finished = Signal(list)  # the chosen paths; empty when cancelled

    def __init__(self, host: QWidget, mode: str, title: str, patterns: list[str] | None = None,
                 name: str = "", *, exports: Path | None = None, home: Path | None = None,
                 mounts: Path = drives.MOUNTS,
                 roots: tuple[tuple[str, tuple[int, ...]], ...] = drives.REMOVABLE_ROOTS,
                 poll_ms: int = POLL_MS, note: str = "", holds: tuple[str, ...] = ()):
        super().__init__(host)
        self.holds = tuple(holds)
        self.setObjectName("FileChooser")
        self.mode = mode
        self.patterns = list(patterns or [])
        self._exports = exports
        self._home = home if home is not None else Path.home()
        self._mounts = mounts
        self._roots = roots
        self.result: list[str] = []
        self.places: list[Place] = []
        self.place: Place | None = None
        self.folder: Path | None = None
        self.listing = Listing(Path("."))
        self.picked: set[Path] = set()
        self._replace: Path | None = None  # a file (or export) already there, tapped once
        self._loop: QEventLoop | None = None
        self._done = False
        theme = Theme.for_size(max(host.width(), 1), max(host.height(), 1))
        self._theme = theme
        self._row = max(MIN_ROW_PX, theme.touch(64))
        self.setStyleSheet(chooser_css(theme, self._row))
        self._build(title, name, note)
        host.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.refresh_places)
        self.refresh_places()
        first = self.places[0] if self.places else None
        if first is not None:
            self.open_place(first)
        self.hide()

    @classmethod
    def over(cls, parent: QWidget, mode: str, title: str, patterns: list[str] | None = None,
             name: str = "", *, note: str = "", holds: tuple[str, ...] = ()) -> FileChooser:
        return cls(host_for(parent), mode, title, patterns, name,
                   exports=exports_folder(parent), note=note, holds=holds)

    # ----- building
    def _build(self, title: str, name: str, note: str) -> None:
        theme = self._theme
        outer = QVBoxLayout(self)
        margin = theme.px(32)
        outer.setContentsMargins(margin, margin, margin, margin)
        panel = QFrame(self)
        panel.setObjectName("ChooserPanel")
        outer.addWidget(panel)
        layout = QVBoxLayout(panel)
        pad = theme.px(24)
        layout.setContentsMargins(pad, theme.px(18), pad, pad)
        layout.setSpacing(theme.px(14))

        top = QHBoxLayout()
        self.title = chooser_label(title, "heading", panel)
        top.addWidget(self.title, 1)
        self.cancel_button = chooser_button("Cancel", "secondary", panel)
        self.cancel_button.clicked.connect(self.cancel)
        top.addWidget(self.cancel_button)
        layout.addLayout(top)

        body = QHBoxLayout()
        body.setSpacing(theme.px(20))
        left = QVBoxLayout()
        left.addWidget(chooser_label("Drives and folders", "subheading", panel))
        self.place_list = self._list(panel)
        on_tap(self.place_list,
               lambda item: self.open_place(self.places[self.place_list.row(item)]))
        left.addWidget(self.place_list, 1)
        self.no_drive = chooser_label("No USB stick found. Plug one in: it appears here within "
                               "two seconds.", "hint", panel)
        left.addWidget(self.no_drive)
        body.addLayout(left, 2)

        right = QVBoxLayout()
        where = QHBoxLayout()
        self.up_button = chooser_button("↑ Up", "secondary", panel)
        self.up_button.clicked.connect(self.go_up)
        where.addWidget(self.up_button)
        self.where = chooser_label("", "", panel)
        self.where.setWordWrap(True)
        where.addWidget(self.where, 1)
        self.new_folder_button = chooser_button("+ New folder", "secondary", panel)
        self.new_folder_button.clicked.connect(self.start_new_folder)
        self.new_folder_button.setVisible(self.mode != OPEN_FILES)
        where.addWidget(self.new_folder_button)
        right.addLayout(where)
        self.new_folder = NewFolderRow(theme, panel)
        self.new_folder.made.connect(self.make_folder)
        right.addWidget(self.new_folder)
        self.entry_list = self._list(panel)
        on_tap(self.entry_list,
               lambda item: self.tap_entry(self.listing.entries[self.entry_list.row(item)]))
        right.addWidget(self.entry_list, 1)
        body.addLayout(right, 3)
        layout.addLayout(body, 1)

        self.note = chooser_label(note, "hint", panel)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        self.message = chooser_label("", "error", panel)
        self.message.hide()
        layout.addWidget(self.message)

        bottom = QHBoxLayout()
        bottom.setSpacing(theme.px(14))
        self.name_field = QLineEdit(name, panel)
        self.name_field.setPlaceholderText("File name")
        self.name_field.textEdited.connect(lambda _t: self._forget_replace())
        if self.mode == SAVE:
            bottom.addWidget(chooser_label("Save as", "", panel, wrap=False))
            bottom.addWidget(self.name_field, 1)
        else:
            self.name_field.hide()
            self.summary = chooser_label("", "hint", panel)
            bottom.addWidget(self.summary, 1)
        self.accept_button = chooser_button({FOLDER: "Use this folder", OPEN_FILES: "Open",
                                      SAVE: "Save"}[self.mode], "primary", panel)
        self.accept_button.clicked.connect(self.accept)
        bottom.addWidget(self.accept_button)
        layout.addLayout(bottom)

    def _list(self, parent: QWidget) -> QListWidget:
        view = QListWidget(parent)
        view.setUniformItemSizes(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        drag_scrolling(view, steady_bar=False)
        return view

    def _item(self, view: QListWidget, text: str, enabled: bool = True) -> QListWidgetItem:
        item = QListWidgetItem(text, view)
        two_lines = "\n" in text  # a place: its name, and its free space or folder
        item.setSizeHint(QSize(0, round(self._row * 1.5) if two_lines else self._row))
        if not enabled:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        return item

    # ----- places
    def refresh_places(self) -> None:
        """Look for drives again; a drive pulled out under the open folder is said so."""
        found = drives.places(self._exports, self._home, self._mounts, self._roots)
        if found == self.places:
            return
        self.places = found
        self.place_list.clear()
        for place in found:
            text = place.label + (f"\n{place.detail}" if place.detail else "")
            self._item(self.place_list, ("▣  " if place.kind == "drive" else "") + text)
        self.no_drive.setVisible(not any(p.kind == "drive" for p in found))
        self._mark_place()
        if self.place is not None and self.place not in found and self.place.kind == "drive":
            gone = self.place.label
            if found:
                self.open_place(found[0])
            self._say(f"The drive {gone} was removed. Plug it in again, or choose another "
                      "place.")

    def _mark_place(self) -> None:
        for row, place in enumerate(self.places):
            item = self.place_list.item(row)
            item.setData(Qt.ItemDataRole.UserRole, place == self.place)
            font = item.font()
            font.setBold(place == self.place)
            item.setFont(font)

    def open_place(self, place: Place) -> None:
        if place.kind == "exports" and self.mode != OPEN_FILES:
            try:
                place.path.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass  # listed as it is; the listing says what is wrong
        self.place = place
        self._mark_place()
        self.open_folder(place.path)

    # ----- folders
    def open_folder(self, folder: Path) -> bool:
        listing = drives.list_folder(folder, self.patterns if self.mode != FOLDER else ())
        if listing.error:
            self._say(listing.error)
            if self.folder is None:
                self.folder, self.listing = folder, listing
                self._show_listing()
            return False
        self.folder, self.listing = folder, listing
        self.picked.clear()
        self._forget_replace()
        self._say("")
        self._show_listing()
        return True

    def _show_listing(self) -> None:
        view = self.entry_list
        view.setUpdatesEnabled(False)
        view.clear()
        for entry in self.listing.entries:
            if entry.is_dir:
                self._item(view, f"{entry.name}  ›")
            else:
                self._item(view, self._file_text(entry), enabled=self.mode != FOLDER)
        view.setUpdatesEnabled(True)
        if not self.listing.entries and not self.listing.error:
            self._item(view, "(empty)" if self.mode == FOLDER or not self.patterns else
                       f"(no {', '.join(self.patterns)} files here)", enabled=False)
        self.where.setText(str(self.folder) if self.folder is not None else "")
        root = self.place.path if self.place is not None else None
        self.up_button.setEnabled(self.folder is not None and root is not None
                                  and self.folder != root)
        self._update_summary()

    def _file_text(self, entry: Entry) -> str:
        return ("✓  " if entry.path in self.picked else "") + entry.name

    def go_up(self) -> None:
        if self.folder is not None and self.place is not None and self.folder != self.place.path:
            self.open_folder(self.folder.parent)

    def start_new_folder(self) -> None:
        self._say("")
        self.new_folder.open_row()

    def make_folder(self, name: str) -> None:
        made, problem = self.new_folder.make_in(self.folder, name)
        self._say(problem)
        if made is not None:
            self.open_folder(made)  # in it, ready for "Use this folder" or Save

    def tap_entry(self, entry: Entry) -> None:
        if entry.is_dir:
            self.open_folder(entry.path)
        elif self.mode == OPEN_FILES:
            self.picked.symmetric_difference_update({entry.path})
            row = self.listing.entries.index(entry)
            self.entry_list.item(row).setText(self._file_text(entry))
            self._update_summary()
        elif self.mode == SAVE:
            self.name_field.setText(entry.name)
            self._forget_replace()

    def _update_summary(self) -> None:
        if self.mode == FOLDER:
            self.summary.setText(f"Folder: {self.folder}" if self.folder else "")
        elif self.mode == OPEN_FILES:
            count = len(self.picked)
            self.summary.setText(f"{count} file{'s' if count != 1 else ''} chosen (tap a file "
                                 "to choose it, again to leave it)")
            self.accept_button.setText(f"Open {count} file{'s' if count != 1 else ''}"
                                       if count else "Open")
            self.accept_button.setEnabled(count > 0)

    # ----- ending
    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _forget_replace(self) -> None:
        self._replace = None

    def accept(self) -> None:
        folder = self.folder
        if folder is None or not folder.is_dir():
            self._say("This folder is not there any more (was the drive removed?). Choose "
                      "another place.")
            return
        if self.mode == FOLDER:
            if not drives.can_write(folder):
                self._say("This folder cannot be written to (a read-only drive?).")
                return
            if held_export(folder, self.holds) and self._replace != folder:
                self._replace = folder
                self._say(already_holds(folder, self.holds))
                return
            self._finish([str(folder)])
        elif self.mode == OPEN_FILES:
            missing = [p for p in sorted(self.picked) if not p.is_file()]
            if missing:
                self._say(f"{missing[0].name} is not there any more.")
                return
            self._finish([str(p) for p in sorted(self.picked)])
        else:
            self._accept_save(folder)

    def _accept_save(self, folder: Path) -> None:
        name = self.name_field.text().strip()
        if not name or name in (".", "..") or "/" in name or "\x00" in name:
            self._say("Type a file name (without “/”).")
            return
        if self.patterns and not name.lower().endswith(tuple(self.patterns)):
            name += self.patterns[0]
            self.name_field.setText(name)
        target = folder / name
        if not drives.can_write(folder):
            self._say("This folder cannot be written to (a read-only drive?).")
            return
        if target.exists() and self._replace != target:
            self._replace = target
            self._say(f"{name} is already there. Tap Save again to replace it.")
            return
        self._finish([str(target)])

    def cancel(self) -> None:
        self._finish([])

    def _finish(self, paths: list[str]) -> None:
        if self._done:
            return
        self._done = True
        self.result = paths
        self.timer.stop()
        self.hide()
        self.finished.emit(paths)
        if self._loop is not None:
            self._loop.quit()

    def open(self) -> None:
        host = self.parentWidget()
        assert host is not None
        self.setGeometry(host.rect())
        self.show()
        self.raise_()
        # Focus on the chooser, not the name field: the on-screen keyboard comes up when
        # the field is tapped, not by itself.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocus()
        self.timer.start()

    def exec(self) -> list[str]:
        """Show over the host and wait (as a dialog's exec does) for a choice."""
        self.open()
        loop = self._loop = QEventLoop()
        self.destroyed.connect(loop.quit)  # the screen it covers went away: nothing chosen
        if not self._done:
            loop.exec()  # also left when the app exits (a service stop): nothing chosen
        result = list(self.result)
        try:
            self._loop = None
            host = self.parentWidget()
            if host is not None:
                host.removeEventFilter(self)
            self.deleteLater()
        except RuntimeError:  # deleted with its host
            pass
        return result

    # ----- Qt
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(27, 36, 48, 150))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - nothing below takes a press
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
        event.accept()
