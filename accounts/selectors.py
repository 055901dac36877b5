"""Reads on accounts."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User


def user_list(*, search: str = "", role: str = "", active: bool | None = None) -> QuerySet[User]:
    queryset = User.objects.filter(is_superuser=False).prefetch_related("groups")
    if search:
        search = search.strip()  # "nguyen van" finds "Nguyễn Văn": names are compared without accents
        queryset = queryset.filter(Q(email__icontains=search) | Q(full_name__unaccent__icontains=search))
    if role:
        queryset = queryset.filter(groups__name=role)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset.order_by("email")


def user_get_for_admin(*, actor: User, user_id: UUID | str) -> User:
    """A user of this province, for an actor who manages users; 404 for anyone else."""
    if not actor.has_perm("accounts.manage_users"):
        raise Http404
    try:
        return User.objects.prefetch_related("groups").get(pk=user_id, is_superuser=False)
    except (User.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
