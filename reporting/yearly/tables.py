"""The tables of the yearly report, built from a version's snapshot: the PDF prints them and the
Excel annex writes them, from this one definition, so the two always agree.

The report is an official document in Vietnamese (Nghị định 30/2020/NĐ-CP), so its words are
Vietnamese whatever language the officer reads the portal in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from enterprises.privacy import MASKED
from reporting.statistics import disclosure

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
    key: str  # what the template and tests know it by, e.g. "levels"
    sheet: str  # the annex sheet's name, without its number (ASCII, short)
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""  # printed under the table
    number: int = 0  # “Bảng 4”: given by its place in TABLES

    @property
    def sheet_name(self) -> str:
        """The annex sheet: “4-Muc do chuyen doi so” (Excel allows 31 characters)."""
        return f"{self.number}-{self.sheet}"[:31]

    @property
    def widths(self) -> list[int]:
        """Column widths in percent (the PDF lays tables out with fixed widths, much faster than
        measuring every cell): the row number narrow, text columns three times a number's width."""
        weights = []
        for index in range(len(self.columns)):
            values = [row[index] for row in self.rows[:50] if row[index] not in (None, "")]
            textual = any(isinstance(value, str) and len(value) > 12 for value in values)
            weights.append(0.8 if index == 0 else 3.0 if textual else 1.0)  # “STT” fits on one line
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


# --- One function per table: the snapshot's overview in, the table out (None: the snapshot predates
# the figure, and the table is left out) --------------------------------------------------------------

Overview = dict[str, Any]


def registry_by_size(overview: Overview) -> Table:
    registry = overview["registry"]
    return Table(
        "registry-size",
        "Doanh nghiep theo quy mo",
        "Doanh nghiệp trong cơ sở dữ liệu theo quy mô",
        ["STT", "Quy mô", "Số doanh nghiệp", "Tỷ lệ (%)"],
        [
            [i, SIZES.get(row["code"], row["code"]), row["count"], _share(row["count"], registry["total"])]
            for i, row in enumerate(registry["by_size"], 1)
        ]
        + [["", "Tổng cộng", registry["total"], 100.0 if registry["total"] else None]],
    )


def registry_by_section(overview: Overview) -> Table:
    return Table(
        "registry-section",
        "Doanh nghiep theo nganh",
        "Doanh nghiệp trong cơ sở dữ liệu theo ngành kinh tế (VSIC, cấp 1)",
        ["STT", "Mã ngành", "Ngành kinh tế", "Số doanh nghiệp"],
        [
            [i, row["code"] or "—", row["name"], row["count"]]
            for i, row in enumerate(overview["registry"]["by_section"], 1)
        ],
    )


def assessments(overview: Overview) -> Table:
    counts = overview["assessments"]
    return Table(
        "assessments",
        "Danh gia",
        "Doanh nghiệp thực hiện đánh giá mức độ chuyển đổi số",
        ["STT", "Chỉ tiêu", "Số lượng"],
        [
            [1, "Lượt đánh giá đã nộp trong kỳ", counts["submitted"]],
            [2, "Trong đó: doanh nghiệp tự đánh giá", counts["self_assessed"]],
            [3, "Trong đó: đánh giá có chuyên gia hỗ trợ", counts["expert_assisted"]],
            [4, "Lượt đánh giá đã được Sở xác nhận", counts["validated"]],
            [5, "Doanh nghiệp được tính trong thống kê mức độ", counts["counted"]],
        ],
    )


def levels(overview: Overview) -> Table:
    counted = overview["assessments"]["counted"]
    return Table(
        "levels",
        "Muc do chuyen doi so",
        "Doanh nghiệp theo mức độ chuyển đổi số (DBI)",
        ["STT", "Mức", "Tên mức", "Số doanh nghiệp", "Tỷ lệ (%)"],
        [
            [i, row["level"], row["name"]["vi"], row["count"], _share(row["count"], counted)]
            for i, row in enumerate(overview["levels"], 1)
        ],
    )


def wards(overview: Overview) -> Table | None:
    """By current ward, with small cells hidden (disclosure.wards): the report leaves the department."""
    if "wards" not in overview:
        return None
    raw = overview["wards"]
    shown = disclosure.wards(raw)
    total = [sum(row["assessed"] for row in raw), sum(row["validated"] for row in raw)]
    total += [sum(row["levels"][level] for row in raw) for level in range(6)]
    return Table(
        "wards",
        "Theo xa phuong",
        "Doanh nghiệp đánh giá mức độ chuyển đổi số theo xã, phường",
        ["STT", "Xã, phường, đặc khu", "Doanh nghiệp đã đánh giá", "Được Sở xác nhận"]
        + [f"Mức {level}" for level in range(6)],
        [[i, _ward(row), row["assessed"], row["validated"], *row["levels"]] for i, row in enumerate(shown, 1)]
        + ([["", "Tổng cộng", *total]] if raw else []),
        note=(
            "Cột (3): doanh nghiệp có lượt đánh giá nộp trong kỳ; cột (4): trong đó có lượt được Sở xác nhận; "
            "cột (5)–(10): doanh nghiệp được tính trong thống kê mức độ. Xã, phường theo địa chỉ hiện hành "
            f"trong cơ sở dữ liệu. Ô ghi “{disclosure.small()}” có ít doanh nghiệp, không nêu số để không nhận "
            "diện được doanh nghiệp (một số ô khác cũng không nêu, để không suy ra được bằng phép trừ)."
        ),
    )


def _ward(row: dict[str, Any]) -> str:
    return f"{row['unit']} {row['name']}".strip() if row["code"] else "Chưa xác định"


def certificates(overview: Overview) -> Table | None:
    if "certificates" not in overview:
        return None
    issued = overview["certificates"]
    return Table(
        "certificates",
        "Giay chung nhan",
        "Giấy chứng nhận mức độ chuyển đổi số đã cấp trong kỳ",
        ["STT", "Mức", "Tên mức", "Số giấy chứng nhận"],
        [[i, row["level"], row["name"]["vi"], row["count"]] for i, row in enumerate(issued["by_level"], 1)]
        + [["", "", "Tổng cộng", issued["count"]]],
    )


def pillars(overview: Overview) -> Table:
    return Table(
        "pillars",
        "Tru cot",
        "Điểm bình quân theo trụ cột",
        ["STT", "Trụ cột", "Điểm tối đa", "Điểm bình quân", "Tỷ lệ (%)"] + [f"DN ở mức {level}" for level in range(6)],
        [
            [i, row["name"]["vi"], row["max"], _num(row["average"]), _pct(row["percent"]), *row["levels"]]
            for i, row in enumerate(overview["pillars"], 1)
        ],
    )


def sector_size(overview: Overview) -> Table:
    return Table(
        "sector-size",
        "Nganh x quy mo",
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
    )


def progress(overview: Overview) -> Table:
    figures = overview["progress"]
    return Table(
        "progress",
        "Tien bo",
        "Doanh nghiệp đánh giá lại so với lần đánh giá trước",
        ["STT", "Chỉ tiêu", "Số doanh nghiệp"],
        [
            [1, "Doanh nghiệp được đánh giá lại", figures["reassessed"]],
            [2, "Tăng mức", figures["up"]],
            [3, "Giữ nguyên mức", figures["same"]],
            [4, "Giảm mức", figures["down"]],
        ],
    )


def barriers(overview: Overview) -> Table:
    return Table(
        "barriers",
        "Kho khan",
        "Khó khăn, rào cản doanh nghiệp nêu (Phần C)",
        ["STT", "Khó khăn", "Số doanh nghiệp", "Tỷ lệ (%)"],
        [[i, row["text"]["vi"], row["count"], _pct(row["percent"])] for i, row in enumerate(overview["barriers"], 1)],
    )


def support_demand(overview: Overview) -> Table:
    return Table(
        "support-demand",
        "Nhu cau ho tro",
        "Nhu cầu hỗ trợ của doanh nghiệp (Phần D)",
        ["STT", "Nội dung hỗ trợ", "Số doanh nghiệp", "Tỷ lệ (%)"],
        [
            [i, row["text"]["vi"], row["count"], _pct(row["percent"])]
            for i, row in enumerate(overview["support_demand"], 1)
        ],
    )


def activities(overview: Overview) -> Table:
    return Table(
        "activities",
        "Hoat dong",
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
    )


def targets(overview: Overview) -> Table:
    return Table(
        "targets",
        "Chi tieu",
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
    )


def budget(overview: Overview) -> Table:
    figures = overview["budget"]
    return Table(
        "budget",
        "Kinh phi",
        "Kinh phí thực hiện (triệu đồng)" + _budget_years(figures),
        ["STT", "Nhiệm vụ", "Dự toán", "Đã sử dụng"],
        [
            [i, f"{line['task']}. {line['task_title']}", _num(line["planned"]), _num(line["spent"])]
            for i, line in enumerate(figures["lines"], 1)
        ]
        + [["", "Tổng cộng", _num(figures["planned"]), _num(figures["spent"])]],
    )


def budget_by_source(overview: Overview) -> Table | None:
    """Estimate, approved, spent and settlement per source, with a total row (none in snapshots taken
    before the budget kept its sources' figures)."""
    figures = overview["budget"]
    if "by_source" not in figures:
        return None
    names = ("estimate", "approved", "spent", "settlement")
    total = figures["total"]
    return Table(
        "budget-by-source",
        "Kinh phi theo nguon",
        "Kinh phí theo nguồn (triệu đồng)" + _budget_years(figures),
        ["STT", "Nguồn kinh phí", "Dự toán", "Được duyệt", "Đã sử dụng", "Quyết toán"],
        [
            [i, SOURCES.get(row["source"], row["source"]), *(_num(row[name]) for name in names)]
            for i, row in enumerate(figures["by_source"], 1)
        ]
        + [["", "Tổng cộng", *(_num(total[name]) for name in names)]],
        note="Kinh phí đã sử dụng là chi phí của các hoạt động đã tổ chức; chỉ ghi vào một nguồn khi nhiệm vụ "
        "có một nguồn kinh phí duy nhất trong năm.",
    )


def honours(overview: Overview) -> Table:
    return Table(
        "honours",
        "Ton vinh",
        "Doanh nghiệp được tôn vinh",
        ["STT", "Năm", "Doanh nghiệp", "Mã số thuế"],
        [
            [i, str(row["year"]), row["name"], MASKED.show(row["tax_code"])]  # a year, not a count: never "2.026"
            for i, row in enumerate(overview["honours"]["enterprises"], 1)
        ],
    )


# Every table of the report, in the order printed under “3. Số liệu thống kê” and written to the
# annex; a table's number is its place here. A new table is one function above and one entry here.
TABLES: list[Callable[[Overview], Table | None]] = [
    registry_by_size,
    registry_by_section,
    assessments,
    levels,
    wards,
    certificates,
    pillars,
    sector_size,
    progress,
    barriers,
    support_demand,
    activities,
    targets,
    budget,
    budget_by_source,
    honours,
]


def tables(overview: Overview) -> list[Table]:
    """Every table of the report, numbered in the order printed."""
    built = [table for build in TABLES if (table := build(overview)) is not None]
    return [replace(table, number=number) for number, table in enumerate(built, 1)]


def _budget_years(budget: dict[str, Any]) -> str:
    """A period over two years plans the budgets of both (a budget is set per year)."""
    first, last = budget.get("years") or (0, 0)  # snapshots before 2026-12 do not say
    return f"; dự toán các năm {first}–{last}" if first != last else ""


def _share(count: int, total: int) -> float | None:
    return _pct(100 * count / total) if total else None


def _range(row: dict[str, Any]) -> str:
    figure = f"{row['minimum']}" if row["minimum"] == row["maximum"] else f"{row['minimum']}–{row['maximum']}"
    return figure + ("/năm" if row["per_year"] else "")
