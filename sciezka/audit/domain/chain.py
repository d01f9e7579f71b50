"""Hash chaining of append-only logs.

Each entry's hash covers its own canonical content and the previous entry's hash, so altering,
deleting or reordering any entry breaks every hash after it. This is the tamper evidence that
art. 33 ust. 9 of the 2004 act (supervised, logged access) and GDPR art. 5 ust. 2 (accountability) ask for.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical_json(payload: Mapping[str, object]) -> str:
    """A stable serialisation: sorted keys, no spaces, non-ASCII kept, no floats expected."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(previous_hash: str, payload: Mapping[str, object]) -> str:
    digest = hashlib.sha256()
    digest.update(previous_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_json(payload).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class ChainEntry:
    seq: int
    payload: Mapping[str, object]
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(entries: Iterable[ChainEntry], *, head_seq: int, head_hash: str) -> ChainProblem | None:
    """The first broken entry of a chain read in sequence order, or None when the chain is intact.

    ``head_seq``/``head_hash`` are what the writer recorded last; they reveal entries cut off the end.
    """
    expected_previous = GENESIS
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainProblem(expected_seq, f"entry {expected_seq} is missing (next found: {entry.seq})")
        if entry.previous_hash != expected_previous:
            return ChainProblem(entry.seq, "previous-hash link does not match the entry before it")
        if entry_hash(entry.previous_hash, entry.payload) != entry.hash:
            return ChainProblem(entry.seq, "content does not match its hash (altered)")
        expected_previous = entry.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if last_seq != head_seq:
        return ChainProblem(
            last_seq + 1, f"entries after {last_seq} are missing (the chain head is {head_seq})"
        )
    if expected_previous != (head_hash if head_seq else GENESIS):
        return ChainProblem(last_seq, "last entry does not match the recorded chain head")
    return None
