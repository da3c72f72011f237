"""The workshop report's content: HTML for QTextDocument plus the chart pictures.

Charts are the dashboard's own (`PositionHeatMap`, `BenefitRiskMap`), laid out offscreen at
a print size and drawn at twice that resolution, so the report shows exactly what the
facilitator saw on screen.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kiosk.analysis.figures import CompareData, build
from kiosk.analysis.poll_figures import poll_figures
from kiosk.analysis.tables import AtTable, table_labels, workshop_key, workshop_names
from kiosk.analysis.wording import agreement_word, counted, p_text, w_missing_reason
from kiosk.domain.naming import natural_key
from kiosk.domain.poll_record import PollRun
from kiosk.domain.polls import Poll
from kiosk.domain.record import SavedRanking, shortened
from kiosk.services.catalog import Catalog
from kiosk.ui.charts.heatmap import PositionHeatMap
from kiosk.ui.charts.maps import BenefitRiskMap
from kiosk.ui.charts.poll_bars import BarStyle, segment_colour, stage_image
from kiosk.ui.report import small_groups
from kiosk.ui.report.pdf import body_width_css_px
from kiosk.ui.theme import Theme

# Print size of a chart in screen pixels: on an A4 text block (178 mm) a 13 pt chart label
# prints at about 9.5 pt, as large as the table text around it.
CHART_WIDTH = 1000
INK = "#1B2430"
SOFT = "#4A5565"

STYLE = f"""
h1 {{ font-size: 26pt; color: {INK}; margin-bottom: 4pt; }}
h2 {{ font-size: 16pt; color: {INK}; margin-top: 0; margin-bottom: 4pt; }}
h3 {{ font-size: 12pt; color: {INK}; margin-top: 14pt; margin-bottom: 4pt; }}
p {{ margin-top: 2pt; margin-bottom: 4pt; }}
.soft {{ color: {SOFT}; }}
.figures {{ font-size: 11pt; }}
th {{ background-color: #E6DFD2; text-align: left; }}
td, th {{ padding: 3pt; }}
"""


# Tables a little smaller than the text and tightly padded, so that a lens's section (its
# orders, heat map and every table's criteria) fits one page for a workshop of six tables.
TABLE = ("<table border='1' cellspacing='0' cellpadding='3' width='100%' "
         "style='border-collapse: collapse; border-color: #8A8276; font-size: 8.5pt'>")


# A table's words in the report: enough to read, never a page of one cell (a 100,000-character
# note took the report seconds to lay out, a 5 MB one most of an hour).
REPORT_NOTE_MAX = 800
REPORT_CRITERION_MAX = 200


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


class ReportBuilder:
    def __init__(self, records: Sequence[SavedRanking], catalog: Catalog,
                 workshop_keys: Sequence[str], workshop_name: str,
                 chosen: Sequence[SavedRanking], runs: Sequence[PollRun] = ()) -> None:
        """`workshop_keys`: the workshops reported (ids, or names for rankings without one);
        more than one when workshops share the name. `chosen`: their rankings; `runs`: their
        case-study poll runs (a workshop may have only one kind)."""
        self.records = list(records)
        self.catalog = catalog
        self.keys = list(workshop_keys)
        self.name = workshop_name
        self.chosen = list(chosen)
        self.runs = list(runs)
        self.images: dict[str, QImage] = {}
        self._data: dict[tuple[str, str], CompareData] = {}
        self._parts: list[str] = []
        theme = Theme(scale=1.0)
        self.heat_map = PositionHeatMap(theme)
        self.map = BenefitRiskMap(theme)
        for chart in (self.heat_map, self.map):
            chart.set_print_mode(True)

    # ----- pieces
    def html(self) -> str:
        body = "".join(self._parts)
        return f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"

    def _add(self, text: str) -> None:
        self._parts.append(text)

    def data(self, deck_id: str, lens: str) -> CompareData:
        key = (deck_id, lens)
        if key not in self._data:
            self._data[key] = build(self.records, self.catalog, deck_id, lens, self.keys)
        return self._data[key]

    def _picture(self, chart, data: CompareData, height: int, name: str) -> str:
        chart.show_data(data)
        chart.resize(CHART_WIDTH, height)
        # Never shown: grab() delivers the pending resize events, which lay the chart out.
        chart.grab()
        QApplication.processEvents()
        chart.show_data(data)  # once more now that the layout has its final size
        QApplication.processEvents()
        image = chart.render_image(scale=2.0)
        self.images[name] = image
        width = body_width_css_px()
        shown_height = width * image.height() / max(image.width(), 1)
        return f'<p><img src="{name}" width="{width:.0f}" height="{shown_height:.0f}"></p>'

    # ----- sections
    def title_page(self, pairs: Sequence[tuple[str, str]], generated: datetime,
                   version: str) -> None:
        held: list[AtTable] = [*self.chosen, *self.runs]
        first = held[0]
        place, when = first.place, first.workshop_date
        tables = self._tables()
        shops = workshop_names(held)
        several = (f"<p>This report covers the {len(shops)} workshops named "
                   f"“{_e(self.name)}”: {_e(', '.join(sorted(shops.values())))}.</p>"
                   if len(shops) > 1 else "")
        decks: dict[str, list[str]] = {}
        for deck, lens in pairs:
            decks.setdefault(deck, []).append(self._lens_title(lens))
        used = "".join(
            f"<li>{_e(self._deck_title(d))}: {_e(', '.join(lenses))}</li>"
            for d, lenses in decks.items())
        made = [counted(len(self.chosen), "ranking")] if self.chosen else []
        if self.runs:
            made.append(counted(len(self.runs), "case-study poll run"))
        ranked = (f"<p>Decks and lenses used:</p><ul>{used}</ul>"
                  f"<h3>At a glance</h3>{self._glance(pairs)}") if pairs else ""
        self._add(
            f"<p style='margin-top: 60pt' class='soft'>Workshop report</p>"
            f"<h1>{_e(self.name)}</h1>"
            f"<p style='font-size: 14pt'>{_e(place) or '&nbsp;'}</p>"
            f"<p style='font-size: 14pt'>{_e(when)}</p>"
            f"<p style='margin-top: 24pt'>{' and '.join(made)} from "
            f"{counted(len(tables), 'table')}: {_e(', '.join(tables))}.</p>{several}"
            f"{ranked}"
            + (self._how_to_read() if pairs else "") +
            f"<p class='soft' style='margin-top: 30pt'>Made with the deliberation kiosk "
            f"{_e(version)} on {generated.strftime('%Y-%m-%d %H:%M')}.</p>")

    @staticmethod
    def _how_to_read() -> str:
        return (
            "<h3>How to read this report</h3>"
            "<p>Position 1 is the most beneficial, most risky or most acceptable card. "
            "<b>Kendall's W</b> measures how far the tables agreed, from 0 (no agreement) to "
            "1 (every table gave the same order); it is corrected for tied positions, and "
            "χ² and p test whether the agreement could be chance. As a rule of thumb W below "
            "0.1 is very weak, 0.1–0.3 weak, 0.3–0.5 moderate, 0.5–0.7 strong and above 0.7 "
            "very strong agreement. The <b>Borda count</b> orders cards by their total points "
            "(n − position + 1 per table); the <b>Kemeny consensus</b> is the order that "
            "disagrees least with the tables, pair of cards by pair of cards. The most "
            "contested card is the one whose positions spread most: the largest population "
            "standard deviation (sd) over the tables compared. Rankings that "
            "did not place every card are left out of the figures and named.</p>"
            f"{small_groups.HOW_TO_READ}")

    def lens_section(self, deck_id: str, lens: str) -> None:
        data = self.data(deck_id, lens)
        c = data.comparison
        lens_obj = data.lens
        question = lens_obj.question if lens_obj else ""
        self._add(f"<h2 style='page-break-before: always'>{_e(data.deck.title)} — "
                  f"{_e(self._lens_title(lens))}</h2>"
                  f"<p class='soft'>{_e(question)} Position 1 = {_e(data.most_word())}.</p>")
        self._add(f"<p class='figures'>{self._figures(data)}</p>")
        if c.left_out:
            self._add(f"<p>Left out (not every card placed): {_e(', '.join(c.left_out))}.</p>")
        self._add("<h3>Consensus order</h3>")
        self._add(self._orders_table(data))
        if c.tables:
            n = data.n_cards
            height = 110 + 46 * n  # two lines of a card title per row
            self._add("<h3>Where each table placed each card</h3>")
            self._add(self._picture(self.heat_map, data, height,
                                    f"heat-{deck_id}-{lens}"))
        self._add("<h3>The criteria each table stated</h3>")
        self._add(self._criteria_table(data))

    def small_groups_section(self, deck_id: str, lenses: Sequence[str]) -> None:
        """A page per deck for what a small group's figures rest on, lens by lens: every
        equally good Kemeny order and what card tags go with the positions. (A lens's own
        page, with every table's criteria, has no room left for them.)"""
        first = self.data(deck_id, lenses[0])
        self._add(f"<h2 style='page-break-before: always'>{_e(first.deck.title)} — equally "
                  "good orders and card tags</h2>")
        for lens in lenses:
            data = self.data(deck_id, lens)
            self._add(f"<h3>{_e(self._lens_title(lens))}</h3>")
            if not data.comparison.tables:
                self._add("<p>No complete rankings to compare.</p>")
                continue
            self._add(small_groups.optima_paragraph(data))
            self._add(small_groups.tags_section(data))

    def map_section(self, deck_id: str) -> None:
        data = self.data(deck_id, "benefit")
        self._add(f"<h2 style='page-break-before: always'>{_e(data.deck.title)} — benefit "
                  "versus risk</h2>")
        info = data.map
        if not info.points:
            self._add("<p>The map needs both benefit and risk rankings of this deck; this "
                      "workshop has not made both.</p>")
            return
        self._add(f"<p class='soft'>Each card sits at its mean risk position (across) and its "
                  f"mean benefit position (up); up is more beneficial, right is more risky. "
                  f"The colour is the card's mean acceptability position. Benefit: "
                  f"{counted(info.benefit_tables, 'table')}, risk: {info.risk_tables}, "
                  f"acceptability: {info.acceptability_tables}.</p>")
        self._add(self._picture(self.map, data, 760, f"map-{deck_id}"))
        rows = "".join(
            f"<tr><td>{_e(p.card)} · {_e(data.title(p.card))}</td>"
            f"<td align='center'>{p.benefit:.2f}</td><td align='center'>{p.risk:.2f}</td>"
            f"<td align='center'>{_mean(p.acceptability)}</td></tr>" for p in info.points)
        self._add(f"{TABLE}<thead><tr><th width='46%'>Card</th>"
                  "<th width='18%'>Mean benefit position</th>"
                  "<th width='18%'>Mean risk position</th>"
                  "<th width='18%'>Mean acceptability position</th></tr>"
                  f"</thead>{rows}</table>")

    def poll_section(self, poll: Poll, runs: Sequence[PollRun]) -> None:
        """A page for one case-study poll: per stage the bars (everyone, then each table),
        the counts, mean and median; then the shifts between stages."""
        figures = poll_figures(poll, runs, "table")
        self._add(f"<h2 style='page-break-before: always'>Case-study poll — "
                  f"{_e(poll.title)}</h2>"
                  f"<p class='soft'>{figures.runs} run{'s' if figures.runs != 1 else ''} "
                  f"from {figures.tables} table{'s' if figures.tables != 1 else ''}; each "
                  "seat answered on its own. Shares are of the answers on the scale (passes "
                  "beside each bar); the middle answer straddles the dashed line.</p>")
        style = BarStyle.for_print()
        width = body_width_css_px()
        for stage in figures.stages:
            kind = "scale" if stage.kind == "scale" else "choice"
            legend = " &nbsp; ".join(
                # no break between a square and its words: each entry wraps as one
                f"<span style='color:{segment_colour(stage.kind, s.index)}'>■</span>&nbsp;"
                f"{_e(text).replace(' ', '&nbsp;')}" for s, text in stage.legend())
            name = f"poll-{poll.id}-{stage.number}"
            image = stage_image(stage, style, CHART_WIDTH)
            self.images[name] = image
            shown = width * image.height() / max(image.width(), 1)
            self._add(f"<h3 style='margin-top: 8pt'>Stage {stage.number} · "
                      f"{_e(stage.stage.title)} <span class='soft' style='font-size: 9pt; "
                      f"font-weight: normal'>{_e(stage.stage.question)} ({kind})</span></h3>"
                      f"<p style='font-size: 8.5pt'>{legend}</p>"
                      f'<p><img src="{name}" width="{width:.0f}" height="{shown:.0f}"></p>'
                      f"<p>{_e(stage.words)}</p>")
        if figures.shifts:
            self._add("<h3 style='margin-top: 8pt'>How the answers shifted between "
                      "stages</h3>")
            self._add("".join(f"<p>{_e(shift.sentence)}</p>" for shift in figures.shifts))
            self._add("<p class='soft'>Each person's two answers within one run are paired "
                      "(a pass leaves the pair out) and tested with the Wilcoxon signed-rank "
                      "test; p below 0.05 is worded as a change.</p>")

    # ----- helpers
    def _tables(self) -> list[str]:
        """Each table once — a kiosk and its label, not the label: two kiosks left on
        "Table 1" are two tables — with its workshop when the report covers several."""
        shown = dict.fromkeys(table_labels([*self.chosen, *self.runs]))
        if len({workshop for workshop, _ in shown}) > 1:
            return sorted(f"{table} ({workshop})" for workshop, table in shown)
        return sorted((table for _, table in shown), key=natural_key)

    def _glance(self, pairs: Sequence[tuple[str, str]]) -> str:
        rows = []
        for deck_id, lens in pairs:
            data = self.data(deck_id, lens)
            c = data.comparison
            w = "n/a" if c.kendall_w is None else (
                f"{c.kendall_w:.3f} ({agreement_word(c.kendall_w)})")
            order = c.kemeny or c.borda
            top = f"{_e(order[0])} · {_e(data.title(order[0]))}" if c.tables and order else "–"
            rows.append(f"<tr><td>{_e(data.deck.title)}</td><td>{_e(self._lens_title(lens))}"
                        f"</td><td align='center'>{len(c.tables)}</td><td>{w}</td>"
                        f"<td>{top}</td></tr>")
        return (f"{TABLE}<thead><tr><th width='17%'>Deck</th><th width='14%'>Lens</th>"
                "<th width='9%'>Tables</th><th width='20%'>Kendall's W</th>"
                "<th width='40%'>Consensus position 1</th></tr></thead>"
                f"{''.join(rows)}</table>")

    def _lens_title(self, lens: str) -> str:
        lens_obj = self.catalog.lenses.get(lens)
        return lens_obj.title if lens_obj else lens.capitalize()

    def _deck_title(self, deck: str) -> str:
        deck_obj = self.catalog.deck(deck)
        return deck_obj.title if deck_obj else deck

    @staticmethod
    def _figures(data: CompareData) -> str:
        c = data.comparison
        if c.kendall_w is None:
            return (f"<b>Kendall's W: not available</b> — "
                    f"{_e(w_missing_reason(len(c.tables), data.n_cards))}.")
        return (f"<b>Kendall's W = {c.kendall_w:.3f}</b> ({agreement_word(c.kendall_w)} "
                f"agreement), χ² = {c.chi2:.2f}, df = {data.n_cards - 1}, "
                f"χ² {_e(p_text(c.p_value))}; {counted(len(c.tables), 'table')} compared, "
                f"{len(c.left_out)} left out." + small_groups.p_sentence(data)
                + (f" Most contested card: <b>{_e(c.most_contested)} · "
                   f"{_e(data.title(c.most_contested))}</b> (population sd "
                   f"{c.spread[c.most_contested].sd:.2f})." if c.most_contested else ""))

    @staticmethod
    def _orders_table(data: CompareData) -> str:
        c = data.comparison
        if not c.tables:
            return "<p>No complete rankings to order.</p>"
        rows = []
        for place in range(len(c.borda)):
            b = c.borda[place]
            k = c.kemeny[place] if place < len(c.kemeny) else ""
            mean = c.mean_position.get(b)
            kemeny = (f"{_e(k)} · {_e(data.title(k))}{small_groups.swap_mark(data, k)}" if k
                      else "n/a (deck too large)")
            rows.append(f"<tr><td align='center'>{place + 1}</td>"
                        f"<td>{_e(b)} · {_e(data.title(b))}</td>"
                        f"<td align='center'>{mean:.2f}</td><td>{kemeny}</td></tr>")
        return (f"{TABLE}<thead><tr><th width='8%'>Place</th><th width='40%'>Borda count</th>"
                "<th width='12%'>Borda: mean position</th>"
                f"<th width='40%'>Kemeny consensus{small_groups.optima_header(data)}</th>"
                f"</tr></thead>{''.join(rows)}</table>")

    @staticmethod
    def _criteria_table(data: CompareData) -> str:
        if not data.records:
            return "<p>No rankings.</p>"
        from kiosk.analysis.selection import labels_for

        rows = []
        one_workshop = len({workshop_key(r) for r in data.records}) == 1
        shown = table_labels(data.records)
        for label, record, (workshop, _) in zip(labels_for(data.records), data.records, shown,
                                                strict=True):
            # The workshop is the report's own (when it covers one); the table is what
            # tells rows apart. The label is "<workshop> / <table>".
            if one_workshop:
                label = label[len(workshop) + 3:]
            primary = record.primary
            items = []
            for criterion in record.criteria:
                text = _e(shortened(criterion.text, REPORT_CRITERION_MAX))
                own = " <i>(own words)</i>" if criterion.origin == "own" else ""
                if criterion.primary:
                    items.append(f"<b>★ {text}</b>{own} <b>(primary)</b>")
                else:
                    items.append(f"{text}{own}")
            stated = "<br>".join(items) or "<span class='soft'>none stated</span>"
            if not primary and items:
                stated += "<br><span class='soft'>no primary criterion marked</span>"
            note = _e(shortened(record.note, REPORT_NOTE_MAX))
            rows.append(f"<tr><td>{_e(label)}</td><td>{stated}</td><td><i>{note}</i></td></tr>")
        return (f"{TABLE}<thead><tr><th width='16%'>Table</th>"
                "<th width='50%'>Criteria (★ = primary)</th>"
                f"<th width='34%'>Note</th></tr></thead>{''.join(rows)}</table>")
