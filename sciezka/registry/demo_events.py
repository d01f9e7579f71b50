"""The audit event of the demo population load, kept apart from the registry's case-work events."""

from sciezka.audit.registry import register

DEMO_LOADED = register(
    "registry.demo_loaded",
    "The synthetic demo population was bulk-loaded (one event per load, with the counts of rows created)",
)
