"""The province administrator's settings page: names, deadlines, the report's defaults and the counted
states; audited, and closed to everyone else."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import schema_context

from accounts.roles import Role
from core.cache import FIGURES_STAMP, stamp
from core.models import AuditEntry
from tenants.models import Province
from tests.conftest import World, client_for
from tests.factories import UserFactory

URL = "/province/settings/"


def _form(province: Province, **changes: Any) -> dict[str, Any]:
    data = {
        "unit_type": province.unit_type,
        "department_name": province.department_name,
        "ministry_name": province.ministry_name,
        "agency_report_day": province.agency_report_day or "",
        "agency_report_month": province.agency_report_month or "",
        "ministry_report_day": province.ministry_report_day or "",
        "ministry_report_month": province.ministry_report_month or "",
        "report_issuer": province.report_issuer,
        "report_signature": province.report_signature,
        "report_signer_name": province.report_signer_name,
        "report_addressees": province.report_addressees,
        "report_recipients": province.report_recipients,
    }
    if province.statistics_count_submitted:
        data["statistics_count_submitted"] = "on"
    return data | changes


def test_the_province_admin_saves_the_settings_and_each_change_is_audited_before_and_after(
    world: World, db: None
) -> None:
    client = client_for(world.province_a, world.admin_a)
    assert "/province/settings/" in client.get("/").content.decode()  # reachable from the menu
    province = Province.objects.get(pk=world.province_a.pk)
    response = client.post(
        URL,
        _form(
            province,
            department_name="Sở Khoa học và Công nghệ tỉnh Đồng Nai",
            agency_report_day="15",
            agency_report_month="11",
            report_issuer="committee",
            report_signature="KT. GIÁM ĐỐC\r\nPHÓ GIÁM ĐỐC",
            report_signer_name="Nguyễn Văn A",
            report_recipients="Như trên;\r\nLưu: VT.",
        ),
    )
    assert response.status_code == 302
    province.refresh_from_db()
    assert (province.agency_report_deadline, province.report_issuer) == ("15/11", "committee")
    assert province.report_signature_lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert province.report_recipient_list == ["Như trên;", "Lưu: VT."]
    with schema_context(world.province_a.schema_name):
        entry = AuditEntry.objects.get(action="province.settings")
        assert entry.actor == world.admin_a
        assert entry.changes["agency_report_day"] == [None, 15]
        assert entry.changes["department_name"] == [
            "Sở Khoa học và Công nghệ",
            "Sở Khoa học và Công nghệ tỉnh Đồng Nai",
        ]
    log = client.get("/audit/").content.decode()
    assert "Thay đổi thiết lập của tỉnh" in log
    # Saving again without a change writes nothing more.
    client.post(URL, _form(province))
    with schema_context(world.province_a.schema_name):
        assert AuditEntry.objects.filter(action="province.settings").count() == 1


def test_bad_deadlines_are_refused_in_both_languages_and_nothing_is_saved(world: World, db: None) -> None:
    client = client_for(world.province_a, world.admin_a)
    province = Province.objects.get(pk=world.province_a.pk)
    page = client.post(URL, _form(province, agency_report_day="31", agency_report_month="2")).content.decode()
    assert "Tháng này không có ngày đó." in page
    client.cookies["django_language"] = "en"
    page = client.post(URL, _form(province, ministry_report_day="10", ministry_report_month="")).content.decode()
    assert "Give both the day and the month, or neither." in page
    province.refresh_from_db()
    assert (province.agency_report_day, province.ministry_report_day) == (None, None)


def test_changing_the_counted_states_makes_the_provinces_figures_stale(world: World, db: None) -> None:
    client = client_for(world.province_a, world.admin_a)
    province = Province.objects.get(pk=world.province_a.pk)
    with schema_context(world.province_a.schema_name):
        before = stamp(FIGURES_STAMP)
    client.post(URL, _form(province, statistics_count_submitted="on"))
    province.refresh_from_db()
    assert province.counted_states == ("validated", "submitted", "under_review", "reviewed")
    with schema_context(world.province_a.schema_name):
        assert stamp(FIGURES_STAMP) != before
        assert AuditEntry.objects.get(action="province.settings").changes == {
            "statistics_count_submitted": [False, True]
        }


def test_other_roles_get_404_and_another_provinces_admin_cannot_reach_it(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        expert = UserFactory.create(email="expert-settings@dong-nai.vn", role=Role.EXPERT)
        association = UserFactory.create(email="hoi-settings@dong-nai.vn", role=Role.ASSOCIATION)
    province = Province.objects.get(pk=world.province_a.pk)
    for user in (world.staff_a, expert, association):
        client = client_for(world.province_a, user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, _form(province, department_name="Sở khác")).status_code == 404
        assert "/province/settings/" not in client.get("/").content.decode()
    # B's administrator has no account on A's site; on B's own site the page changes only B.
    foreign = client_for(world.province_a)
    foreign.cookies = client_for(world.province_b, world.admin_b).cookies
    assert foreign.post(URL, _form(province, department_name="Sở của Thanh Hóa")).status_code == 302
    assert Province.objects.get(pk=world.province_a.pk).department_name == province.department_name
    own = client_for(world.province_b, world.admin_b)
    own.post(URL, _form(Province.objects.get(pk=world.province_b.pk), ministry_name="Bộ Tài chính"))
    assert Province.objects.get(pk=world.province_b.pk).ministry_name == "Bộ Tài chính"
    assert Province.objects.get(pk=world.province_a.pk).ministry_name == "Bộ Khoa học và Công nghệ"


def test_a_new_yearly_report_starts_from_the_settings_and_a_bad_signature_is_refused(world: World, db: None) -> None:
    from reporting.yearly.services import report_start

    client = client_for(world.province_a, world.admin_a)
    province = Province.objects.get(pk=world.province_a.pk)
    refused = client.post(URL, _form(province, report_signature="PHÓ GIÁM ĐỐC\r\nGIÁM ĐỐC")).content.decode()
    assert "TM., KT., Q., TL." in refused  # the report's own rule for the signature block
    province.refresh_from_db()
    assert province.report_signature == ""
    client.post(
        URL,
        _form(
            province,
            report_issuer="committee",
            report_signature="tm. ủy ban nhân dân\r\nkt. chủ tịch\r\nphó chủ tịch",
            report_signer_name="Trần Văn B",
            report_addressees="Bộ Khoa học và Công nghệ",
        ),
    )
    with schema_context(world.province_a.schema_name):
        report = report_start(year=2026, user=None)
    assert report.issuer == "committee"
    assert report.signature.splitlines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert report.signer_name == "Trần Văn B"
    assert report.addressees == "Bộ Khoa học và Công nghệ"
    assert report.recipients.splitlines()[0] == "Như trên"  # left blank in the settings: the committee's usual
