"""Money and rate formatting, in one place.

Every yen amount and every percentage the course prints goes through these two functions, so a
number reads the same in a table, a readout and an axis label::

    >>> yen(1234567)
    '¥1,234,567'
    >>> percent(0.05)
    '5.0 %'
"""

from __future__ import annotations

import numbers

from cslearn._validate import check_int, check_number

__all__ = ["yen", "percent"]


def yen(amount, *, compact: bool = False) -> str:
    """Format an amount of money in yen, rounded to the whole yen.

    With ``compact=True`` large amounts are shortened with the Japanese units 万 (10^4) and
    億 (10^8), which is how a Japanese P&L is usually read aloud.

    >>> yen(1234567)
    '¥1,234,567'
    >>> yen(-2000)
    '-¥2,000'
    >>> yen(10_000_000, compact=True)
    '¥1,000万'
    >>> yen(25_000, compact=True)
    '¥2.5万'
    """
    value = check_number("amount", amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if compact and value >= 1e8:
        return f"{sign}¥{value / 1e8:,.1f}億".replace(".0億", "億")
    if compact and value >= 1e4:
        return f"{sign}¥{value / 1e4:,.1f}万".replace(".0万", "万")
    return f"{sign}¥{round(value):,}"


def percent(rate, digits: int = 1) -> str:
    """Format a rate given as a fraction (0.05) as a percentage ('5.0 %').

    >>> percent(0.286)
    '28.6 %'
    >>> percent(0.785, digits=0)
    '78 %'
    """
    if isinstance(rate, numbers.Real) and not isinstance(rate, bool):
        value = check_number("rate", rate)
    else:
        raise TypeError(f"rate must be a number such as 0.05 for 5 % (got {rate!r})")
    digits = check_int("digits", digits, low=0, high=6)
    return f"{value * 100:.{digits}f} %"
