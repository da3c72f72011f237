"""The table's board: cards in a tray, a ladder of numbered places, drag and drop by touch
or mouse (several fingers at once), card backs, undo/redo, rotate, and the cut line."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.ui.board.widget import BoardWidget

__all__ = ["BoardWidget"]


def __getattr__(name: str) -> Any:
    # The widget (QtWidgets) loads when first asked for: `kiosk check` measures card faces
    # with the board's type and geometry modules and no widgets at all.
    if name == "BoardWidget":
        from kiosk.ui.board.widget import BoardWidget

        return BoardWidget
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
