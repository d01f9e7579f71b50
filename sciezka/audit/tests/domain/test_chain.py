from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from sciezka.audit.domain.chain import GENESIS, ChainEntry, ChainProblem, entry_hash, verify_chain


def make_chain(payloads: list[dict[str, object]]) -> list[ChainEntry]:
    entries = []
    previous = GENESIS
    for seq, payload in enumerate(payloads, start=1):
        digest = entry_hash(previous, payload)
        entries.append(ChainEntry(seq=seq, payload=payload, previous_hash=previous, hash=digest))
        previous = digest
    return entries


def check(entries: list[ChainEntry], written: list[ChainEntry]) -> ChainProblem | None:
    """Verify ``entries`` against the head the writer recorded after writing ``written``."""
    return verify_chain(entries, head_seq=written[-1].seq, head_hash=written[-1].hash)


PAYLOADS = [{"event": "a", "n": 1}, {"event": "b", "n": 2}, {"event": "c", "n": 3}, {"event": "d", "n": 4}]


def test_intact_chain_verifies() -> None:
    entries = make_chain(PAYLOADS)
    assert check(entries, entries) is None


def test_empty_chain_verifies_against_empty_head() -> None:
    assert verify_chain([], head_seq=0, head_hash=GENESIS) is None


def test_altered_entry_is_named() -> None:
    entries = make_chain(PAYLOADS)
    tampered = [*entries[:2], replace(entries[2], payload={"event": "c", "n": 99}), entries[3]]
    problem = check(tampered, entries)
    assert problem is not None
    assert (problem.seq, "altered" in problem.reason) == (3, True)


def test_deleted_entry_is_named() -> None:
    entries = make_chain(PAYLOADS)
    problem = check([entries[0], entries[2], entries[3]], entries)
    assert problem is not None
    assert problem.seq == 2


def test_reordered_entries_are_detected() -> None:
    entries = make_chain(PAYLOADS)
    swapped = [entries[0], replace(entries[2], seq=2), replace(entries[1], seq=3), entries[3]]
    problem = check(swapped, entries)
    assert problem is not None
    assert problem.seq == 2


def test_entries_cut_from_the_end_are_detected_through_the_head() -> None:
    entries = make_chain(PAYLOADS)
    problem = check(entries[:2], entries)
    assert problem is not None
    assert problem.seq == 3


def test_rehashed_forgery_does_not_match_the_recorded_head() -> None:
    entries = make_chain(PAYLOADS)
    forged = make_chain([*PAYLOADS[:3], {"event": "forged", "n": 4}])
    problem = check(forged, entries)
    assert problem is not None
    assert problem.seq == 4


@given(
    st.lists(
        st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=10), max_size=4),
        min_size=1,
        max_size=12,
    ),
    st.data(),
)
def test_any_single_payload_change_breaks_the_chain(
    payloads: list[dict[str, object]], data: st.DataObject
) -> None:
    entries = make_chain(payloads)
    index = data.draw(st.integers(min_value=0, max_value=len(entries) - 1))
    changed = {**entries[index].payload, "__tamper__": True}
    tampered = [*entries[:index], replace(entries[index], payload=changed), *entries[index + 1 :]]
    problem = check(tampered, entries)
    assert problem is not None
    assert problem.seq == index + 1
