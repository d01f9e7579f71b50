"""Loading the reviewed rule files, and administrators' confirmations of unconfirmed parameters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from sciezka.accounts.selectors import ActingAs
from sciezka.audit.services import audit_record
from sciezka.rules import audit_events
from sciezka.rules.domain.ruleset import (
    META_PATHS,
    RuleFileError,
    RuleSetSpec,
    parse_rule_file,
    validate_params,
    with_confirmed_values,
)
from sciezka.rules.models import RuleConfirmation, RuleSet, RuleVersion
from sciezka.rules.shipped import DATA_DIR


class RuleLoadError(ValueError):
    """The files conflict with what is loaded: a loaded version may never change or disappear."""


class RuleConfirmError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class LoadResult:
    sets: int
    created: int
    unchanged: int
    updated_sets: int

    def as_json(self) -> dict[str, int]:
        return {
            "sets": self.sets,
            "created": self.created,
            "unchanged": self.unchanged,
            "updated_sets": self.updated_sets,
        }


def rule_files_default() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


def rule_file_read(path: Path) -> RuleSetSpec:
    """Parse one file; every problem is reported with the file name and the path inside it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise RuleFileError(
            str(path), [("", f"not UTF-8 text ({error.reason} at byte {error.start})")]
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise RuleFileError(
            str(path), [(where, f"not valid YAML: {getattr(error, 'problem', error)}")]
        ) from None
    return parse_rule_file(data, source=str(path))


def rules_load(*, actor: ActingAs | None, paths: Sequence[Path] | None = None) -> LoadResult:
    """Load rule files; all or nothing. Loading the same files again changes nothing."""
    specs = [rule_file_read(path) for path in (paths if paths is not None else rule_files_default())]
    codes = [spec.code for spec in specs]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise RuleLoadError(f"rule set {duplicates[0]!r} is defined in more than one file")
    user = actor.user if actor else None
    institution = actor.institution if actor else None
    created = unchanged = updated_sets = 0
    now = timezone.now()
    with transaction.atomic():
        for spec, path in zip(specs, paths if paths is not None else rule_files_default(), strict=True):
            wanted = {
                "title_pl": spec.title_pl,
                "title_en": spec.title_en,
                "description": spec.description,
                "schema": spec.schema,
                "file_name": path.name,
            }
            rule_set = RuleSet.objects.filter(code=spec.code).first()
            if rule_set is None or any(getattr(rule_set, k) != v for k, v in wanted.items()):
                if rule_set is None:
                    rule_set = RuleSet.objects.create(code=spec.code, loaded_at=now, **wanted)
                else:
                    for key, value in wanted.items():
                        setattr(rule_set, key, value)
                    rule_set.loaded_at = now
                    rule_set.save()
                updated_sets += 1
                audit_record(
                    event=audit_events.RULE_SET_LOADED,
                    actor=user,
                    institution=institution,
                    subject=rule_set,
                    data={"code": spec.code, "file": path.name},
                )
            loaded = {v.version: v for v in rule_set.versions.all()}
            in_file = {v.version for v in spec.versions}
            missing = sorted(set(loaded) - in_file)
            if missing:
                raise RuleLoadError(
                    f"{path.name}: version {missing[0]!r} of {spec.code!r} is loaded but missing from the file; "
                    "a loaded version is never removed"
                )
            for version in spec.versions:
                digest = version.content_hash()
                existing = loaded.get(version.version)
                if existing is not None:
                    if existing.content_sha256 != digest:
                        raise RuleLoadError(
                            f"{path.name}: version {version.version!r} of {spec.code!r} is already loaded with "
                            "different content; a loaded version never changes — add a new version instead"
                        )
                    unchanged += 1
                    continue
                record = RuleVersion.objects.create(
                    rule_set=rule_set,
                    version=version.version,
                    valid_from=version.valid_from,
                    valid_to=version.valid_to,
                    act=version.legal_basis.act,
                    article=version.legal_basis.article,
                    dz_u=version.legal_basis.dz_u,
                    confidence=version.confidence,
                    source=version.source,
                    notes=version.notes,
                    params=dict(version.params),
                    unconfirmed=[{"path": u.path, "note": u.note} for u in version.unconfirmed],
                    content_sha256=digest,
                    loaded_at=now,
                )
                created += 1
                audit_record(
                    event=audit_events.RULE_VERSION_LOADED,
                    actor=user,
                    institution=institution,
                    subject=record,
                    data={"rule": version.ref, "sha256": digest, "file": path.name},
                )
    return LoadResult(sets=len(specs), created=created, unchanged=unchanged, updated_sets=updated_sets)


_NO_VALUE = object()


def rule_parameter_confirm(
    *, actor: ActingAs, code: str, version: str, path: str, note: str, value: Any = _NO_VALUE
) -> RuleConfirmation:
    """An administrator confirms an unconfirmed parameter, optionally setting its value.

    The value is checked against the rule set's schema before it is stored. The dates of a version
    (``valid_from``/``valid_to``) can only be acknowledged here; changing them takes a new version in the
    reviewed files.
    """
    if actor.role != "administrator":
        raise RuleConfirmError("role", "only an administrator may confirm rule parameters")
    if not note.strip():
        raise RuleConfirmError("note", "say what the confirmation rests on (e.g. the Dz.U. text checked)")
    with transaction.atomic():
        record = (
            RuleVersion.objects.select_related("rule_set")
            .select_for_update()
            .filter(rule_set__code=code, version=version)
            .first()
        )
        if record is None:
            raise RuleConfirmError("rule", f"{code}@{version} is not loaded")
        paths = {u["path"] for u in record.unconfirmed}
        if path not in paths:
            raise RuleConfirmError("path", f"{path!r} is not an unconfirmed parameter of {record.ref}")
        if record.confirmations.filter(path=path).exists():
            raise RuleConfirmError("path", f"{path!r} of {record.ref} is already confirmed")
        has_value = value is not _NO_VALUE
        if has_value:
            if path in META_PATHS:
                raise RuleConfirmError("value", "the dates of a version change only through a new version")
            current = {c.path: c.value for c in record.confirmations.filter(has_value=True)}
            current[path] = value
            try:
                validate_params(record.rule_set.schema, with_confirmed_values(record.params, current))
            except ValidationError as error:
                raise RuleConfirmError(
                    "value", f"the value does not fit the schema: {error.errors()[0]['msg']}"
                ) from None
        confirmation = RuleConfirmation.objects.create(
            rule_version=record,
            path=path,
            has_value=has_value,
            value=value if has_value else None,
            note=note.strip(),
            confirmed_by=actor.user,
            confirmed_at=timezone.now(),
        )
        audit_record(
            event=audit_events.PARAMETER_CONFIRMED,
            actor=actor.user,
            institution=actor.institution,
            subject=record,
            data={
                "rule": record.ref,
                "path": path,
                "value": json.loads(json.dumps(value, default=str)) if has_value else None,
                "note": note.strip(),
            },
        )
    return confirmation
