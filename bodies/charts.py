"""Bar charts as server-rendered SVG: the geometry here, the markup in templates/bodies/charts/.

No JavaScript and no inline `style=` (the Content-Security-Policy forbids both): the
templates use SVG presentation attributes only. Coordinates are formatted here as strings
with a dot, so a language whose decimal separator is a comma cannot break the markup.
Charts are images to assistive technology (`role="img"` with a title and a description);
the data table under each chart carries the exact figures.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Horizontal bars: label column, plot, room for the value after the bar.
BARS_WIDTH = 720
BARS_LABEL_WIDTH = 260
BARS_VALUE_WIDTH = 84
BARS_ROW = 24
BARS_BAR_HEIGHT = 16
BARS_TOP = 26
BARS_BOTTOM = 6
# The longest label drawn in full; the full text stays in the bar's tooltip and the table.
BARS_LABEL_CHARACTERS = 38

# Vertical columns (one per year): small multiples, two side by side on a wide screen.
COLUMNS_WIDTH = 400
COLUMNS_LEFT = 66
COLUMNS_RIGHT = 8
COLUMNS_TOP = 12
COLUMNS_PLOT_HEIGHT = 150
COLUMNS_BOTTOM = 34


def _n(value: float) -> str:
    """A coordinate for an SVG attribute: at most one decimal, always with a dot."""
    return f"{value:.1f}".removesuffix(".0")


def nice_ticks(largest: int, *, count: int = 5) -> list[int]:
    """Round gridline values from 0 to just above `largest` (steps of 1, 2, 2.5 or 5 x 10^n)."""
    if largest <= 0:
        return [0, 1]
    rough = largest / count
    power = 10 ** math.floor(math.log10(rough))
    # Counts are whole: never a step below 1.
    step = max(1, next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough))
    top = math.ceil(largest / step) * step
    return [round(step * i) for i in range(round(top / step) + 1)]


@dataclass(frozen=True)
class Item:
    """One bar: its label, its value (None: no figure), and its tooltip text."""

    label: str
    value: int | None
    hint: str = ""
    marked: bool = False


@dataclass(frozen=True)
class Tick:
    value: int
    x1: str
    y1: str
    x2: str
    y2: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    marked: bool
    value: int | None
    hint: str
    x: str
    y: str
    width: str
    height: str
    label_x: str
    label_y: str
    value_x: str
    value_y: str
    mark_y: str


@dataclass(frozen=True)
class Chart:
    """Everything a chart template draws; `kind` picks the template."""

    id: str
    kind: str  # "bars" (horizontal) or "columns" (vertical)
    title: str
    description: str
    width: str
    height: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_x1: str
    axis_y1: str
    axis_x2: str
    axis_y2: str

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def description_id(self) -> str:
        return f"{self.id}-desc"


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(*, chart_id: str, title: str, description: str, items: Sequence[Item]) -> Chart:
    """Horizontal bars, one row per item, in the order given."""
    ticks = nice_ticks(max((item.value or 0 for item in items), default=0))
    left, right = BARS_LABEL_WIDTH, BARS_WIDTH - BARS_VALUE_WIDTH
    scale = (right - left) / ticks[-1]
    height = BARS_TOP + len(items) * BARS_ROW + BARS_BOTTOM
    bars = []
    for index, item in enumerate(items):
        row_top = BARS_TOP + index * BARS_ROW
        width = (item.value or 0) * scale
        baseline = row_top + BARS_ROW / 2 + 4
        bars.append(
            Bar(
                label=_shorten(item.label, BARS_LABEL_CHARACTERS),
                full_label=item.label,
                marked=item.marked,
                value=item.value,
                hint=item.hint,
                x=_n(left),
                y=_n(row_top + (BARS_ROW - BARS_BAR_HEIGHT) / 2),
                width=_n(width),
                height=_n(BARS_BAR_HEIGHT),
                label_x=_n(left - 8),
                label_y=_n(baseline),
                value_x=_n(left + width + 6),
                value_y=_n(baseline),
                mark_y=_n(baseline),
            )
        )
    return Chart(
        id=chart_id,
        kind="bars",
        title=title,
        description=description,
        width=_n(BARS_WIDTH),
        height=_n(height),
        bars=tuple(bars),
        ticks=tuple(
            Tick(
                value=tick,
                x1=_n(left + tick * scale),
                y1=_n(BARS_TOP - 4),
                x2=_n(left + tick * scale),
                y2=_n(height - BARS_BOTTOM),
                label_x=_n(left + tick * scale),
                label_y=_n(BARS_TOP - 10),
            )
            for tick in ticks
        ),
        axis_x1=_n(left),
        axis_y1=_n(BARS_TOP - 4),
        axis_x2=_n(left),
        axis_y2=_n(height - BARS_BOTTOM),
    )


def column_chart(*, chart_id: str, title: str, description: str, items: Sequence[Item]) -> Chart:
    """Vertical columns, one per item (a year), in the order given; no figure: no column."""
    ticks = nice_ticks(max((item.value or 0 for item in items), default=0))
    left, bottom = COLUMNS_LEFT, COLUMNS_TOP + COLUMNS_PLOT_HEIGHT
    slot = (COLUMNS_WIDTH - COLUMNS_LEFT - COLUMNS_RIGHT) / max(len(items), 1)
    scale = COLUMNS_PLOT_HEIGHT / ticks[-1]
    bars = []
    for index, item in enumerate(items):
        height = (item.value or 0) * scale
        centre = left + index * slot + slot / 2
        bars.append(
            Bar(
                label=item.label,
                full_label=item.label,
                marked=item.marked,
                value=item.value,
                hint=item.hint,
                x=_n(centre - slot * 0.35),
                y=_n(bottom - height),
                width=_n(slot * 0.7),
                height=_n(height),
                label_x=_n(centre),
                label_y=_n(bottom + 16),
                value_x=_n(centre),
                value_y=_n(bottom - 4),
                mark_y=_n(bottom + 28),
            )
        )
    return Chart(
        id=chart_id,
        kind="columns",
        title=title,
        description=description,
        width=_n(COLUMNS_WIDTH),
        height=_n(bottom + COLUMNS_BOTTOM),
        bars=tuple(bars),
        ticks=tuple(
            Tick(
                value=tick,
                x1=_n(left),
                y1=_n(bottom - tick * scale),
                x2=_n(COLUMNS_WIDTH - COLUMNS_RIGHT),
                y2=_n(bottom - tick * scale),
                label_x=_n(left - 6),
                label_y=_n(bottom - tick * scale + 4),
            )
            for tick in ticks
        ),
        axis_x1=_n(left),
        axis_y1=_n(bottom),
        axis_x2=_n(COLUMNS_WIDTH - COLUMNS_RIGHT),
        axis_y2=_n(bottom),
    )
