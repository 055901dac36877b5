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


class WordFolder:
    """`fold` for many texts written with the same words (an import's names and addresses): each
    word is folded once and remembered, which is about three times faster on Vietnamese text.

    Gives exactly what `fold` gives: folding never joins or splits words (no letter folds to a space
    or across one), so a text folds word by word, without the words that fold to nothing.
    """

    def __init__(self, limit: int = 200_000) -> None:
        self._words: dict[str, str] = {}
        self._limit = limit  # words remembered at most, so that a file of unique words costs no more

    def __call__(self, text: str) -> str:
        words = self._words
        folded = []
        for word in text.split():
            if word.isascii():  # numbers, tax codes, e-mail: nothing to fold but the case
                folded.append(word.lower())
                continue
            known = words.get(word)
            if known is None:
                known = fold(word)
                if len(words) < self._limit:
                    words[word] = known
            if known:
                folded.append(known)
        return " ".join(folded)
