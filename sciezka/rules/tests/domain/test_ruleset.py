"""Rule files: the shipped ones parse; every kind of mistake is reported with its path; dates decide the version."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sciezka.rules.domain.ruleset import (
    RuleFileError,
    RuleVersionSpec,
    is_pending,
    overlaps,
    parse_rule_file,
    pending_paths,
    version_in_force,
    with_confirmed_values,
)

DATA = Path(__file__).resolve().parents[2] / "data"
SHIPPED = sorted(DATA.glob("*.yaml"))

MINIMAL = {
    "code": "demo_rule",
    "title": {"pl": "Reguła", "en": "Rule"},
    "schema": "long_term_unemployed",
    "versions": [
        {
            "version": "v1",
            "valid_from": date(2004, 6, 1),
            "valid_to": date(2025, 5, 31),
            "legal_basis": {"act": "PZ", "article": "art. 2", "dz_u": "Dz.U. 2004 nr 99 poz. 1001"},
            "confidence": "V",
            "source": "test",
            "params": {
                "window_days": 730,
                "more_than_days": 365,
                "registration_kinds": ["unemployed"],
                "excluded_facts": ["internship"],
            },
        },
        {
            "version": "v2",
            "valid_from": date(2025, 6, 1),
            "legal_basis": {"act": "URP"},
            "confidence": "V",
            "source": "test",
            "params": {
                "window_days": 730,
                "more_than_days": 365,
                "registration_kinds": ["unemployed"],
                "excluded_facts": [],
            },
        },
    ],
}


def problems_of(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(RuleFileError) as caught:
        parse_rule_file(data, source="test.yaml")
    return caught.value.problems


def changed(**changes) -> dict:
    data = copy.deepcopy(MINIMAL)
    for path, value in changes.items():
        node = data
        parts = path.split("__")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last = parts[-1]
        if value is KeyError:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_rule_file_parses(path: Path) -> None:
    spec = parse_rule_file(yaml.safe_load(path.read_text(encoding="utf-8")), source=str(path))
    assert spec.code == path.stem


def test_shipped_files_cover_the_rule_sets_the_issue_names() -> None:
    assert {p.stem for p in SHIPPED} >= {
        "target_groups",
        "long_term_unemployed",
        "profiling",
        "ipd",
        "social_contract",
        "family_contract",
        "pai",
        "socially_useful_work",
        "cis_kis",
    }


def test_a_minimal_file_parses_into_versions_in_date_order() -> None:
    spec = parse_rule_file(MINIMAL, source="test.yaml")
    assert [v.ref for v in spec.versions] == ["demo_rule@v1", "demo_rule@v2"]
    assert spec.versions[0].legal_basis.article == "art. 2"


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        (changed(versions__1__valid_from=date(2025, 5, 31)), "versions", "overlaps"),
        (changed(versions__0__valid_to=None), "versions", "overlaps"),
        (changed(versions__0__valid_to=date(2000, 1, 1)), "versions[0].valid_to", "before valid_from"),
        (changed(versions__0__valid_from="2004-13-01"), "versions[0].valid_from", "YYYY-MM-DD"),
        (changed(versions__0__confidence="X"), "versions[0].confidence", "one of"),
        (changed(versions__0__source=KeyError), "versions[0].source", "required"),
        (changed(versions__0__legal_basis=KeyError), "versions[0].legal_basis", "act"),
        (changed(versions__0__colour="red"), "versions[0].colour", "unknown key"),
        (changed(extra="x"), "extra", "unknown key"),
        (changed(schema="nonexistent"), "schema", "one of"),
        (changed(code="Bad Code"), "code", "lower-case"),
        (changed(versions__1__version="v1"), "versions[1].version", "appears twice"),
        (changed(versions__0__params__window_days="many"), "versions[0].params.window_days", "integer"),
        (
            changed(versions__0__params__excluded_facts=["holiday"]),
            "versions[0].params.excluded_facts",
            "facts",
        ),
        (changed(versions__0__params__colour=1), "versions[0].params.colour", "Extra inputs"),
        (
            changed(versions__0__unconfirmed=[{"path": "no_such", "note": "n"}]),
            "versions[0].unconfirmed[0].path",
            "names no parameter",
        ),
        (changed(versions__0__confidence="?"), "versions[0].unconfirmed", "tagged '?'"),
        (changed(versions=[]), "versions", "non-empty"),
    ],
)
def test_a_mistake_is_reported_with_its_path(data: dict, path: str, fragment: str) -> None:
    found = problems_of(data)
    assert any(where == path and fragment in message for where, message in found), found


def test_every_problem_is_reported_at_once() -> None:
    data = changed(versions__0__confidence="X", versions__1__source=KeyError)
    assert {p for p, _ in problems_of(data)} >= {"versions[0].confidence", "versions[1].source"}


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(RuleFileError, match="must hold a mapping"):
        parse_rule_file(["a", "list"], source="x.yaml")


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2004, 5, 31), None),
        (date(2004, 6, 1), "v1"),
        (date(2025, 5, 31), "v1"),
        (date(2025, 6, 1), "v2"),
        (date(2099, 1, 1), "v2"),
    ],
)
def test_the_version_in_force_includes_both_ends_of_its_period(day: date, version: str | None) -> None:
    spec = parse_rule_file(MINIMAL, source="test.yaml")
    found = spec.in_force(day)
    assert (found.version if found else None) == version


def _version(name: str, start: date, length: int | None) -> RuleVersionSpec:
    end = None if length is None else start + timedelta(days=length)
    return RuleVersionSpec(
        code="x",
        version=name,
        valid_from=start,
        valid_to=end,
        legal_basis=parse_rule_file(MINIMAL, source="t").versions[0].legal_basis,
        confidence="V",
        source="s",
        notes="",
        params={},
    )


@given(
    lengths=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=6),
    gaps=st.lists(st.integers(min_value=1, max_value=50), min_size=6, max_size=6),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2010, 12, 31)),
)
def test_periods_that_do_not_overlap_give_at_most_one_version_on_any_day(lengths, gaps, day) -> None:
    versions, start = [], date(2000, 1, 1)
    for index, length in enumerate(lengths):
        versions.append(_version(f"v{index}", start, length))
        start = start + timedelta(days=length + gaps[index])
    assert overlaps(versions) == []
    covering = [v for v in versions if v.covers(day)]
    assert len(covering) <= 1
    found = version_in_force(versions, day)
    assert (found is None) == (not covering)


def test_pending_paths_cover_ancestors_and_descendants() -> None:
    pending = frozenset({"groups.carer_of_disabled.added_on"})
    assert is_pending(pending, "groups.carer_of_disabled")
    assert is_pending(pending, "groups")
    assert not is_pending(pending, "groups.under_30")
    assert not is_pending(pending, "groups.carer")


def test_confirmed_paths_are_no_longer_pending() -> None:
    data = changed(versions__0__unconfirmed=[{"path": "more_than_days", "note": "check"}])
    spec = parse_rule_file(data, source="t").versions[0]
    assert pending_paths(spec, frozenset()) == {"more_than_days"}
    assert pending_paths(spec, frozenset({"more_than_days"})) == frozenset()


def test_a_confirmed_value_replaces_the_loaded_one_in_lists_addressed_by_code() -> None:
    params = {"groups": [{"code": "a", "added_on": None}, {"code": "b", "added_on": None}], "n": 1}
    result = with_confirmed_values(params, {"groups.b.added_on": "2017-06-01", "n": 2})
    assert result == {
        "groups": [{"code": "a", "added_on": None}, {"code": "b", "added_on": "2017-06-01"}],
        "n": 2,
    }
    assert params["n"] == 1


def test_the_content_hash_changes_with_any_parameter() -> None:
    first = parse_rule_file(MINIMAL, source="t").versions[0]
    second = parse_rule_file(changed(versions__0__params__window_days=731), source="t").versions[0]
    assert first.content_hash() != second.content_hash()
