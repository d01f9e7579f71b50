from sciezka.audit.registry import register

FACT_RECORDED = register("plans.fact_recorded", "A fact about a person was recorded for eligibility")
