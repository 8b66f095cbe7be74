"""One normal form for e-mail addresses, used for token claims, typed input and stored rows alike.

NFKC, trimmed, and case-folded for ASCII letters only. A non-ASCII character that NFKC turns into
ASCII is a look-alike (the Kelvin sign U+212A for `K`, full-width letters): such an address is
refused, so it can never reach another subject's rows. Other non-ASCII letters are kept (NFKC) and
so match only themselves. Comparison after normalising is exact.
"""

from __future__ import annotations

import string
import unicodedata

MAX_LENGTH = 254
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def normalise_email(value: str) -> str | None:
    """The normal form of `value`, or None when it is no address or holds a look-alike."""
    trimmed = value.strip()
    if not trimmed.isascii() and any(_looks_ascii(c) for c in trimmed):
        return None
    nfkc = unicodedata.normalize("NFKC", trimmed)
    if not 3 <= len(nfkc) <= MAX_LENGTH or nfkc.count("@") != 1 or any(c.isspace() for c in nfkc):
        return None
    return nfkc.translate(_ASCII_LOWER)


def _looks_ascii(char: str) -> bool:
    return not char.isascii() and any(c.isascii() for c in unicodedata.normalize("NFKC", char))


def claim_email(value: object) -> str | None:
    """A token's `email` claim: it must already be trimmed (an issuer sends none with spaces)."""
    if not isinstance(value, str) or value != value.strip():
        return None
    return normalise_email(value)


def same_email(a: str | None, b: str | None) -> bool:
    na, nb = normalise_email(a or ""), normalise_email(b or "")
    return na is not None and na == nb
