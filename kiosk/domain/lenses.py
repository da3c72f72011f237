"""Lenses: the three questions a table ranks by, with their suggested criteria."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.decks import toml_error_position

LENS_IDS = ("benefit", "risk", "acceptability")


@dataclass(frozen=True, slots=True)
class Lens:
    """A question the cards are ranked by, its two ends and its suggested criteria."""

    id: str
    title: str
    question: str
    most: str
    least: str
    criteria: tuple[str, ...]
    red_lines: tuple[str, ...] = ()

    @property
    def suggested(self) -> tuple[str, ...]:
        """Every chip offered on the criteria screen: criteria, then red lines."""
        return self.criteria + self.red_lines

    @property
    def has_cut_line(self) -> bool:
        """Acceptability lets a table split its ladder into acceptable / not acceptable."""
        return self.id == "acceptability"


class LensError(ValueError):
    pass


def _strs(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LensError(f"{where}: must be a list of non-empty text")
    return tuple(v.strip() for v in value)


def parse_lenses(text: str, path: Path) -> dict[str, Lens]:
    import tomllib  # loaded when lenses are parsed, not when the catalog comes from its cache

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, reason = toml_error_position(exc)
        raise LensError(f"{path}:{line or 1}: not valid TOML ({reason})") from None
    except RecursionError:  # tomllib recurses per nested [ or {
        raise LensError(f"{path}: not valid TOML (nested too deeply)") from None
    raw = data.get("lens")
    if not isinstance(raw, list):
        raise LensError(f"{path}: lens: expected [[lens]] tables")
    lenses: dict[str, Lens] = {}
    for index, item in enumerate(raw, 1):
        where = f"{path}: lens[{index}]"
        if not isinstance(item, dict):
            raise LensError(f"{where}: must be a table")
        values = {}
        for key in ("id", "title", "question", "most", "least"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise LensError(f"{where}.{key}: is required text")
            values[key] = value.strip()
        if values["id"] not in LENS_IDS:
            raise LensError(f"{where}.id: '{values['id']}' is not one of {', '.join(LENS_IDS)}")
        if values["id"] in lenses:
            raise LensError(f"{where}.id: '{values['id']}' appears twice")
        lenses[values["id"]] = Lens(
            **values,
            criteria=_strs(item.get("criteria"), f"{where}.criteria"),
            red_lines=_strs(item.get("red_lines"), f"{where}.red_lines"),
        )
    missing = [lens_id for lens_id in LENS_IDS if lens_id not in lenses]
    if missing:
        raise LensError(f"{path}: lens: missing {', '.join(missing)}")
    return {lens_id: lenses[lens_id] for lens_id in LENS_IDS}


def load_lenses(path: Path) -> dict[str, Lens]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LensError(f"{path}: cannot be read ({exc})") from None
    return parse_lenses(text, path)
