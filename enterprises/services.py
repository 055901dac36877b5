"""Writes on the registry: every change recomputes the derived fields and is audited."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError
from core.services import audit_record
from enterprises.models import Enterprise, NotDuplicate
from enterprises.selectors import enterprise_relations
from enterprises.sizing import SizeClass, size_class
from reference.selectors import vsic_section
from reference.text import fold

if TYPE_CHECKING:
    from accounts.models import User

# Fields whose change is worth a line in the audit log (the derived ones follow from them).
TRACKED = [
    "tax_code", "name", "short_name", "legal_form", "founded_on", "status", "vsic_edition", "main_sector",
    "other_sectors", "headcount", "revenue", "capital", "size_override", "size_note", "ward_id",
    "street_address", "legacy_address", "phone", "email", "website", "legal_representative", "tags",
]  # fmt: skip
SIZE_VALUES = {size: size.value for size in SizeClass}


def enterprise_derive(enterprise: Enterprise, *, sections: dict[tuple[str, str], str] | None = None) -> None:
    """Fill section, size and search text from what the officer entered.

    `sections` maps (edition, code) to the VSIC 2025 section (reference.selectors.vsic_sections),
    for callers deriving many at once.
    """
    if sections is None:
        key = (enterprise.vsic_edition, enterprise.main_sector)
        sections = {key: vsic_section(edition=key[0], code=key[1])} if enterprise.main_sector else {}
    for name, value in derived_values(vars(enterprise), sections).items():
        setattr(enterprise, name, value)


def derived_values(values: Mapping[str, Any], sections: dict[tuple[str, str], str]) -> dict[str, str]:
    """The derived fields of an enterprise whose attribute values (by attname) are `values`."""
    section, size_computed, size, search_text = derived_fields(
        values["vsic_edition"],
        values["main_sector"],
        values["headcount"],
        values["revenue"],
        values["capital"],
        values["size_override"],
        values["name"],
        values["short_name"],
        values["tax_code"],
        sections,
    )
    return {"section": section, "size_computed": size_computed, "size": size, "search_text": search_text}


def derived_fields(
    vsic_edition: str,
    main_sector: str,
    headcount: int | None,
    revenue: Decimal | None,
    capital: Decimal | None,
    size_override: str,
    name: str,
    short_name: str,
    tax_code: str,
    sections: dict[tuple[str, str], str],
    fold: Callable[[str], str] = fold,
) -> tuple[str, str, str, str]:
    """Section, computed size, size and search text, from the fields they follow (an import derives
    them for every row it writes, without a mapping per row, folding with a reference.text.WordFolder)."""
    section = sections.get((vsic_edition, main_sector), "") if main_sector else ""
    size = size_class(section, headcount, revenue, capital)
    size_computed = SIZE_VALUES[size] if size else ""
    return section, size_computed, size_override or size_computed, fold(f"{name} {short_name} {tax_code}")


def _snapshot(enterprise: Enterprise) -> dict[str, Any]:
    return {field: getattr(enterprise, field) for field in TRACKED}


def enterprise_save(
    *, enterprise: Enterprise, user: User, associations: list[Any] | None = None, ip: str | None = None
) -> Enterprise:
    """Create or update an enterprise the officer filled in (a validated form's instance)."""
    creating = enterprise.pk is None
    before = {} if creating else _snapshot(Enterprise.objects.get(pk=enterprise.pk))
    if Enterprise.objects.filter(tax_code=enterprise.tax_code).exclude(pk=enterprise.pk).exists():
        raise ApplicationError(
            _("An enterprise with the tax code %(code)s already exists."), {"code": enterprise.tax_code}
        )
    enterprise_derive(enterprise)
    with transaction.atomic():
        enterprise.save()
        if associations is not None:
            enterprise.associations.set(associations)
        after = _snapshot(enterprise)
        changes = {
            field: [_plain(before.get(field)), _plain(value)]
            for field, value in after.items()
            if (creating and value not in (None, "", [])) or (not creating and before.get(field) != value)
        }
        audit_record(
            actor=user,
            action="enterprise.create" if creating else "enterprise.update",
            obj=enterprise,
            changes=changes,
            ip=ip,
        )
    return enterprise


def enterprise_set_archived(*, enterprise: Enterprise, archived: bool, user: User, ip: str | None = None) -> Enterprise:
    """Archive (hide from the registry, keep every record) or restore an enterprise."""
    if enterprise.is_archived == archived:
        return enterprise
    with transaction.atomic():
        enterprise.archived_at = timezone.now() if archived else None
        enterprise.save(update_fields=["archived_at", "updated_at"])
        audit_record(
            actor=user, action="enterprise.archive" if archived else "enterprise.restore", obj=enterprise, ip=ip
        )
    return enterprise


def _plain(value: Any) -> Any:
    """JSON-friendly form of a field value for the audit log."""
    if value is None or isinstance(value, bool | int | str | list):
        return value
    return str(value)


def enterprise_merge(*, keep: Enterprise, merged: Enterprise, user: User, ip: str | None = None) -> Enterprise:
    """Fold a duplicate into the record kept: every related record moves, blank fields are filled
    from the duplicate, and the duplicate is archived with a pointer to the one kept."""
    if keep.pk == merged.pk:
        raise ApplicationError(_("Choose two different enterprises."))
    if merged.merged_into_id or keep.merged_into_id:
        raise ApplicationError(_("One of these enterprises was already merged."))
    moved: dict[str, int] = {}
    dropped: dict[str, int] = {}
    with transaction.atomic():
        # Every model that points at an enterprise (today and in later features) follows the merge.
        for relation in enterprise_relations():
            manager = relation.related_model._default_manager
            dropped[relation.related_model._meta.label] = _drop_clashes(
                relation.related_model, relation.field.name, keep=keep, merged=merged
            )
            moved[relation.related_model._meta.label] = manager.filter(**{relation.field.name: merged}).update(
                **{relation.field.name: keep}
            )
        for field in Enterprise._meta.many_to_many:
            getattr(keep, field.name).add(*getattr(merged, field.name).all())
        filled = enterprise_fill_blanks(keep, {name: getattr(merged, name) for name in TRACKED})
        keep.save()
        merged.merged_into = keep
        merged.archived_at = timezone.now()
        merged.save(update_fields=["merged_into", "archived_at", "updated_at"])
        changes = {
            "merged": merged.tax_code,
            "filled": filled,
            "moved": moved,
            "dropped": {label: count for label, count in dropped.items() if count},
        }
        audit_record(actor=user, action="enterprise.merge", obj=keep, changes=changes, ip=ip)
    return keep


def enterprise_fill_blanks(
    keep: Enterprise, other: Mapping[str, Any], *, sections: dict[tuple[str, str], str] | None = None
) -> list[str]:
    """Fill the kept record's blank fields from another record of the same enterprise (`other`: its
    TRACKED values), join their tags and derive again; nothing the kept record says is overwritten.
    Returns the names of the fields filled. The caller saves."""
    filled = []
    for name in TRACKED:
        if name == "tax_code" or name not in other:
            continue
        if getattr(keep, name) in (None, "", []) and other[name] not in (None, "", []):
            setattr(keep, name, other[name])
            filled.append(name)
    keep.tags = sorted(set(keep.tags) | set(other.get("tags") or []))
    enterprise_derive(keep, sections=sections)
    return filled


def enterprise_not_duplicate(*, first: Enterprise, second: Enterprise, user: User, ip: str | None = None) -> None:
    """Remember that two records the duplicate finder paired are two enterprises."""
    if first.pk == second.pk:
        raise ApplicationError(_("Choose two different enterprises."))
    low, high = sorted((first, second), key=lambda enterprise: enterprise.pk)
    with transaction.atomic():
        _pair, created = NotDuplicate.objects.get_or_create(first=low, second=high, defaults={"decided_by": user})
        if created:
            audit_record(
                actor=user, action="enterprise.not_duplicate", obj=low, changes={"other": high.tax_code}, ip=ip
            )


def _drop_clashes(model: type[models.Model], field: str, *, keep: Enterprise, merged: Enterprise) -> int:
    """Delete the duplicate's rows that the kept record already has under a unique constraint (the
    same person in the same course twice): moving them would break the constraint. Returns how many."""
    dropped = 0
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or field not in constraint.fields:
            continue
        if constraint.condition is not None:
            continue  # conditional ones (an open draft) are the service's own business rules
        others = [name for name in constraint.fields if name != field]
        manager = model._default_manager
        kept = set(manager.filter(**{field: keep}).values_list(*others))
        clashing = [
            pk
            for pk, *values in manager.filter(**{field: merged}).values_list("pk", *others)
            if None not in values and tuple(values) in kept
        ]
        dropped += manager.filter(pk__in=clashing).delete()[0]
    return dropped
