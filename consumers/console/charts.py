"""Small bar charts drawn as inline SVG by the templates: this module only computes the geometry (pure)."""

from __future__ import annotations

from dataclasses import dataclass


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
