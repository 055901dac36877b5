"""Accounts: one table per schema, so a province's users exist only inside that province."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in by e-mail. The primary key is a UUID because reset and invitation
    links carry it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail"), max_length=254, unique=True)  # stored lowercased
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # A commune's officer sees the registry and results of these wards only (reference.Ward codes),
    # copied here from their agencies when they join one: the registry stands below the programme
    # and reads the scope from the user, never from campaigns. Empty: no ward scope.
    ward_codes = ArrayField(models.CharField(max_length=5), default=list, blank=True, verbose_name=_("wards"))

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("manage_users", "Can invite, deactivate and change the role of users"),
            ("view_national", "Can read the national figures"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def uuid(self) -> uuid.UUID:
        return self.id

    @property
    def role(self) -> str:
        """The user's role (one group per user); empty for the superuser and the unassigned."""
        # Prefetched once per user object (a page asks several times); groups.set() drops the prefetch.
        if "groups" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], "groups")
        names = [group.name for group in self.groups.all()]
        return names[0] if names else ""

    @property
    def ward_scope(self) -> list[str]:
        """The wards whose registry this partner agency officer may read (empty: none)."""
        from accounts.roles import Role

        return list(self.ward_codes) if self.ward_codes and self.role == Role.ASSOCIATION else []
