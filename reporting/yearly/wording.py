"""The sentences an officer would otherwise write by hand: a task's paragraph from its figures
(`stats.task_figures`) and its agencies' yearly updates, and the labels of the report's headings.
Plain functions over plain data; the report is an official document, so the words are Vietnamese.
"""

from __future__ import annotations

from typing import Any

from reporting.yearly.tables import UNITS, cell_text

# What one activity of a kind is called when counted: "3 khóa đào tạo".
COUNTED_KINDS = {
    "training": "khóa đào tạo",
    "workshop": "hội thảo",
    "outreach": "hoạt động truyền thông",
    "support_visit": "đợt tư vấn, hỗ trợ tại doanh nghiệp",
    "matchmaking": "hoạt động kết nối cung – cầu giải pháp",
    "ecommerce": "hoạt động hỗ trợ thương mại điện tử",
    "honouring": "lễ tôn vinh doanh nghiệp",
}

# The points of a clause (Nghị định 30/2020/NĐ-CP, Phụ lục I): the Vietnamese alphabet, đ included,
# f j w z left out.
POINTS = list("abcdđeghiklmnopqrstuvxy")


def listed(items: list[str]) -> str:
    """“a”, “a và b”, “a, b và c”."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def number(value: Any) -> str:
    return cell_text(value)


def activities_sentence(figures: dict[str, Any]) -> str:
    """“Trong kỳ báo cáo, đã tổ chức 2 khóa đào tạo và 1 hội thảo; tổng cộng 5 lượt người tham dự,
    3 doanh nghiệp tham gia hoặc được hỗ trợ. Các hoạt động truyền thông tiếp cận 12.000 lượt người.”"""
    held = [f"{number(count)} {COUNTED_KINDS.get(kind, kind)}" for kind, count in figures["activities"].items()]
    if not held:
        return ""
    text = f"Trong kỳ báo cáo, đã tổ chức {listed(held)}"
    people = []
    if figures["participants"]:
        people.append(f"{number(figures['participants'])} lượt người tham dự")
    if figures["enterprises"]:
        people.append(f"{number(figures['enterprises'])} doanh nghiệp tham gia hoặc được hỗ trợ")
    text += f"; tổng cộng {', '.join(people)}." if people else "."
    if figures["reach"]:
        text += f" Các hoạt động truyền thông tiếp cận {number(figures['reach'])} lượt người."
    return text


def target_sentence(target: dict[str, Any]) -> str:
    """One target of the task against what the records show."""
    unit = UNITS.get(target["unit"], target["unit"])
    if target["minimum"] == target["maximum"]:
        planned = number(target["minimum"])
    else:
        planned = f"từ {number(target['minimum'])} đến {number(target['maximum'])}"
    if target["achieved"] is None:
        wanted = target["text"] or f"{planned} {unit}"
        return f"Chỉ tiêu kế hoạch: {wanted}; kết quả theo báo cáo của cơ quan, đơn vị thực hiện."
    wanted = f"{planned} {unit}" + ("/năm" if target["per_year"] else " trong cả giai đoạn")
    since = "" if target["per_year"] else f" (lũy kế từ ngày {_day(target['counted']['from'])})"
    if target["met"]:
        verdict = "đạt chỉ tiêu"
    elif target["achieved"]:
        verdict = f"đạt {target['percent']}% mức tối thiểu"
    else:
        verdict = "chưa đạt chỉ tiêu"
    return f"Chỉ tiêu kế hoạch: {wanted}; thực hiện {number(target['achieved'])}{since}, {verdict}."


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def update_text(agency: str, progress: int, narrative: str, figures: str) -> str:
    """An agency's yearly update of the task, as the agency wrote it."""
    text = f"{agency} ({progress}%): {narrative.strip()}"
    return f"{text}\n{figures.strip()}" if figures.strip() else text


def task_paragraphs(figures: dict[str, Any] | None, updates: list[str]) -> str:
    """A task's prefilled text: what its activities did, its targets against the results, then the
    agencies' updates; one paragraph a line. Empty when there is nothing to say."""
    lines = []
    if figures is not None:
        if sentence := activities_sentence(figures):
            lines.append(sentence)
        if figures["targets"]:
            lines.append(" ".join(target_sentence(target) for target in figures["targets"]))
    return "\n\n".join([*lines, *updates])


def point_labels(count: int) -> list[str]:
    """The labels of the tasks under “2. Kết quả thực hiện các nhiệm vụ”: points a), b), c)… as the
    decree lays out the level under a numbered clause; past the 23 letters the decree gives nothing,
    so then every task is numbered 2.1, 2.2…"""
    if count <= len(POINTS):
        return [f"{letter})" for letter in POINTS[:count]]
    return [f"2.{index}." for index in range(1, count + 1)]
