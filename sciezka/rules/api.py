"""JSON API of the rules: the rule sets and the version in force on a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from sciezka.accounts.api_auth import api_auth
from sciezka.rules.selectors import RuleNotInForceError, rule_in_force, rule_in_force_json, rule_set_list

router = Router(tags=["rules"], auth=api_auth)


class ErrorOut(Schema):
    code: str
    detail: str


class LegalBasisOut(Schema):
    act: str
    article: str
    dz_u: str


class UnconfirmedOut(Schema):
    path: str
    note: str
    confirmed: bool


class RuleOut(Schema):
    code: str
    version: str
    rule: str
    valid_from: date
    valid_to: date | None
    legal_basis: LegalBasisOut
    confidence: str
    source: str
    notes: str
    params: dict[str, Any]
    unconfirmed: list[UnconfirmedOut]


class RuleVersionSummaryOut(Schema):
    version: str
    valid_from: date
    valid_to: date | None
    confidence: str


class RuleSetOut(Schema):
    code: str
    title_pl: str
    title_en: str
    versions: list[RuleVersionSummaryOut]


class OnQuery(Schema):
    on: date


@router.get("/rules", response={200: list[RuleSetOut]}, summary="Rule sets and their versions")
def rule_sets(request: HttpRequest) -> Status[list[RuleSetOut]]:
    return Status(
        200,
        [
            RuleSetOut(
                code=s.code,
                title_pl=s.title_pl,
                title_en=s.title_en,
                versions=[
                    RuleVersionSummaryOut(
                        version=v.version,
                        valid_from=v.valid_from,
                        valid_to=v.valid_to,
                        confidence=v.confidence,
                    )
                    for v in s.versions.all()
                ],
            )
            for s in rule_set_list()
        ],
    )


@router.get("/rules/{code}", response={200: RuleOut, 404: ErrorOut}, summary="The version in force on a day")
def rule_show(request: HttpRequest, code: str, query: Query[OnQuery]) -> Status[Any]:
    try:
        rule = rule_in_force(code, on=query.on)
    except RuleNotInForceError as error:
        return Status(404, ErrorOut(code="not_in_force", detail=str(error)))
    return Status(200, RuleOut(**rule_in_force_json(rule)))
