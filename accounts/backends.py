"""The signed-in user of each request, with their role and permissions, read from the cache.

Every page needs the user, their role (one group) and their permissions: four queries with
Django's ModelBackend. Here they are read from the database once and kept for five minutes per
province and user. A change to the user, their groups or their permissions replaces the kept copy
when it commits (`accounts.signals`); a page that read the user before the change can only `add`
its copy, never overwrite the newer one, so a deactivated user or a withdrawn role is never
served from the cache."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

SECONDS = 300


def user_cache_key(user_id: Any) -> str:
    return f"accounts:user:{user_id}"  # the key function adds the schema: ids repeat across provinces


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = cache.get(user_cache_key(user_id))
        if user is None:
            user = self.fresh_user(user_id)
            if user is None:
                return None  # unknown or inactive: not kept, the session ends anyway
            cache.add(user_cache_key(user_id), user, SECONDS)
        return user or None  # False: deactivated or deleted since it was kept

    def fresh_user(self, user_id: Any) -> Any:
        """The user from the database with role and permissions loaded (None if they may not sign in)."""
        user = super().get_user(user_id)
        if user is not None:
            user.role  # noqa: B018  (prefetches the groups)
            self.get_all_permissions(user)  # fills the user's permission caches
        return user
