"""Charts drawn by pygal as SVG: the same SVG serves a page (as an image) and a PDF."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import pygal
from pygal.style import Style

_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0d6efd", "#fd7e14", "#198754"),
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
