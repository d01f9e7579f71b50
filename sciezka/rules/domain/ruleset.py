"""Rule sets and their dated versions, as read from the reviewed YAML files in ``sciezka/rules/data``.

A rule set (e.g. ``target_groups``) has versions, each valid for a closed period of days
(``valid_from`` .. ``valid_to``, both included; ``valid_to`` empty = still in force). Within a set the
periods never overlap, so on any day at most one version is in force, and a decision records the
version it used as ``CODE@VERSION``.

A version carries its legal basis, a confidence tag (as in ``legal-rules.md``: V verified, S from the
seed document, K background knowledge, ? unknown) and parameters checked against the set's schema
(:mod:`sciezka.rules.domain.schemas`). Parameters whose value the research could not verify are listed
under ``unconfirmed``: they load, are shown as awaiting an administrator's confirmation, and the code
that uses them treats them as not established until confirmed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from sciezka.rules.domain.schemas import SCHEMAS

CONFIDENCE_TAGS = ("V", "S", "K", "?")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
_SET_KEYS = {"code", "title", "description", "schema", "versions"}
_VERSION_KEYS = {
    "version",
    "valid_from",
    "valid_to",
    "legal_basis",
    "confidence",
    "source",
    "notes",
    "params",
    "unconfirmed",
}
_BASIS_KEYS = {"act", "article", "dz_u"}
#: Paths that flag a version's own dates rather than a parameter (e.g. an end date known only to a day or two).
META_PATHS = frozenset({"valid_from", "valid_to"})


class RuleFileError(ValueError):
    """A rule file is invalid; ``problems`` lists ``(path, message)`` pairs."""

    def __init__(self, source: str, problems: Sequence[tuple[str, str]]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "; ".join(f"{path}: {message}" for path, message in self.problems)
        super().__init__(f"{source}: {lines}")


@dataclass(frozen=True)
class LegalBasis:
    act: str
    article: str
    dz_u: str

    def __str__(self) -> str:
        return ", ".join(part for part in (self.act, self.article, self.dz_u) if part)


@dataclass(frozen=True)
class Unconfirmed:
    """A parameter (dotted path into ``params``, or ``valid_from``/``valid_to``) awaiting confirmation."""

    path: str
    note: str


@dataclass(frozen=True)
class RuleVersionSpec:
    code: str
    version: str
    valid_from: date
    valid_to: date | None
    legal_basis: LegalBasis
    confidence: str
    source: str
    notes: str
    params: Mapping[str, Any]
    unconfirmed: tuple[Unconfirmed, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.code}@{self.version}"

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def content_hash(self) -> str:
        """A fingerprint of everything a decision depends on; a loaded version may not change it."""
        payload = {
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "legal_basis": [self.legal_basis.act, self.legal_basis.article, self.legal_basis.dz_u],
            "confidence": self.confidence,
            "params": self.params,
            "unconfirmed": [[u.path, u.note] for u in self.unconfirmed],
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class RuleSetSpec:
    code: str
    title_pl: str
    title_en: str
    description: str
    schema: str
    versions: tuple[RuleVersionSpec, ...] = field(default_factory=tuple)

    def in_force(self, on: date) -> RuleVersionSpec | None:
        return version_in_force(self.versions, on)


def version_in_force(versions: Sequence[RuleVersionSpec], on: date) -> RuleVersionSpec | None:
    """The version covering ``on``, or None when no version of the set applies that day."""
    for version in versions:
        if version.covers(on):
            return version
    return None


def overlaps(versions: Sequence[RuleVersionSpec]) -> list[tuple[str, str]]:
    """Pairs of version names whose validity periods share at least one day."""
    ordered = sorted(versions, key=lambda v: v.valid_from)
    found = []
    for earlier, later in itertools.pairwise(ordered):
        if earlier.valid_to is None or later.valid_from <= earlier.valid_to:
            found.append((earlier.version, later.version))
    return found


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _params_model(schema: str) -> type[BaseModel] | None:
    return SCHEMAS.get(schema)


def validate_params(schema: str, params: Mapping[str, Any]) -> BaseModel:
    """The parameters checked against the set's schema; raises ``pydantic.ValidationError``."""
    model = _params_model(schema)
    if model is None:
        raise KeyError(schema)
    return model.model_validate(dict(params))


def path_exists(params: Any, path: str) -> bool:
    """Whether a dotted path names something in ``params``; list items are addressed by their ``code``."""
    if path in META_PATHS:
        return True
    node = params
    for part in path.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list):
            matches = [item for item in node if isinstance(item, Mapping) and item.get("code") == part]
            if len(matches) != 1:
                return False
            node = matches[0]
        else:
            return False
    return True


def _format_pydantic(prefix: str, error: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        problems.append((f"{prefix}.{location}" if location else prefix, item["msg"]))
    return problems


def parse_rule_file(data: Any, *, source: str) -> RuleSetSpec:
    """A rule set from the mapping read from a YAML file; every problem is reported, nothing is guessed."""
    problems: list[tuple[str, str]] = []
    if not isinstance(data, Mapping):
        raise RuleFileError(source, [("", "the file must hold a mapping (code, title, schema, versions)")])
    for key in sorted(set(data) - _SET_KEYS):
        problems.append((str(key), "unknown key"))
    code = data.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        problems.append(("code", "required: lower-case letters, digits and underscores"))
        code = ""
    title = data.get("title")
    title_pl = title_en = ""
    if isinstance(title, Mapping):
        title_pl, title_en = _text(title.get("pl")), _text(title.get("en"))
    if not title_pl or not title_en:
        problems.append(("title", "required: a mapping with 'pl' and 'en'"))
    schema = data.get("schema")
    if not isinstance(schema, str) or schema not in SCHEMAS:
        problems.append(("schema", f"required: one of {', '.join(sorted(SCHEMAS))}"))
        schema = ""
    raw_versions = data.get("versions")
    if not isinstance(raw_versions, list) or not raw_versions:
        problems.append(("versions", "required: a non-empty list"))
        raw_versions = []
    versions: list[RuleVersionSpec] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_versions):
        where = f"versions[{index}]"
        if not isinstance(raw, Mapping):
            problems.append((where, "must be a mapping"))
            continue
        parsed = _parse_version(raw, code=code, schema=schema, where=where, problems=problems)
        if parsed is None:
            continue
        if parsed.version in seen:
            problems.append((f"{where}.version", f"version {parsed.version!r} appears twice"))
        seen.add(parsed.version)
        versions.append(parsed)
    for earlier, later in overlaps(versions):
        problems.append(("versions", f"the validity of {earlier!r} and {later!r} overlaps"))
    if problems:
        raise RuleFileError(source, problems)
    return RuleSetSpec(
        code=code,
        title_pl=title_pl,
        title_en=title_en,
        description=_text(data.get("description")),
        schema=schema,
        versions=tuple(sorted(versions, key=lambda v: v.valid_from)),
    )


def _parse_version(
    raw: Mapping[str, Any], *, code: str, schema: str, where: str, problems: list[tuple[str, str]]
) -> RuleVersionSpec | None:
    start = len(problems)
    for key in sorted(set(raw) - _VERSION_KEYS):
        problems.append((f"{where}.{key}", "unknown key"))
    version = raw.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        problems.append((f"{where}.version", "required: lower-case letters, digits, '.' and '-'"))
        version = ""
    valid_from = _as_date(raw.get("valid_from"))
    if valid_from is None:
        problems.append((f"{where}.valid_from", "required: a date YYYY-MM-DD"))
    valid_to = None
    if raw.get("valid_to") is not None:
        valid_to = _as_date(raw.get("valid_to"))
        if valid_to is None:
            problems.append((f"{where}.valid_to", "must be a date YYYY-MM-DD or empty"))
        elif valid_from is not None and valid_to < valid_from:
            problems.append((f"{where}.valid_to", "is before valid_from"))
    basis = raw.get("legal_basis")
    legal_basis = LegalBasis("", "", "")
    if not isinstance(basis, Mapping) or not _text(basis.get("act")):
        problems.append((f"{where}.legal_basis", "required: a mapping with at least 'act'"))
    else:
        for key in sorted(set(basis) - _BASIS_KEYS):
            problems.append((f"{where}.legal_basis.{key}", "unknown key"))
        legal_basis = LegalBasis(
            _text(basis.get("act")), _text(basis.get("article")), _text(basis.get("dz_u"))
        )
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCE_TAGS:
        problems.append((f"{where}.confidence", f"required: one of {', '.join(CONFIDENCE_TAGS)}"))
    source = _text(raw.get("source"))
    if not source:
        problems.append((f"{where}.source", "required: where the rule was taken from"))
    params = raw.get("params")
    if not isinstance(params, Mapping):
        problems.append((f"{where}.params", "required: a mapping"))
        params = {}
    elif schema:
        try:
            validate_params(schema, params)
        except ValidationError as error:
            problems.extend(_format_pydantic(f"{where}.params", error))
    unconfirmed: list[Unconfirmed] = []
    raw_unconfirmed = raw.get("unconfirmed") or []
    if not isinstance(raw_unconfirmed, list):
        problems.append((f"{where}.unconfirmed", "must be a list of {path, note}"))
        raw_unconfirmed = []
    for u_index, item in enumerate(raw_unconfirmed):
        u_where = f"{where}.unconfirmed[{u_index}]"
        if not isinstance(item, Mapping) or not _text(item.get("path")) or not _text(item.get("note")):
            problems.append((u_where, "must be a mapping with 'path' and 'note'"))
            continue
        path = _text(item.get("path"))
        if not path_exists(params, path):
            problems.append((f"{u_where}.path", f"{path!r} names no parameter of this version"))
            continue
        unconfirmed.append(Unconfirmed(path, _text(item.get("note"))))
    if confidence == "?" and not unconfirmed:
        problems.append(
            (f"{where}.unconfirmed", "a version tagged '?' must say which parameters are unconfirmed")
        )
    if len(problems) > start or valid_from is None:
        return None
    return RuleVersionSpec(
        code=code,
        version=version,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
        confidence=str(confidence),
        source=source,
        notes=_text(raw.get("notes")),
        params=_plain(params),
        unconfirmed=tuple(unconfirmed),
    )


def _plain(value: Any) -> Any:
    """Parameters as JSON-compatible values (dates as ISO strings), so stored and hashed alike."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _touches(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or prefix.startswith(path + ".")


def pending_paths(spec: RuleVersionSpec, confirmed: frozenset[str]) -> frozenset[str]:
    """The unconfirmed paths of a version that no administrator has confirmed yet."""
    return frozenset(u.path for u in spec.unconfirmed if u.path not in confirmed)


def is_pending(pending: frozenset[str], prefix: str) -> bool:
    """Whether anything at, above or below ``prefix`` (a dotted path) awaits confirmation."""
    return any(_touches(path, prefix) for path in pending)


def with_confirmed_values(params: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``params`` with each confirmed path set to the value the administrator gave."""
    result: dict[str, Any] = json.loads(json.dumps(params))
    for path, value in sorted(values.items()):
        if path in META_PATHS:
            continue
        parts = path.split(".")
        node: Any = result
        for part in parts[:-1]:
            if isinstance(node, list):
                node = next(item for item in node if isinstance(item, dict) and item.get("code") == part)
            else:
                node = node[part]
        last = parts[-1]
        if isinstance(node, list):
            index = next(
                i for i, item in enumerate(node) if isinstance(item, dict) and item.get("code") == last
            )
            node[index] = value
        else:
            node[last] = value
    return result


@dataclass(frozen=True)
class RuleInForce:
    """A version as a decision uses it: parameters with confirmed values applied, and what is still pending."""

    spec: RuleVersionSpec
    params: Mapping[str, Any]
    pending: frozenset[str]

    @property
    def ref(self) -> str:
        return self.spec.ref

    def is_pending(self, prefix: str) -> bool:
        return is_pending(self.pending, prefix)
