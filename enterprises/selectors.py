"""Reads on the registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from enterprises import extensions
from enterprises.models import Enterprise, ImportBatch
from reference.text import fold

if TYPE_CHECKING:
    from accounts.models import User

SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "tax_code": ("tax_code",),
    "-updated": ("-updated_at", "-id"),
    "size": ("size", "name"),
}


def enterprise_list(
    *,
    search: str = "",
    section: str = "",
    size: str = "",
    ward: str = "",
    status: str = "",
    tag: str = "",
    level: str = "",
    archived: bool = False,
    sort: str = "name",
) -> QuerySet[Enterprise]:
    """The registry, filtered. Search ignores accents and case ('dong nai' finds 'Đồng Nai');
    `level` is the latest counted DBI level ("0"–"5"), or "none" for enterprises never assessed."""
    queryset = Enterprise.objects.filter(archived_at__isnull=not archived).select_related("ward")
    if search:
        folded = fold(search)
        digits = "".join(ch for ch in search if ch.isdigit())
        if digits and len(digits) >= 4 and digits == search.replace(" ", "").replace("-", "").replace(".", ""):
            queryset = queryset.filter(tax_code__startswith=digits[:10])
        else:
            queryset = queryset.filter(search_text__contains=folded)
    if section:
        queryset = queryset.filter(section=section)
    if size:
        queryset = queryset.filter(size=size)
    if ward:
        queryset = queryset.filter(ward__code=ward)
    if status:
        queryset = queryset.filter(status=status)
    if tag:
        queryset = queryset.filter(tags__contains=[tag]).exclude(tags=[])  # the partial index's condition
    if level and (source := extensions.levels()) is not None:
        queryset = source.narrow(queryset, level)
    return queryset.order_by(*SORTS.get(sort, SORTS["name"]))


def enterprise_get_for_user(*, user: User, enterprise_uuid: UUID | str) -> Enterprise:
    """An enterprise of this province for staff who may see the registry, or for an expert assigned
    to it; 404 for anyone else."""
    queryset = Enterprise.objects.select_related("ward__province").prefetch_related("associations")
    if not user.has_perm("enterprises.view_enterprise"):
        granted = extensions.extra_access(user)
        if granted is None:
            raise Http404
        queryset = queryset.filter(pk__in=granted.values("pk"))
    try:
        return queryset.get(uuid=enterprise_uuid)
    except (Enterprise.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def enterprise_size_explanation(enterprise: Enterprise) -> str:
    """“Nhỏ: 45 lao động, doanh thu 40 tỷ đồng” — the size and the figures it rests on."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    if enterprise.size_override:
        return _("%(size)s (set by an officer: %(note)s)") % {
            "size": enterprise.get_size_override_display(),
            "note": enterprise.size_note,
        }
    if not enterprise.size_computed:
        return _("Not enough data (needs the main sector, the headcount, and the revenue or capital).")
    parts = [_("%(count)s employees") % {"count": enterprise.headcount}]
    if enterprise.revenue is not None:
        parts.append(_("revenue %(amount)s billion VND") % {"amount": number_format(enterprise.revenue.normalize())})
    if enterprise.capital is not None:
        parts.append(_("capital %(amount)s billion VND") % {"amount": number_format(enterprise.capital.normalize())})
    return f"{enterprise.get_size_computed_display()}: {', '.join(parts)}"


def import_batch_get_for_user(*, user: User, batch_uuid: UUID | str) -> ImportBatch:
    """An import of this province for staff who may add enterprises; 404 for anyone else."""
    if not user.has_perm("enterprises.add_enterprise"):
        raise Http404
    try:
        return ImportBatch.objects.select_related("job", "uploaded_by").get(uuid=batch_uuid)
    except (ImportBatch.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class DuplicatePair:
    reason: str  # "same_head": one tax code with and without a branch number; "similar_name": same ward
    first: Enterprise
    second: Enterprise
    similarity: float


def enterprise_duplicates(*, limit: int = 200, threshold: float = 0.75) -> list[DuplicatePair]:
    """Likely duplicates among the active records, most alike first."""
    from django.db import connection

    pairs: list[tuple[str, int, int, float]] = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH named AS (
                -- the legal form says nothing about identity: compare what follows it
                SELECT id, tax_code, ward_id, regexp_replace(
                    lower(unaccent(name)),
                    '^(cong ty|cty|doanh nghiep tu nhan|dntn|hop tac xa|htx|chi nhanh)'
                    '( (tnhh|trach nhiem huu han|co phan|cp))?( (mot thanh vien|mtv))?[ -]*',
                    ''
                ) AS folded
                FROM enterprises_enterprise WHERE archived_at IS NULL
            )
            SELECT 'same_head', a.id, b.id, similarity(a.folded, b.folded)
            FROM named a JOIN named b ON split_part(b.tax_code, '-', 1) = a.tax_code AND b.id <> a.id
            WHERE similarity(a.folded, b.folded) >= %s
            UNION ALL
            SELECT 'similar_name', a.id, b.id, similarity(a.folded, b.folded)
            FROM named a JOIN named b ON a.ward_id = b.ward_id AND a.id < b.id
            WHERE split_part(a.tax_code, '-', 1) <> split_part(b.tax_code, '-', 1)
              AND similarity(a.folded, b.folded) >= %s
            ORDER BY 4 DESC LIMIT %s
            """,
            [threshold, threshold, limit],
        )
        pairs = cursor.fetchall()
    records = Enterprise.objects.select_related("ward").in_bulk({pk for _, a, b, _ in pairs for pk in (a, b)})
    return [DuplicatePair(reason, records[a], records[b], float(score)) for reason, a, b, score in pairs]
