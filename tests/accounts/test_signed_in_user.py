"""The signed-in user, their role and permissions are read from the cache, yet a change made by an
administrator (a new role, a deactivation) applies from the user's very next page."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django_tenants.utils import schema_context

from accounts.backends import CachedModelBackend, user_cache_key
from accounts.models import User
from accounts.roles import Role
from tests.conftest import World, client_for


def test_a_signed_in_page_reads_the_user_from_the_cache(
    world: World, db: None, django_assert_max_num_queries: Any
) -> None:
    officer = client_for(world.province_a, world.staff_a)
    assert officer.get("/enterprises/").status_code == 200
    with django_assert_max_num_queries(2):  # SET search_path and the page's own count: no user, role or rights
        assert officer.get("/api-keys/").status_code == 404  # not theirs: the cached rights still apply


def test_a_new_role_and_a_deactivation_apply_on_the_next_page(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    admin = client_for(world.province_a, world.admin_a)
    officer = client_for(world.province_a, world.staff_a)
    assert officer.get("/enterprises/").status_code == 200  # the officer is kept in the cache now
    with schema_context(world.province_a.schema_name):
        read_before = CachedModelBackend().fresh_user(world.staff_a.pk)

    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/accounts/users/{world.staff_a.pk}/role/", {"role": Role.ASSOCIATION}).status_code == 302
    assert officer.get("/enterprises/").status_code == 404  # an association may not browse the registry

    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/accounts/users/{world.staff_a.pk}/active/", {"active": "0"}).status_code == 302
    with schema_context(world.province_a.schema_name):
        # A page that read the officer before the change commits keeps its copy afterwards: refused.
        assert not cache.add(user_cache_key(world.staff_a.pk), read_before, 300)
    signed_out = officer.get("/enterprises/")
    assert signed_out.status_code == 302
    assert "/accounts/login/" in signed_out["Location"]


def test_a_kept_user_is_the_provinces_own(world: World, db: None) -> None:
    """User ids repeat across provinces: province B's user 1 is not province A's."""
    client_for(world.province_a, world.admin_a).get("/")
    with schema_context(world.province_b.schema_name):
        assert cache.get(user_cache_key(world.admin_a.pk)) is None
        assert User.objects.get(pk=world.admin_b.pk).email == "admin@thanh-hoa.vn"
    with schema_context(world.province_a.schema_name):
        assert cache.get(user_cache_key(world.admin_a.pk)).email == "admin@dong-nai.vn"
