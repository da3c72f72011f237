"""Text a table (or a facilitator) typed, shown as typed: never as markup.

Qt guesses whether a tooltip is rich text (`Qt.mightBeRichText`: anything that looks like a
tag), so a table label `<h1 style="font-size:400px">` or an `<img src="file://…">` in a note
would be rendered. A tooltip made here is always rich text of our own with the typed text
escaped inside it, so Qt shows exactly the characters typed (line breaks kept), shortened
to what a tooltip can show.
"""

from __future__ import annotations

import html

from kiosk.domain.record import shortened

TOOLTIP_MAX = 600  # characters: a tooltip is a glance, not a page


def plain_tooltip(text: str, limit: int = TOOLTIP_MAX) -> str:
    """`text` as a tooltip that shows it literally; "" (no tooltip) for no text."""
    if not text:
        return ""
    shown = html.escape(shortened(text, limit), quote=False)
    return f"<p style='white-space:pre-wrap'>{shown}</p>"
