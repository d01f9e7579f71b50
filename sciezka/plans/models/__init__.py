"""Models of the plans app, one module per topic (facts, profiling, action plans, contracts)."""

from sciezka.plans.models.facts import FactKind, PersonFact

__all__ = ["FactKind", "PersonFact"]
