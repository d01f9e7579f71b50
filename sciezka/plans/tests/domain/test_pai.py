"""PAI referrals: the worked examples of ``docs/rules/pai.md``."""

from __future__ import annotations

from datetime import date

import pytest

from sciezka.common.doc_tables import DOCS_RULES, markdown_table
from sciezka.plans.domain.pai import PaiReferral, pai_referral_check
from sciezka.rules.shipped import shipped_rule

EXAMPLES = markdown_table(DOCS_RULES / "pai.md", "## Worked examples")


@pytest.mark.parametrize("row", EXAMPLES, ids=lambda r: f"example-{r['#']}")
def test_worked_example(row: dict[str, str]) -> None:
    referral = PaiReferral(
        months_already=int(row["months already"]),
        integration_hours_per_week=int(row["integration h/week"]),
        registrations=frozenset(row["registrations"].split(",")),
        profile=None if row["profile"] == "—" else row["profile"],
    )
    decision = pai_referral_check(referral, shipped_rule("pai", date.fromisoformat(row["day"])))
    assert decision.allowed is (row["allowed"] == "yes"), decision.reasons


@pytest.mark.parametrize(
    ("day", "ref"), [(date(2019, 6, 13), "pai@pz-2014"), (date(2019, 6, 14), "pai@pz-2019")]
)
def test_the_decision_cites_the_version_in_force(day: date, ref: str) -> None:
    referral = PaiReferral(0, 10, frozenset({"unemployed", "social_assistance"}), "profile_3")
    assert pai_referral_check(referral, shipped_rule("pai", day)).rule == ref


def test_no_pai_under_the_2025_act() -> None:
    with pytest.raises(LookupError, match="'pai' is in force on 2025-06-01"):
        shipped_rule("pai", date(2025, 6, 1))


def test_the_months_left_after_a_cycle() -> None:
    referral = PaiReferral(2, 10, frozenset({"unemployed", "social_assistance"}), None)
    assert pai_referral_check(referral, shipped_rule("pai", date(2020, 1, 2))).months_left_after == 2
