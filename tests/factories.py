from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from tenants.models import Province
from tenants.services import province_create

PASSWORD = "correct-horse-battery-staple"


class ProvinceFactory(factory.Factory[Province]):
    """A province with its schema, domain and first admin (slow: it migrates a schema)."""

    class Meta:
        model = Province

    name = factory.Sequence(lambda n: f"Tỉnh thử {n}")
    code = factory.Sequence(lambda n: f"{10 + n % 90:02d}")
    slug = factory.Sequence(lambda n: f"province-{n}")

    @classmethod
    def _create(cls, model_class: type[Province], *args: Any, **kwargs: Any) -> Province:
        kwargs.setdefault("admin_password", PASSWORD)
        return province_create(**kwargs).province


class UserFactory(DjangoModelFactory[User]):
    """A user in the current schema with one role (default: department officer)."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Faker("name", locale="vi_VN")
    role = Role.PROVINCE_STAFF

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        kwargs.setdefault("password", PASSWORD)
        return user_create(**kwargs)
