"""Rules of official documents (Nghị định 30/2020/NĐ-CP) that more than one app checks: the
signature block of the yearly report, and of the province's report defaults."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Who signs for whom: thay mặt, ký thay, quyền, thừa lệnh, thừa ủy quyền.
SIGNATURE_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
SIGNATURE_MAX_LINES = 4


def signature_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def signature_validate(text: str) -> None:
    """Raise ValidationError unless the block is 1–4 lines in which every line but the last (the
    signer's own title) says on whose behalf the signer signs: TM., KT., Q., TL. or TUQ."""
    lines = signature_lines(text)
    if not lines:
        raise ValidationError(_("Write the signer's title, e.g. “GIÁM ĐỐC”."), code="empty")
    if len(lines) > SIGNATURE_MAX_LINES:
        raise ValidationError(
            _("The signature block has %(count)s lines; it may have at most %(max)s."),
            code="too_long",
            params={"count": len(lines), "max": SIGNATURE_MAX_LINES},
        )
    for line in lines[:-1]:
        if line.split()[0].upper() not in SIGNATURE_PREFIXES or len(line.split()) < 2:
            raise ValidationError(
                _(
                    "“%(line)s”: every line above the signer's title starts with TM., KT., Q., TL. or TUQ. "
                    "followed by a title, e.g. “KT. GIÁM ĐỐC”."
                ),
                code="prefix",
                params={"line": line},
            )
