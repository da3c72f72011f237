"""The shell's look: one style sheet for the table's screens (start, criteria, saved, PIN
pad, countdown), built from the shared theme.

Rules select only widgets that carry a `shell` property or a shell object name, so the
sheet set on the main window never restyles the board or the facilitator's area.
"""

from __future__ import annotations

from kiosk.ui.theme import (
    ACCENT,
    CARD,
    INK,
    INK_SOFT,
    LENS_COLOURS,
    LINE,
    PAPER,
    READABLE_PT,
    TRAY,
    WARN,
    Theme,
)

# Darker lens colours for text and for fills under white text (contrast ≥ 5:1 on PAPER);
# the Okabe–Ito originals stay for bands and borders.
LENS_INK = {"benefit": "#005F94", "risk": "#A84A00", "acceptability": "#00704F"}
# A shape per lens as well as a colour and a word, so colour is never the only cue.
LENS_MARK = {"benefit": "●", "risk": "▲", "acceptability": "■"}
DISABLED_FILL = "#C9C2B5"
DISABLED_INK = "#5E584E"


def lens_ink(lens_id: str) -> str:
    return LENS_INK.get(lens_id, ACCENT)


def lens_colour(lens_id: str) -> str:
    return LENS_COLOURS.get(lens_id, ACCENT)


def _lens_rules() -> str:
    """Each lens's colour for widgets that carry a `lens` property (the start screen's tiles):
    in the one sheet, rather than a style sheet on every tile."""
    rules = []
    for lens_id in LENS_COLOURS:
        rules.append(f'QFrame[shell="band"][lens="{lens_id}"] {{ '
                     f'background: {lens_colour(lens_id)}; }}')
        rules.append(f'QLabel[shell][lens="{lens_id}"] {{ color: {lens_ink(lens_id)}; }}')
    return "\n".join(rules)


def shell_css(theme: Theme) -> str:
    t, px, pt = theme.touch, theme.px, theme.pt
    return f"""
QWidget[shell="page"] {{ background: {PAPER}; }}
QFrame[shell="panel"] {{ background: {CARD}; border: 1px solid {LINE};
    border-radius: {px(18)}px; }}
QFrame[shell="band"] {{ border: none; border-radius: {px(18)}px; }}
QFrame[shell="band"][lens] {{ background: {ACCENT}; border-bottom-left-radius: 0px;
    border-bottom-right-radius: 0px; }}
QLabel[shell][lens] {{ color: {ACCENT}; }}
{_lens_rules()}
QLabel {{ color: {INK}; }}
QLabel[shell="display"] {{ font-size: {pt(44, 24):.1f}pt; font-weight: 800; }}
QLabel[shell="title"] {{ font-size: {pt(30, 20):.1f}pt; font-weight: 700; }}
QLabel[shell="heading"] {{ font-size: {pt(22, 16):.1f}pt; font-weight: 700; }}
QLabel[shell="body"] {{ font-size: {pt(18, 14):.1f}pt; }}
QLabel[shell="hint"] {{ color: {INK_SOFT}; font-size: {pt(16, READABLE_PT):.1f}pt; }}
QLabel[shell="warn"] {{ color: {WARN}; font-size: {pt(18, 14):.1f}pt; font-weight: 700; }}
QLabel[shell="onband"] {{ color: white; font-size: {pt(22, 16):.1f}pt; font-weight: 700; }}
QLabel[shell="onband-small"] {{ color: white; font-size: {pt(16, READABLE_PT):.1f}pt; }}
QPushButton[shell] {{ border-radius: {px(16)}px; padding: {px(6)}px {px(28)}px;
    min-height: {t(76)}px; min-width: {t(76)}px; font-size: {pt(20, 15):.1f}pt;
    font-weight: 700; }}
QPushButton[shell="primary"] {{ background: {ACCENT}; color: white; border: none; }}
QPushButton[shell="primary"]:pressed {{ background: {INK}; }}
QPushButton[shell="hero"] {{ background: {ACCENT}; color: white; border: none;
    min-height: {t(112)}px; padding: {px(8)}px {px(72)}px; font-size: {pt(30, 20):.1f}pt;
    border-radius: {px(24)}px; }}
QPushButton[shell="hero"]:pressed {{ background: {INK}; }}
QPushButton[shell="secondary"] {{ background: {CARD}; color: {ACCENT};
    border: {px(3)}px solid {ACCENT}; }}
QPushButton[shell="secondary"]:pressed {{ background: {TRAY}; }}
QPushButton[shell="quiet"] {{ background: transparent; color: {INK};
    border: {px(3)}px solid {LINE}; }}
QPushButton[shell="quiet"]:pressed {{ background: {TRAY}; }}
QPushButton[shell="danger"] {{ background: {WARN}; color: white; border: none; }}
QPushButton[shell]:disabled {{ background: {DISABLED_FILL}; color: {DISABLED_INK};
    border-color: {DISABLED_FILL}; }}
QPushButton[shell="digit"] {{ background: {CARD}; color: {INK}; border: {px(2)}px solid {LINE};
    border-radius: {px(20)}px; font-size: {pt(32, 20):.1f}pt; min-width: {t(104)}px;
    min-height: {t(88)}px; padding: 0px; }}
QPushButton[shell="digit"]:pressed {{ background: {TRAY}; }}
QPushButton[shell="digit"]:disabled {{ color: #A39C90; background: #EEE9E0;
    border-color: #DDD5C8; }}
QPushButton[shell="star"] {{ background: {CARD}; color: {INK_SOFT};
    border: {px(2)}px solid {LINE}; font-size: {pt(24, 16):.1f}pt; padding: 0px;
    min-width: {t(64)}px; min-height: {t(64)}px; }}
QPushButton[shell="star"]:checked {{ background: #F5C542; color: {INK};
    border-color: #B8860B; }}
QPushButton[shell="remove"] {{ background: transparent; color: {INK_SOFT}; border: none;
    font-size: {pt(22, 16):.1f}pt; padding: 0px; min-width: {t(64)}px; min-height: {t(64)}px; }}
QLineEdit[shell], QPlainTextEdit[shell] {{ background: {CARD}; color: {INK};
    border: {px(3)}px solid {LINE}; border-radius: {px(12)}px; padding: {px(6)}px {px(14)}px;
    font-size: {pt(20, 15):.1f}pt; selection-background-color: {ACCENT}; }}
QLineEdit[shell] {{ min-height: {t(68)}px; }}
QLineEdit[shell]:focus, QPlainTextEdit[shell]:focus {{ border-color: {ACCENT}; }}
QScrollArea[shell] {{ background: transparent; border: none; }}
QScrollArea[shell] > QWidget > QWidget {{ background: transparent; }}
QScrollBar:vertical {{ background: {TRAY}; width: {px(18)}px; margin: 0px;
    border-radius: {px(9)}px; }}
QScrollBar::handle:vertical {{ background: {LINE}; min-height: {px(60)}px;
    border-radius: {px(9)}px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
QWidget#PinPadCard, QWidget#CountdownCard {{ background: {CARD};
    border-radius: {px(28)}px; border: 1px solid {LINE}; }}
"""


def chip_css(theme: Theme, lens_id: str) -> str:
    """Criterion chips in the lens's colour: outlined with "+" when free, filled with "✓"
    when chosen (the mark, not only the fill, says which)."""
    px, pt, t = theme.px, theme.pt, theme.touch
    edge, fill = lens_colour(lens_id), lens_ink(lens_id)
    return f"""
QPushButton[shell="chip"] {{ background: {CARD}; color: {INK}; text-align: left;
    border: {px(3)}px solid {edge}; border-radius: {px(18)}px;
    padding: {px(8)}px {px(20)}px; min-height: {t(72)}px; font-size: {pt(18, 14):.1f}pt;
    font-weight: 600; }}
QPushButton[shell="chip"]:checked {{ background: {fill}; color: white; border-color: {fill}; }}
QPushButton[shell="chip"]:pressed {{ background: {TRAY}; color: {INK}; }}
"""
