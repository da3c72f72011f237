"""The table's board: cards in a tray, a ladder of numbered places, drag and drop by touch
or mouse (several fingers at once), card backs, undo/redo, rotate, and the cut line."""

from kiosk.ui.board.widget import BoardWidget

__all__ = ["BoardWidget"]
