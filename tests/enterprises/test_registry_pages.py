from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.roles import Role
from core.models import AuditEntry
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from reference.models import Ward
from tests.conftest import World, client_for
from tests.factories import UserFactory

FORM = {
    "tax_code": "0100 109 106",
    "name": "Công ty TNHH Đồng Nai Xanh",
    "short_name": "Dong Nai Green",
    "legal_form": "tnhh_2tv",
    "founded_on": "2015-03-02",
    "status": "active",
    "vsic_edition": "2025",
    "main_sector": "",
    "other_sectors_text": "",
    "headcount": "45",
    "revenue": "40",
    "capital": "",
    "size_override": "",
    "size_note": "",
    "ward": "",
    "street_address": "12 Đường 30/4",
    "legacy_address": "",
    "phone": "0251 3822 000",
    "email": "lienhe@dongnaixanh.vn",
    "website": "",
    "legal_representative": "Nguyễn Văn An",
    "tags_text": "xuất khẩu, gỗ",
}


def make(world: World, **fields: Any) -> Enterprise:
    defaults: dict[str, Any] = {"tax_code": "0100109106", "name": "Công ty Cổ phần Đồng Nai", "vsic_edition": "2025"}
    with schema_context(world.province_a.schema_name):
        return enterprise_save(enterprise=Enterprise(**(defaults | fields)), user=world.admin_a)


def _a_code(level: int = 4) -> tuple[str, str]:
    from reference.models import VsicCode

    code = VsicCode.objects.filter(edition="2025", level=level, section="C").order_by("code").first()
    assert code is not None
    return code.code, code.section


def test_officer_adds_an_enterprise_and_sees_its_size_with_the_reason(world: World, db: None) -> None:
    code, section = _a_code()
    ward = Ward.objects.filter(province__code="75").first()
    assert ward is not None
    client = client_for(world.province_a, world.staff_a)
    response = client.post("/enterprises/new/", FORM | {"main_sector": code, "ward": ward.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    with schema_context(world.province_a.schema_name):
        enterprise = Enterprise.objects.get()
        assert enterprise.tax_code == "0100109106"
        assert (enterprise.section, enterprise.size) == (section, "small")  # industry: ≤100 and revenue ≤50
        assert enterprise.tags == ["xuất khẩu", "gỗ"]
        entry = AuditEntry.objects.get(action="enterprise.create")
        assert entry.changes["name"] == [None, "Công ty TNHH Đồng Nai Xanh"]
    detail = client.get(response["Location"])
    assert "Nhỏ: 45 lao động, doanh thu 40 tỷ đồng" in detail.text
    assert ward.name in detail.text


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"tax_code": "0100109107"}, "Chữ số kiểm tra"),
        ({"tax_code": "abc"}, "chỉ gồm chữ số"),
        ({"main_sector": "9999"}, "Không phải mã VSIC 2025: 9999"),
        ({"founded_on": "2999-01-01"}, "Ngày thành lập ở tương lai"),
        ({"size_override": "large", "size_note": ""}, "Cho biết lý do"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message_and_nothing_saved(
    world: World, db: None, changes: dict[str, str], field_message: str
) -> None:
    response = client_for(world.province_a, world.staff_a).post("/enterprises/new/", FORM | changes)
    assert response.status_code == 200
    assert field_message in response.text
    with schema_context(world.province_a.schema_name):
        assert not Enterprise.objects.exists()


def test_a_tax_code_already_in_the_registry_is_refused(world: World, db: None) -> None:
    make(world)
    response = client_for(world.province_a, world.staff_a).post("/enterprises/new/", FORM | {"tax_code": "100109106"})
    assert response.status_code == 200
    assert "Đã có doanh nghiệp mang mã số thuế này trong cơ sở dữ liệu" in response.text


def test_search_ignores_accents_and_case_and_finds_tax_codes(world: World, db: None) -> None:
    make(world)
    make(world, tax_code="0102030405-001", name="Hợp tác xã Thanh Long")
    client = client_for(world.province_a, world.staff_a)
    assert "Công ty Cổ phần Đồng Nai" in client.get("/enterprises/", {"q": "dong nai"}).text
    assert "Công ty Cổ phần Đồng Nai" in client.get("/enterprises/", {"q": "CỔ PHẦN"}).text
    found = client.get("/enterprises/", {"q": "0100 1091"}).text
    assert "Công ty Cổ phần Đồng Nai" in found
    assert "Thanh Long" not in found
    partial = client.get("/enterprises/", {"q": "thanh long"}, HTTP_HX_REQUEST="true")
    assert "Hợp tác xã Thanh Long" in partial.text
    assert "<html" not in partial.text


def test_filters_by_size_status_and_tag(world: World, db: None) -> None:
    make(world, headcount=5, revenue=Decimal(1), main_sector=_a_code()[0], tags=["gỗ"])
    make(world, tax_code="0102030405-001", name="Hợp tác xã Thanh Long", status="dissolved")
    client = client_for(world.province_a, world.staff_a)
    assert "Công ty Cổ phần Đồng Nai" in client.get("/enterprises/", {"size": "micro"}).text
    assert "Thanh Long" not in client.get("/enterprises/", {"size": "micro"}).text
    assert "Thanh Long" in client.get("/enterprises/", {"status": "dissolved"}).text
    tagged = client.get("/enterprises/", {"tag": "gỗ"}).text
    assert "Công ty Cổ phần Đồng Nai" in tagged
    assert "Thanh Long" not in tagged


def test_archived_enterprises_leave_the_list_and_come_back(world: World, db: None) -> None:
    enterprise = make(world)
    client = client_for(world.province_a, world.staff_a)
    client.post(f"/enterprises/{enterprise.uuid}/archive/", {"archived": "1"})
    assert "Công ty Cổ phần Đồng Nai" not in client.get("/enterprises/").text
    assert "Công ty Cổ phần Đồng Nai" in client.get("/enterprises/", {"archived": "on"}).text
    client.post(f"/enterprises/{enterprise.uuid}/archive/", {"archived": "0"})
    assert "Công ty Cổ phần Đồng Nai" in client.get("/enterprises/").text
    with schema_context(world.province_a.schema_name):
        actions = list(AuditEntry.objects.filter(object_id=str(enterprise.uuid)).values_list("action", flat=True))
    assert sorted(actions) == ["enterprise.archive", "enterprise.create", "enterprise.restore"]


def test_editing_records_what_changed(world: World, db: None) -> None:
    enterprise = make(world)
    client = client_for(world.province_a, world.admin_a)
    form = FORM | {"tax_code": enterprise.tax_code, "name": "Công ty Cổ phần Đồng Nai Mới"}
    assert client.post(f"/enterprises/{enterprise.uuid}/edit/", form).status_code == 302
    with schema_context(world.province_a.schema_name):
        entry = AuditEntry.objects.get(action="enterprise.update")
    assert entry.changes["name"] == ["Công ty Cổ phần Đồng Nai", "Công ty Cổ phần Đồng Nai Mới"]


def test_roles_outside_the_department_do_not_see_the_registry(world: World, db: None) -> None:
    enterprise = make(world)
    with schema_context(world.province_a.schema_name):
        expert = UserFactory.create(email="expert@dong-nai.vn", role=Role.EXPERT)
        association = UserFactory.create(email="hiephoi@dong-nai.vn", role=Role.ASSOCIATION)
    expert_client = client_for(world.province_a, expert)
    # An expert sees only the enterprises assigned to them (tests/assessments/test_experts.py).
    assert expert_client.get("/enterprises/").status_code == 404
    assert expert_client.get(f"/enterprises/{enterprise.uuid}/").status_code == 404
    assert expert_client.get(f"/enterprises/{enterprise.uuid}/edit/").status_code == 404
    for path in ("/enterprises/", f"/enterprises/{enterprise.uuid}/", "/enterprises/new/"):
        assert client_for(world.province_a, association).get(path).status_code == 404


def test_province_b_cannot_reach_a_enterprise(world: World, db: None) -> None:
    enterprise = make(world)
    client_b = client_for(world.province_b, world.admin_b)
    assert client_b.get(f"/enterprises/{enterprise.uuid}/").status_code == 404
    listing = client_b.get("/enterprises/", {"q": "dong nai"})
    assert listing.status_code == 200
    assert "Công ty Cổ phần Đồng Nai" not in listing.text
    with schema_context(world.province_b.schema_name):
        assert not Enterprise.objects.exists()


def test_export_follows_the_filters_and_only_its_starter_downloads_it(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    import csv
    import io

    make(world, headcount=5, revenue=Decimal(1), main_sector=_a_code()[0])
    make(world, tax_code="0102030405", name="=cmd|' /C calc'!A0", status="dissolved")
    client = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/enterprises/export/", {"status": "dissolved", "format": "csv"})
    download = client.get(response["Location"] + "download/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    table = list(csv.reader(io.StringIO(content)))
    assert table[0][:2] == ["Mã số thuế", "Tên"]
    assert [row[1] for row in table[1:]] == ["'=cmd|' /C calc'!A0"]  # one row, formula defused
    with schema_context(world.province_a.schema_name):
        other = UserFactory.create(email="other@dong-nai.vn", role=Role.PROVINCE_STAFF)
    assert client_for(world.province_a, other).get(response["Location"] + "download/").status_code == 404
    assert client_for(world.province_b, world.admin_b).get(response["Location"] + "download/").status_code == 404


def test_duplicates_are_listed_and_a_merge_moves_everything_to_the_record_kept(world: World, db: None) -> None:
    from enterprises.models import Association

    ward = Ward.objects.filter(province__code="75").first()
    keep = make(world, name="Công ty TNHH Gỗ Tân Phong", ward=ward)
    duplicate = make(
        world, tax_code="0102030405", name="Cty TNHH Gỗ Tân Phong", ward=ward, phone="0251 3822 000", tags=["gỗ"]
    )
    with schema_context(world.province_a.schema_name):
        association = Association.objects.create(name="Hiệp hội Gỗ")
        duplicate.associations.add(association)
    client = client_for(world.province_a, world.staff_a)
    page = client.get("/enterprises/duplicates/")
    assert "Cty TNHH Gỗ Tân Phong" in page.text
    assert "hai mã số thuế hợp lệ khác nhau: theo luật là hai doanh nghiệp" in page.text
    pair = {"first": str(keep.uuid), "second": str(duplicate.uuid)}
    compare = client.get("/enterprises/merge/", pair)
    assert "Hiệp hội: 1" in compare.text  # what moves with the duplicate
    assert "0251 3822 000" in compare.text
    unconfirmed = client.post("/enterprises/merge/", pair | {"keep": "first"})
    assert "Hãy đánh dấu ô xác nhận rằng hai hồ sơ là một doanh nghiệp." in unconfirmed.text
    with schema_context(world.province_a.schema_name):
        assert Enterprise.objects.get(pk=duplicate.pk).merged_into_id is None  # nothing merged yet
    response = client.post("/enterprises/merge/", pair | {"keep": "first", "confirmed": "on"})
    assert response["Location"] == f"/enterprises/{keep.uuid}/"
    with schema_context(world.province_a.schema_name):
        keep.refresh_from_db()
        duplicate.refresh_from_db()
        assert (keep.phone, keep.tags) == ("0251 3822 000", ["gỗ"])
        assert list(keep.associations.all()) == [association]
        assert duplicate.merged_into_id == keep.pk
        assert duplicate.is_archived
        assert AuditEntry.objects.filter(action="enterprise.merge", object_id=str(keep.uuid)).exists()
    redirect = client.get(f"/enterprises/{duplicate.uuid}/")
    assert redirect["Location"] == f"/enterprises/{keep.uuid}/"
    assert "Cty TNHH Gỗ Tân Phong" not in client.get("/enterprises/duplicates/").text
    again = client.post("/enterprises/merge/", pair | {"keep": "first", "confirmed": "on"})
    assert again["Location"] == "/enterprises/duplicates/"  # already merged: refused with a message
    assert client.get("/enterprises/merge/", {"first": "not-a-uuid", "second": str(keep.uuid)}).status_code == 404


def test_a_pair_marked_as_two_enterprises_is_not_offered_again(world: World, db: None) -> None:
    ward = Ward.objects.filter(province__code="75").first()
    first = make(world, name="Công ty TNHH Thành Công", ward=ward)
    second = make(world, tax_code="0102030405", name="Cty TNHH Thành Công", ward=ward)
    client = client_for(world.province_a, world.staff_a)
    assert "Cty TNHH Thành Công" in client.get("/enterprises/duplicates/").text
    response = client.post("/enterprises/duplicates/not/", {"first": str(second.uuid), "second": str(first.uuid)})
    assert response.status_code == 302
    assert "Cty TNHH Thành Công" not in client.get("/enterprises/duplicates/").text
    with schema_context(world.province_a.schema_name):
        assert AuditEntry.objects.filter(action="enterprise.not_duplicate").count() == 1


def test_province_b_cannot_merge_province_a_records(world: World, db: None) -> None:
    keep = make(world)
    other = make(world, tax_code="0102030405", name="Công ty Cổ phần Đồng Nai 2")
    response = client_for(world.province_b, world.admin_b).post(
        "/enterprises/merge/", {"first": str(keep.uuid), "second": str(other.uuid), "keep": "first", "confirmed": "on"}
    )
    assert response.status_code == 404
    with schema_context(world.province_a.schema_name):
        other.refresh_from_db()
        assert other.merged_into_id is None
