"""National reference data, the same for every province: VSIC editions and administrative units.

Loaded from the JSON files in reference/data by `manage.py load_reference_data`; read-only for
everyone else. The tables live in the public schema, which every province's search_path reaches.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VsicEdition(models.TextChoices):
    V2018 = "2018", _("VSIC 2018 (QĐ 27/2018/QĐ-TTg)")
    V2025 = "2025", _("VSIC 2025 (QĐ 36/2025/QĐ-TTg)")


class VsicCode(models.Model):
    """One code of one VSIC edition: a section letter (level 1) or a 2- to 5-digit code."""

    edition = models.CharField(_("edition"), max_length=4, choices=VsicEdition.choices)
    code = models.CharField(_("code"), max_length=5)
    level = models.PositiveSmallIntegerField(pgettext_lazy("VSIC code", "level"))
    name = models.CharField(_("name"), max_length=500)
    parent_code = models.CharField(_("parent"), max_length=5, blank=True)
    section = models.CharField(_("section"), max_length=1)

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("VSIC code")
        verbose_name_plural = _("VSIC codes")
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="reference_vsic_edition_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class VsicCorrespondence(models.Model):
    """One row of the official 2018 → 2025 conversion table (Công văn 3061/CTK-CSCL)."""

    code_2018 = models.CharField(max_length=5, db_index=True)
    code_2025 = models.CharField(max_length=5, db_index=True)

    class Meta:
        verbose_name = _("VSIC correspondence")
        verbose_name_plural = _("VSIC correspondences")
        constraints = [models.UniqueConstraint(fields=["code_2018", "code_2025"], name="reference_vsic_pair")]

    def __str__(self) -> str:
        return f"{self.code_2018} → {self.code_2025}"


class AdministrativeProvince(models.Model):
    """One of the 34 provinces and centrally-governed cities since 1/7/2025."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    unit_type = models.CharField(_("unit type"), max_length=30)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative province")
        verbose_name_plural = _("administrative provinces")

    def __str__(self) -> str:
        return f"{self.unit_type} {self.name}"


class Ward(models.Model):
    """A current ward, commune or special zone (phường, xã, đặc khu): the level below the province."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    unit_type = models.CharField(_("unit type"), max_length=30)
    province = models.ForeignKey(AdministrativeProvince, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        ordering = ["province_id", "name"]
        verbose_name = _("ward or commune")
        verbose_name_plural = _("wards and communes")

    def __str__(self) -> str:
        return f"{self.unit_type} {self.name}"


class LegacyWard(models.Model):
    """A ward or commune before 1/7/2025, with its district and province, and where it went."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)  # with its unit type: "Phường Tân Phong"
    district_name = models.CharField(_("district"), max_length=100)  # "Thành phố Biên Hòa"
    province_name = models.CharField(_("old province"), max_length=100)  # "Tỉnh Đồng Nai"
    new_ward_codes = ArrayField(models.CharField(max_length=5), verbose_name=_("current wards"))
    # Unaccented, lower-case "ward|district|province" for matching an old address text.
    search_key = models.CharField(max_length=300, db_index=True)

    class Meta:
        verbose_name = _("ward before 2025")
        verbose_name_plural = _("wards before 2025")

    def __str__(self) -> str:
        return f"{self.name}, {self.district_name}, {self.province_name}"

    @property
    def was_split(self) -> bool:
        return len(self.new_ward_codes) > 1
