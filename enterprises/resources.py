"""django-import-export resource for the registry: the design card's definition of the columns.

The web and command-line imports use enterprises/importing (bulk validation and writes); this
resource is the plain per-row path, kept for the admin and as the bench's baseline.
"""

from __future__ import annotations

from import_export import resources

from enterprises.models import Enterprise

FIELDS = (
    "tax_code", "tax_code_kind", "name", "short_name", "legal_form", "founded_on", "status", "vsic_edition",
    "main_sector", "headcount", "revenue", "capital", "legacy_address", "phone", "email",
)  # fmt: skip


class EnterpriseResource(resources.ModelResource):
    class Meta:
        model = Enterprise
        import_id_fields = ("tax_code",)
        fields = FIELDS
        skip_unchanged = True
