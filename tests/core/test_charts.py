"""Charts are drawn for images and PDFs, where pygal's script never runs: they carry nothing for it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from core.charts import bars, pillar_radar


def test_a_chart_carries_its_figures_but_no_tooltip_data() -> None:
    svg = bars(["Cấp 1", "Cấp 2"], [("Doanh nghiệp", [1234, 56])], title="Theo mức", horizontal=True)
    tree = ET.fromstring(svg.encode("utf-8"))  # still well-formed XML
    assert not tree.findall(".//{http://www.w3.org/2000/svg}desc")
    assert not tree.findall(".//{http://www.w3.org/2000/svg}script")
    texts = "".join(tree.itertext())
    assert "Cấp 1" in texts
    assert "Theo mức" in texts
    radar = pillar_radar(["A", "B", "C"], [("Tỉnh", [40.0, 60.0, 80.0])])
    assert "<desc" not in radar
    assert "<svg" in radar
