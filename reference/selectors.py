"""Reads on the reference data."""

from __future__ import annotations

from collections.abc import Iterable

from reference.models import VsicCode


def vsic_names(*, edition: str, codes: Iterable[str]) -> dict[str, str]:
    """Names of these codes in this VSIC edition (unknown codes are left out)."""
    wanted = [code for code in codes if code]
    return dict(VsicCode.objects.filter(edition=edition, code__in=wanted).values_list("code", "name"))
