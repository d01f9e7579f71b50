from __future__ import annotations

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def translations(catalogue: polib._BaseFile) -> dict[str, object]:
    """msgid → translation, for the entries that carry one."""
    result: dict[str, object] = {}
    for e in catalogue:
        if not e.msgid or e.obsolete:
            continue
        forms = [v for _, v in sorted(e.msgstr_plural.items())] if e.msgid_plural else [e.msgstr]
        if any(forms):
            result[e.msgid] = forms
    return result


def test_every_interface_string_has_a_polish_translation() -> None:
    catalogue = polib.pofile(str(LOCALE / "pl/LC_MESSAGES/django.po"))
    assert [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["pl", "en"])
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    source = polib.pofile(str(LOCALE / f"{language}/LC_MESSAGES/django.po"))
    compiled = polib.mofile(str(LOCALE / f"{language}/LC_MESSAGES/django.mo"))
    assert translations(compiled) == translations(source)
