"""Charts drawn by pygal as SVG: the same SVG serves a page (as an image) and a PDF.

Every chart can also be drawn `compact`, for a phone: 360 units wide (a 340-pixel column shows it at
nearly its own size) with larger type and shorter labels. The 560-wide chart squeezed into a phone
shrank its 13-unit labels to about 7 pixels; pages show the compact one below 576 pixels through a
`<picture>` (templates/includes/_chart.html)."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from typing import Any

import pygal
from django.utils.formats import number_format
from pygal.style import Style

_STYLE_OPTIONS: dict[str, Any] = {
    "background": "white",
    "plot_background": "white",
    "foreground": "#212529",
    "foreground_strong": "#212529",
    "foreground_subtle": "#6c757d",
    "colors": ("#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#d63384", "#20c997"),
    "font_family": "Liberation Sans, DejaVu Sans, Arial, sans-serif",
    "label_font_size": 13,
    "major_label_font_size": 13,
    "legend_font_size": 13,
}
_STYLE = Style(**_STYLE_OPTIONS)
_COMPACT_STYLE = Style(
    **{**_STYLE_OPTIONS, "label_font_size": 14, "major_label_font_size": 14, "legend_font_size": 14,
       "title_font_size": 15}
)  # fmt: skip
COMPACT_WIDTH = 360
_COMPACT_LABEL = 20  # characters of a category label on a phone


def pillar_radar(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str = "",
    compact: bool = False,
) -> str:
    """A radar of pillar shares (percent of each pillar's maximum), one line per series; SVG text.
    Compact, the same figures as horizontal bars: a radar's labels, rotated around a 360-unit circle,
    ran off a phone's screen."""
    if compact:
        return bars(
            list(reversed(labels)),  # horizontal bars draw from the bottom up
            [(name, list(reversed(values))) for name, values in series],
            title=title,
            horizontal=True,
            height=60 * len(labels) + 40 * len(series) + 100,
            compact=True,
            range=(0, 100),
        )
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
    return _drawn(chart)


# pygal writes, under every bar and dot, the data of a tooltip, and at the top its whole configuration
# as a script: both serve its script on hover. The portal draws without the script (an image shows no
# tooltip, a PDF neither): left in, they were a fifth of a chart's bytes and of the time WeasyPrint
# takes to draw it.
_FOR_THE_SCRIPT = re.compile(r"<desc class=\"[^\"<>]*\">[^<]*</desc>|<script[^>]*>.*?</script>", re.DOTALL)


def _drawn(chart: Any) -> str:
    """The chart's SVG text, without what only pygal's script reads."""
    svg: bytes = chart.render()
    return _FOR_THE_SCRIPT.sub("", svg.decode("utf-8"))


def svg_data_uri(svg: str) -> str:
    """For an <img src>: an SVG image keeps its own styles out of the page's CSP."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _chart(kind: type[Any], *, width: int, height: int, title: str, legend: bool, compact: bool, **options: Any) -> Any:
    return kind(
        style=_COMPACT_STYLE if compact else _STYLE,
        width=COMPACT_WIDTH if compact else width,
        height=height,
        show_legend=legend,
        legend_at_bottom=True,
        js=[],
        disable_xml_declaration=False,
        title=title or None,
        truncate_label=-1,
        truncate_legend=-1,
        print_values=False,
        max_scale=5 if compact else 16,  # a phone's value axis has room for a few figures
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
    compact: bool = False,
    **options: Any,
) -> str:
    """Vertical (or horizontal) bars, one colour per series; SVG text. Compact, vertical bars with many
    or long labels turn horizontal (the labels would collide) and the legend stacks in one column."""
    if compact and not horizontal and (len(labels) > 4 or max(map(len, labels), default=0) > 8):
        horizontal, height = True, max(height, 28 * len(labels) + 40 * len(series) + 80)
    if horizontal:
        kind = pygal.HorizontalStackedBar if stacked else pygal.HorizontalBar
    else:
        kind = pygal.StackedBar if stacked else pygal.Bar
    columns = 1 if compact else len(series)
    chart = _chart(
        kind, width=width, height=height, title=title, legend=len(series) > 1, compact=compact,
        legend_at_bottom_columns=columns, **options,
    )  # fmt: skip
    chart.x_labels = [_short(label, _COMPACT_LABEL if compact else 34) for label in labels]
    for name, values in series:
        chart.add(name, list(values))
    return _drawn(chart)


def lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str = "",
    width: int = 560,
    height: int = 360,
    secondary: Sequence[tuple[str, Sequence[float | None]]] = (),
    compact: bool = False,
) -> str:
    """Lines over `labels` (years), series on the secondary axis drawn against the right scale; SVG
    text. Compact, the legend stacks in one column and past six labels only four show under the axis."""
    crowded = compact and len(labels) > 6
    chart = _chart(
        pygal.Line, width=width, height=height + (40 if compact else 0), title=title, legend=True,
        compact=compact, dots_size=4, secondary_range=(0, 5), value_formatter=_number,
        legend_at_bottom_columns=1 if compact else 2,
        x_labels_major_count=4 if crowded else None, show_minor_x_labels=not crowded,
    )  # fmt: skip
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    for name, values in secondary:
        chart.add(name, list(values), secondary=True)
    return _drawn(chart)


def _short(label: str, limit: int = 34) -> str:
    """Category labels are cut so long names leave the plot its width."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    """Values and axis labels as the language writes numbers (3.604 / 3,604), like the pages."""
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)
