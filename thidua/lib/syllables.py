"""Vietnamese syllables: recognise one, and split words glued together by copy and paste.

Text pasted from web sites loses the line breaks and tags between words ("Hiếnpháp",
"laođộng", "BANHÀNH", "Căn cứQuyết"). Every Vietnamese syllable is one orthographic word, and
the syllable has a small, closed structure, so a glued token can be cut back into syllables
without a dictionary of cases.

The grammar implemented here (on the letters lower-cased, with the tone mark taken off):

    syllable = onset? rime                      with at most one tone mark, on a vowel
    onset    = b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x
    rime     = open rime | nucleus coda
    open     = a e ê i y o ô ơ u ư ia ua ưa ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu
               iêu yêu uôi ươi ươu oa oe uê uy uơ oai oay oao oeo uây uyu uya
    coda     = c ch m n ng nh p t, each after the nuclei it takes (`_CODAS`): "ch"/"nh" only
               after a ê i y oa uê uy (uyê); "c"/"ng" never after ê i; ă and â never without a coda

and the spelling rules that tie an onset to the rime after it: k, gh, ngh only before i e ê
(k also before y); c, ng never before them; g never before e ê; qu never before o u ư; "yê"
only with no onset or after qu. A syllable closed by c, ch, p or t carries the sắc or nặng
tone only; "y" takes a coda (quỳnh, quýt) only after qu. Letters are all lower case, all
upper case, or one capital then lower case.

A token that is not one syllable is split where it is a sequence of syllables: first the
fewest syllables, then, between splits of the same length, the one whose syllables are more
common in Vietnamese administrative text (`data/syllable_counts.json`, counted from the
project's own Vietnamese strings by `scripts/count-syllables.py`); a tie is ambiguous and the
token is left as it is. Only
tokens of letters are tried, and only those with a Vietnamese letter (a diacritic or đ) or a
capital inside a word: digits, codes and abbreviations (UBND, QĐ-UBND, 216-LCT, HĐNN7) and
foreign words written in plain ASCII ("online", "Internet") are never split.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

_TONE_MARKS = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_STOP_TONES = {"sắc", "nặng"}
_VOWELS = set("aăâeêioôơuưy")

_ONSETS = sorted(
    [
        "b",
        "c",
        "ch",
        "d",
        "đ",
        "g",
        "gh",
        "gi",
        "h",
        "k",
        "kh",
        "l",
        "m",
        "n",
        "ng",
        "ngh",
        "nh",
        "p",
        "ph",
        "qu",
        "r",
        "s",
        "t",
        "th",
        "tr",
        "v",
        "x",
    ],
    key=len,
    reverse=True,
)
_ONSET_SET = frozenset(_ONSETS)
_OPEN_RIMES = set(
    [
        "a",
        "e",
        "ê",
        "i",
        "y",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "ia",
        "ua",
        "ưa",
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "iu",
        "oi",
        "ôi",
        "ơi",
        "ui",
        "ưi",
        "ưu",
        "iêu",
        "yêu",
        "uôi",
        "ươi",
        "ươu",
        "oa",
        "oe",
        "uê",
        "uy",
        "uơ",
        "oai",
        "oay",
        "oao",
        "oeo",
        "uây",
        "uyu",
        "uya",
    ]
)
_CODAS = {
    "c": "a ă â e o ô u ư iê uô ươ oa oă oo",
    "ng": "a ă â e o ô u ư iê uô ươ oa oă oo uâ",
    "ch": "a ê i y oa uê uy uyê",
    "nh": "a ê i y oa uê uy",
    "m": "a ă â e ê i o ô ơ u iê yê uô ươ oa oă",
    "p": "a ă â e ê i o ô ơ u iê ươ oa",
    "n": "a ă â e ê i o ô ơ u iê yê uô ươ oa oă oe uâ uy uyê",
    "t": "a ă â e ê i y o ô ơ u ư iê yê uô ươ oa oă oe uâ uy uyê",
}
_STOPS = ("c", "ch", "p", "t")
# rime → its coda ("" for an open rime)
_RIMES: dict[str, str] = {r: "" for r in _OPEN_RIMES}
for _coda, _nuclei in _CODAS.items():
    for _nucleus in _nuclei.split():
        _RIMES[_nucleus + _coda] = _coda

_MAX_LETTERS = 7  # "nghiêng", the longest syllable
_MAX_TOKEN = 60  # longer runs of letters are not glued words
COUNTS_PATH = Path(__file__).parent / "data" / "syllable_counts.json"


def _bare(syllable: str) -> tuple[str, list[str]] | None:
    """The letters lower-cased without tone mark, and the tones found; None if a tone mark
    sits on something other than a vowel."""
    tones: list[str] = []
    kept: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _TONE_MARKS:
            if not base or unicodedata.normalize("NFC", base) not in _VOWELS:
                return None
            tones.append(_TONE_MARKS[ch])
            continue
        if unicodedata.combining(ch):
            base += ch
        else:
            base = ch
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tones


def _spelling_allows(onset: str, rime: str) -> bool:
    first = rime[0]
    if onset == "k":
        return first in "ieêy"
    if onset in ("gh", "ngh"):
        return first in "ieê"
    if onset in ("c", "ng"):
        return first not in "ieêy"
    if onset == "g":
        return first not in "eê"
    if onset == "qu":
        return first not in "ouư"  # the u of qu is the glide already
    if onset == "gi":
        return first != "i"
    if rime.startswith("yê"):
        return onset == ""
    # "ynh", "yt" only after qu: "quỳnh", "quýt"
    return not (rime.startswith("y") and len(rime) > 1 and rime not in _OPEN_RIMES)


def _case_ok(word: str) -> bool:
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """One written Vietnamese syllable (see the grammar above), in any of the three cases."""
    if not word or len(word) > _MAX_LETTERS or not word.isalpha() or not _case_ok(word):
        return False
    bare = _bare(word)
    if bare is None:
        return False
    letters, tones = bare
    if len(tones) > 1:
        return False
    for size in range(min(3, len(letters) - 1), -1, -1):
        onset = letters[:size]
        if size and onset not in _ONSET_SET:
            continue
        rime = letters[size:]
        if rime not in _RIMES or not _spelling_allows(onset, rime):
            continue
        if _RIMES[rime] in _STOPS and (not tones or tones[0] not in _STOP_TONES):
            continue
        return True
    return False


def segmentations(token: str, limit: int = 64) -> list[tuple[str, ...]]:
    """Every way (up to `limit`) to read `token` as a sequence of syllables, shortest first."""
    if len(token) > _MAX_TOKEN:
        return []
    n = len(token)
    # ways[i]: the segmentations of token[i:]
    ways: list[list[tuple[str, ...]]] = [[] for _ in range(n + 1)]
    ways[n] = [()]
    for i in range(n - 1, -1, -1):
        found: list[tuple[str, ...]] = []
        for j in range(i + 1, min(n, i + _MAX_LETTERS) + 1):
            if ways[j] and is_syllable(token[i:j]):
                found.extend((token[i:j], *rest) for rest in ways[j])
                if len(found) >= limit:
                    break
        ways[i] = found[:limit]
    return sorted(ways[0], key=len)


@cache
def _counts() -> tuple[dict[str, int], int]:
    try:
        data = json.loads(COUNTS_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    return data, sum(data.values())


def _score(parts: tuple[str, ...]) -> float:
    counts, total = _counts()
    return sum(math.log((counts.get(p.lower(), 0) + 0.5) / (total + 1)) for p in parts)


def _worth_trying(token: str) -> bool:
    if not token.isalpha() or len(token) < 2:
        return False
    vietnamese_letter = any(ord(c) > 127 for c in token)
    capital_inside = any(a.islower() and b.isupper() for a, b in zip(token, token[1:], strict=False))
    return vietnamese_letter or capital_inside


@lru_cache(maxsize=16384)
def split_word(token: str) -> tuple[str, ...]:
    """The syllables glued in `token`, or `(token,)` when it is one syllable, not a sequence of
    syllables, a code, a foreign word, or ambiguous."""
    if is_syllable(token) or not _worth_trying(token):
        return (token,)
    ways = segmentations(token)
    if not ways:
        return (token,)
    shortest = [w for w in ways if len(w) == len(ways[0])]
    if len(shortest) == 1:
        return shortest[0]
    ranked = sorted(((_score(w), w) for w in shortest), reverse=True)
    if ranked[0][0] == ranked[1][0]:
        return (token,)
    return ranked[0][1]


_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def split_glued(text: str) -> str:
    """`text` with glued Vietnamese words split by a space; anything else is left as it is."""

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        start, end = match.span()
        # Part of a code or a number ("QĐ-UBND", "HĐNN7", "Đ/c"): leave it alone.
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isdigit() or after.isdigit() or before in "-/_" or after in "-/_":
            return word
        return " ".join(split_word(word))

    return _TOKEN.sub(one, text)


def count_syllables(texts: Iterable[str]) -> Counter[str]:
    """How often each syllable (lower case) occurs in `texts`: the data behind the choice
    between two splits of the same length."""
    counts: Counter[str] = Counter()
    for text in texts:
        for word in _TOKEN.findall(unicodedata.normalize("NFC", text)):
            if is_syllable(word):
                counts[word.lower()] += 1
    return counts
