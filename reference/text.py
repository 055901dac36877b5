"""Text folding for Vietnamese matching: no accents, no case, single spaces ("Đắk Lắk" → "dak lak")."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return _SPACES.sub(" ", stripped.replace("’", "'")).strip().lower()
