"""Reads on the reference data."""

from __future__ import annotations

from collections.abc import Iterable

from reference.models import VsicCode


def vsic_names(*, edition: str, codes: Iterable[str]) -> dict[str, str]:
    """Names of these codes in this VSIC edition (unknown codes are left out)."""
    wanted = [code for code in codes if code]
    return dict(VsicCode.objects.filter(edition=edition, code__in=wanted).values_list("code", "name"))


def vsic_2025_for(code_2018: str) -> set[str]:
    """The VSIC 2025 codes a 2018 code became, at the 2018 code's own level (the official table
    is at level 5; a 4-digit code takes the union of its 5-digit children)."""
    from reference.models import VsicCorrespondence

    targets = VsicCorrespondence.objects.filter(code_2018__startswith=code_2018).values_list("code_2025", flat=True)
    return {target[: len(code_2018)] for target in targets}
