"""Text folding for Vietnamese matching: no accents, no case, single spaces ("Đắk Lắk" → "dak lak")."""

from __future__ import annotations

import unicodedata


def _fold_table() -> dict[int, str]:
    """Every Latin letter with diacritics (Vietnamese uses up to two) to its base letter; marks removed.

    Built once: str.translate is an order of magnitude faster than decomposing each string, and
    imports fold every row.
    """
    table: dict[int, str] = {ord("Đ"): "d", ord("đ"): "d", ord("’"): "'"}
    for codepoint in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        char = chr(codepoint)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")
        if base != char and base.isascii():
            table[codepoint] = base
    for codepoint in range(0x0300, 0x0370):  # combining marks left by decomposed (e.g. CP1258) text
        table[codepoint] = ""
    return table


_TABLE = _fold_table()


def fold(text: str) -> str:
    folded = text.translate(_TABLE).lower()
    if not folded.isascii():  # rare letters outside the table: fall back to full decomposition
        decomposed = unicodedata.normalize("NFD", folded)
        folded = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return " ".join(folded.split())
