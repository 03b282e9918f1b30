"""From a transaction log to one row per customer: frequency, recency, T and spend.

The BG/NBD and Gamma-Gamma models (:mod:`cslearn.retention.models`) do not look at individual purchases;
they need, for each customer,

* ``frequency`` :math:`x`: the number of *repeat* purchase occasions (the first purchase is not
  counted; several purchases on the same day count as one occasion, the usual practice with
  the CDNOW data);
* ``recency`` :math:`t_x`: the time of the last purchase, counted from the first one (0 when
  :math:`x = 0`);
* ``T``: the time from the first purchase to the end of the observation (calibration) period;
* ``monetary_value``: the mean value of the repeat purchase occasions (0 when :math:`x = 0`).

Times are in weeks (``time_unit="W"``) or days (``"D"``), counted in whole days. Dates may be
datetimes, ISO strings or whole numbers written YYYYMMDD.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import check_frame
from cslearn.params import checked
from cslearn.retention import parameters as P

__all__ = [
    "rfm_summary",
    "calibration_holdout_split",
    "first_purchase_times",
    "repeat_purchases_by_period",
    "load_cdnow",
]

_DAYS_PER_UNIT = {"W": 7.0, "D": 1.0}


def _occasions(transactions, customer_col, date_col, value_col) -> pd.DataFrame:
    """Validated purchase occasions: one row per customer and day, value summed over the day."""
    frame = check_frame("transactions", transactions)
    named = {"customer_col": customer_col, "date_col": date_col, "value_col": value_col}
    for argument, column in named.items():
        if column is not None and column not in frame.columns:
            raise ValueError(f"{argument}: transactions has no column {column!r}; its columns are "
                             f"{', '.join(map(repr, map(str, frame.columns)))}")
    if frame[customer_col].isna().any():
        raise ValueError(f"transactions[{customer_col!r}] (customer_col) must not contain missing ids")
    dates = _parse_dates(frame[date_col], date_col)
    if dates.isna().any():
        raise ValueError(f"transactions[{date_col!r}] (date_col) must not contain missing dates")
    customers = frame[customer_col].to_numpy()
    occasions = pd.DataFrame({"customer": customers, "date": dates.dt.normalize().to_numpy()})
    if value_col is not None:
        values = pd.to_numeric(frame[value_col], errors="coerce").to_numpy(dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"transactions[{value_col!r}] (value_col) must hold finite numbers only")
        occasions["value"] = values
    else:
        occasions["value"] = 0.0
    return occasions.groupby(["customer", "date"], sort=True, as_index=False)["value"].sum()


def _parse_dates(column: pd.Series, date_col: str) -> pd.Series:
    """Dates from datetimes, ISO strings, or whole numbers written YYYYMMDD (as in the CDNOW file).

    Time-zone-aware dates (one zone) keep their local wall-clock time and lose the zone, so a
    purchase at 23:30 in Tokyo counts on that Tokyo day; a column that mixes zones is refused.
    """
    dates = _read_dates(column, date_col)
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    return dates


def _read_dates(column: pd.Series, date_col: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(column):
        return column
    numbers = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    if numbers:  # whole numbers such as 19970101; never seconds or nanoseconds since 1970
        values = column.to_numpy(dtype=float)
        whole = np.isfinite(values) & (values == np.round(values))
        source = pd.Series(np.where(whole, values, 0).astype(np.int64).astype(str), index=column.index)
        source[~whole] = "not a date"
        attempts = [{"format": "%Y%m%d"}]
    else:
        source, attempts = column, [{}, {"format": "ISO8601"}]
    for options in attempts:
        try:
            return pd.to_datetime(source, **options)
        except (TypeError, ValueError, OverflowError) as error:
            if "timezone" in str(error).lower() or "tz-aware" in str(error).lower():
                raise ValueError(
                    f"transactions[{date_col!r}] (date_col) must hold dates in one time zone (found several); "
                    f"convert them first, e.g. with pd.to_datetime(..., utc=True)"
                ) from None
            continue
    unread = pd.to_datetime(source, errors="coerce", **attempts[-1]).isna() & column.notna()
    example = column[unread].iloc[0] if unread.any() else column.iloc[0]
    raise ValueError(
        f"transactions[{date_col!r}] (date_col) must hold dates, such as '2024-01-31' or 20240131 "
        f"(could not read {str(example)!r})"
    )


def _as_day(name: str, value) -> pd.Timestamp:
    """``value`` as a day: a datetime, an ISO string, or a whole number written YYYYMMDD (as in the log)."""
    fraction = isinstance(value, (float, np.floating)) and not float(value).is_integer()
    if isinstance(value, (bool, np.bool_)) or fraction:
        raise TypeError(f"{name} must be a date such as '1997-09-30' (got {value!r})")
    if isinstance(value, (int, float, np.integer, np.floating)):  # 19970930, never nanoseconds since 1970
        value = str(int(value))
        try:
            day = pd.to_datetime(value, format="%Y%m%d")
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{name} must be a date such as '1997-09-30' or 19970930 (got {value})") from None
        return day.normalize()
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be a date such as '1997-09-30' (got {value!r})") from None
    if pd.isna(day):
        raise ValueError(f"{name} must be a date such as '1997-09-30' (got {value!r})")
    if day.tzinfo is not None:  # local wall-clock day, as for the dates in the log
        day = day.tz_localize(None)
    return day.normalize()


def _summarise(occasions: pd.DataFrame, end: pd.Timestamp, days: float, with_value: bool) -> pd.DataFrame:
    grouped = occasions.groupby("customer", sort=True)
    first = grouped["date"].min()
    count = grouped.size()
    frequency = (count - 1).astype(int)
    summary = pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (grouped["date"].max() - first).dt.days / days,
            "T": (end - first).dt.days / days,
        }
    )
    if with_value:
        repeat_total = grouped["value"].sum() - grouped["value"].first()  # occasions are sorted by date
        summary["monetary_value"] = np.where(frequency > 0, repeat_total / frequency.clip(lower=1), 0.0)
    return summary


@checked(P.TRANSACTIONS, P.CUSTOMER_COL, P.DATE_COL, P.VALUE_COL, P.OPTIONAL_CALIBRATION_END, P.TIME_UNIT)
def rfm_summary(
    transactions: pd.DataFrame,
    customer_col: str,
    date_col: str,
    value_col: str | None = None,
    calibration_end=None,
    time_unit: str = "W",
) -> pd.DataFrame:
    """One row per customer (indexed by customer id) with frequency, recency, T and monetary_value.

    Purchases after ``calibration_end`` (a date; purchases on that day count) are left out, and so
    are customers whose first purchase comes after it. By default the calibration ends on the
    last date in the log. With first purchase on day :math:`d_0`, last purchase on :math:`d_x`
    and :math:`x + 1` distinct purchase days up to the end :math:`d_E`:

    .. math::

        \\text{frequency} = x, \\quad \\text{recency} = \\frac{d_x - d_0}{u}, \\quad
        T = \\frac{d_E - d_0}{u}, \\quad
        \\text{monetary\\_value} = \\frac{1}{x}\\sum_{k=1}^{x} v_k

    with :math:`u` = 7 days for ``"W"``, 1 for ``"D"``, and :math:`v_k` the value spent on the
    :math:`k`-th repeat purchase day (only with ``value_col``).

    Time-zone-aware dates (in the log or ``calibration_end``) are read at their local wall-clock
    time and the zone is dropped: a purchase at 23:30 in Tokyo counts on that Tokyo day. A date
    column that mixes time zones is refused.

    >>> log = pd.DataFrame({"id": [1, 1, 1, 2],
    ...                     "day": ["2024-01-01", "2024-01-08", "2024-01-08", "2024-01-15"],
    ...                     "yen": [1000, 500, 700, 800]})
    >>> rfm_summary(log, "id", "day", "yen", calibration_end="2024-01-29").reset_index()
       id  frequency  recency    T  monetary_value
    0   1          1      1.0  4.0          1200.0
    1   2          0      0.0  2.0             0.0
    """
    occasions = _occasions(transactions, customer_col, date_col, value_col)
    end = occasions["date"].max() if calibration_end is None else _as_day("calibration_end", calibration_end)
    occasions = occasions[occasions["date"] <= end]
    if occasions.empty:
        raise ValueError(f"no transactions on or before calibration_end ({end.date()})")
    summary = _summarise(occasions, end, _DAYS_PER_UNIT[time_unit], value_col is not None)
    summary.index.name = customer_col
    return summary


@checked(P.TRANSACTIONS, P.CUSTOMER_COL, P.DATE_COL, P.CALIBRATION_END, P.HOLDOUT_END, P.VALUE_COL,
         P.TIME_UNIT)
def calibration_holdout_split(
    transactions: pd.DataFrame,
    customer_col: str,
    date_col: str,
    calibration_end,
    holdout_end=None,
    value_col: str | None = None,
    time_unit: str = "W",
) -> pd.DataFrame:
    """The calibration summary of :func:`rfm_summary` plus what each customer did in the holdout.

    Customers are those who first bought on or before ``calibration_end``. Added columns:
    ``frequency_holdout`` (purchase days in ``(calibration_end, holdout_end]``; every one is a
    repeat purchase), ``monetary_value_holdout`` (their mean value, 0 if none; only with
    ``value_col``) and ``duration_holdout`` (the holdout's length in ``time_unit``). By default
    the holdout ends on the last date in the log. Compare ``frequency_holdout`` with
    ``BetaGeometricNBD.conditional_expected_purchases(duration_holdout, frequency, recency, T)``.

    >>> log = pd.DataFrame({"id": [1, 1, 1, 2],
    ...                     "day": ["2024-01-01", "2024-01-08", "2024-02-05", "2024-01-15"]})
    >>> split = calibration_holdout_split(log, "id", "day", "2024-01-29", holdout_end="2024-02-26")
    >>> split[["frequency", "T", "frequency_holdout", "duration_holdout"]].reset_index()
       id  frequency    T  frequency_holdout  duration_holdout
    0   1          1  4.0                  1               4.0
    1   2          0  2.0                  0               4.0
    """
    days = _DAYS_PER_UNIT[time_unit]
    occasions = _occasions(transactions, customer_col, date_col, value_col)
    end = _as_day("calibration_end", calibration_end)
    last = occasions["date"].max() if holdout_end is None else _as_day("holdout_end", holdout_end)
    if last <= end:
        raise ValueError(f"holdout_end ({last.date()}) must come after calibration_end ({end.date()})")
    calibration = occasions[occasions["date"] <= end]
    if calibration.empty:
        raise ValueError(f"no transactions on or before calibration_end ({end.date()})")
    summary = _summarise(calibration, end, days, value_col is not None)
    holdout = occasions[(occasions["date"] > end) & (occasions["date"] <= last)]
    holdout = holdout[holdout["customer"].isin(summary.index)].groupby("customer")["value"]
    summary["frequency_holdout"] = holdout.size().reindex(summary.index, fill_value=0).astype(int)
    if value_col is not None:
        summary["monetary_value_holdout"] = holdout.mean().reindex(summary.index, fill_value=0.0)
    summary["duration_holdout"] = (last - end).days / days
    summary.index.name = customer_col
    return summary


def _calendar_start(occasions: pd.DataFrame, start) -> pd.Timestamp:
    first_day = occasions["date"].min()
    return first_day if start is None else _as_day("start", start)


@checked(P.TRANSACTIONS, P.CUSTOMER_COL, P.DATE_COL, P.START, P.TIME_UNIT)
def first_purchase_times(transactions, customer_col, date_col, start=None, time_unit="W") -> pd.Series:
    """Each customer's first purchase as a time on a common calendar that begins on ``start``.

    :math:`s_i = (d_{0,i} - d_{\\text{start}})/u` with :math:`u` = 7 days for ``"W"`` and 1 for
    ``"D"``; ``start`` defaults to the earliest first purchase (so the earliest customer has
    :math:`s = 0`). These are the ``first_purchase`` times of
    :meth:`cslearn.retention.models.BetaGeometricNBD.expected_cohort_purchases`.

    >>> log = pd.DataFrame({"id": [1, 1, 2], "day": ["2024-01-01", "2024-01-20", "2024-01-15"]})
    >>> first_purchase_times(log, "id", "day").tolist()
    [0.0, 2.0]
    """
    occasions = _occasions(transactions, customer_col, date_col, None)
    origin = _calendar_start(occasions, start)
    first = occasions.groupby("customer", sort=True)["date"].min()
    if (first < origin).any():
        raise ValueError(f"start ({origin.date()}) must not come after a customer's first purchase "
                         f"(the earliest is {first.min().date()})")
    times = (first - origin).dt.days / _DAYS_PER_UNIT[time_unit]
    times.index.name = customer_col
    return times.rename("first_purchase")


@checked(P.TRANSACTIONS, P.CUSTOMER_COL, P.DATE_COL, P.START, P.END, P.TIME_UNIT)
def repeat_purchases_by_period(transactions, customer_col, date_col, start=None, end=None,
                               time_unit="W") -> pd.DataFrame:
    """Repeat purchases of all customers, period by period (weeks or days) on a common calendar.

    Period :math:`k = 1, 2, \\dots` covers the days :math:`[u(k-1), uk - 1]` after ``start``
    (default: the earliest first purchase) up to ``end`` (default: the last date in the log). A
    repeat purchase is a purchase day after the customer's own first one, as in
    :func:`rfm_summary`. Columns: ``period``; ``period_end`` (its last day); ``time``, that day
    on the calendar of :func:`first_purchase_times`, :math:`(d_{\\text{end}} - d_{\\text{start}})/u`
    (the time at which to compare with the model); ``repeat_purchases``; and
    ``cumulative_repeat_purchases``.

    >>> log = pd.DataFrame({"id": [1, 1, 1, 2, 2],
    ...                     "day": ["2024-01-01", "2024-01-03", "2024-01-10", "2024-01-09", "2024-01-12"]})
    >>> repeat_purchases_by_period(log, "id", "day")[["period", "repeat_purchases", "cumulative_repeat_purchases"]]
       period  repeat_purchases  cumulative_repeat_purchases
    0       1                 1                            1
    1       2                 2                            3
    """
    days = _DAYS_PER_UNIT[time_unit]
    occasions = _occasions(transactions, customer_col, date_col, None)
    origin = _calendar_start(occasions, start)
    last = occasions["date"].max() if end is None else _as_day("end", end)
    if last < origin:
        raise ValueError(f"end ({last.date()}) must not come before start ({origin.date()})")
    first = occasions.groupby("customer")["date"].transform("min")
    offset = (occasions["date"] - origin).dt.days.to_numpy()
    repeat = ((occasions["date"] > first) & (occasions["date"] >= origin) & (occasions["date"] <= last)).to_numpy()
    span = (last - origin).days + 1
    n_periods = int(np.ceil(span / days))
    counts = np.bincount((offset[repeat] // days).astype(int), minlength=n_periods)[:n_periods]
    period = np.arange(1, n_periods + 1)
    end_offset = np.minimum(period * days - 1, span - 1)
    return pd.DataFrame({
        "period": period,
        "period_end": origin + pd.to_timedelta(end_offset, unit="D"),
        "time": end_offset / days,
        "repeat_purchases": counts,
        "cumulative_repeat_purchases": np.cumsum(counts),
    })


def load_cdnow() -> pd.DataFrame:
    """The CDNOW sample as a tidy transaction log: customer_id, date, cds, amount (one row a purchase).

    2,357 customers who first bought CDs at CDNOW in the first quarter of 1997, and all their
    purchases to 30 June 1998 (6,919 rows; Fader & Hardie's teaching sample). ``customer_id``
    runs from 1 to 2,357, ``date`` is a datetime64 day, ``cds`` the number of CDs bought and
    ``amount`` the dollars paid. The usual calibration ends on 1997-09-30 (39 weeks).

    >>> cdnow = load_cdnow()
    >>> cdnow.shape, cdnow["customer_id"].nunique()
    ((6919, 4), 2357)
    """
    from cslearn.data import load_dataset

    return load_dataset("cdnow")
