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
from cslearn.language import counter, get_language

__all__ = ["yen", "percent", "plural"]


def yen(amount, *, compact: bool = False, digits: int | None = None) -> str:
    """Format an amount of money in yen, rounded to the whole yen.

    With ``compact=True`` large amounts are shortened with the Japanese units 万 (10^4) and
    億 (10^8), which is how a Japanese P&L is usually read aloud; ``digits`` fixes how many
    decimals the unit keeps (by default one, dropped when it is 0). An amount that rounds to zero
    has no minus sign.

    >>> yen(1234567)
    '¥1,234,567'
    >>> yen(-2000)
    '-¥2,000'
    >>> yen(-0.3)
    '¥0'
    >>> yen(10_000_000, compact=True)
    '¥1,000万'
    >>> yen(25_000, compact=True)
    '¥2.5万'
    >>> yen(142_000_000, compact=True, digits=2)
    '¥1.42億'
    """
    value = check_number("amount", amount)
    if digits is not None:
        digits = check_int("digits", digits, low=0, high=6)
    size = abs(value)
    for unit, scale in (("億", 1e8), ("万", 1e4)):
        if compact and size >= scale:
            places = 1 if digits is None else digits
            text = f"{size / scale:,.{places}f}"
            if digits is None:
                text = text.removesuffix(".0")
            sign = "-" if value < 0 and float(text.replace(",", "")) != 0 else ""
            return f"{sign}¥{text}{unit}"
    whole = round(size)
    sign = "-" if value < 0 and whole != 0 else ""
    return f"{sign}¥{whole:,}"


def percent(rate, digits: int = 1) -> str:
    """Format a rate given as a fraction (0.05) as a percentage ('5.0 %').

    >>> percent(0.286)
    '28.6 %'
    >>> percent(0.785, digits=0)
    '78 %'

    In Japanese the sign follows the number with no space, as Japanese text writes it: '78%'.
    """
    if isinstance(rate, numbers.Real) and not isinstance(rate, bool):
        value = check_number("rate", rate)
    else:
        raise TypeError(f"rate must be a number such as 0.05 for 5 % (got {rate!r})")
    digits = check_int("digits", digits, low=0, high=6)
    return f"{value * 100:.{digits}f}{'%' if get_language() == 'ja' else ' %'}"


def plural(count, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun, singular for exactly one: '1 visit', '3 visits', '2.5 months'.

    Whole numbers are written with thousands separators; ``plural_form`` defaults to ``singular + "s"``.

    >>> plural(1, "visit")
    '1 visit'
    >>> plural(1200, "customer")
    '1,200 customers'
    >>> plural(2, "household", "households")
    '2 households'

    In Japanese (:func:`cslearn.language.set_language`) the noun becomes its counter: '3か月', '1,200人'.
    """
    value = check_number("count", count)
    if not isinstance(singular, str) or not singular:
        raise TypeError(f"singular must be a non-empty word such as 'visit' (got {singular!r})")
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"
    if get_language() == "ja":
        return f"{text}{counter(singular)}"
    word = singular if text == "1" else (plural_form or singular + "s")
    return f"{text} {word}"
