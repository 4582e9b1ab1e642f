"""Codes people read off paper and type back: a certificate's verification code.

A new code is 20 characters of Crockford's base32 (digits and capital letters without I, L, O
and U), 100 random bits, printed in groups of four ("7KQ2-M9XD-…"). Typed back, any case,
spaces and hyphens are accepted, and the letters people confuse with digits are read as those
digits (O → 0, I and L → 1), as Crockford's alphabet intends.

Certificates issued before kept their 24-character codes from `secrets.token_urlsafe`
(case-sensitive, may hold "-" and "_"): `code_candidates` tries such a code exactly as typed
(without its spaces) besides the normalised form, so they keep verifying.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20  # 20 × 5 = 100 bits
GROUP = 4

_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u00a0]+")
_NEW_CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    """A fresh verification code: 20 characters of Crockford base32, stored without separators."""
    number = secrets.randbits(LENGTH * 5)
    chars = []
    for _ in range(LENGTH):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def normalise_code(typed: str) -> str:
    """A typed code in its stored form: separators (spaces, hyphens) removed, upper case,
    O read as 0 and I, L as 1. "7kq2 m9xd-…" and "7KQ2M9XD…" give the same string."""
    return _SEPARATORS.sub("", typed or "").upper().translate(_ALIASES)


def is_new_code(code: str) -> bool:
    """Whether a stored code is of the Crockford kind (and may be printed in groups)."""
    return bool(_NEW_CODE.fullmatch(code or ""))


def code_candidates(typed: str) -> list[str]:
    """The stored codes a typed one may stand for: the normalised new-kind code, and the code
    exactly as typed without spaces (a certificate issued before, whose code is case-sensitive)."""
    exact = "".join((typed or "").split())
    candidates = [exact] if exact else []
    normalised = normalise_code(typed)
    if is_new_code(normalised) and normalised not in candidates:
        candidates.append(normalised)
    return candidates


def group_code(code: str) -> str:
    """A new-kind code as printed, in groups of four joined by hyphens ("7KQ2-M9XD-…");
    a code of the earlier kind is printed as it was issued (its own hyphens are part of it)."""
    if not is_new_code(code):
        return code
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
