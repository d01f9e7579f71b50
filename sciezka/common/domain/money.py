"""Money in złoty: ``Decimal`` throughout, rounded to the grosz in exactly one place.

No statute sets a general rule for rounding to the grosz; by convention amounts are rounded commercially, half
up, to 0.01 PLN (the same half-up rule that Ordynacja podatkowa art. 63 § 1 applies when rounding to whole
złoty). Floats are refused: binary fractions cannot hold grosze exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["GROSZ", "quantize_pln", "to_money"]

GROSZ = Decimal("0.01")


def quantize_pln(x: Decimal) -> Decimal:
    """``x`` rounded to the grosz, half up (0.005 → 0.01, -0.005 → -0.01). The one place money is rounded.

    A zero result is always ``0.00``, never ``-0.00``.

    Raises ``TypeError`` for anything but a ``Decimal`` and ``ValueError`` for NaN, infinities and amounts too
    large for the decimal context.
    """
    if not isinstance(x, Decimal):
        raise TypeError(f"money must be a Decimal, not {type(x).__name__}")
    if not x.is_finite():
        raise ValueError(f"money must be a finite amount, not {x}")
    try:
        rounded = x.quantize(GROSZ, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"amount {x} is too large to be rounded to the grosz") from None
    # -0.004 rounds to -0.00; amounts are shown and stored as plain 0.00.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def to_money(value: str | int | Decimal) -> Decimal:
    """An amount in PLN from a string ("12.50"), an integer or a ``Decimal``, rounded by :func:`quantize_pln`.

    Raises ``TypeError`` for floats (and booleans), ``ValueError`` for text that is not a decimal number.
    Decimal commas are not accepted: parse locale-formatted input at the edge, where the locale is known.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise TypeError(f"money must be given as str, int or Decimal, not {type(value).__name__}")
    if isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a decimal amount (digits and a dot, e.g. '12.50')") from None
    else:
        amount = Decimal(value)
    return quantize_pln(amount)
