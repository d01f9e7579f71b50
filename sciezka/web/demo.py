"""The demo data set, loaded app by app in dependency order."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from sciezka.accounts import demo as accounts_demo
from sciezka.referrals import demo as referrals_demo
from sciezka.registry import demo as registry_demo
from sciezka.rules.services import rules_load


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    institution: str


def demo_password(data_dir: Path) -> str:
    """The demo password of this installation: random, made once, kept in the data directory."""
    path = data_dir / "demo_password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password


def load_demo(*, password: str) -> int:
    """Load every app's demo data; return the number of changes (0 when already loaded).

    Accounts first (institutions and staff), then the agreements between the institutions, then the
    synthetic population, whose notes are written by the demo staff. The rules of law come first: they
    are the reviewed files shipped with the code (loading them again changes nothing).
    """
    loaded = rules_load(actor=None)
    changes = loaded.created + loaded.updated_sets
    changes += accounts_demo.load(password=password)
    changes += referrals_demo.load()
    changes += registry_demo.load()
    return changes


def demo_logins() -> list[DemoLogin]:
    return [DemoLogin(u.username, str(u.role), u.institution) for u in accounts_demo.USERS]
