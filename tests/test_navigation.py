"""The menu: every role finds its pages in it (KPI, honours and waves included) and the ministry lands
on its rollup after logging in."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.roles import NationalRole, Role
from accounts.services import user_create
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from tests.conftest import World, client_for
from tests.factories import PASSWORD, UserFactory


def _menu(html: str) -> set[str]:
    """The addresses the navigation bar links to."""
    nav = html[html.index('id="portal-nav"') : html.index("</nav>")]
    return set(re.findall(r'href="(/[^"#]*)"', nav))


DEPARTMENT_PAGES = {
    "/enterprises/", "/assessments/", "/assessments/waves/", "/assessments/signups/", "/programme/plans/",
    "/programme/kpi/", "/programme/activities/", "/programme/honours/", "/programme/providers/", "/reports/",
}  # fmt: skip


@pytest.mark.parametrize("role", [Role.PROVINCE_ADMIN, Role.PROVINCE_STAFF])
def test_the_department_finds_kpi_honours_and_waves_in_its_menu(world: World, db: None, role: str) -> None:
    user = world.admin_a if role == Role.PROVINCE_ADMIN else world.staff_a
    menu = _menu(client_for(world.province_a, user).get("/").text)
    assert menu >= DEPARTMENT_PAGES
    assert ("/accounts/users/" in menu) == (role == Role.PROVINCE_ADMIN)
    for page in DEPARTMENT_PAGES:  # every entry opens for the role that sees it
        assert client_for(world.province_a, user).get(page).status_code == 200, page


@pytest.mark.parametrize("role", [Role.EXPERT, Role.ENTERPRISE, Role.ASSOCIATION])
def test_other_roles_see_no_department_page_in_their_menu(world: World, db: None, role: str) -> None:
    with schema_context(world.province_a.schema_name):
        user = UserFactory.create(role=role)
        if role == Role.ENTERPRISE:  # an enterprise account belongs to an enterprise of the registry
            enterprise = enterprise_save(
                enterprise=Enterprise(tax_code="0100233583", name="Công ty Menu"), user=world.admin_a
            )
            EnterpriseAccount.objects.create(user=user, enterprise=enterprise)
    client = client_for(world.province_a, user)
    menu = _menu(client.get("/", follow=True).text)
    assert not menu & {"/programme/kpi/", "/programme/honours/", "/assessments/waves/", "/enterprises/"}
    for page in menu - {"/"}:
        assert client.get(page).status_code == 200, page


def test_the_menu_is_laid_out_for_1280_pixel_screens(world: World, db: None) -> None:
    """The bar expands from Bootstrap's xl breakpoint (1200 px), no longer from xxl (1400 px)."""
    html = client_for(world.province_a, world.admin_a).get("/").text
    assert "navbar-expand-xl" in html
    assert "navbar-expand-xxl" not in html


def test_the_ministry_viewer_lands_on_the_national_rollup(world: World, db: None) -> None:
    user_create(email="vu@mst.gov.vn", role=NationalRole.MINISTRY_VIEWER, full_name="Vụ Kinh tế số", password=PASSWORD)
    client = Client(HTTP_HOST="localhost")
    response = client.post("/accounts/login/", {"username": "vu@mst.gov.vn", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/national/"
    # A "next" address still wins, and the list of provinces stays one click away.
    assert 'href="/"' in client.get("/national/").text


def test_a_province_user_still_lands_on_the_province_home(world: World, db: None) -> None:
    client = Client(HTTP_HOST="dong-nai.localhost")
    response = client.post("/accounts/login/", {"username": "officer@dong-nai.vn", "password": PASSWORD})
    assert response["Location"] == "/"


def test_every_filter_of_the_registry_has_a_label(world: World, db: None) -> None:
    html = client_for(world.province_a, world.admin_a).get("/enterprises/").text
    selects = re.findall(r'<select name="\w+"[^>]*id="(id_\w+)"', html)
    assert len(selects) >= 6
    for select_id in selects:
        assert f'<label class="visually-hidden" for="{select_id}">' in html, select_id
