from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import SIZE_CHOICES
from reference.models import VsicCode


def recent_years() -> list[int]:
    """This year and the four before, latest first."""
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 5, -1))


class YearQuery(forms.Form):
    """?year= of a page that shows one year; only the years the page can show are accepted."""

    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, choices=())

    def __init__(self, data: Any, *, years: Sequence[int]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]


def requested_year(request: HttpRequest, *, years: Sequence[int], default: int) -> int:
    """The year a page was asked for, or `default` with a message saying why the one asked for
    cannot be shown (a year outside `years`, or not a year at all)."""
    query = YearQuery(request.GET, years=years)
    if query.is_valid():
        return query.cleaned_data["year"] or default
    messages.warning(
        request,
        _("The year “%(value)s” cannot be shown here; the page shows %(year)s.")
        % {"value": request.GET.get("year", "")[:20], "year": default},
    )
    return default


_SECTIONS_SECONDS = 3600
_sections: tuple[float, tuple[tuple[str, str], ...]] = (0.0, ())


def vsic_sections() -> tuple[tuple[str, str], ...]:
    """The VSIC sections, the latest edition's names: national reference data, the same for every
    province, read once an hour by each process (the dashboard's filter shows them on every visit)."""
    global _sections
    read_at, sections = _sections
    if not sections or time.monotonic() - read_at > _SECTIONS_SECONDS:
        rows = VsicCode.objects.filter(level=1).order_by("section", "-edition").values_list("section", "name")
        seen: dict[str, str] = {}
        for section, name in rows:
            seen.setdefault(section, f"{section} · {name}")
        sections = tuple(seen.items())
        _sections = (time.monotonic(), sections)
    return sections


def section_choices() -> list[tuple[str, Any]]:
    return [("", _("All sectors")), *vsic_sections()]


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    section = forms.ChoiceField(label=_("Sector"), required=False, choices=())
    size = forms.ChoiceField(label=_("Size"), required=False, choices=[("", _("All sizes")), *SIZE_CHOICES])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = [(year, str(year)) for year in recent_years()]  # type: ignore[attr-defined]
        self.fields["section"].choices = section_choices()  # type: ignore[attr-defined]
