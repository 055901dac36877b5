"""Who sees a household business's personal ID in full.

A household business may use its owner's 12-digit citizen ID as tax code. The department (the
province's administrators and officers, by the `enterprises.view_personal_id` permission), an API
key of the department's own scope and the enterprise's own account see it; everyone else (partner
agencies and associations, other keys, other enterprises, documents for the ministry) sees it masked
by `taxcode.mask_personal`. Every API answer and file that writes a tax code asks here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from api.models import ApiKey, ApiScope
from enterprises.models import EnterpriseAccount
from enterprises.taxcode import mask_personal

if TYPE_CHECKING:
    from accounts.models import User

PERMISSION = "enterprises.view_personal_id"
PERSONAL_ID_PATTERN = r"^[0-9]{12}$"  # the stored form of a personal ID (taxcode.mask_personal's test)


@dataclass(frozen=True)
class TaxCodes:
    """How one viewer sees tax codes: `show(code, enterprise_id)` for each one written."""

    full: bool
    own_enterprise_id: int | None = None  # an enterprise's account sees its own in full

    def show(self, tax_code: str, enterprise_id: int | None = None) -> str:
        if self.full or (enterprise_id is not None and enterprise_id == self.own_enterprise_id):
            return tax_code
        return mask_personal(tax_code)


MASKED = TaxCodes(full=False)  # documents that leave the province (the yearly report to the ministry)


def tax_codes_for(viewer: object) -> TaxCodes:
    """The rule for a signed-in user, an API key, or anyone else (masked)."""
    if isinstance(viewer, ApiKey):
        return TaxCodes(full=viewer.scope == ApiScope.DEPARTMENT)
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return MASKED
    user = cast("User", viewer)
    if user.has_perm(PERMISSION):
        return TaxCodes(full=True)
    own = EnterpriseAccount.objects.filter(user=user).values_list("enterprise_id", flat=True).first()
    return TaxCodes(full=False, own_enterprise_id=own)


def tax_codes_for_request(request: object) -> TaxCodes:
    """The rule for an API request: its key if it came with one, else the signed-in user."""
    auth = getattr(request, "auth", None)
    return tax_codes_for(auth if isinstance(auth, ApiKey) else getattr(request, "user", None))
