"""Creating provinces (schema, domain and a first administrator, all or nothing) and deleting them."""

from __future__ import annotations

import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context, schema_exists
from psycopg import sql

from core.cache import schema_forget
from core.errors import ApplicationError
from core.services import audit_record
from tenants.models import SLUG_RE, Domain, Province, UnitType
from tenants.schemas import media_folders

if TYPE_CHECKING:
    from accounts.models import User

RESERVED_SLUGS = {"public", "www", "admin", "api", "static", "media", "information-schema"}


@dataclass(frozen=True)
class ProvinceCreated:
    province: Province
    admin_email: str
    admin_password: str | None  # set only when generated here, to be shown once


def schema_name_for(slug: str) -> str:
    """`dong-nai` → `dong_nai`; a leading digit gets a `p_` prefix (schema names cannot start with one)."""
    name = slug.replace("-", "_")
    return f"p_{name}" if name[:1].isdigit() else name


def province_validate(*, name: str, code: str, slug: str) -> None:
    """Raise ApplicationError with a bilingual-ready message for input that cannot be a province."""
    if not name.strip():
        raise ApplicationError(_("The province name is required."))
    if not re.fullmatch(SLUG_RE, slug) or slug.startswith("-") or slug.endswith("-") or len(slug) > 50:
        raise ApplicationError(
            _("The slug “%(slug)s” may contain only lowercase letters a-z, digits and hyphens."), {"slug": slug}
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg"):
        raise ApplicationError(_("The slug “%(slug)s” is reserved."), {"slug": slug})
    if not re.fullmatch(r"[0-9]{2}", code):
        raise ApplicationError(_("The statistics code must be two digits, e.g. 75."))
    schema = schema_name_for(slug)
    if Province.objects.filter(slug=slug).exists() or Province.objects.filter(schema_name=schema).exists():
        raise ApplicationError(_("A province with the slug “%(slug)s” already exists."), {"slug": slug})
    if schema_exists(schema):  # left behind by a deleted province: never adopt its data silently
        raise ApplicationError(
            _("The database schema “%(schema)s” already exists; an operator must archive or drop it first."),
            {"schema": schema},
        )
    if Province.objects.filter(code=code).exists():
        raise ApplicationError(_("A province with the statistics code %(code)s already exists."), {"code": code})


def province_create(
    *,
    name: str,
    code: str,
    slug: str,
    unit_type: str = UnitType.PROVINCE,
    department_name: str = "Sở Khoa học và Công nghệ",
    ministry_name: str = "Bộ Khoa học và Công nghệ",
    plan_number: str = "",
    plan_date: date | None = None,
    plan_title: str = "",
    agency_report: tuple[int, int] | None = None,
    ministry_report: tuple[int, int] | None = None,
    admin_email: str | None = None,
    admin_password: str | None = None,
    actor: User | None = None,
) -> ProvinceCreated:
    """Create the province's schema (migrated), its domain `<slug>.<base domain>` and an admin."""
    from accounts.roles import Role
    from accounts.services import user_create

    province_validate(name=name, code=code, slug=slug)
    admin_email = admin_email or f"admin@{slug}.{settings.BASE_DOMAIN}"
    generated = admin_password is None
    password = admin_password or secrets.token_urlsafe(12)
    # PostgreSQL DDL is transactional: if any step fails, the schema disappears with the rest.
    with transaction.atomic():
        province = Province(
            schema_name=schema_name_for(slug),
            name=name.strip(),
            slug=slug,
            code=code,
            unit_type=unit_type,
            department_name=department_name,
            ministry_name=ministry_name,
            plan_number=plan_number,
            plan_date=plan_date,
            plan_title=plan_title,
            agency_report_day=agency_report[0] if agency_report else None,
            agency_report_month=agency_report[1] if agency_report else None,
            ministry_report_day=ministry_report[0] if ministry_report else None,
            ministry_report_month=ministry_report[1] if ministry_report else None,
        )
        province.full_clean(exclude=["schema_name"])
        province.save(verbosity=0)
        Domain.objects.create(domain=f"{slug}.{settings.BASE_DOMAIN}", tenant=province, is_primary=True)
        audit_record(actor=actor, action="province.create", obj=province, changes={"slug": slug, "code": code})
        with schema_context(province.schema_name):
            user_create(email=admin_email, role=Role.PROVINCE_ADMIN, full_name="Quản trị viên", password=password)
    return ProvinceCreated(province=province, admin_email=admin_email, admin_password=password if generated else None)


def province_delete(*, province: Province, actor: User | None = None) -> None:
    """Delete the province for good: its row and domains, its schema, its folders under MEDIA_ROOT and
    its cache.

    The national site's rows about it (snapshots, submitted reports) go with the row. Take a backup
    first (`province_backup`); nothing here can be undone.
    """
    if province.is_public:
        raise ApplicationError(_("The national site is not a province."))
    folders = media_folders(province.schema_name)
    with transaction.atomic():
        audit_record(actor=actor, action="province.delete", obj=province, changes={"slug": province.slug})
        Domain.objects.filter(tenant=province).delete()
        province.delete()  # auto_drop_schema is off: the schema is dropped here, in the same transaction
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(province.schema_name)))
        transaction.on_commit(lambda: _leftovers_remove(province.schema_name, folders))


def _leftovers_remove(schema: str, folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    schema_forget(schema)


def public_tenant_ensure() -> Province:
    """The public (national) tenant and its domain, created once."""
    from django_tenants.utils import get_public_schema_name

    province, _created = Province.objects.get_or_create(
        schema_name=get_public_schema_name(), defaults={"name": "Quốc gia", "slug": "public", "code": None}
    )
    Domain.objects.get_or_create(domain=settings.BASE_DOMAIN, defaults={"tenant": province, "is_primary": True})
    return province


def province_settings_update(
    *, province: Province, changes: dict[str, Any], actor: User | None, ip: str | None = None
) -> dict[str, list[Any]]:
    """Save the province administrator's changes to the province's own settings and audit each as
    before → after; returns what changed. Statistics made stale: the province's post_save (see
    reporting.statistics.apps) renews its figures' stamp, so a change of counted states shows at once."""
    before = {name: getattr(province, name) for name in changes}
    changed = {name: [_plain(before[name]), _plain(value)] for name, value in changes.items() if before[name] != value}
    if not changed:
        return {}
    with transaction.atomic():
        for name in changed:
            setattr(province, name, changes[name])
        province.full_clean(exclude=["schema_name"])
        province.save(update_fields=list(changed))
        audit_record(actor=actor, action="province.settings", obj=province, changes=changed, ip=ip)
    return changed


def _plain(value: Any) -> Any:
    """A value as the audit log's JSON keeps it."""
    return value if value is None or isinstance(value, bool | int | str) else str(value)
