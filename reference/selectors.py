"""Reads on the reference data."""

from __future__ import annotations

from collections import Counter, defaultdict
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


def vsic_sections() -> dict[tuple[str, str], str]:
    """(edition, code) → the VSIC 2025 section of that activity, for every code of both editions.

    Section letters shift between the editions from J on (2018's K, finance, is 2025's L), so the
    registry keeps every enterprise's section in 2025 letters: statistics by section then count
    like with like. A 2018 code takes the section most of its 2025 successors have; a 2018 code
    the official conversion table does not cover gets no section rather than a wrong one.
    """
    from reference.models import VsicCorrespondence

    current = VsicCode.objects.filter(edition="2025").values_list("code", "section")
    sections = {("2025", code): section for code, section in current}

    # The official table pairs 5-digit codes; a shorter 2018 code votes with all its children.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for code_2018, code_2025 in VsicCorrespondence.objects.values_list("code_2018", "code_2025"):
        if section := sections.get(("2025", code_2025)):
            for length in range(2, len(code_2018) + 1):
                votes[code_2018[:length]][section] += 1
    for code, counter in votes.items():
        sections[("2018", code)] = counter.most_common(1)[0][0]
    return sections


def vsic_section(*, edition: str, code: str) -> str:
    """The VSIC 2025 section of one code of either edition (see vsic_sections); "" if unknown."""
    if edition == "2025":
        return VsicCode.objects.filter(edition="2025", code=code).values_list("section", flat=True).first() or ""
    from reference.models import VsicCorrespondence

    targets = VsicCorrespondence.objects.filter(code_2018__startswith=code).values_list("code_2025", flat=True)
    found = Counter(VsicCode.objects.filter(edition="2025", code__in=list(targets)).values_list("section", flat=True))
    return found.most_common(1)[0][0] if found else ""
