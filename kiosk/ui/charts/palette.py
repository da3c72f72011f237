"""The charts' colours: Okabe–Ito for categories and cividis for heat maps, both readable in
every kind of colour vision and in greyscale print; and the ink that reads on a colour.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor

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
        _CMAP_CACHE[name] = pg.colormap.get(name)
    return _CMAP_CACHE[name]


def ink_for(colour: QColor) -> QColor:
    """Black or white, whichever reads better on `colour` (relative luminance)."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(colour.redF()) + 0.7152 * lin(colour.greenF()) + 0.0722 * lin(colour.blueF())
    return QColor("#000000") if lum > 0.22 else QColor("#FFFFFF")

