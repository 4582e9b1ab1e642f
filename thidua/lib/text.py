"""Text helpers for Vietnamese: folding for diacritic-insensitive search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces.

    "Phạm Thanh Diễn" and "pham  thanh dien" fold to the same key, so search can
    compare folded keys on any database.
    """
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text).strip().lower()


def word_suffixes(key: str) -> list[str]:
    """Every tail of a folded name that starts at a word: 'pham thanh dien' → itself, 'thanh dien', 'dien'.

    Stored one per row, they let a name be found from any of its words with an index range scan
    ("dien", "thanh dien", "pham thanh"), which a LIKE '%…%' over the whole table cannot do.
    """
    words = key.split(" ")
    return [" ".join(words[i:]) for i in range(len(words)) if words[i]]
