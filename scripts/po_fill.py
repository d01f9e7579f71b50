"""Fill untranslated entries of a .po file from a JSON table {msgid: msgstr, or [singular, plurals…]}.

Usage: uv run python scripts/po_fill.py sciezka/locale/pl/LC_MESSAGES/django.po sciezka/locale/pl.json
then `uv run sciezka compilemessages`. Prints the msgids still untranslated and exits 1 if any.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib


def main(po_path: Path, table_path: Path) -> int:
    catalogue = polib.pofile(str(po_path))
    table = json.loads(table_path.read_text(encoding="utf-8"))
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        value = table.get(entry.msgid)
        if value is None:
            if not entry.translated():
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
