"""A province that merged into another (1/7/2025: 63 provinces became 34) hands over its records.

`province_merge` copies every record of the source province's schema into the target's in one
transaction (`merger.copying`), folds enterprises with the same tax code and accounts with the same
e-mail into the target's own, places old addresses in the current wards, keeps the source's plans and
yearly reports as the former province's (read-only), revokes the source's API keys and marks the
source merged: its site then leads to the target's. The source's schema is kept as it was, so
nothing is lost even in a case no rule foresaw.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context

from api.models import ApiKey
from core.cache import figures_changed
from core.errors import ApplicationError
from core.services import audit_record
from enterprises.importing.addresses import AddressMatcher
from enterprises.models import Enterprise
from enterprises.services import TRACKED, enterprise_fill_blanks
from merger.copying import Copier, TableResult
from reference.selectors import vsic_sections
from tenants.models import Province

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class MergeSummary:
    """What a merge moved; the command prints it as its last line (`as_json`)."""

    enterprises_moved: int = 0  # copied as new records of the target
    enterprises_merged: int = 0  # folded into the target's record with the same tax code
    assessments: int = 0
    activities: int = 0
    participants: int = 0
    users: int = 0  # accounts moved, or folded into the target's account with the same e-mail
    reports: int = 0
    wards_mapped: int = 0  # moved enterprises placed in a current ward from their old address
    wards_unmapped: int = 0  # moved enterprises still without a current ward: for an officer to place
    already_merged: bool = False
    tables: tuple[TableResult, ...] = ()

    def as_json(self) -> dict[str, int]:
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name not in ("already_merged", "tables")
        }


def merge_check(*, source: Province, target: Province) -> bool:
    """Refuses a merge that cannot be (ApplicationError, nothing changed); returns True when the source
    was merged into this target already (running the merge again changes nothing)."""
    if source.pk == target.pk:
        raise ApplicationError(_("A province cannot merge into itself: give two different provinces."))
    if source.is_public or target.is_public:
        raise ApplicationError(_("The national site is not a province: it cannot merge or be merged into."))
    if target.merged_into_id is not None:
        raise ApplicationError(
            _("%(target)s merged into another province already: merge into the province it joined."),
            {"target": target.full_name},
        )
    if source.merged_into_id is not None and source.merged_into_id != target.pk:
        raise ApplicationError(_("%(source)s merged into another province already."), {"source": source.full_name})
    return source.merged_into_id == target.pk


def province_merge(
    *, source: Province, target: Province, user: User | None = None, dry_run: bool = False
) -> MergeSummary:
    """Move `source`'s records into `target` (see the module's docstring). With `dry_run`, everything
    is done and counted, then rolled back."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        # Two merges of the same provinces wait for each other; the second then finds the first done.
        locked = {p.pk: p for p in Province.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
        source, target = locked[source.pk], locked[target.pk]
        if merge_check(source=source, target=target):
            return MergeSummary(already_merged=True)
        copier = Copier(
            source.schema_name,
            target.schema_name,
            overrides={
                "programme.Plan": {"former_province": source.full_name},
                "reports.YearlyReport": {"former_province": source.full_name},
            },
            key_suffix=f"-{source.slug}",
        )
        tables = copier.run()
        with schema_context(target.schema_name):
            _enterprises_fill(copier, source=source, user=user)
            mapped, unmapped = _wards_place(copier, target=target)
        copier.drop_maps()
        now = timezone.now()
        with schema_context(source.schema_name):
            revoked = ApiKey.objects.filter(revoked_at=None).update(revoked_at=now)
        summary = MergeSummary(
            enterprises_moved=tables["enterprises.Enterprise"].copied,
            enterprises_merged=tables["enterprises.Enterprise"].matched,
            assessments=tables["assessments.Assessment"].copied,
            activities=tables["programme.Activity"].copied,
            participants=tables["programme.Participant"].copied,
            users=tables["accounts.User"].copied + tables["accounts.User"].matched,
            reports=tables["reports.YearlyReport"].copied,
            wards_mapped=mapped,
            wards_unmapped=unmapped,
            tables=tuple(tables.values()),
        )
        changes = {**summary.as_json(), "api_keys_revoked": revoked, "source": source.slug, "target": target.slug}
        with schema_context(target.schema_name):
            audit_record(actor=None, action="province.merge_in", changes=changes | {"by": _who(user)})
            figures_changed()
        source.merged_into, source.merged_at = target, now
        source.save(update_fields=["merged_into", "merged_at"])
        audit_record(actor=user, action="province.merge", obj=source, changes=changes)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _who(user: User | None) -> str:
    return user.email if user is not None else "manage.py province_merge"


def _enterprises_fill(copier: Copier, *, source: Province, user: User | None) -> None:
    """An enterprise in both registries keeps the target's record, its blank fields filled from the
    source's and both provinces' tags kept (as the registry's merge does)."""
    pairs = dict(copier.pairs("enterprises.Enterprise", created=False))
    if not pairs:
        return
    with schema_context(source.schema_name):
        theirs: dict[int, Mapping[str, Any]] = {
            row["id"]: row for row in Enterprise.objects.filter(pk__in=pairs).values("id", *TRACKED)
        }
    sections = vsic_sections()  # once, not a query per record
    source_of = {new: old for old, new in pairs.items()}
    for keep in Enterprise.objects.filter(pk__in=pairs.values()).order_by("pk"):
        tags_before = list(keep.tags)
        filled = enterprise_fill_blanks(keep, theirs[source_of[keep.pk]], sections=sections)
        if filled or keep.tags != tags_before:
            keep.save()
            audit_record(
                actor=None,
                action="enterprise.merge",
                obj=keep,
                changes={"from_province": source.full_name, "filled": filled, "by": _who(user)},
            )


def _wards_place(copier: Copier, *, target: Province) -> tuple[int, int]:
    """Moved enterprises without a current ward are placed from their address as the registry's
    import places one (an old ward, district and province name the ward it became). Returns how many
    were placed and how many remain without a ward."""
    table = copier.map_table("enterprises.Enterprise")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, e.legacy_address, e.street_address FROM enterprises_enterprise e "
            f"JOIN {table} m ON m.new = e.id AND m.created WHERE e.ward_id IS NULL"
        )
        unplaced = cursor.fetchall()
    if not unplaced:
        return 0, 0
    matcher = AddressMatcher(target.code or "")
    ids, wards, streets = [], [], []
    for pk, legacy, street in unplaced:
        placement = matcher.place(legacy or street) if (legacy or street) else None
        if placement is not None and placement.ward_id is not None:
            ids.append(pk)
            wards.append(placement.ward_id)
            streets.append(street or placement.street)
    if ids:
        with connection.cursor() as cursor:  # one statement, however many are placed
            cursor.execute(
                "UPDATE enterprises_enterprise e SET ward_id = p.ward, street_address = p.street "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS p(id, ward, street) WHERE e.id = p.id",
                [ids, wards, streets],
            )
    return len(ids), len(unplaced) - len(ids)
