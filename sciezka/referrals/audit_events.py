from sciezka.audit.registry import register

DEMO_AGREEMENTS_LOADED = register(
    "referrals.demo_agreements_loaded",
    "The demo cooperation agreements were created or aligned (one event per load, naming the codes)",
)
