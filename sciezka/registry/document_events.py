"""Audit event types of the registry's documents (certificates and data-subject reports).

``registry.certificate_issued`` is registered in ``audit_events``; issuing records it from there.
"""

from sciezka.audit.registry import register

CERTIFICATE_VERIFIED = register(
    "registry.certificate_verified", "A certificate was checked on the public verification page"
)
