"""Reading the worked-example tables of ``docs/rules/*.md``, so that a document and its tests cannot drift."""

from __future__ import annotations

from pathlib import Path

DOCS_RULES = Path(__file__).resolve().parents[2] / "docs" / "rules"


def markdown_table(path: Path, heading: str) -> list[dict[str, str]]:
    """The rows of the first table after the line ``heading`` (e.g. ``## Worked examples``), keyed by column.

    Raises ``LookupError`` when the heading or the table is missing, so a renamed section fails loudly.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index(heading)
    except ValueError:
        raise LookupError(f"{path.name}: no line {heading!r}") from None
    table = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif table or line.startswith("#"):
            break
    if len(table) < 3:
        raise LookupError(f"{path.name}: no table under {heading!r}")
    header, rows = table[0], table[2:]
    return [dict(zip(header, row, strict=True)) for row in rows]
