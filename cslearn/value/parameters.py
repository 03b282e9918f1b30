"""Chapter 03's arguments, each declared once: what it means and the values it accepts.

Every public function of :mod:`cslearn.value` checks its arguments against these declarations
(:func:`cslearn.params.checked`; :meth:`cslearn.params.ParamSet.keywords` where a model's many
settings are written into the signature from one declaration), so that a bad value is refused
before any work with a ValueError/TypeError naming the argument and what it accepts. An argument
that means the same in several functions (churn, margin, ARPU, the horizon in months, the P&L
table) is declared here once and reused, under another default or name with
``dataclasses.replace``.

Sizes carry a cap, far above anything the chapter, its exercises or the app use, so that
``months=10**12`` is refused with a message saying the cap instead of asking for terabytes; yen
amounts are capped at a trillion yen so that a lifetime value or a P&L never overflows to
infinity without a word.

The lifetime-value formulas of :mod:`cslearn.value.ltv` broadcast: their rates may be one number
or a sequence of numbers (:func:`numbers`).

>>> CHURN.check(1.3)
Traceback (most recent call last):
...
ValueError: churn must be between 0 and 1 (got 1.3): a share is written as a fraction, 1.3 % as 0.013
>>> SIM_MONTHS.check(10**12)
Traceback (most recent call last):
...
ValueError: months must be a whole number between 1 and 600 (got 1000000000000)
>>> numbers(CHURN).check([0.05, 1.5])
Traceback (most recent call last):
...
ValueError: churn must be between 0 and 1 (got 1.5): a share is written as a fraction, 1.5 % as 0.015 (item 1)
"""

from __future__ import annotations

import math
import numbers as _numbers
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from typing import Any

import numpy as np
import pandas as pd

from cslearn._validate import check_array, check_int, check_number
from cslearn.params import NO_DEFAULT, Axes, Choice, Flag, Given, Param, ParamSet, Rng, Table, Values

#: no flat names: the declarations are read from this module (or with cslearn.params.declarations_of)
__all__: list[str] = []

#: caps on sizes (each generously above any use in the chapters, exercises and app)
MAX_MONTHS = 1_200  # a projection or a lifetime: 100 years of months
MAX_HORIZON = 12_000  # months a lifetime value may count (1,000 years)
SIM_MAX_MONTHS = 600  # the simulations and the growth recurrence: 50 years of months
MAX_PATHS = 1_000_000  # simulated futures
MAX_CUSTOMERS = 100_000_000  # customers, members, new customers a month
MAX_YEN = 1e12  # a trillion yen: a price, a cost or a budget
MAX_VALUES = 1_000_000  # numbers in one sequence argument (a grid of churns, of customer counts)
MIN_CAC = 1  # yen: the growth model divides its budget by the CAC (a CAC near 0 overflows)


def free(*declarations):
    """The declarations with their defaults left to the function's signature (``checked`` reads it
    there), so that a default is written once; a number keeps its old default as its example."""
    freed = []
    for declaration in declarations:
        if isinstance(declaration, Param):
            values = {f.name: getattr(declaration, f.name) for f in fields(declaration)}
            example = values.pop("example_", None)
            values.pop("default")
            freed.append(Param(**values, example_=declaration.default if example is None else example))
        else:
            freed.append(replace(declaration, default=NO_DEFAULT))
    return freed


def _all_within(param: Param, value, array: np.ndarray) -> bool:
    """Whether every item of a numeric (not boolean) ``value`` passes ``param``: checked whole, fast."""
    if np.asarray(value).dtype.kind not in "iuf":
        return False
    ok = np.isfinite(array)
    if param.low is not None:
        ok &= (array > param.low) if param.low_open else (array >= param.low)
    if param.high is not None:
        ok &= array <= param.high
    if param.integer:
        ok &= array == np.round(array)
    return bool(ok.all())


def numbers(param: Param, example=None, max_length: int = MAX_VALUES) -> Given:
    """``param`` as a broadcasting argument: one number, or a sequence of up to ``max_length`` numbers
    (list, tuple, array, Series), each within ``param``'s range. The declaration of the number stays
    the one source."""

    def check(value):
        if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
            try:
                array = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                raise TypeError(f"{param.name} must be a number or a sequence of numbers (got {value!r})") from None
            if array.size == 0:
                raise ValueError(f"{param.name} must hold at least one number (got an empty sequence)")
            if array.size > max_length:
                raise ValueError(f"{param.name} must hold at most {max_length:,} numbers (got {array.size:,})")
            if _all_within(param, value, array):
                return array
            items = np.asarray(value, dtype=object).reshape(-1)
            for index, item in enumerate(items):
                try:
                    param.check(item)
                except (TypeError, ValueError) as error:
                    raise type(error)(f"{error} (item {index})") from None
            return array
        if value is None and param.optional:
            return None
        if isinstance(value, bool) or not isinstance(value, _numbers.Real):
            raise TypeError(f"{param.name} must be a number or a sequence of numbers (got {value!r} of type "
                            f"{type(value).__name__})")
        return param.check(value)

    bad = ["3", True, math.nan, math.inf, [math.nan], [True], ["x"], [], {"a": 1}]
    bad += [] if param.optional else [None]
    if param.low is not None:
        bad += [param.low - 1, [param.low - 1]]
    if param.high is not None:
        bad += [param.high + 1, [param.high + 1]]
    if example is None:
        example = getattr(param, "example_", None)
    example = param.default if example is None else example
    return Given(param.name, check, meaning=param.meaning, example_=lambda: example, bad=tuple(bad))


# --- rates and amounts that mean the same everywhere in the chapter ----------------------------------


def _share(name, default, meaning, **more):
    return Param(name, default, 0, 1, unit="share", meaning=meaning, step=0.01, **more)


def _yen(name, default, meaning, **more):
    return Param(name, default, 0, MAX_YEN, unit="yen", meaning=meaning, **more)


CHURN = _share("churn", 0.05, "monthly chance that a customer leaves", view=(0.0, 0.2))
MARGIN = _share("margin", 1.0, "gross margin: the share of revenue left after the cost of the service")
RETENTION = _share("retention", 0.95, "chance that a customer stays a further period (1 - churn)")
DISCOUNT_RATE = Param("discount_rate", 0.0, 0, 1, unit="rate", meaning="monthly discount rate (at most 100 % a month)")
EXPANSION = Param("expansion", 0.0, -1, unit="rate", low_open=True,
                   meaning="monthly growth of a customer's price with tenure (upsell, cross-sell), above -1")
ARPU = _yen("arpu", 10_000, "monthly revenue per customer at tenure 0")
CAC = _yen("cac", 50_000, "acquisition cost of one new customer")
FIXED_COST = _yen("fixed_cost", 0.0, "fixed cost a month (staff, rent)")
SUPPORT_COST = _yen("support_cost", 0.0, "support cost per active customer a month, done by hand")
SYSTEMISED_SUPPORT_COST = _yen("systemised_support_cost", 0.0, "support cost per customer a month, systemised")
SYSTEMISATION_FIXED_COST = _yen("systemisation_fixed_cost", 0.0,
                                "fixed cost a month of systemised support (FAQ forum, videos: 仕組み化)")
HORIZON = Param("horizon", None, 1, MAX_HORIZON, integer=True, unit="months", optional=True,
                meaning="months to count (None: the customer's whole life)")

# --- ltv.py ---------------------------------------------------------------------------------------

LTV_ARPU = numbers(ARPU)
LTV_CHURN = numbers(CHURN)
LTV_MARGIN = numbers(MARGIN)
LTV_DISCOUNT_RATE = numbers(DISCOUNT_RATE)
LTV_EXPANSION = numbers(EXPANSION)
LTV_CAC = numbers(CAC)
#: ltv_to_cac divides by the CAC
POSITIVE_CAC = numbers(Param("cac", 50_000, 0, MAX_YEN, unit="yen", low_open=True,
                              meaning="acquisition cost of one new customer, above 0"))
MARGIN_PER_PERIOD = numbers(_yen("margin_per_period", 10_000, "margin earned per period, in yen"))
LTV_RETENTION = numbers(RETENTION)
PAYBACK_MONTHS = Param("months", low=1, high=MAX_MONTHS, integer=True, unit="months", example_=12,
                        meaning="months within which the customer must pay back")


def _check_survival(value, *, optional=False):
    from cslearn.value.ltv import _survival_array

    if value is None and optional:
        return None
    if callable(value):
        return value  # evaluated (and refused, naming survival) by the function, over its horizon
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        raise TypeError(f"survival must be a sequence S(0)=1, S(1), ... or a function of the month t (got {value!r})")
    return _survival_array(value)


_SURVIVAL_BAD = ("curve", 3.0, [0.5, 0.4], [1.0, 1.2], [1.0, 0.5, 0.7], [1.0, math.nan], [], [True, False],
                 {"S": 1.0})
SURVIVAL = Given("survival", _check_survival, meaning="the survival curve: S(0) = 1, S(1), ... or a function of t",
                 example_=lambda: [1.0, 0.5, 0.25], bad=_SURVIVAL_BAD + (None,))
PNL_SURVIVAL = Given("survival", lambda value: _check_survival(value, optional=True), default=None,
                     meaning="instead of churn, a survival curve (at least months + 1 values) or a function of t",
                     bad=_SURVIVAL_BAD)

# --- pnl.py ---------------------------------------------------------------------------------------

MONTHS = Param("months", 36, 1, MAX_MONTHS, integer=True, unit="months", meaning="months projected")


def _check_new_customers(value):
    if isinstance(value, _numbers.Real) and not isinstance(value, bool):
        return check_number("new_customers", value, low=0, high=MAX_CUSTOMERS)
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        raise TypeError(f"new_customers must be one number or a sequence of one number a month (got {value!r})")
    return check_array("new_customers", value, low=0, high=MAX_CUSTOMERS)


NEW_CUSTOMERS = Given("new_customers", _check_new_customers, example_=lambda: 100,
                      meaning="new customers each month: one number, or one a month",
                      bad=("many", None, True, -1, math.nan, MAX_CUSTOMERS * 10, [1.0, math.nan], ["x"], [-1.0]))
PNL_CHURN = replace(CHURN, default=None, optional=True,
                    meaning="constant monthly churn (None: 0.05, unless a survival curve is given)")
SYSTEMISED = Flag("systemised", meaning="support is systemised: a fixed cost and a lower cost per customer")

#: the costs and prices of project_pnl, written into its signature
PNL = ParamSet("project_pnl", [
    replace(ARPU, meaning="monthly price per customer at tenure 0"),
    replace(EXPANSION, meaning="monthly growth of the price with tenure (an assumption, no cap)"),
    replace(MARGIN, default=0.8),
    replace(CAC, meaning="acquisition cost per new customer, paid in the month they join"),
    _yen("retention_cost", 0.0, "customer-success cost per active customer a month"),
    SUPPORT_COST,
    _yen("onboarding_cost", 0.0, "one-off care per new customer before revenue, paid in the month they join"),
    SYSTEMISATION_FIXED_COST,
    replace(SYSTEMISED_SUPPORT_COST, default=None, optional=True,
            meaning="support cost per customer a month when systemised (required then)"),
    FIXED_COST,
    DISCOUNT_RATE,
])


def _pnl_table_example() -> pd.DataFrame:
    from cslearn.value.pnl import project_pnl

    return project_pnl(12, 100, cac=50_000, fixed_cost=1_000_000).table


_PNL_COLUMNS = {"month": "count", "new": "number", "active": "number", "churned": "number", "customers": "number",
                "mrr": "number", "revenue": "number", "gross_profit": "number", "acquisition_cost": "number",
                "retention_cost": "number", "support_cost": "number", "systemisation_cost": "number",
                "fixed_cost": "number", "profit": "number", "cumulative_cash": "number"}


def pnl_table(*columns: str, name: str = "table") -> Table:
    """``project_pnl(...).table`` as an argument that needs ``columns``."""
    optional = {c: "number" for c in ("onboarding_cost", "cumulative_discounted_cash") if c not in columns}
    return Table(name, columns={c: _PNL_COLUMNS[c] for c in columns}, optional_columns=optional,
                 example_=_pnl_table_example, meaning="the monthly table of project_pnl(...)")


def _check_statement_months(value):
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)):
        raise TypeError(f"months must be a month (a whole number of at least 1) or a list of them (got {value!r})")
    items = np.atleast_1d(np.asarray(value, dtype=object)).tolist()
    if not items:
        raise TypeError(f"months must be a month (a whole number of at least 1) or a list of them (got {value!r})")
    for item in items:
        check_int("months", item, low=1, high=MAX_MONTHS)
    return value


STATEMENT_MONTHS = Given("months", _check_statement_months, default=None,
                         meaning="months (from 1) to show; None: 1, 3, 6, 12, every 12th and the last",
                         bad=("12", 0, 2.5, True, [1, 0], [1.5], {"m": 1}, []))
SUPPORT_CUSTOMERS = numbers(Param("customers", low=0, high=MAX_CUSTOMERS, unit="customers",
                                  meaning="customer counts to cost (one number or a sequence)"), example=[1_000, 5_000])
COHORT_VALUES = Choice("values", options=("customers", "active", "churned", "revenue"),
                       meaning="what each cell of the cohort matrix counts")

# --- otv.py ---------------------------------------------------------------------------------------

SIM_MONTHS = Param("months", 12, 1, SIM_MAX_MONTHS, integer=True, unit="months", meaning="months simulated")
PATHS = Param("paths", 1_000, 1, MAX_PATHS, integer=True, unit="futures", meaning="futures simulated")
START_MONTH = Param("start_month", 1, 1, 12, integer=True, unit="calendar month",
                    meaning="calendar month of month 1 (1 = January)")
BUSINESS_MARGIN = replace(MARGIN, default=0.5, kind="chosen")
BUSINESS_FIXED_COST = replace(FIXED_COST, default=4_000_000, kind="chosen",
                              meaning="staff and stock paid every month whatever comes",
                              view=(0, 8_000_000), step=250_000)
SEASONALITY = Values("seasonality", low=0, min_length=12, max_length=12,
                     meaning="twelve multipliers of demand, January first (rescaled to mean 1)",
                     example_=(1.0,) * 12)
DEMAND_CV = Param("demand_cv", 0.25, 0, 5, unit="share", kind="assumption",
                  meaning="month-to-month uncertainty of the shop's demand (coefficient of variation)",
                  view=(0.0, 0.6), step=0.05)

#: the shop of simulate_shot_business (its seasonality is a sequence, declared apart)
SHOP = ParamSet("shot_business", [
    Param("customers", 1_000, 0, MAX_CUSTOMERS, unit="customers", kind="chosen",
          meaning="average buyers a month over a year"),
    _yen("price", 10_000, "yen per purchase", kind="chosen"),
    BUSINESS_MARGIN,
    BUSINESS_FIXED_COST,
    DEMAND_CV,
    START_MONTH,
])
#: the subscription of simulate_subscription_business
MEMBERSHIP = ParamSet("subscription_business", [
    Param("members", 1_000, 0, MAX_CUSTOMERS, integer=True, unit="members", kind="chosen",
          meaning="members today"),
    _yen("fee", 10_000, "monthly fee", kind="chosen"),
    replace(CHURN, default=0.03),
    Param("new_members", None, 0, MAX_CUSTOMERS, unit="members a month", optional=True,
          meaning="new members a month on average (None: members x churn, a steady base)"),
    BUSINESS_MARGIN,
    BUSINESS_FIXED_COST,
    START_MONTH,
])
DRAWS = Param("draws", 10_000, 2, MAX_PATHS, integer=True, unit="futures", meaning="futures of next month drawn")
RNG = Rng()


def _settings(name: str, declared: ParamSet, extra: Mapping[str, Any]) -> Callable:
    """A check of a dict of settings for a simulator (``shot=`` or ``subscription=``)."""

    def check(value):
        if value is None:
            return None
        if not isinstance(value, dict):
            raise TypeError(f"{name} must be a dict of settings or None (got {type(value).__name__})")
        for fixed in ("months", "paths", "rng"):
            if fixed in value:
                raise ValueError(f"{name} must not set {fixed!r}: next_month_draws sets it")
        numbers_ = {key: item for key, item in value.items() if key not in extra}
        try:
            declared.resolve(numbers_)
            for key, declaration in extra.items():
                if key in value:
                    declaration.check(value[key])
        except (TypeError, ValueError) as error:
            raise type(error)(f"{name}: {error}") from None
        return value

    return check


SHOT_SETTINGS = Given("shot", _settings("shot", SHOP, {"seasonality": SEASONALITY}), default=None,
                      meaning="settings of simulate_shot_business (None: the chapter's shop)",
                      bad=("shop", 3, [1], {"months": 2}, {"colour": 1}, {"price": -1}, {"seasonality": [1.0]}))
SUBSCRIPTION_SETTINGS = Given("subscription", _settings("subscription", MEMBERSHIP, {}), default=None,
                              meaning="settings of simulate_subscription_business (None: the chapter's)",
                              bad=("members", 3, [1], {"paths": 2}, {"colour": 1}, {"churn": 1.5}))
POSITIVE_MARGIN = Param("margin", 0.5, 0, 1, unit="share", low_open=True, meaning="gross margin, above 0")

# --- growth.py ------------------------------------------------------------------------------------

GROWTH_MONTHS = replace(SIM_MONTHS, default=60, view=(12, 120), step=6)
CARE_SHARE = _share("care_share", 0.0, "share of the month's budget set aside for customer success")
UPSELL_SHARE = _share("upsell_share", 0.0, "share of the month's budget set aside for upgrades")


def _shares_add_up(values: dict) -> None:
    care, upsell = values.get("care_share", 0.0), values.get("upsell_share", 0.0)
    if care + upsell > 1 + 1e-12:
        raise ValueError(f"care_share + upsell_share must be at most 1 (got {care:g} + {upsell:g} = {care + upsell:g})")


def _care_lowers_churn(values: dict) -> None:
    if values.get("care_share", 0.0) > 0 and values["cared_churn"] > values["churn"]:
        raise ValueError(
            f"cared_churn must not exceed churn: care cannot make customers leave faster "
            f"(got cared_churn {values['cared_churn']:g} > churn {values['churn']:g})"
        )


_POSITIVE_YEN = {"low_open": True, "unit": "yen", "kind": "assumption"}
#: the settings of simulate_growth (illustrative assumptions, not data), in the order GROWTH_DEFAULTS shows them
GROWTH = ParamSet("growth", [
    _yen("budget", 3_000_000, "budget spent every month (month 1's when reinvested)", kind="assumption"),
    Param("customers", 1_000, 0, MAX_CUSTOMERS, unit="customers", kind="assumption",
          meaning="customers at the start"),
    replace(ARPU, kind="assumption"),
    replace(MARGIN, default=0.8),
    replace(CHURN, view=(0.005, 0.2), step=0.005),
    Param("cac", 50_000, MIN_CAC, MAX_YEN, meaning="acquisition cost of one new customer, at least 1 yen",
          unit="yen", kind="assumption",
          view=(5_000, 200_000), step=5_000),
    Param("care_cost", 1_000, 0, MAX_YEN, meaning="customer success per covered customer a month, above 0",
           **_POSITIVE_YEN, view=(100, 5_000), step=100),
    replace(_share("cared_churn", 0.02, "monthly churn of a customer covered by care (at most churn)"),
            view=(0.0, 0.2), step=0.005),
    Param("upsell_cost", None, 0, MAX_YEN, optional=True,
           meaning="cost of one upgrade, above 0 (None: 40 % of the CAC)", **_POSITIVE_YEN),
    _yen("upgrade_arpu", 3_000, "monthly price an upgrade adds", kind="assumption"),
    _share("upsell_rate", 0.02, "share of cared-for customers ready to upgrade each month"),
    replace(_share("uncared_upsell_rate", 0.0, "share of the other customers ready to upgrade each month"),
            view=(0.0, 0.05), step=0.005),
    CARE_SHARE,
    UPSELL_SHARE,
], rules=[_shares_add_up, _care_lowers_churn])
REINVEST = Flag("reinvest", meaning="spend the same share of gross profit every month (the budget moves with MRR)")
#: retention-first's shares in compare_growth and its solvers
RETENTION_CARE_SHARE = replace(CARE_SHARE, default=0.4, step=0.05)
RETENTION_UPSELL_SHARE = replace(UPSELL_SHARE, default=0.2, step=0.05)
#: the settings compare_growth passes on to simulate_growth (the shares are its own)
SETTINGS = GROWTH.without("care_share", "upsell_share", name="growth_settings")
CARE_SOLVED = GROWTH.without("care_share", "upsell_share", "care_cost", name="growth_settings_care_solved")
UPSELL_SOLVED = GROWTH.without("care_share", "upsell_share", "upsell_cost", name="growth_settings_upsell_solved")
MEASURE = Choice("measure", options=("cumulative_profit", "mrr", "customers", "revenue"),
                 meaning="what retention-first must be ahead in")
HIGH = Param("high", 100_000, 0, MAX_YEN, optional=True, meaning="the highest cost searched, above 0",
              **_POSITIVE_YEN)
MONTH = Param("month", low=1, high=SIM_MAX_MONTHS, integer=True, unit="month", example_=1,
               meaning="a month of the comparison")
GROWTH_COLUMN = Choice("column", options=("customers", "mrr", "revenue", "arpu"), meaning="what grows")
OVER = Param("over", 12, 1, SIM_MAX_MONTHS, integer=True, unit="months", meaning="months the growth rate averages")

# --- plots.py -------------------------------------------------------------------------------------

AX = Axes()


def _check_summary(value):
    if value is not None and not isinstance(value, pd.Series):
        raise TypeError(f"summary must be the Series project_pnl(...).summary or None (got {type(value).__name__})")
    return value


SUMMARY = Given("summary", _check_summary, default=None, meaning="project_pnl(...).summary, to mark the J-curve",
                bad=("summary", 3, [1.0], {"ltv": 1.0}))


def _check_axes(count: int | None):
    def check(value):
        from matplotlib.axes import Axes as MatplotlibAxes

        if value is None:
            return None
        items = np.asarray(value, dtype=object).reshape(-1)
        if (count is not None and items.size != count) or not all(isinstance(ax, MatplotlibAxes) for ax in items):
            wanted = f"exactly {count}" if count is not None else "one per business, only"
            raise ValueError(f"axes must hold {wanted} matplotlib Axes (got {items.size} items)")
        return value

    return check


THREE_AXES = Given("axes", _check_axes(3), default=None, meaning="three Axes to draw on (None: a new figure)",
                   bad=("axes", 3, [None, None, None], [1, 2]))
PLOTTED_AXES = Given("axes", _check_axes(3), meaning="the three Axes plot_pnl drew",
                     example_=lambda: __import__("cslearn.value.plots", fromlist=["plot_pnl"]).plot_pnl(
                         _pnl_table_example()),
                     bad=("axes", 3, [None, None, None], [1, 2]))
BUSINESS_AXES = Given("axes", _check_axes(None), default=None,
                      meaning="one Axes per business, sorted by name (None: a new figure)", bad=("axes", 3, [None, 1]))


def _draws_example() -> pd.DataFrame:
    from cslearn.value.otv import next_month_draws

    return next_month_draws(200, rng=0)


NEXT_MONTH_DRAWS = Table("draws", columns={"business": "text", "revenue": "number"}, example_=_draws_example,
                         meaning="the futures of next_month_draws(...)")
BINS = Param("bins", 60, 1, 10_000, integer=True, unit="bins", meaning="bars of each histogram")
LOSS_BELOW = Param("loss_below", None, 0, MAX_YEN, unit="yen", optional=True,
                   meaning="revenue below which a month is a loss (None: no line)")


def _growth_example() -> pd.DataFrame:
    from cslearn.value.growth import compare_growth

    return compare_growth(12).table


GROWTH_TABLE = Table("table", columns={"month": "count", "strategy": "text", "customers": "number", "mrr": "number",
                                       "revenue": "number", "cumulative_profit": "number", "arpu": "number",
                                       "churn": "share"},
                     example_=_growth_example, meaning="the table of compare_growth(...)")
PLOT_GROWTH_COLUMN = Choice("column", options=("customers", "mrr", "revenue", "cumulative_profit", "arpu", "churn"),
                            meaning="the line drawn")


def _support_example() -> pd.DataFrame:
    from cslearn.value.pnl import compare_support_costs

    return compare_support_costs([0, 1_000, 2_000, 3_000], 1_000, 200, 1_500_000)


SUPPORT_TABLE = Table("table", columns={"customers": "number", "by_hand": "number", "systemised": "number"},
                      example_=_support_example, meaning="the table of compare_support_costs(...)")

# --- explorers.py ---------------------------------------------------------------------------------

#: the P&L explorer's starting values (the chapter's business): the same declarations, other defaults
PNL_EXPLORER = ParamSet("pnl_explorer", [
    replace(CHURN, meaning="monthly churn", view=(0.0, 0.3), step=0.005),
    replace(PNL["arpu"], view=(500, 50_000), step=500),
    replace(PNL["expansion"], view=(0.0, 0.03), step=0.001),
    replace(PNL["margin"], view=(0.1, 1.0), step=0.05),
    replace(PNL["cac"], view=(0, 300_000), step=5_000),
    replace(SUPPORT_COST, default=1_000, view=(0, 5_000), step=100),
    replace(SYSTEMISED_SUPPORT_COST, default=200, view=(0, 5_000), step=100),
    replace(SYSTEMISATION_FIXED_COST, default=300_000, view=(0, 10_000_000), step=100_000),
    replace(DISCOUNT_RATE, view=(0.0, 0.03), step=0.001),
    replace(FIXED_COST, default=1_000_000),
    PNL["retention_cost"],
    replace(PNL["onboarding_cost"], view=(0, 100_000), step=5_000),
])
EXPLORER_MONTHS = replace(MONTHS, default=60, view=(12, 120), step=6)
EXPLORER_NEW_CUSTOMERS = Param("new_customers", 100, 0, MAX_CUSTOMERS, unit="customers a month",
                               meaning="new customers each month", view=(0, 1_000), step=10)
CALENDAR_MONTH = replace(START_MONTH, name="month", default=1, meaning="next month, on the calendar (1 = January)")
SWING = Param("swing", 1.0, 0, 10, unit="times", meaning="depth of the seasons (0 flat, 1 the chapter's profile)",
              view=(0.0, 2.0), step=0.25)
EXPLORER_DRAWS = replace(DRAWS, default=4_000)


def _check_projection(value):
    table, summary = getattr(value, "table", None), getattr(value, "summary", None)
    if not isinstance(table, pd.DataFrame) or not isinstance(summary, pd.Series):
        raise TypeError(f"result must be a projection with .table and .summary, as project_pnl returns "
                        f"(got {type(value).__name__})")
    return value


PROJECTION = Given("result", _check_projection, meaning="what compute returned: project_pnl(...) or alike",
                   example_=lambda: __import__("cslearn.value.pnl", fromlist=["project_pnl"]).project_pnl(12, 100),
                   bad=(None, "table", 3, pd.DataFrame()))
