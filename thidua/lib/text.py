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


# The Vietnamese alphabet's order: ă and â after a, đ after d, ê after e, ô and ơ after o, ư after u.
_LETTERS = {
    letter: index
    for index, letter in enumerate(
        [
            "a",
            "ă",
            "â",
            "b",
            "c",
            "d",
            "đ",
            "e",
            "ê",
            "f",
            "g",
            "h",
            "i",
            "j",
            "k",
            "l",
            "m",
            "n",
            "o",
            "ô",
            "ơ",
        ]
        + ["p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
    )
}
# Tones, in the order dictionaries list them: level, grave, hook, tilde, acute, dot below.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese as its dictionaries do, not by code point: "Đề án" after "Dự án"
    and before "Giấy khen" (by code point it comes after "Ý kiến"), "Ấp" after "Anh"; letters first,
    then tones as a tie-breaker; case ignored. Characters outside the alphabet keep their code point
    after the letters."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text or "").lower():
        parts = unicodedata.normalize("NFD", ch)
        tone = next((_TONES[m] for m in parts[1:] if m in _TONES), 0)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        letters.append(_LETTERS.get(base, 100 + ord(base[0]) if base else 0))
        tones.append(tone)
    return (letters, tones)
