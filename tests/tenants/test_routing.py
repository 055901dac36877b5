from __future__ import annotations

from django.test import Client

from tests.conftest import World, client_for


def test_province_site_shows_its_name_and_department_in_the_header(world: World, db: None) -> None:
    response = client_for(world.province_a, world.admin_a).get("/")
    assert response.status_code == 200
    assert "Tỉnh Đồng Nai" in response.text
    assert "Sở Khoa học và Công nghệ" in response.text


def test_national_site_lists_the_provinces_with_links_to_their_sites(world: World, db: None) -> None:
    response = Client(HTTP_HOST="localhost").get("/")
    assert response.status_code == 200
    assert "Tỉnh Đồng Nai" in response.text
    assert "Tỉnh Thanh Hóa" in response.text
    assert "http://dong-nai.localhost/" in response.text


def test_unknown_subdomain_is_not_found(world: World, db: None) -> None:
    assert Client(HTTP_HOST="ha-noi.localhost").get("/").status_code == 404


def test_landing_links_keep_the_port_the_visitor_used(world: World, db: None) -> None:
    assert "http://dong-nai.localhost:8000/" in Client(HTTP_HOST="localhost:8000").get("/").text
    # Behind a proxy the app may listen on 8000 while visitors use the default port.
    behind_proxy = Client(HTTP_HOST="localhost", SERVER_PORT="8000").get("/")
    assert "http://dong-nai.localhost/" in behind_proxy.text


def test_national_site_exists_after_migrate(world: World, db: None) -> None:
    from tenants.models import Domain

    assert Domain.objects.filter(domain="localhost", tenant__schema_name="public").exists()


def test_a_province_renamed_or_moved_shows_at_once_although_provinces_are_cached(world: World, db: None) -> None:
    from tenants.models import Domain

    admin = client_for(world.province_a, world.admin_a)
    assert "Tỉnh Đồng Nai" in admin.get("/").text  # now cached by host name
    world.province_a.department_name = "Sở Khoa học, Công nghệ và Đổi mới"
    world.province_a.save(update_fields=["department_name"])
    assert "Sở Khoa học, Công nghệ và Đổi mới" in admin.get("/").text

    domain = Domain.objects.get(domain="dong-nai.localhost")
    domain.domain = "dongnai.localhost"
    domain.save()
    assert Client(HTTP_HOST="dong-nai.localhost").get("/").status_code == 404  # the old name answers no more
    assert Client(HTTP_HOST="dongnai.localhost").get("/accounts/login/").status_code == 200
