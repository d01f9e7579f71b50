"""CIS/KIS eligibility: the worked examples of ``docs/rules/cis_kis.md``."""

from __future__ import annotations

from datetime import date

import pytest

from sciezka.common.doc_tables import DOCS_RULES, markdown_table
from sciezka.plans.domain.cis_kis import CisKisFacts, cis_kis_eligibility
from sciezka.rules.shipped import shipped_rule

EXAMPLES = markdown_table(DOCS_RULES / "cis_kis.md", "## Worked examples")


def codes(cell: str) -> frozenset[str]:
    return frozenset() if cell == "—" else frozenset(cell.split(","))


@pytest.mark.parametrize("row", EXAMPLES, ids=lambda r: f"example-{r['#']}")
def test_worked_example(row: dict[str, str]) -> None:
    facts = CisKisFacts(
        groups=codes(row["groups"]),
        socially_excluded=row["excluded"] == "yes",
        entitlements=codes(row["entitlements"]),
        has_social_contract=row["contract"] == "yes",
    )
    decision = cis_kis_eligibility(
        facts, row["kind"], shipped_rule("cis_kis", date.fromisoformat(row["day"]))
    )
    assert decision.eligible is (row["eligible"] == "yes"), decision.reasons
    assert decision.rule == "cis_kis@uzs-2022"


def test_the_examples_cover_both_kinds_and_both_answers() -> None:
    assert {(r["kind"], r["eligible"]) for r in EXAMPLES} == {
        ("cis", "yes"),
        ("cis", "no"),
        ("kis", "yes"),
        ("kis", "no"),
    }


def test_every_reason_is_given_not_only_the_first() -> None:
    facts = CisKisFacts(frozenset(), False, frozenset({"old_age_pension"}), False)
    decision = cis_kis_eligibility(facts, "kis", shipped_rule("cis_kis", date(2026, 1, 5)))
    assert len(decision.reasons) == 4


def test_an_unknown_group_code_is_an_error_not_a_silent_no() -> None:
    facts = CisKisFacts(frozenset({"homless"}), True, frozenset(), False)
    with pytest.raises(ValueError, match="homless"):
        cis_kis_eligibility(facts, "cis", shipped_rule("cis_kis", date(2026, 1, 5)))


def test_no_version_before_the_2022_consolidated_text() -> None:
    with pytest.raises(LookupError, match="2022-11-02"):
        shipped_rule("cis_kis", date(2022, 11, 2))
