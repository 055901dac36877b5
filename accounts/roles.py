"""Roles are Django groups, one per user, with permissions kept in code and synced on migrate.

Later features add their permissions to ROLE_PERMISSIONS; `migrate` brings every schema's groups
up to date (province roles in province schemas, national roles in public).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.tenancy import current_schema


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Province administrator")
    PROVINCE_STAFF = "province_staff", _("Department officer")
    EXPERT = "expert", _("Expert assessor")
    # Every partner agency (an association, a newspaper, another Sở, a commune): the value stays
    # "association", the name the groups and existing accounts already carry.
    ASSOCIATION = "association", _("Partner agency officer")
    ENTERPRISE = "enterprise", _("Enterprise")


class NationalRole(models.TextChoices):
    MINISTRY_VIEWER = "ministry_viewer", _("Ministry viewer")


ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PROVINCE_ADMIN: [
        "accounts.manage_users",
        "core.view_auditentry",
        "core.export_auditentry",
        "enterprises.view_enterprise",
        "enterprises.view_personal_id",
        "enterprises.add_enterprise",
        "enterprises.change_enterprise",
        "assessments.view_modelversion",
        "assessments.manage_modelversion",
        "assessments.view_assessment",
        "assessments.add_assessment",
        "assessments.validate_assessment",
        "programme.view_plan",
        "programme.change_plan",
        "programme.view_activity",
        "programme.add_activity",
        "programme.change_activity",
        "reports.view_yearlyreport",
        "reports.change_yearlyreport",
        "reports.submit_yearlyreport",
        "api.manage_apikey",
        "tenants.change_province_settings",
        "programme.approve_budget",
    ],
    Role.PROVINCE_STAFF: [
        "enterprises.view_enterprise",
        "enterprises.view_personal_id",
        "enterprises.add_enterprise",
        "enterprises.change_enterprise",
        "assessments.view_modelversion",
        "assessments.view_assessment",
        "assessments.add_assessment",
        "assessments.validate_assessment",
        "programme.view_plan",
        "programme.change_plan",
        "programme.view_activity",
        "programme.add_activity",
        "programme.change_activity",
        "reports.view_yearlyreport",
        "reports.change_yearlyreport",
    ],
    # Experts see only the enterprises assigned to them (assessments.selectors.expert_enterprises).
    Role.EXPERT: ["assessments.view_modelversion", "assessments.review_assessment"],
    # Partner agencies see only their agencies' activities and tasks (programme.selectors), and a
    # commune's officer the registry of its wards (User.ward_codes).
    Role.ASSOCIATION: [],
    Role.ENTERPRISE: [],
    NationalRole.MINISTRY_VIEWER: ["accounts.view_national"],
}


def roles_for_schema(schema_name: str) -> list[str]:
    from django_tenants.utils import get_public_schema_name

    if schema_name == get_public_schema_name():
        return list(NationalRole.values)
    return list(Role.values)


def roles_sync(sender: Any = None, **kwargs: Any) -> None:
    """Create this schema's role groups and give each exactly the permissions listed above."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    if getattr(sender, "name", None) != "accounts":
        return
    # post_migrate reaches apps in INSTALLED_APPS order: make sure every permission named
    # above exists before the groups are given them.
    labels = {codename.split(".")[0] for codenames in ROLE_PERMISSIONS.values() for codename in codenames}
    for label in labels:
        create_permissions(apps.get_app_config(label), verbosity=0, using=kwargs.get("using", "default"))
    for role in roles_for_schema(current_schema()):
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for codename in ROLE_PERMISSIONS[role]:
            app_label, perm = codename.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=perm).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)


def role_label(role: str) -> str:
    for choices in (Role, NationalRole):
        if role in choices.values:
            return str(choices(role).label)
    return ""
