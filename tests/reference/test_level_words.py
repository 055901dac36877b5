"""“Mức” is the DBI level of an assessment and “cấp” the depth of a VSIC code: one English word,
two Vietnamese ones, never mixed on a page."""

from __future__ import annotations

from django.utils import translation

from assessments.models import Assessment
from reference.models import VsicCode


def test_a_dbi_level_is_a_muc_and_a_vsic_level_a_cap() -> None:
    with translation.override("vi"):
        assert str(Assessment._meta.get_field("overall_level").verbose_name) == "mức"
        assert str(VsicCode._meta.get_field("level").verbose_name) == "cấp"
    with translation.override("en"):
        assert str(Assessment._meta.get_field("overall_level").verbose_name) == "level"
        assert str(VsicCode._meta.get_field("level").verbose_name) == "level"
