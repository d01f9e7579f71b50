"""Argument types shared by the ``sciezka`` commands."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(value: str) -> date:
    """An argparse type: an ISO 8601 date, or an error that argparse reports with the option's name."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None
