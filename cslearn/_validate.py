"""Argument checks shared by every public function.

Each check raises a ``ValueError`` (or ``TypeError``) whose message names the argument and the
range it must lie in, so that a student who passes a churn of 1.3 reads
``churn must be between 0 and 1 (got 1.3)`` instead of a NaN or a traceback from numpy.

The checks return the cleaned value, so they read as assignments::

    churn = check_rate("churn", churn)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = [
    "check_number",
    "check_rate",
    "check_shares",
    "check_int",
    "check_array",
    "check_frame",
    "check_choice",
    "resolve_rng",
]


def _describe(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        left = "greater than" if low_open else "at least"
        right = "less than" if high_open else "at most"
        if not low_open and not high_open:
            return f"between {low:g} and {high:g}"
        return f"{left} {low:g} and {right} {high:g}"
    if low is not None:
        return f"greater than {low:g}" if low_open else f"at least {low:g}"
    if high is not None:
        return f"less than {high:g}" if high_open else f"at most {high:g}"
    return "a finite number"


def check_number(
    name: str,
    value,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number in range.

    >>> check_number("price", 3000, low=0)
    3000.0
    >>> check_number("price", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: price must be at least 0 (got -1)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number (got {value!r} of type {type(value).__name__})")
    number = float(value)
    allowed = _describe(low, high, low_open, high_open)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} must be {allowed} (got {value!r})")
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be {allowed} (got {value!r}){_percent_hint(number, low, high)}")
    return number


def _percent_hint(number: float, low, high) -> str:
    """For a share given as a percentage (churn=5 meaning 5 %), how to write it.

    >>> _percent_hint(5, 0, 1)
    ': a share is written as a fraction, 5 % as 0.05'
    """
    if low is not None and high == 1 and low <= 0 and 1 < number <= 100:
        return f": a share is written as a fraction, {number:g} % as {number / 100:g}"
    return ""


def check_rate(name: str, value, *, allow_zero: bool = True, allow_one: bool = True) -> float:
    """A share or probability: a number between 0 and 1 (ends included unless excluded).

    >>> check_rate("churn", 0.05)
    0.05
    >>> check_rate("churn", 1.3)
    Traceback (most recent call last):
    ...
    ValueError: churn must be between 0 and 1 (got 1.3): a share is written as a fraction, 1.3 % as 0.013
    """
    return check_number(name, value, 0.0, 1.0, low_open=not allow_zero, high_open=not allow_one)


def check_shares(**shares) -> tuple[float, ...]:
    """Shares of one whole, such as two uses of the same budget: each between 0 and 1, together at most 1.

    Returns them checked, in the order given.

    >>> check_shares(care_share=0.3, upsell_share=0.5)
    (0.3, 0.5)
    >>> check_shares(care_share=0.7, upsell_share=0.5)
    Traceback (most recent call last):
    ...
    ValueError: care_share + upsell_share must be at most 1 (got 0.7 + 0.5 = 1.2)
    """
    values = tuple(check_rate(name, value) for name, value in shares.items())
    if sum(values) > 1 + 1e-12:
        raise ValueError(f"{' + '.join(shares)} must be at most 1 "
                         f"(got {' + '.join(f'{value:g}' for value in values)} = {sum(values):g})")
    return values


def check_int(name: str, value, low: int | None = None, high: int | None = None) -> int:
    """A whole number in range (``True``/``False`` and 2.5 are refused).

    >>> check_int("months", 36, low=1)
    36
    >>> check_int("horizon", 1e308, low=1, high=10_000)
    Traceback (most recent call last):
    ...
    ValueError: horizon must be a whole number between 1 and 10000 (got 1e+308)
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a whole number, not a boolean (got {value!r})")
    given = value
    if not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be a whole number (got {value!r})")
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        shown = given if isinstance(given, numbers.Integral) else f"{float(given):g}"  # 1e+308, not 309 digits
        raise ValueError(f"{name} must be a whole number {_describe(low, high, False, False)} (got {shown})")
    return number


def check_array(
    name: str,
    values,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    allow_empty: bool = False,
) -> np.ndarray:
    """Return ``values`` as a 1-d float array; refuse NaN, text and values out of range.

    >>> check_array("alive", [100, 80, 65], low=0)
    array([100.,  80.,  65.])
    >>> check_array("alive", [True, False])
    Traceback (most recent call last):
    ...
    TypeError: alive must contain only numbers, not True/False
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, (Iterable, np.ndarray, pd.Series)):
        raise TypeError(f"{name} must be a sequence of numbers (got {values!r})")
    if isinstance(values, (np.ndarray, pd.Series, pd.Index)):
        is_bool = values.dtype == bool or (values.dtype == object and any(isinstance(v, (bool, np.bool_))
                                                                            for v in np.ravel(values)))
    else:
        values = list(values)
        is_bool = any(isinstance(v, (bool, np.bool_)) for v in values)
    if is_bool:
        raise TypeError(f"{name} must contain only numbers, not True/False")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must contain only numbers") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (got shape {array.shape})")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers (found NaN or infinity)")
    allowed = _describe(low, high, low_open, high_open)
    if low is not None:
        bad = array <= low if low_open else array < low
        if bad.any():
            raise ValueError(f"every value of {name} must be {allowed} (got {array[bad][0]:g})")
    if high is not None:
        bad = array >= high if high_open else array > high
        if bad.any():
            raise ValueError(f"every value of {name} must be {allowed} (got {array[bad][0]:g})")
    return array


def check_frame(name: str, frame, columns: Iterable[str] = (), *, allow_empty: bool = False) -> pd.DataFrame:
    """A DataFrame that holds the named columns and, unless allowed, at least one row.

    >>> check_frame("survey", pd.DataFrame({"share": [0.5]}), ["share"]).shape
    (1, 1)
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame (got {type(frame).__name__})")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} is missing the column(s) {', '.join(map(repr, missing))}; "
            f"it has {', '.join(map(repr, map(str, frame.columns))) or 'no columns'}"
        )
    if frame.empty and not allow_empty:
        raise ValueError(f"{name} must have at least one row (it is empty)")
    return frame


def check_choice(name: str, value, choices: Iterable):
    """One of a fixed set of options.

    >>> check_choice("language", "ja", ["en", "ja"])
    'ja'
    """
    options = list(choices)
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))} (got {value!r})")
    return value


def resolve_rng(rng, name: str = "rng") -> np.random.Generator:
    """A ``numpy.random.Generator`` from ``rng``: a Generator (used as it is), a whole-number seed
    ``>= 0``, or ``None`` (fresh and unseeded: results differ on every call). Anything else is
    refused naming ``name``.

    The course's one randomness convention (SPEC 7 of Scientific Python, as SciPy and NetworkX):
    every function that draws random numbers takes a keyword-only parameter ``rng`` with the
    documented default ``rng=0``, and resolves it here and nowhere else, so a student calling with
    the defaults gets the chapter's numbers, and the same seed gives the same result. In a
    docstring: ``rng : int, numpy.random.Generator or None, default 0`` (random seed or generator;
    the same seed gives the same result).

    >>> bool(resolve_rng(7).random() == np.random.default_rng(7).random())
    True
    >>> resolve_rng(-1, "rng")
    Traceback (most recent call last):
    ...
    ValueError: rng must be a seed of at least 0 (got -1)
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"{name} must be a seed of at least 0 (got {rng!r})")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{name} must be a numpy.random.Generator, a whole-number seed or None "
        f"(got {rng!r} of type {type(rng).__name__})"
    )

