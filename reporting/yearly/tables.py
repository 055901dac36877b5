"""The tables of the yearly report, built from a version's snapshot: the PDF prints them and the
Excel annex writes them, from this one definition, so the two always agree.

The report is an official document in Vietnamese (Nghị định 30/2020/NĐ-CP), so its words are
Vietnamese whatever language the officer reads the portal in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from enterprises.privacy import MASKED

SIZES = {"micro": "Siêu nhỏ", "small": "Nhỏ", "medium": "Vừa", "large": "Lớn", "": "Chưa xác định"}
KINDS = {
    "training": "Đào tạo, tập huấn",
    "workshop": "Hội thảo, tọa đàm",
    "outreach": "Truyền thông",
    "support_visit": "Tư vấn, hỗ trợ tại doanh nghiệp",
    "matchmaking": "Kết nối cung – cầu giải pháp",
    "ecommerce": "Hỗ trợ thương mại điện tử",
    "honouring": "Tôn vinh doanh nghiệp",
}
SOURCES = {
    "provincial": "Ngân sách tỉnh",
    "central": "Ngân sách trung ương",
    "sponsor": "Tài trợ",
    "other": "Nguồn khác",
    "": "Chưa xác định nguồn",
}
UNITS = {
    "enterprises_trained": "doanh nghiệp được đào tạo",
    "enterprises_assessed": "doanh nghiệp được đánh giá",
    "workshops_held": "hội thảo",
    "courses_held": "lớp đào tạo",
    "outreach_reach": "lượt người được truyền thông",
    "enterprises_supported": "doanh nghiệp được hỗ trợ",
    "enterprises_honoured": "doanh nghiệp được tôn vinh",
    "other": "khác",
}


@dataclass(frozen=True)
class Table:
    key: str  # the annex sheet's name
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""

    @property
    def widths(self) -> list[int]:
        """Column widths in percent (the PDF lays tables out with fixed widths, much faster than
        measuring every cell): the row number narrow, text columns three times a number's width."""
        weights = []
        for index in range(len(self.columns)):
            values = [row[index] for row in self.rows[:50] if row[index] not in (None, "")]
            textual = any(isinstance(value, str) and len(value) > 12 for value in values)
            weights.append(0.6 if index == 0 else 3.0 if textual else 1.0)
        total = sum(weights)
        return [round(100 * weight / total) for weight in weights]

    @property
    def numbers(self) -> list[str]:
        """The numbered row under the header: (1), (2)…"""
        return [f"({index})" for index in range(1, len(self.columns) + 1)]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def cell_text(value: Any) -> str:
    """A cell as printed: thousands with dots, decimals with a comma (Vietnamese usage)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def tables(overview: dict[str, Any]) -> list[Table]:
    """Every table of the report, in the order printed."""
    registry, counts = overview["registry"], overview["assessments"]
    counted = counts["counted"]
    result = [
        Table(
            "1-Doanh nghiep theo quy mo",
            "Doanh nghiệp trong cơ sở dữ liệu theo quy mô",
            ["STT", "Quy mô", "Số doanh nghiệp", "Tỷ lệ (%)"],
            [
                [i, SIZES.get(row["code"], row["code"]), row["count"], _share(row["count"], registry["total"])]
                for i, row in enumerate(registry["by_size"], 1)
            ]
            + [["", "Tổng cộng", registry["total"], 100.0 if registry["total"] else None]],
        ),
        Table(
            "2-Doanh nghiep theo nganh",
            "Doanh nghiệp trong cơ sở dữ liệu theo ngành kinh tế (VSIC, cấp 1)",
            ["STT", "Mã ngành", "Ngành kinh tế", "Số doanh nghiệp"],
            [[i, row["code"] or "—", row["name"], row["count"]] for i, row in enumerate(registry["by_section"], 1)],
        ),
        Table(
            "3-Danh gia",
            "Doanh nghiệp thực hiện đánh giá mức độ chuyển đổi số",
            ["STT", "Chỉ tiêu", "Số lượng"],
            [
                [1, "Lượt đánh giá đã nộp trong kỳ", counts["submitted"]],
                [2, "Trong đó: doanh nghiệp tự đánh giá", counts["self_assessed"]],
                [3, "Trong đó: đánh giá có chuyên gia hỗ trợ", counts["expert_assisted"]],
                [4, "Lượt đánh giá đã được Sở xác nhận", counts["validated"]],
                [5, "Doanh nghiệp được tính trong thống kê mức độ", counted],
            ],
        ),
        Table(
            "4-Muc do chuyen doi so",
            "Doanh nghiệp theo mức độ chuyển đổi số (DBI)",
            ["STT", "Mức", "Tên mức", "Số doanh nghiệp", "Tỷ lệ (%)"],
            [
                [i, row["level"], row["name"]["vi"], row["count"], _share(row["count"], counted)]
                for i, row in enumerate(overview["levels"], 1)
            ],
        ),
        Table(
            "5-Tru cot",
            "Điểm bình quân theo trụ cột",
            ["STT", "Trụ cột", "Điểm tối đa", "Điểm bình quân", "Tỷ lệ (%)"]
            + [f"DN ở mức {level}" for level in range(6)],
            [
                [i, row["name"]["vi"], row["max"], _num(row["average"]), _pct(row["percent"]), *row["levels"]]
                for i, row in enumerate(overview["pillars"], 1)
            ],
        ),
        Table(
            "6-Nganh x quy mo",
            "Kết quả đánh giá theo ngành và quy mô",
            ["STT", "Mã ngành", "Quy mô", "Số doanh nghiệp", "Điểm bình quân", "Mức bình quân"],
            [
                [
                    i,
                    row["section"] or "—",
                    SIZES.get(row["size"], row["size"]),
                    row["count"],
                    _num(row["average_points"]),
                    _num(row["average_level"]),
                ]
                for i, row in enumerate(overview["sector_size"], 1)
            ],
        ),
        Table(
            "7-Tien bo",
            "Doanh nghiệp đánh giá lại so với lần đánh giá trước",
            ["STT", "Chỉ tiêu", "Số doanh nghiệp"],
            [
                [1, "Doanh nghiệp được đánh giá lại", overview["progress"]["reassessed"]],
                [2, "Tăng mức", overview["progress"]["up"]],
                [3, "Giữ nguyên mức", overview["progress"]["same"]],
                [4, "Giảm mức", overview["progress"]["down"]],
            ],
        ),
        Table(
            "8-Kho khan",
            "Khó khăn, rào cản doanh nghiệp nêu (Phần C)",
            ["STT", "Khó khăn", "Số doanh nghiệp", "Tỷ lệ (%)"],
            [
                [i, row["text"]["vi"], row["count"], _pct(row["percent"])]
                for i, row in enumerate(overview["barriers"], 1)
            ],
        ),
        Table(
            "9-Nhu cau ho tro",
            "Nhu cầu hỗ trợ của doanh nghiệp (Phần D)",
            ["STT", "Nội dung hỗ trợ", "Số doanh nghiệp", "Tỷ lệ (%)"],
            [
                [i, row["text"]["vi"], row["count"], _pct(row["percent"])]
                for i, row in enumerate(overview["support_demand"], 1)
            ],
        ),
        Table(
            "10-Hoat dong",
            "Hoạt động hỗ trợ doanh nghiệp đã tổ chức",
            [
                "STT",
                "Loại hoạt động",
                "Số hoạt động",
                "Lượt người tham dự",
                "Số doanh nghiệp",
                "Lượt tiếp cận",
                "Kinh phí (triệu đồng)",
            ],
            [
                [
                    i,
                    KINDS.get(row["kind"], row["kind"]),
                    row["held"],
                    row["participants"],
                    row["enterprises"],
                    row["reach"],
                    _num(row["cost"]),
                ]
                for i, row in enumerate(overview["activities"], 1)
            ],
        ),
        Table(
            "11-Chi tieu",
            "Kết quả thực hiện chỉ tiêu của kế hoạch",
            ["STT", "Nhiệm vụ", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"],
            [
                [
                    i,
                    f"{row['plan']} – {row['task']}",
                    row["text"] or UNITS.get(row["unit"], row["unit"]),
                    _range(row),
                    row["achieved"],
                    row["percent"],
                ]
                for i, row in enumerate(overview["targets"], 1)
            ],
        ),
        Table(
            "12-Kinh phi",
            "Kinh phí thực hiện (triệu đồng)" + _budget_years(overview["budget"]),
            ["STT", "Nhiệm vụ", "Dự toán", "Đã sử dụng"],
            [
                [i, f"{line['task']}. {line['task_title']}", _num(line["planned"]), _num(line["spent"])]
                for i, line in enumerate(overview["budget"]["lines"], 1)
            ]
            + [["", "Tổng cộng", _num(overview["budget"]["planned"]), _num(overview["budget"]["spent"])]],
        ),
        *_budget_by_source(overview["budget"]),
        Table(
            "13-Ton vinh",
            "Doanh nghiệp được tôn vinh",
            ["STT", "Năm", "Doanh nghiệp", "Mã số thuế"],
            [
                [i, str(row["year"]), row["name"], MASKED.show(row["tax_code"])]  # a year, not a count: never "2.026"
                for i, row in enumerate(overview["honours"]["enterprises"], 1)
            ],
        ),
    ]
    return result


def _budget_by_source(budget: dict[str, Any]) -> list[Table]:
    """Estimate, approved, spent and settlement per source, with a total row (none in snapshots taken
    before the budget kept its sources' figures)."""
    if "by_source" not in budget:
        return []
    figures = ("estimate", "approved", "spent", "settlement")
    total = budget["total"]
    return [
        Table(
            "12a-Kinh phi theo nguon",
            "Kinh phí theo nguồn (triệu đồng)" + _budget_years(budget),
            ["STT", "Nguồn kinh phí", "Dự toán", "Được duyệt", "Đã sử dụng", "Quyết toán"],
            [
                [i, SOURCES.get(row["source"], row["source"]), *(_num(row[name]) for name in figures)]
                for i, row in enumerate(budget["by_source"], 1)
            ]
            + [["", "Tổng cộng", *(_num(total[name]) for name in figures)]],
            note="Kinh phí đã sử dụng là chi phí của các hoạt động đã tổ chức; chỉ ghi vào một nguồn khi nhiệm vụ "
            "có một nguồn kinh phí duy nhất trong năm.",
        )
    ]


def _budget_years(budget: dict[str, Any]) -> str:
    """A period over two years plans the budgets of both (a budget is set per year)."""
    first, last = budget.get("years") or (0, 0)  # snapshots before 2026-12 do not say
    return f"; dự toán các năm {first}–{last}" if first != last else ""


def _share(count: int, total: int) -> float | None:
    return _pct(100 * count / total) if total else None


def _range(row: dict[str, Any]) -> str:
    figure = f"{row['minimum']}" if row["minimum"] == row["maximum"] else f"{row['minimum']}–{row['maximum']}"
    return figure + ("/năm" if row["per_year"] else "")
