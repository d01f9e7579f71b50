"""The closed list of purposes for reading personal data (``data/purposes.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

_FILE = Path(__file__).resolve().parent / "data" / "purposes.yaml"


@dataclass(frozen=True)
class Purpose:
    code: str
    name_pl: str
    name_en: str
    legal_basis: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "pl").startswith("en") else self.name_pl


class UnknownPurposeError(ValueError):
    pass


@cache
def purposes() -> dict[str, Purpose]:
    rows = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    return {row["code"]: Purpose(**row) for row in rows}


def purpose_get(code: str) -> Purpose:
    try:
        return purposes()[code]
    except KeyError:
        known = ", ".join(purposes())
        raise UnknownPurposeError(f"unknown purpose {code!r} (known: {known})") from None


def purpose_choices() -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in purposes().values()]
