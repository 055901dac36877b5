"""An honour keeps the decision that confers it; the province's public pages list the honours a
decision has conferred, of that province only, in both languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from campaigns.honours import decision_check, honour_decision_set, honour_grant
from campaigns.models import Honour
from core.errors import ApplicationError
from enterprises.models import Enterprise
from tests.conftest import World, client_for, host


def _honour(world: World, province: str, name: str, tax_code: str, year: int = 2025) -> Honour:
    user = world.admin_a if province == "a" else world.admin_b
    enterprise = Enterprise.objects.create(tax_code=tax_code, name=name)
    return honour_grant(year=year, enterprise=enterprise, category="typical", criteria="Mức 4", user=user)


def test_a_decision_number_looks_like_one_and_its_date_is_not_in_the_future() -> None:
    assert decision_check(number="123/qđ-ubnd", day=date(2025, 12, 1)) == "123/QĐ-UBND"
    assert decision_check(number="12/2024/QĐ-UBND", day=None) == "12/2024/QĐ-UBND"
    for number in ("QĐ-UBND", "123", "abc/QĐ-UBND", "123/KH-UBND"):
        with pytest.raises(ApplicationError):
            decision_check(number=number, day=None)
    with pytest.raises(ApplicationError):
        decision_check(number="1/QĐ-UBND", day=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ApplicationError):
        decision_check(number="", day=date(2025, 1, 1))


def test_staff_record_the_decision_on_the_honours_page(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        honour = _honour(world, "a", "Công ty Gốm Biên Hòa", "3600252847")
    client = client_for(world.province_a, world.staff_a)
    url = "/programme/honours/?year=2025"
    page = client.post(url, {"decision": str(honour.uuid), "decision_number": "45/QĐ", "decision_date": "2025-12-01"})
    assert "không phải số quyết định" in client.get(url).content.decode()
    client.post(url, {"decision": str(honour.uuid), "decision_number": "45/QĐ-UBND", "decision_date": "2025-12-01"})
    with schema_context(world.province_a.schema_name):
        honour.refresh_from_db()
    assert page.status_code == 302
    assert (honour.decision_number, honour.decision_date) == ("45/QĐ-UBND", date(2025, 12, 1))


def test_the_public_pages_list_this_provinces_decided_honours_only(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        decided = _honour(world, "a", "Công ty Gốm Biên Hòa", "3600252847")
        honour_decision_set(honour=decided, number="45/QĐ-UBND", day=date(2025, 12, 1), user=world.admin_a)
        _honour(world, "a", "Công ty Chưa Có Quyết Định", "0100109106")
    with schema_context(world.province_b.schema_name):
        other = _honour(world, "b", "Công ty Thanh Hóa Số", "2800231233")
        honour_decision_set(honour=other, number="7/QĐ-UBND", day=date(2025, 11, 1), user=world.admin_b)
    visitor = Client(HTTP_HOST=host(world.province_a))
    for url in ("/", "/honours/", "/honours/?year=2025"):
        page = visitor.get(url).content.decode()
        for shown in ("Công ty Gốm Biên Hòa", "45/QĐ-UBND", "01/12/2025"):
            assert shown in page, url
        for hidden in ("Công ty Thanh Hóa Số", "Công ty Chưa Có Quyết Định"):
            assert hidden not in page, url
    assert "Doanh nghiệp được tôn vinh" in visitor.get("/honours/").content.decode()
    visitor.cookies["django_language"] = "en"
    english = visitor.get("/honours/").content.decode()
    assert "Honoured enterprises" in english
    assert "Typical digital-transformation enterprise" in english
    assert "sessionid" not in visitor.cookies


def test_the_honours_table_export_carries_the_decision(world: World, db: None) -> None:
    from enterprises.privacy import tax_codes_for
    from reporting.statistics.exports import HonourExport

    with schema_context(world.province_a.schema_name):
        honour = _honour(world, "a", "Công ty Gốm Biên Hòa", "3600252847")
        honour_decision_set(honour=honour, number="45/QĐ-UBND", day=date(2025, 12, 1), user=world.admin_a)
        text = HonourExport(2025, tax_codes_for(world.staff_a)).write_csv().decode("utf-8-sig")
    assert "45/QĐ-UBND" in text
    assert "2025-12-01" in text
