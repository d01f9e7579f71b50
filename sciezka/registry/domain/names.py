"""Name folding for search: case-insensitive and insensitive to Polish diacritics."""

from __future__ import annotations

import unicodedata

_SPECIAL = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss"})


def fold_name(value: str) -> str:
    """``"Sołtysik-Łącka "`` → ``"soltysik-lacka"``: what a surname search compares."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
