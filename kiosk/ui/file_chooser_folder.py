"""The file chooser's "New folder" row (kiosk.ui.file_chooser): a name field — a tap on it
calls the on-screen keyboard up, as on every field — and Make folder / Cancel, shown above
the folder's list when "+ New folder" is tapped; and what the chooser says of a folder that
already holds an export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from kiosk.services import drives
from kiosk.ui.file_chooser_style import chooser_button
from kiosk.ui.theme import Theme


class NewFolderRow(QWidget):
    made = Signal(str)  # the name typed, when Make folder is tapped
    cancelled = Signal()

    def __init__(self, theme: Theme, parent: QWidget) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(theme.px(12))
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Name of the new folder")
        self.field.returnPressed.connect(self._make)  # the keyboard's ↵
        self.make_button = chooser_button("Make folder", "primary", self)
        self.make_button.clicked.connect(self._make)
        self.cancel_button = chooser_button("Cancel", "secondary", self)
        self.cancel_button.clicked.connect(self.close_row)
        row.addWidget(self.field, 1)
        row.addWidget(self.make_button)
        row.addWidget(self.cancel_button)
        self.hide()

    def open_row(self) -> None:
        self.field.clear()
        self.show()

    def close_row(self) -> None:
        self.hide()
        self.field.clear()
        self.cancelled.emit()

    def _make(self) -> None:
        self.made.emit(self.field.text())

    def make_in(self, folder: Path | None, name: str) -> tuple[Path | None, str]:
        """(the folder made, "") or (None, what went wrong, in plain words); the row closes
        once the folder is made."""
        if folder is None:
            return None, ""
        try:
            made = drives.make_folder(folder, name)
        except ValueError as exc:
            return None, str(exc)
        except OSError as exc:
            return None, (f"Could not make the folder here: {exc.strerror or exc}. "
                          "(A read-only drive?)")
        self.hide()
        self.field.clear()
        return made, ""


def held_export(folder: Path, holds: tuple[str, ...]) -> list[str]:
    """Which of the files that mark an export (`holds`) `folder` already has."""
    return [name for name in holds if (folder / name).exists()]


def already_holds(folder: Path, holds: tuple[str, ...]) -> str:
    return (f"{folder.name or folder} already holds an export "
            f"({', '.join(held_export(folder, holds))}). Tap “Use this folder” again to "
            "replace it, or tap “+ New folder” to keep both.")
