"""Agencies the 2022 plans name, called by the names they carry since the 2025 reorganisation."""

from __future__ import annotations

from datetime import date

from reference.agencies import current_names, renames, renaming_note


def test_the_plans_agencies_are_called_by_todays_names_except_as_issuers_of_past_documents() -> None:
    plan = (
        "Căn cứ Quyết định số 1970/QĐ-BTTTT ngày 13/12/2021 của Bộ Thông tin và Truyền thông; Sở Thông tin và "
        "Truyền thông chủ trì, phối hợp Sở Kế hoạch và Đầu tư (Sở KH&ĐT), báo cáo Bộ TT&TT. SỞ TT&TT TỔNG HỢP."
    )
    text, applied = current_names(plan, on=date(2026, 3, 5))
    assert text == (
        "Căn cứ Quyết định số 1970/QĐ-BTTTT ngày 13/12/2021 của Bộ Thông tin và Truyền thông; Sở Khoa học và "
        "Công nghệ chủ trì, phối hợp Sở Tài chính (Sở Tài chính), báo cáo Bộ KH&CN. SỞ KH&CN TỔNG HỢP."
    )
    note = renaming_note(applied)
    assert note.count("Sở Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ") == 1
    assert "Nghị định số 45/2025/NĐ-CP" in note
    assert "Nghị quyết số 176/2025/QH15" in note
    assert note.endswith("báo cáo dùng tên cơ quan hiện nay.")
    assert current_names(plan, on=date(2025, 2, 28)) == (plan, [])  # a document dated before the merger
    assert renaming_note([]) == ""


def test_every_abbreviation_stands_for_a_full_name_of_the_file() -> None:
    full = {rename.old for rename in renames() if not rename.stands_for}
    assert {rename.stands_for for rename in renames() if rename.stands_for} <= full
    assert all(rename.source and rename.effective == date(2025, 3, 1) for rename in renames())
