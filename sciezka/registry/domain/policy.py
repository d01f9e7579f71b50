"""The access policy: which staff member may see which of a person's data on a given day.

Legal basis: art. 33 ust. 6–9 of the 2004 act (data shared between the PUP and social-assistance bodies
only to the extent the task needs, with the recipient, scope, date and purpose identifiable, safeguards
against other use, and supervised, logged access); GDPR art. 5 ust. 1 lit. b, c and f, art. 6 ust. 1 lit. e.

The rule, for an actor acting in one institution with one role, on day D:

1. An institution sees its own file on a person whose registration with it is active on D, within the
   scopes of the actor's role; with it, the person-level scopes (identity, contact, household).
2. An active cooperation agreement to which the actor's institution is a party extends that to the file
   of another party, when the person has an active registration there of a kind the agreement covers,
   and only within the agreement's data scopes (and the role's). Identity is always shared with a file:
   a record cannot be matched without it.
3. Nothing else is visible. Callers answer 404 so that existence is not revealed.

The same rule is applied as a database filter by ``registry.selectors.person_list_visible_to``; a
property test checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sciezka.registry.domain.scopes import FILE_SCOPES, PERSON_SCOPES, ROLE_SCOPES, Scope


@dataclass(frozen=True)
class Actor:
    institution_id: int
    role: str


@dataclass(frozen=True)
class RegistrationFact:
    institution_id: int
    kind: str
    valid_from: date
    valid_to: date | None

    def active_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class AgreementFact:
    agreement_id: int
    party_ids: frozenset[int]
    registration_kinds: frozenset[str]
    scopes: frozenset[Scope]
    valid_from: date
    valid_to: date | None

    def active_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Grant:
    """What the actor may see: person-level scopes and, per institution, the scopes of its file."""

    person_scopes: frozenset[Scope] = frozenset()
    file_scopes: Mapping[int, frozenset[Scope]] = field(default_factory=dict)
    #: Why: "own registration" or the agreements used, for the explanation shown to the user.
    reasons: tuple[str, ...] = ()

    @property
    def visible(self) -> bool:
        return bool(self.person_scopes) or any(self.file_scopes.values())

    def scopes_for(self, institution_id: int) -> frozenset[Scope]:
        return self.file_scopes.get(institution_id, frozenset())

    def all_scopes(self) -> frozenset[Scope]:
        result = set(self.person_scopes)
        for scopes in self.file_scopes.values():
            result |= scopes
        return frozenset(result)


DENIED = Grant()


def access_grant(
    actor: Actor,
    registrations: Iterable[RegistrationFact],
    agreements: Iterable[AgreementFact],
    on: date,
) -> Grant:
    """The scopes ``actor`` may see of a person with ``registrations``, under ``agreements``, on ``on``."""
    role_scopes = ROLE_SCOPES.get(actor.role, frozenset())
    if not role_scopes:
        return DENIED
    active = [r for r in registrations if r.active_on(on)]
    person: set[Scope] = set()
    files: dict[int, set[Scope]] = {}
    reasons: list[str] = []

    if any(r.institution_id == actor.institution_id for r in active):
        person |= PERSON_SCOPES & role_scopes
        files.setdefault(actor.institution_id, set()).update(FILE_SCOPES & role_scopes)
        reasons.append("own_registration")

    for agreement in agreements:
        if actor.institution_id not in agreement.party_ids or not agreement.active_on(on):
            continue
        shared = agreement.scopes & role_scopes
        for registration in active:
            partner = registration.institution_id
            if partner == actor.institution_id or partner not in agreement.party_ids:
                continue
            if registration.kind not in agreement.registration_kinds:
                continue
            file_shared = shared & FILE_SCOPES
            if not file_shared and not (shared & PERSON_SCOPES):
                continue
            files.setdefault(partner, set()).update(file_shared)
            person |= (shared & PERSON_SCOPES) | ({Scope.IDENTITY} & role_scopes)
            reasons.append(f"agreement:{agreement.agreement_id}")

    if not person and not any(files.values()):
        return DENIED
    return Grant(
        person_scopes=frozenset(person),
        file_scopes={k: frozenset(v) for k, v in files.items() if v},
        reasons=tuple(dict.fromkeys(reasons)),
    )
