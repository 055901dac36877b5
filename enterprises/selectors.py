"""Reads on the registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from enterprises import duplicates, extensions
from enterprises.duplicates import LEGAL_FORM_SQL, Match
from enterprises.models import Enterprise, ImportBatch
from enterprises.taxcode import TaxCodeError, parse
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


def registry_scope(user: User) -> list[str] | None:
    """What of the registry a user may browse: None for all of it (the department), the ward codes
    of a commune's officer, or [] for nothing."""
    if user.has_perm("enterprises.view_enterprise"):
        return None
    return user.ward_scope


def may_browse_registry(user: User) -> bool:
    return registry_scope(user) != []


def enterprise_list(
    *,
    wards: list[str] | None = None,
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
    `level` is the latest counted DBI level ("0"–"5"), or "none" for enterprises never assessed;
    `wards` (a commune officer's scope, see registry_scope) keeps the enterprises of those wards."""
    queryset = Enterprise.objects.filter(archived_at__isnull=not archived).select_related("ward")
    if wards is not None:
        queryset = queryset.filter(ward__code__in=wards)
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
    """An enterprise of this province for staff who may see the registry, for an expert assigned
    to it, or for a commune's officer when it is in their wards; 404 for anyone else."""
    queryset = Enterprise.objects.select_related("ward__province").prefetch_related("associations")
    if not user.has_perm("enterprises.view_enterprise"):
        granted = extensions.extra_access(user)
        if wards := user.ward_scope:
            in_wards = Enterprise.objects.filter(ward__code__in=wards)
            granted = in_wards if granted is None else granted | in_wards
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
    parts = [_("%(count)s employees") % {"count": number_format(enterprise.headcount or 0)}]
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
    first: Enterprise
    second: Enterprise
    match: Match


def enterprise_duplicates(*, limit: int = 200) -> list[DuplicatePair]:
    """Pairs of active records that may be one enterprise, surest first, without the pairs an
    officer marked as two enterprises. The database proposes candidates (one head office, a
    similar name in the same ward, the same e-mail); `duplicates.assess` weighs each."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH named AS (
                SELECT id, tax_code, ward_id, lower(email) AS email,
                       regexp_replace(lower(unaccent(name)), %s, ' ', 'g') AS folded
                FROM enterprises_enterprise WHERE archived_at IS NULL
            )
            SELECT a.id, b.id FROM named a
            JOIN named b ON split_part(b.tax_code, '-', 1) = split_part(a.tax_code, '-', 1) AND a.id < b.id
            UNION
            SELECT a.id, b.id FROM named a
            JOIN named b ON a.ward_id = b.ward_id AND a.id < b.id AND similarity(a.folded, b.folded) >= 0.5
            UNION
            SELECT a.id, b.id FROM named a JOIN named b ON a.email = b.email AND a.email <> '' AND a.id < b.id
            EXCEPT
            SELECT first_id, second_id FROM enterprises_notduplicate
            """,
            [LEGAL_FORM_SQL],
        )
        candidates = cursor.fetchall()
    records = Enterprise.objects.select_related("ward").in_bulk({pk for pair in candidates for pk in pair})
    pairs = []
    for first_id, second_id in candidates:
        first, second = records[first_id], records[second_id]
        match = duplicates.assess(_record(first), _record(second))
        if match is not None:
            pairs.append(DuplicatePair(first, second, match))
    pairs.sort(key=lambda pair: (-pair.match.confidence, -pair.match.score, pair.first.name))
    return pairs[:limit]


def _record(enterprise: Enterprise) -> duplicates.Record:
    return duplicates.Record(
        tax_code=enterprise.tax_code,
        name=enterprise.name,
        legal_form=enterprise.legal_form,
        street_address=enterprise.street_address or enterprise.legacy_address,
        ward=enterprise.ward_id,
        phone=enterprise.phone,
        email=enterprise.email,
    )


def enterprise_pair_match(*, first: Enterprise, second: Enterprise) -> Match | None:
    return duplicates.assess(_record(first), _record(second))


@dataclass(frozen=True)
class MergeMove:
    label: str  # the related records' plural name, in the reader's language
    count: int


def enterprise_merge_moves(*, merged: Enterprise) -> list[MergeMove]:
    """What a merge would move from `merged` to the record kept: each kind of related record with
    its count (the same relations `enterprise_merge` follows)."""
    moves = []
    for relation in enterprise_relations():
        count = relation.related_model._default_manager.filter(**{relation.field.name: merged}).count()
        if count:
            moves.append(MergeMove(str(relation.related_model._meta.verbose_name_plural), count))
    for field in Enterprise._meta.many_to_many:
        if count := getattr(merged, field.name).count():
            moves.append(MergeMove(str(field.verbose_name), count))
    return moves


def enterprise_relations() -> list[Any]:
    """Every visible one-to-many relation from another model to an enterprise (today's and later
    features'): what a merge moves."""
    return [
        relation
        for relation in Enterprise._meta.related_objects
        if relation.related_model is not Enterprise and not relation.many_to_many
    ]


@dataclass(frozen=True)
class TaxCodeMatch:
    """What a typed tax code (a participant's, a surveyed enterprise's) finds in the registry."""

    enterprise: Enterprise | None = None
    problem: str = ""  # "invalid", "unknown", "ambiguous"
    detail: str = ""  # the parser's reason, or the candidates' codes
    tax_code: str = ""  # the normal form, when the code is valid


def enterprise_match(raw: object) -> TaxCodeMatch:
    """The one enterprise a tax code names, never a guess: a head-office code that only branches in
    the registry carry is ambiguous; a merged record leads to the one kept."""
    try:
        code = parse(raw)
    except TaxCodeError as error:
        return TaxCodeMatch(problem="invalid", detail=error.reason)
    found = Enterprise.objects.filter(tax_code=code.value).select_related("merged_into").first()
    if found is not None:
        return TaxCodeMatch(enterprise=found.merged_into or found, tax_code=code.value)
    branches = list(
        Enterprise.objects.filter(tax_code__startswith=f"{code.value}-", merged_into__isnull=True).values_list(
            "tax_code", flat=True
        )[:5]
    )
    if branches:
        return TaxCodeMatch(problem="ambiguous", detail=", ".join(branches), tax_code=code.value)
    return TaxCodeMatch(problem="unknown", tax_code=code.value)


def match_message(match: TaxCodeMatch) -> str:
    """Why a typed tax code names no enterprise, for the person who typed it."""
    from django.utils.translation import gettext as _

    from enterprises.forms import tax_code_message

    if match.problem == "invalid":
        return tax_code_message(match.detail)
    if match.problem == "ambiguous":
        return _("The registry has only branches of %(code)s (%(branches)s): write the branch's code.") % {
            "code": match.tax_code,
            "branches": match.detail,
        }
    if match.problem == "unknown":
        return _("%(code)s is not in this province's registry.") % {"code": match.tax_code}
    return ""
