"""Every argument of chapter 04's functions, declared once: what it accepts and what it means.

The declarations (:mod:`cslearn.params`) feed :func:`cslearn.params.checked`, which refuses a bad
value before a function runs, with a ValueError/TypeError that names the argument, and
``tests/test_bad_inputs.py``, which draws bad values from them. An argument that means the same in
several functions is declared here once and reused (``checked(bgnbd=FITTED_BGNBD)`` gives it
another name). Sizes carry a cap, so that ``n_periods=10**12`` is refused with a message saying
the cap instead of asking for terabytes.

Two kinds beyond :mod:`cslearn.params`:

* :class:`Number`, a :class:`~cslearn.params.Param` whose whole-number range says its unit and
  cap in full;
* :class:`Named`, a :class:`~cslearn.params.Given` whose check receives the argument's name, so
  one declaration (a fitted model, a date, a number or a sequence of numbers) serves under
  several names.

>>> N_PERIODS.check(10**12)
Traceback (most recent call last):
...
ValueError: n_periods must be a whole number of periods from 1 to 10,000 (got 1,000,000,000,000)
>>> SBG_ALPHA.check(0)
Traceback (most recent call last):
...
ValueError: alpha must be between 8e-07 and 1.25e+06 (got 0)
>>> T_TIME.check("3")
Traceback (most recent call last):
...
TypeError: t must be a number or a sequence of numbers (got '3')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from cslearn._validate import check_array, check_int, check_number
from cslearn.params import Axes, Choice, Flag, Given, Param, Rng, Table, Values

#: no flat names: the declarations are read from this module (or with cslearn.params.declarations_of)
__all__: list[str] = []

#: caps on sizes (each generously above any use in the chapters, solutions and app)
MAX_PERIODS = 10_000  # period counts (n_periods, a projection's horizon, time / period_length)
MAX_CUSTOMERS = 10_000_000  # simulated cohort sizes
MAX_MONTHS = 12 * MAX_PERIODS  # monthly_survival: months of a survival curve by month
MAX_GRID = 1_000  # p_alive_grid: frequencies and recencies of the heatmap
MAX_BINS = 10_000  # plot_clv_distribution: histogram bins
MAX_YEN = 1e12  # a value of a period, in yen or any currency: a trillion (as chapter 03 caps yen)
MAX_PURCHASES = 1_000_000  # repeat purchases of one customer
MAX_TIME = 1_000_000  # a customer's times (recency, T), in the model's unit: weeks in the chapter (20,000 years)
MAX_VALUES = 1_000_000  # discount rates or renewal counts at once (the sBG's series take about a second for these)


@dataclass(frozen=True)
class Number(Param):
    """A :class:`~cslearn.params.Param` whose whole-number range says its unit and cap in full.

    >>> Number("n_periods", low=1, high=10_000, integer=True, unit="periods").check(0)
    Traceback (most recent call last):
    ...
    ValueError: n_periods must be a whole number of periods from 1 to 10,000 (got 0)
    """

    def check(self, value):
        if not self.integer or self.low is None or self.high is None or (value is None and self.optional):
            return super().check(value)
        number = check_int(self.name, value)
        if not self.low <= number <= self.high:
            unit = f" of {self.unit}" if self.unit else ""
            raise ValueError(f"{self.name} must be a whole number{unit} from {int(self.low):,} to "
                             f"{int(self.high):,} (got {number:,})")
        return number


@dataclass(frozen=True)
class Named(Given):
    """A :class:`~cslearn.params.Given` whose check is ``check_(name, value)``: the error names the
    argument under whatever name the declaration is used."""

    def check(self, value):
        return self.check_(self.name, value)


# --- numbers or sequences of numbers (the models' methods take either) ----------------------------

def _numbers(name: str, meaning: str, example, *, low=None, high=None, integer=False, max_length=None) -> Named:
    """A number or a 1-d sequence of numbers (``low`` to ``high``; whole numbers if ``integer``; at most
    ``max_length`` of them)."""

    def check(argument, value):
        from cslearn.retention.models._base import as_values

        if max_length is not None and np.ndim(value) == 1 and len(value) > max_length:
            raise ValueError(f"{argument} must hold at most {max_length:,} values (got {len(value):,})")
        array = as_values(argument, value, low=low, integer=integer)
        if high is not None and (array > high).any():  # a cap, said apart from the lower bound
            raise ValueError(f"every value of {argument} must be at most {high:g} (got {array[array > high][0]:g})")
        return array

    bad = ("3", None, True, [True], [math.nan], [math.inf], [[1.0, 2.0]], {"a": 1}, [])
    bad += ((low - 1,) if low is not None else ()) + ((0.5,) if integer else ()) + ((high * 10,) if high else ())
    return Named(name, check, meaning=meaning, example_=lambda: example, bad=bad)


T_PERIODS = _numbers("t", "periods since a cohort started (a number or a sequence)", [0, 1, 2], low=0)
T_RENEWAL = _numbers("t", "renewal number, 1 for the first (a number or a sequence)", [1, 2], low=1)
T_TIME = _numbers("t", "time since the first purchase, or ahead, in the model's unit (a number or one per customer)",
                  52.0, low=0)
DISCOUNT_RATES = _numbers("discount_rate", "discount rate per period (a number or a sequence)", 0.1, low=0,
                          max_length=MAX_VALUES)
RENEWALS = _numbers("renewals", "renewals made so far (whole numbers)", [0, 1, 2], low=0, integer=True,
                    max_length=MAX_VALUES)
FREQUENCY = _numbers("frequency", "repeat purchases of each customer (whole numbers)", [0, 2, 5, 1], low=0,
                     high=MAX_PURCHASES, integer=True)
RECENCY = _numbers("recency", "time of each customer's last repeat purchase since her first (0 with none)",
                   [0.0, 20.0, 35.0, 10.0], low=0, high=MAX_TIME)
T = _numbers("T", "time from each customer's first purchase to the end of observation", [39.0, 39.0, 39.0, 39.0],
             low=0, high=MAX_TIME)
MONETARY_VALUE = _numbers("monetary_value", "each customer's mean spend per repeat purchase (0 with none)",
                          [0.0, 25.0, 40.0, 12.0], low=0, high=MAX_YEN)
FIRST_PURCHASE = _numbers("first_purchase", "each customer's first purchase on the cohort's calendar",
                          [0.0, 5.0], low=0)


# --- fitted models ---------------------------------------------------------------------------------

def _fitted(kind: str, *, optional: bool = False) -> Callable:
    def check(argument, value):
        from cslearn.retention import models

        cls = getattr(models, kind)
        if value is None and optional:
            return None
        if not isinstance(value, cls):
            raise TypeError(f"{argument} must be a fitted {kind} (got {type(value).__name__})")
        if not hasattr(value, "params_"):
            raise models.NotFittedError(f"{argument} is not fitted yet: call its fit(...) (or "
                                        f"{kind}.from_params(...)) first")
        return value

    return check


def _sbg_example():
    from cslearn.retention.models import ShiftedBetaGeometric

    return ShiftedBetaGeometric._example()


def _bgnbd_example():
    from cslearn.retention.models import BetaGeometricNBD

    return BetaGeometricNBD._example()


def _gammagamma_example():
    from cslearn.retention.models import GammaGamma

    return GammaGamma._example()


_NOT_A_MODEL = (None, "model", 3.0, {"r": 0.2}, [1.0])
FITTED_SBG = Named("model", _fitted("ShiftedBetaGeometric"), meaning="a fitted ShiftedBetaGeometric",
                   example_=_sbg_example, bad=_NOT_A_MODEL)
FITTED_BGNBD = Named("model", _fitted("BetaGeometricNBD"), meaning="a fitted BetaGeometricNBD",
                     example_=_bgnbd_example, bad=_NOT_A_MODEL)
FITTED_GAMMAGAMMA = Named("gammagamma", _fitted("GammaGamma"), meaning="a fitted GammaGamma",
                          example_=_gammagamma_example, bad=_NOT_A_MODEL)
OPTIONAL_GAMMAGAMMA = replace(FITTED_GAMMAGAMMA, check_=_fitted("GammaGamma", optional=True),
                              meaning="a fitted GammaGamma, or None for no spend and no CLV",
                              bad=_NOT_A_MODEL[1:])


# --- the models' parameters --------------------------------------------------------------------------

#: a model parameter's accepted range: a little wider than what a fit can return (exp(-14) to exp(14),
#: see cslearn.retention.models._base), within which every prediction stays finite
MODEL_LOW, MODEL_HIGH = 8e-7, 1.25e6


def _positive(name, example, meaning):
    return Number(name, low=MODEL_LOW, high=MODEL_HIGH, example_=example, meaning=meaning, kind="chosen")


SBG_ALPHA = replace(_positive("alpha", 0.704, "sBG: first shape of the beta distribution of churn probabilities"),
                    view=(0.1, 5.0), step=0.05)
SBG_BETA = replace(_positive("beta", 1.182, "sBG: second shape of the beta distribution of churn probabilities"),
                   view=(0.1, 10.0), step=0.05)
R = _positive("r", 0.243, "BG/NBD: shape of the gamma distribution of purchase rates")
BGNBD_ALPHA = _positive("alpha", 4.414, "BG/NBD: rate of the gamma distribution of purchase rates (time unit)")
A = _positive("a", 0.793, "BG/NBD: first shape of the beta distribution of drop-out probabilities")
B = _positive("b", 2.426, "BG/NBD: second shape of the beta distribution of drop-out probabilities")
P = _positive("p", 6.25, "Gamma-Gamma: shape of each purchase's spend")
Q = _positive("q", 3.74, "Gamma-Gamma: shape of the gamma distribution of spend rates")
GAMMA = _positive("gamma", 15.44, "Gamma-Gamma: rate of the gamma distribution of spend rates")

N_CUSTOMERS = Number("n_customers", low=1, high=MAX_CUSTOMERS, integer=True, example_=1000, unit="customers",
                     meaning="customers in a simulated cohort")
N_PERIODS = Number("n_periods", low=1, high=MAX_PERIODS, integer=True, example_=12, unit="periods",
                   meaning="periods after the start")
CURVE_PERIODS = replace(N_PERIODS, low=0)  # a survival curve may stop at S(0)
OPTIONAL_N_CUSTOMERS = replace(N_CUSTOMERS, optional=True)
HOLDOUT = Number("holdout", low=0, meaning="time simulated after T (0: none), in the model's unit")
RNG = Rng()


# --- cohorts and curves ----------------------------------------------------------------------------

def _cohorts(argument, value):
    from cslearn.retention.models.sbg import _cohort_table

    return _cohort_table(value)


def _one_cohort(argument, value):
    counts = check_array(argument, value, low=0)
    _cohorts(argument, counts)  # starts above 0, never goes up
    if counts.size < 2:
        raise ValueError(f"{argument} must hold at least 2 periods, the cohort's size and one period after it "
                         f"(got {counts.size})")
    return counts


_COUNTS = [1000, 631, 468, 382, 326, 289, 262, 241]
_BAD_COUNTS = ("alive", None, 3.0, [], [True, False], [1000, 1100], [0, 0], [1000, math.nan, 500], [1000, -5])
ALIVE = Named("alive", _cohorts, meaning="customers still active after each period: one cohort, or a list or "
                                         "table of cohorts (NaN after a younger cohort's last period)",
              example_=lambda: list(_COUNTS), bad=_BAD_COUNTS + ([[1000, 900], ["a"]],))
COHORT = Named("alive", _one_cohort, meaning="one cohort's customers still active after each period",
               example_=lambda: list(_COUNTS), bad=_BAD_COUNTS + ([[1000, 900], [800, 700]],))
OBSERVED = Number("observed", low=1, integer=True, example_=4, meaning="periods the models are fitted to")
PROJECTION_HORIZON = Number("horizon", low=1, high=MAX_PERIODS, integer=True, optional=True, unit="periods",
                            meaning="last period projected (None: the cohort's last)")
SEGMENT_CHURNS = Values("churn", low=0, high=1, meaning="each segment's constant churn per period")
SHARES = Values("shares", low=0, high=1, meaning="each segment's share of the cohort (adding up to 1)")
SEGMENT_CHURN = Number("churn", low=0, high=1, meaning="a segment's constant churn per period")
SEGMENT_SHARE = Number("share_1", low=0, high=1, meaning="segment 1's share of the cohort", step=0.05)
CHURN = Number("churn", low=0, high=1, low_open=True, example_=0.2, meaning="constant churn per period")
DISCOUNT_RATE = Number("discount_rate", low=0, example_=0.1, meaning="discount rate per period",
                       view=(0.0, 0.3), step=0.01)
VALUE_PER_PERIOD = Number("value_per_period", low=0, high=MAX_YEN, meaning="value of a period as a customer")
MONTHS = Number("months", low=1, high=MAX_MONTHS, integer=True, example_=24, unit="months",
                meaning="months of the curve")
MONTHS_PER_PERIOD = Number("months_per_period", low=1, high=1_200, integer=True, unit="months",
                           meaning="months in a period")


def _survival(argument, value):
    from cslearn.retention.models import ShiftedBetaGeometric

    if isinstance(value, ShiftedBetaGeometric):
        return _fitted("ShiftedBetaGeometric")(argument, value)
    if isinstance(value, (str, bytes, dict)) or np.ndim(value) != 1:
        raise TypeError(f"{argument} must be a fitted ShiftedBetaGeometric or a sequence S(0), S(1), ... "
                        f"(got {type(value).__name__})")
    curve = check_array(argument, value, 0, 1)
    if abs(curve[0] - 1) > 1e-9 or np.any(np.diff(curve) > 1e-12):
        raise ValueError(f"{argument} must start at S(0) = 1 and never rise")
    return curve


SURVIVAL = Named("survival", _survival, meaning="a fitted ShiftedBetaGeometric, or a survival curve by period",
                 example_=lambda: [1.0, 0.8, 0.64, 0.512],
                 bad=(None, "curve", 3.0, [0.9, 0.8], [1.0, 1.2], [1.0, 0.5, 0.7], [True], [math.nan]))


# --- transaction logs ----------------------------------------------------------------------------

def _log_example() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 2, 3],
        "date": ["1997-01-01", "1997-01-20", "1997-03-03", "1997-01-05", "1997-02-10", "1997-02-01"],
        "amount": [10.0, 20.0, 15.0, 30.0, 12.0, 18.0],
    })


TRANSACTIONS = Table("transactions", columns={}, example_=_log_example,
                     meaning="a purchase log, one row a purchase (columns named by customer_col, date_col, value_col)")


def _column(optional: bool = False) -> Callable:
    def check(argument, value):
        if value is None and optional:
            return None
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, int, np.integer)):
            raise TypeError(f"{argument} must be a column name (text) (got {value!r})")
        return value

    return check


_NOT_A_COLUMN = (None, 3.5, True, ["customer_id"], {"a": 1}, "no_such_column")
CUSTOMER_COL = Named("customer_col", _column(), example_=lambda: "customer_id", bad=_NOT_A_COLUMN,
                     meaning="the log's column of customer ids")
DATE_COL = Named("date_col", _column(), example_=lambda: "date", bad=_NOT_A_COLUMN,
                 meaning="the log's column of purchase dates")
VALUE_COL = Named("value_col", _column(optional=True), example_=lambda: "amount", bad=_NOT_A_COLUMN[1:],
                  meaning="the log's column of amounts spent (None: no monetary value)")


def _day(optional: bool = False) -> Callable:
    def check(argument, value):
        from cslearn.retention.transactions import _as_day

        if value is None and optional:
            return None
        return _as_day(argument, value)

    return check


_NOT_A_DAY = ("not a date", True, [1], 3.5, {"day": 1}, 19971340)
CALIBRATION_END = Named("calibration_end", _day(), example_=lambda: "1997-02-15", bad=(None,) + _NOT_A_DAY,
                        meaning="last day of the calibration period (a date such as '1997-09-30')")
OPTIONAL_CALIBRATION_END = replace(CALIBRATION_END, check_=_day(optional=True), bad=_NOT_A_DAY,
                                   meaning="last day of the calibration period (None: the log's last day)")
HOLDOUT_END = Named("holdout_end", _day(optional=True), bad=_NOT_A_DAY,
                    meaning="last day of the holdout period (None: the log's last day)")
START = Named("start", _day(optional=True), bad=_NOT_A_DAY,
              meaning="first day of the common calendar (None: the earliest first purchase)")
END = Named("end", _day(optional=True), bad=_NOT_A_DAY, meaning="last day counted (None: the log's last day)")
TIME_UNIT = Choice("time_unit", options=("W", "D"), meaning="weeks ('W') or days ('D')")


# --- customers and their value ----------------------------------------------------------------------

def _rfm_example() -> pd.DataFrame:
    return pd.DataFrame({"frequency": [0, 2, 5, 1], "recency": [0.0, 20.0, 35.0, 10.0], "T": [39.0] * 4,
                         "monetary_value": [0.0, 25.0, 40.0, 12.0]})


@dataclass(frozen=True)
class _Rfm(Table):
    """A :class:`~cslearn.params.Table` of customers whose recency is at most T, refused naming the table."""

    def check(self, value):
        frame = super().check(value)
        late = (frame["recency"] > frame["T"]).to_numpy() if frame is not None else np.array([False])
        if late.any():
            row = int(late.argmax())
            raise ValueError(f"{self.name} column 'recency' must be at most T for every customer (row {row}: "
                             f"recency {frame['recency'].iloc[row]:g} > T {frame['T'].iloc[row]:g})")
        return frame


RFM = _Rfm("rfm", columns={"frequency": "count", "recency": "number", "T": "number"}, example_=_rfm_example,
           ranges={"frequency": (0, MAX_PURCHASES), "recency": (0, MAX_TIME), "T": (0, MAX_TIME)},
           meaning="one row per customer, as rfm_summary's (monetary_value too for spend and CLV)")
T_OBSERVED = Number("T", low=0, high=MAX_TIME, low_open=True, example_=39.0, meaning="time since the first purchase",
                    view=(1.0, 78.0), step=0.5)
MAX_FREQUENCY = Number("max_frequency", low=1, high=MAX_GRID, integer=True, unit="purchases",
                       meaning="most repeat purchases shown")
N_RECENCY = Number("n_recency", low=2, high=MAX_GRID, integer=True, unit="recencies",
                   meaning="recencies shown, evenly spaced")
HORIZON = Number("horizon", low=0, low_open=True, example_=52.0, meaning="time ahead, in the model's unit (weeks)")
PERIOD_LENGTH = Number("period_length", low=0, low_open=True,
                       meaning="length of a discounting period, in the model's unit")
MARGIN = Number("margin", low=0, high=1, meaning="share of spend kept as margin", view=(0.05, 1.0), step=0.05)
TOP = Number("share", low=0, high=1, low_open=True, meaning="the top share of customers (0.2: the top 20 %)")
VALUES = Values("values", low=0, example_=[50.0, 30.0, 10.0, 5.0, 5.0], meaning="customer values, at least 0")
SCORES = Table("scores", columns={}, example_=lambda: pd.DataFrame({"clv": [50.0, 30.0, 10.0, 5.0, 5.0]}),
               meaning="one row per customer with a column of values, as score_customers'")
COLUMN = Named("column", _column(), bad=_NOT_A_COLUMN, meaning="the column of values")


def _text(argument, value):
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be text (got {value!r})")
    return value


CURRENCY = Named("currency", _text, bad=(None, 3, True, ["$"]), meaning="the symbol put before amounts")


# --- figures -----------------------------------------------------------------------------------------

def _mixture_example() -> pd.DataFrame:
    from cslearn.retention.curves import mixture_retention

    return mixture_retention(n_periods=4)


def _projection_example() -> pd.DataFrame:
    import warnings

    from cslearn.retention.curves import project_retention

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return project_retention(_COUNTS, observed=4).table


def _curves_example() -> pd.DataFrame:
    from cslearn.retention.curves import sbg_curves

    return sbg_curves(0.704, 1.182, n_periods=4)


AX = Axes()
MIXTURE = Table("expected", columns={"period": "count", "retention_rate": "share_or_nan", "share_1": "share_or_nan"},
                other_columns="share_or_nan", example_=_mixture_example,
                meaning="mixture_retention's table (survival and a share_k column per segment)")
SIMULATED_MIXTURE = Table("simulated", columns={"period": "count", "retention_rate": "share_or_nan"}, optional=True,
                          example_=_mixture_example, meaning="simulate_mixture's table (None: none shown)")
OPTIONAL_CHURNS = replace(SEGMENT_CHURNS, optional=True)


def _names(argument, value):
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{argument} must be a list of segment names (got {value!r})")
    if not all(isinstance(name, str) for name in value):
        raise TypeError(f"{argument} must hold text only (got {value!r})")
    return value


NAMES = Named("names", _names, bad=("triers", 3, [1, 2], {"a": "b"}), meaning="the segments' names in the legend")
PROJECTION = Table("table", columns={"period": "count", "actual": "number_or_nan", "observed": "any", "sbg": "number",
                                     "constant_churn": "number", "actual_retention": "number_or_nan",
                                     "sbg_retention": "share_or_nan", "constant_retention": "share_or_nan"},
                   example_=_projection_example, meaning="RetentionProjection.table")
CURVES = Table("curves", columns={"period": "count", "survival": "share", "retention_rate": "share_or_nan",
                                  "constant_survival": "share", "constant_retention": "share_or_nan"},
               example_=_curves_example, meaning="sbg_curves' table")
CURVE_KIND = Choice("kind", options=("survival", "retention"), meaning="which curve")
RESIDUAL = Table("table", columns={"renewals": "count", "next_renewal": "share", "derl": "number"},
                 example_=lambda: pd.DataFrame({"renewals": [0, 1], "next_renewal": [0.6, 0.7], "derl": [3.0, 4.0]}),
                 meaning="residual_lifetime_table's table")
GRID = Table("grid", columns={"frequency": "count", "recency": "number", "p_alive": "share"},
             example_=lambda: pd.DataFrame({"frequency": [0.0, 1.0, 1.0, 2.0, 2.0],
                                            "recency": [0.0, 0.0, 19.5, 0.0, 19.5],
                                            "p_alive": [1.0, 0.15, 0.59, 0.05, 0.4]}),
             meaning="p_alive_grid's table")
TRACKING = Table("tracking", columns={"period": "count", "actual": "count", "predicted": "number",
                                      "actual_cumulative": "count", "predicted_cumulative": "number", "holdout": "any"},
                 example_=lambda: pd.DataFrame({"period": [1, 2, 3], "actual": [1, 2, 2], "predicted": [1.2, 1.8, 2.1],
                                                "actual_cumulative": [1, 3, 5],
                                                "predicted_cumulative": [1.2, 3.0, 5.1],
                                                "holdout": [False, False, True]}),
                 meaning="purchase_tracking's table")
CUMULATIVE = Flag("cumulative", meaning="running totals (True) or period by period (False)")
BINS = Number("bins", low=1, high=MAX_BINS, integer=True, unit="bins", meaning="histogram bins")


# --- explorers' starting values ----------------------------------------------------------------------

SEGMENT = Choice("segment", options=("regular", "high_end"), meaning="the published cohort")
OBSERVED_YEARS = Number("observed", low=2, high=11, integer=True, unit="years",
                        meaning="years fitted (2 to 11: one year cannot separate mean and spread, one is held back)")
CUSTOMER_FREQUENCY = Number("frequency", low=0, high=MAX_GRID, integer=True, unit="purchases",
                            meaning="a customer's repeat purchases", view=(0, 20))
CUSTOMER_RECENCY = Number("recency", low=0, meaning="a customer's last repeat purchase, in weeks since her first",
                          view=(0.5, 78.0), step=0.5)
WEEKS = replace(HORIZON, integer=True, low=1, low_open=False, view=(13, 260), step=13)


def _bgnbd_params(argument, value):
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(f"{argument} must be a dict of the BG/NBD parameters r, alpha, a, b (got {value!r})")
    if set(value) != {"r", "alpha", "a", "b"}:
        raise ValueError(f"{argument} must hold exactly r, alpha, a and b (got {', '.join(map(str, value)) or 'none'})")
    return {key: check_number(f"{argument}[{key!r}]", number, 0, low_open=True) for key, number in value.items()}


BGNBD_PARAMS = Named("params", _bgnbd_params, bad=("cdnow", 3, {"r": 0.2}, {"r": -1, "alpha": 4, "a": 1, "b": 2}),
                     meaning="the BG/NBD parameters r, alpha, a, b (None: those fitted to CDNOW)")
