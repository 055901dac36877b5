"""A province site's public page: what an anonymous visitor finds at "/", in both languages, with no
session opened for them."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from campaigns.models import Activity, ActivityKind, ActivityStatus, Agency
from tests.conftest import World, host


def _course(title: str, *, days: int, kind: str = ActivityKind.TRAINING, status: str = ActivityStatus.PLANNED) -> None:
    agency, _created = Agency.objects.get_or_create(key="so-khcn", defaults={"name": "Sở KH&CN", "kind": "department"})
    day = timezone.localdate() + timedelta(days=days)
    Activity.objects.create(
        kind=kind, title=title, organiser=agency, starts_on=day, ends_on=day, status=status, place="Hội trường A"
    )


def test_a_visitor_sees_the_programme_sign_up_verification_and_coming_courses(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        _course("Lớp chuyển đổi số tháng tới", days=20)
        _course("Hội thảo thương mại điện tử", days=5, kind=ActivityKind.WORKSHOP)
        _course("Lớp đã học năm ngoái", days=-300, status=ActivityStatus.HELD)
        _course("Lớp đã hủy", days=10, status=ActivityStatus.CANCELLED)
        _course("Tuyên truyền trên đài", days=10, kind=ActivityKind.OUTREACH)
    with schema_context(world.province_b.schema_name):
        _course("Lớp của Thanh Hóa", days=3)

    page = Client(HTTP_HOST=host(world.province_a)).get("/")

    assert page.status_code == 200
    text = page.text
    assert "Sở Khoa học và Công nghệ" in text
    assert "Tỉnh Đồng Nai" in text
    assert 'href="/assessments/signup/"' in text
    assert 'action="/verify/"' in text
    assert 'name="code"' in text
    assert 'href="/accounts/login/"' in text
    # The coming courses and workshops, soonest first; nothing held, cancelled, of another kind or province.
    assert text.index("Hội thảo thương mại điện tử") < text.index("Lớp chuyển đổi số tháng tới")
    for absent in ("Lớp đã học năm ngoái", "Lớp đã hủy", "Tuyên truyền trên đài", "Lớp của Thanh Hóa"):
        assert absent not in text


def test_the_public_page_opens_no_session(world: World, db: None) -> None:
    client = Client(HTTP_HOST=host(world.province_a))
    with schema_context(world.province_a.schema_name):
        before = Session.objects.count()
    response = client.get("/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "csrfmiddlewaretoken" not in response.text  # a CSRF token would open a session
    with schema_context(world.province_a.schema_name):
        assert Session.objects.count() == before


def test_a_visitor_switches_the_public_page_to_english_by_a_link(world: World, db: None) -> None:
    client = Client(HTTP_HOST=host(world.province_a))
    assert "Hiện chưa có khóa đào tạo nào được lên lịch." in client.get("/").text
    switched = client.get("/?language=en")
    assert switched.status_code == 302
    assert switched["Location"] == "/"
    assert switched.cookies["django_language"].value == "en"
    assert "sessionid" not in switched.cookies
    page = client.get("/").text
    assert "How an enterprise assesses itself" in page
    assert "No training course is scheduled at the moment." in page
    assert 'lang="en"' in page
    assert client.get("/?language=fr").status_code == 200  # an unknown language is ignored


def test_the_verification_box_leads_to_the_certificate_page(world: World, db: None) -> None:
    client = Client(HTTP_HOST=host(world.province_a))
    response = client.get("/verify/", {"code": " dbi-ab 12 "})
    assert response.status_code == 302
    assert response["Location"] == "/verify/DBI-AB12/"
    assert client.get(response["Location"]).status_code == 404  # no such certificate, said plainly
    assert client.get("/verify/", {"code": "  "})["Location"] == "/"
