"""The shipped rule files read straight from disk, without a database: for domain tests and documentation.

Parameters listed as unconfirmed are pending here (no administrator's confirmation exists outside the
database), exactly as in a freshly loaded installation.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import yaml

from sciezka.rules.domain.ruleset import RuleInForce, RuleSetSpec, parse_rule_file, pending_paths

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def shipped_rule_set(code: str) -> RuleSetSpec:
    path = DATA_DIR / f"{code}.yaml"
    return parse_rule_file(yaml.safe_load(path.read_text(encoding="utf-8")), source=str(path))


def shipped_rule(code: str, on: date) -> RuleInForce:
    """The shipped version of ``code`` in force on ``on``; ``LookupError`` when there is none."""
    version = shipped_rule_set(code).in_force(on)
    if version is None:
        raise LookupError(f"no version of rule set {code!r} is in force on {on.isoformat()}")
    return RuleInForce(spec=version, params=version.params, pending=pending_paths(version, frozenset()))
