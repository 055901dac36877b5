"""Charts drawn by pygal as SVG: the same SVG serves a page (as an image) and a PDF."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import pygal
from django.utils.formats import number_format
from pygal.style import Style

_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#d63384", "#20c997"),
    font_family="Liberation Sans, DejaVu Sans, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
)


def pillar_radar(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, title: str = ""
) -> str:
    """A radar of pillar shares (percent of each pillar's maximum), one line per series; SVG text."""
    chart = pygal.Radar(
        style=_STYLE,
        width=560,
        height=460,
        range=(0, 100),
        fill=False,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        js=[],  # no script: the image must work under the portal's Content-Security-Policy and in PDFs
        disable_xml_declaration=False,
        title=title or None,
        y_labels=[20, 40, 60, 80, 100],
        dots_size=4,
        truncate_label=-1,
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    svg: bytes = chart.render()
    return svg.decode("utf-8")


def svg_data_uri(svg: str) -> str:
    """For an <img src>: an SVG image keeps its own styles out of the page's CSP."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _chart(kind: type[Any], *, width: int, height: int, title: str, legend: bool, **options: Any) -> Any:
    return kind(
        style=_STYLE,
        width=width,
        height=height,
        show_legend=legend,
        legend_at_bottom=True,
        js=[],
        disable_xml_declaration=False,
        title=title or None,
        truncate_label=-1,
        truncate_legend=-1,
        print_values=False,
        **{"value_formatter": _number, **options},
    )


def bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str = "",
    horizontal: bool = False,
    width: int = 560,
    height: int = 360,
    stacked: bool = False,
) -> str:
    """Vertical (or horizontal) bars, one colour per series; SVG text."""
    kind = (pygal.StackedBar if stacked else pygal.Bar) if not horizontal else pygal.HorizontalBar
    chart = _chart(
        kind, width=width, height=height, title=title, legend=len(series) > 1, legend_at_bottom_columns=len(series)
    )
    chart.x_labels = [_short(label) for label in labels]
    for name, values in series:
        chart.add(name, list(values))
    return str(chart.render().decode("utf-8"))


def lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str = "",
    width: int = 560,
    height: int = 360,
    secondary: Sequence[tuple[str, Sequence[float | None]]] = (),
) -> str:
    """Lines over `labels` (years), series on the secondary axis drawn against the right scale; SVG text."""
    chart = _chart(
        pygal.Line, width=width, height=height, title=title, legend=True, dots_size=4,
        secondary_range=(0, 5), value_formatter=_number, legend_at_bottom_columns=2,
    )  # fmt: skip
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    for name, values in secondary:
        chart.add(name, list(values), secondary=True)
    return str(chart.render().decode("utf-8"))


def _short(label: str, limit: int = 34) -> str:
    """Category labels are cut so long names leave the plot its width."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    """Values and axis labels as the language writes numbers (3.604 / 3,604), like the pages."""
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)
