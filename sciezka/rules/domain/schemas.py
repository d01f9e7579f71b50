"""The parameter schema of each rule set. A version's ``params`` must validate against its set's schema.

Values that the research could not establish are ``None`` here and listed as ``unconfirmed`` in the
version; code that reads them must treat ``None`` as "not established", never as a default.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
DecimalText = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)?$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    pl: str
    en: str


# --- target groups -----------------------------------------------------------------------------------------

#: Registration kinds of the registry that a rule may require.
REGISTRATION_KINDS = (
    "unemployed",
    "job_seeker",
    "social_assistance",
    "family_support",
    "cis_participant",
    "kis_participant",
    "project_participant",
)

#: Facts about a person that the registry does not derive and an institution records (with a period).
FACT_KINDS = (
    "disability",
    "internship",
    "adult_vocational_preparation",
    "no_vocational_qualifications",
    "no_work_experience",
    "no_secondary_education",
    "single_parent",
    "released_from_prison",
    "not_employed_after_childbirth",
    "social_contract_completed",
    "carer_of_disabled_person",
    "carer_benefit",
)


class GroupTest(_Strict):
    """One condition of a target group. ``all`` combines conditions; the rest test one fact."""

    kind: Literal[
        "age_below", "age_at_least", "long_term_unemployed", "registration", "household_child", "fact", "all"
    ]
    years: int | None = None
    kinds: list[str] | None = None
    fact: str | None = None
    disabled: bool = False
    #: for ``fact``: the group applies when the fact is absent (e.g. carers *without* a carer's benefit)
    absent: bool = False
    tests: list[GroupTest] | None = None

    @model_validator(mode="after")
    def _complete(self) -> GroupTest:
        needs = {
            "age_below": self.years,
            "age_at_least": self.years,
            "household_child": self.years,
            "registration": self.kinds,
            "fact": self.fact,
            "all": self.tests,
        }
        if self.kind in needs and not needs[self.kind]:
            field = {"registration": "kinds", "fact": "fact", "all": "tests"}.get(self.kind, "years")
            raise ValueError(f"a {self.kind!r} test needs {field!r}")
        if self.kinds and any(kind not in REGISTRATION_KINDS for kind in self.kinds):
            raise ValueError(f"registration kinds must be among {', '.join(REGISTRATION_KINDS)}")
        if self.fact and self.fact not in FACT_KINDS:
            raise ValueError(f"fact must be one of {', '.join(FACT_KINDS)}")
        return self


class TargetGroup(_Strict):
    code: Code
    label: Label
    article: str
    #: the person must hold one of these registrations on the day (art. 49 speaks of the unemployed)
    requires_registration: list[str] = Field(default_factory=lambda: ["unemployed"])
    test: GroupTest
    #: the day this group was added to the version, when later than the version's start (None: from the start)
    added_on: str | None = None

    @field_validator("requires_registration")
    @classmethod
    def _kinds(cls, value: list[str]) -> list[str]:
        if not value or any(kind not in REGISTRATION_KINDS for kind in value):
            raise ValueError(f"must be a non-empty list among {', '.join(REGISTRATION_KINDS)}")
        return value


class TargetGroupsParams(_Strict):
    groups: list[TargetGroup]

    @field_validator("groups")
    @classmethod
    def _unique(cls, value: list[TargetGroup]) -> list[TargetGroup]:
        codes = [group.code for group in value]
        if len(codes) != len(set(codes)):
            raise ValueError("group codes must be unique")
        return value


class LongTermUnemployedParams(_Strict):
    """Registered as unemployed more than ``more_than_days`` within the ``window_days`` ending on the day."""

    window_days: int = Field(gt=0)
    more_than_days: int = Field(gt=0)
    registration_kinds: list[str]
    excluded_facts: list[str]

    @field_validator("excluded_facts")
    @classmethod
    def _facts(cls, value: list[str]) -> list[str]:
        if any(fact not in FACT_KINDS for fact in value):
            raise ValueError(f"facts must be among {', '.join(FACT_KINDS)}")
        return value


# --- profiling and the individual action plan ----------------------------------------------------------------


class Answer(_Strict):
    code: Code
    label: Label
    points: int


class Question(_Strict):
    code: Code
    label: Label
    answers: list[Answer]


class Dimension(_Strict):
    code: Literal["distance", "readiness"]
    label: Label
    questions: list[Question]


class Profile(_Strict):
    code: Code
    label: Label
    description: Label
    max_ipd_days: int | None


class Assignment(_Strict):
    """The first entry whose bounds hold gives the proposed profile; an entry without bounds always holds."""

    profile: Code
    distance_at_most: int | None = None
    readiness_at_least: int | None = None


class ProfilingParams(_Strict):
    #: whether a profile had legal effect (2014–2019) or is an advisory assessment only
    legal_effect: bool
    dimensions: list[Dimension]
    profiles: list[Profile]
    assignment: list[Assignment]

    @model_validator(mode="after")
    def _consistent(self) -> ProfilingParams:
        codes = {profile.code for profile in self.profiles}
        if any(item.profile not in codes for item in self.assignment):
            raise ValueError("assignment names a profile that is not defined")
        last = self.assignment[-1] if self.assignment else None
        if last is None or last.distance_at_most is not None or last.readiness_at_least is not None:
            raise ValueError("the last assignment entry must have no bounds (the fallback)")
        if sorted(d.code for d in self.dimensions) != ["distance", "readiness"]:
            raise ValueError("exactly the two dimensions 'distance' and 'readiness' are required")
        return self


class IpdRequiredFor(_Strict):
    all_unemployed: bool = False
    registration_kinds: list[str] = Field(default_factory=lambda: ["unemployed"])
    registered_total_days_over: int | None = None
    long_term_unemployed: bool = False
    under_age: int | None = None


class IpdParams(_Strict):
    #: the labour office contacts the person at least every N days while the plan runs
    contact_every_days: int | None
    #: the longest plan; by profile while profiling applied
    max_days: int | None = None
    max_days_by_profile: dict[str, int | None] | None = None
    #: the plan must be prepared within N days of registration
    prepare_within_days: int | None = None
    required_for: IpdRequiredFor
    #: the unemployed person must contact the office at least every N days (URP)
    client_contact_every_days: int | None = None


# --- social and family contracts ----------------------------------------------------------------------------


class SocialContractParams(_Strict):
    #: whether signing ends the person's unemployed status (None: not established for this period)
    ends_unemployed_status: bool | None
    #: how many days after signing the status ends (1 = from the next day)
    status_ends_days_after_signing: int | None = None
    notify_labour_office: bool
    #: for an unemployed person the contract is signed on the labour office's referral (type B template)
    unemployed_requires_referral: bool | None = None


class FamilyModule(_Strict):
    code: Code
    label: Label


class FamilyContractParams(_Strict):
    modules: list[FamilyModule]
    team: Label


# --- programmes and instruments -----------------------------------------------------------------------------


def _shares_sum_to_one(shares: dict[str, str]) -> dict[str, str]:
    if sum(Decimal(v) for v in shares.values()) != Decimal(1):
        raise ValueError("cost shares must add up to 1")
    return shares


class PaiParams(_Strict):
    cycle_months: int
    max_total_months: int
    integration_min_hours_per_week: int
    #: the activation block is socially useful work, paid as under art. 73a
    activation_cost_shares: dict[str, DecimalText]
    trainer_hourly_cap: DecimalText | None
    trainer_group_size: int
    #: who may take part: the profiles (None: no profile condition) and the registrations required
    target_profiles: list[str] | None
    target_registrations: list[str]

    @field_validator("activation_cost_shares")
    @classmethod
    def _sum(cls, value: dict[str, str]) -> dict[str, str]:
        return _shares_sum_to_one(value)


class SociallyUsefulWorkParams(_Strict):
    max_hours_per_week: int | None
    max_hours_per_month: int | None
    min_hourly_benefit: DecimalText | None
    #: who pays the benefit: the Labour Fund (via the powiat) and the gmina
    cost_shares: dict[str, DecimalText] | None
    target_registrations: list[str]

    @field_validator("cost_shares")
    @classmethod
    def _sum(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else _shares_sum_to_one(value)


class CisGroup(_Strict):
    code: Code
    label: Label
    point: str


class CisKisParams(_Strict):
    groups: list[CisGroup]
    #: only people who are socially excluded and cannot meet basic needs by their own efforts
    requires_social_exclusion: bool
    excluded_entitlements: list[CisGroup]
    #: entitlements that exclude a person from a CIS but not from a KIS (art. 1 ust. 3a)
    kis_allowed_entitlements: list[str] = Field(default_factory=list)
    kis_requires_social_contract: bool | None


SCHEMAS: dict[str, type[BaseModel]] = {
    "target_groups": TargetGroupsParams,
    "long_term_unemployed": LongTermUnemployedParams,
    "profiling": ProfilingParams,
    "ipd": IpdParams,
    "social_contract": SocialContractParams,
    "family_contract": FamilyContractParams,
    "pai": PaiParams,
    "socially_useful_work": SociallyUsefulWorkParams,
    "cis_kis": CisKisParams,
}
