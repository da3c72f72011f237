"""The Compare screen's summary line, as rich text (every text from the data escaped)."""

from __future__ import annotations

import html

from kiosk.analysis.figures import CompareData
from kiosk.analysis.wording import agreement_word, counted, number_text, w_missing_reason
from kiosk.ui import theme as th
from kiosk.ui.facilitator.small_groups import optima_html, p_values_html


def w_text(data: CompareData | None) -> str:
    w = data.comparison.kendall_w if data else None
    return "–" if w is None else f"{w:.3f}"


def summary_html(data: CompareData | None, demo_loaded: bool) -> str:
    """The line above the charts: W, its p-values, how many tables, the most contested
    card, and what to do when there is too little to compare."""
    if data is None:
        return ""
    c = data.comparison
    demo = ("" if demo_loaded else
            " Or load the demo data to try every chart: three made-up “(demo)” "
            "workshops, removed again under Export / Import.")
    if not data.records:
        return ("<b>No rankings for this selection.</b> Choose other workshops, another "
                "deck or lens." + demo)
    if len(c.tables) < 2:
        return (f"<b>Kendall's W needs complete rankings from at least two tables</b> — "
                f"this selection has {counted(len(c.tables), 'table')}"
                + (f" ({len(c.left_out)} left out as incomplete)" if c.left_out else "")
                + ". Choose more workshops, or compare again when more tables have "
                "ranked this deck." + demo)
    parts = [f"<b>Kendall's W = {w_text(data)}</b>"]
    if c.chi2 is not None:
        parts.append(f"χ² = {c.chi2:.2f} (df {data.n_cards - 1})")
    parts.append(p_values_html(c))
    parts.append(counted(len(c.tables), "table"))
    left = f"{len(c.left_out)} left out (incomplete)"
    parts.append(f"<span style='color:{th.WARN}'>{left}</span>" if c.left_out else left)
    line = " &nbsp;·&nbsp; ".join(parts)
    if c.most_contested:
        card = c.most_contested
        line += (f"<br>Most contested: <b>{html.escape(card)} · "
                 f"{html.escape(data.title(card))}</b> "
                 f"(positions {number_text(c.spread[card].minimum, 1)}–"
                 f"{number_text(c.spread[card].maximum, 1)}, population sd "
                 f"{c.spread[card].sd:.2f})")
    if c.kendall_w is not None:
        line += f" &nbsp;·&nbsp; agreement is <b>{agreement_word(c.kendall_w)}</b>"
    else:
        line += (f"<br>Kendall's W has no value here: "
                 f"{html.escape(w_missing_reason(len(c.tables), data.n_cards))}.")
    optima = optima_html(c)
    return f"{line}<br>{optima}" if optima else line
