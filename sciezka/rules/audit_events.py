from sciezka.audit.registry import register

RULE_SET_LOADED = register("rules.set_loaded", "A rule set was loaded or its description changed")
RULE_VERSION_LOADED = register("rules.version_loaded", "A new rule version was loaded")
PARAMETER_CONFIRMED = register(
    "rules.parameter_confirmed", "An administrator confirmed an unconfirmed rule parameter"
)
