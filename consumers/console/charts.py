"""Small bar charts drawn as inline SVG by the templates: this module only computes the geometry (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # shown as the bar's tooltip and read by screen readers


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    peak: int
    title: str


def bar_chart(values: list[tuple[str, int]], *, title: str, unit: str, width: int = 520, height: int = 90,
              series: int = 1, offset: int = 0) -> Chart:
    """One bar per value (label, count), scaled to the largest; `series`/`offset` place bars of several series
    side by side within each slot."""
    peak = max((v for _, v in values), default=0)
    slot = width / max(len(values), 1)
    bar_w = max(slot / series - 1, 1)
    bars = []
    for n, (label, value) in enumerate(values):
        h = (height - 2) * value / peak if peak else 0
        bars.append(Bar(round(n * slot + offset * bar_w, 1), round(height - h, 1), round(bar_w, 1), round(h, 1),
                        f"{label}: {value} {unit}"))
    return Chart(width, height, tuple(bars), peak, title)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    anchor: str  # SVG text-anchor: the first label starts at its bar, the last ends at it, the others are centred


def day_ticks(chart: Chart, days: list[str], *, most: int = 6) -> tuple[Tick, ...]:
    """Labels under a chart of one bar per day (ISO dates): the first and the last day and evenly spaced ones
    between, `most` at the most, as "2 Nov"."""
    if not days or len(days) != len(chart.bars):
        return ()
    step = max(1, -(-(len(days) - 1) // max(most - 1, 1)))
    picked = sorted({*range(0, len(days), step), len(days) - 1})
    if len(picked) > 1 and picked[-1] - picked[-2] < step / 2:
        picked.pop(-2)  # the last day's label would touch the one before it
    ticks = []
    for n in picked:
        bar, day = chart.bars[n], date.fromisoformat(days[n])
        anchor = "start" if n == 0 else "end" if n == len(days) - 1 else "middle"
        x = {"start": bar.x, "end": bar.x + bar.width, "middle": bar.x + bar.width / 2}[anchor]
        ticks.append(Tick(round(x, 1), f"{day.day} {day:%b}", anchor))
    return tuple(ticks)
