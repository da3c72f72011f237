"""The charts' colours: Okabe–Ito for categories and cividis for heat maps, both readable in
every kind of colour vision and in greyscale print; and the ink that reads on a colour.

pyqtgraph is imported only when a colour map is asked for, so a screen that needs just the
colours (the plenary screen) does not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

if TYPE_CHECKING:
    import pyqtgraph as pg

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
BACKGROUND = "#FFFFFF"
GRID = "#D9D4CB"
HEAT_MAP = "cividis"

_CMAP_CACHE: dict[str, pg.ColorMap] = {}


def colour_map(name: str = HEAT_MAP) -> pg.ColorMap:
    if name not in _CMAP_CACHE:
        import pyqtgraph as pg

        _CMAP_CACHE[name] = pg.colormap.get(name)
    return _CMAP_CACHE[name]


def ink_for(colour: QColor) -> QColor:
    """Black or white, whichever reads better on `colour` (relative luminance)."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(colour.redF()) + 0.7152 * lin(colour.greenF()) + 0.0722 * lin(colour.blueF())
    return QColor("#000000") if lum > 0.22 else QColor("#FFFFFF")

