"""A province or domain that is saved or deleted leaves the host-name cache of `tenants.middleware`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.middleware import domain_cache_forget
from tenants.models import Domain, Province


def _forget(hostnames: list[str]) -> None:
    domain_cache_forget(hostnames)
    # Again after commit: a request between the change and its commit may have cached the old row.
    transaction.on_commit(lambda: domain_cache_forget(hostnames))


def province_changed(sender: Any, instance: Province, **kwargs: Any) -> None:
    with schema_context(get_public_schema_name()):
        hostnames = list(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
    _forget(hostnames)


def domain_changed(sender: Any, instance: Domain, **kwargs: Any) -> None:
    _forget([instance.domain])


def domain_renaming(sender: Any, instance: Domain, **kwargs: Any) -> None:
    """A renamed domain: its old name must stop answering too."""
    if instance.pk is not None:
        _forget(list(Domain.objects.filter(pk=instance.pk).values_list("domain", flat=True)))
