"""Data scopes: the portions of a person's data that can be shown, shared and logged separately.

Sharing is allowed only "to the extent necessary for the task" (art. 33 ust. 6–8 of the 2004 act;
GDPR art. 5 ust. 1 lit. c): each read states which scopes it showed, and an agreement between institutions
names the scopes it shares.
"""

from __future__ import annotations

import enum


class Scope(enum.StrEnum):
    #: PESEL or other identifier, names, birth date, sex
    IDENTITY = "identity"
    #: address (gmina and street), telephone, e-mail
    CONTACT = "contact"
    #: household members and their relation to the head
    HOUSEHOLD = "household"
    #: registration kind, institution, period, end reason, legal basis
    REGISTRATION_STATUS = "registration_status"
    #: the right to the unemployment benefit and its period
    BENEFIT = "benefit"
    #: labour-office counselling notes
    COUNSELLING_NOTES = "counselling_notes"
    #: social-work notes of the welfare centre
    SOCIAL_WORK_NOTES = "social_work_notes"
    #: facts an institution recorded for eligibility (disability, internship periods, single parenthood …);
    #: some are special-category data (GDPR art. 9, 10), so they are shared only where an agreement names them
    ELIGIBILITY_FACTS = "eligibility_facts"


#: Scopes describing the person as a whole rather than one institution's file.
PERSON_SCOPES = frozenset({Scope.IDENTITY, Scope.CONTACT, Scope.HOUSEHOLD})
#: Scopes of one institution's file about the person.
FILE_SCOPES = frozenset(set(Scope) - PERSON_SCOPES)

#: What each role may ever see of a person (before the institution and agreement limits apply).
#: Administrators manage accounts, not citizens' files; contract managers and programme coordinators
#: work with aggregates; auditors read the access log, not the files.
ROLE_SCOPES: dict[str, frozenset[Scope]] = {
    "caseworker": frozenset(Scope),
    "social_worker": frozenset(Scope),
    "manager": frozenset(Scope),
    "operator_staff": frozenset({Scope.IDENTITY, Scope.CONTACT, Scope.REGISTRATION_STATUS}),
    "contract_manager": frozenset(),
    "programme_coordinator": frozenset(),
    "auditor": frozenset(),
    "administrator": frozenset(),
}


def parse_scopes(values: list[str] | tuple[str, ...]) -> frozenset[Scope]:
    """Scopes from their codes; raises ``ValueError`` naming an unknown code."""
    result = set()
    for value in values:
        try:
            result.add(Scope(value))
        except ValueError:
            known = ", ".join(s.value for s in Scope)
            raise ValueError(f"unknown data scope {value!r} (known: {known})") from None
    return frozenset(result)
