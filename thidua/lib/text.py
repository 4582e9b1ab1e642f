"""Text helpers for Vietnamese: folding for diacritic-insensitive search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_KEPT_CONTROLS = {"\t", "\n", "\r"}


def _visible(ch: str) -> bool:
    # Cf: zero-width spaces and joiners, direction marks/overrides/isolates, BOM, soft hyphen, tags.
    # Cc other than tab and line breaks: NUL, escape and the like. Neither belongs in a name or a note.
    category = unicodedata.category(ch)
    return not (category == "Cf" or (category == "Cc" and ch not in _KEPT_CONTROLS))


def clean_text(text: str) -> str:
    """Text as typed, minus what cannot be seen: invisible format and control characters removed,
    composed (NFC) so that the same letters are stored the same way.

    "Lê\u200bVăn\u202eMạnh" shows as a name but matches no search for it; every form's text field
    (`lib.forms.install_text_cleaning`) and every service storing a name passes through here.
    """
    if not text:
        return text
    return unicodedata.normalize("NFC", "".join(ch for ch in text if _visible(ch)))


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces.

    "Phạm Thanh Diễn" and "pham  thanh dien" fold to the same key, so search can
    compare folded keys on any database.
    """
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn" and _visible(ch))
    text = text.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text).strip().lower()


def word_suffixes(key: str) -> list[str]:
    """Every tail of a folded name that starts at a word: 'pham thanh dien' → itself, 'thanh dien', 'dien'.

    Stored one per row, they let a name be found from any of its words with an index range scan
    ("dien", "thanh dien", "pham thanh"), which a LIKE '%…%' over the whole table cannot do.
    """
    words = key.split(" ")
    return [" ".join(words[i:]) for i in range(len(words)) if words[i]]
