"""Chapter 01's arguments, each declared once: what it means and the values it accepts.

Every public function of :mod:`cslearn.ownership` checks its arguments against these declarations
(``cslearn.params.checked``; ``ParamSet.keywords`` writes the budget model's and the route seller's
settings into the signatures from one declaration), so a bad value is refused before any work with
an error that names the argument and what it accepts. An argument that means the same in several
functions (the months, the churn, the margin, the acquisition share) is declared here once.

The defaults of the two models are the chapter's business: ``"article"`` where *Customer Success??*
gives the figure (the 1:5 rule), ``"chosen"`` where the course picked a round number, and
``"assumption"`` for behaviour a learner should vary. The caps on sizes (months, shares on a grid)
lie far above anything the chapter, its exercises or the app use.

>>> BUDGET["cost_ratio"].default, BUDGET["cost_ratio"].kind
(5.0, 'article')
>>> BUDGET["cac"].check(0.5)
Traceback (most recent call last):
...
ValueError: cac must be between 1 and 1e+12 (got 0.5)
>>> MONTHS.check(10**12)
Traceback (most recent call last):
...
ValueError: months must be a whole number between 1 and 1200 (got 1000000000000)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from cslearn.params import NO_DEFAULT, Axes, Choice, Param, ParamSet, Table, Values

#: no flat names: the declarations are read from this module
__all__: list[str] = []

#: the longest horizon in months (100 years; the chapter shows at most 60)
MAX_MONTHS = 1200
#: the most acquisition shares compared at once (the chapter's finest grid has 1,001)
MAX_SHARES = 10_001
#: the cap on a price, a fee, a cost or a budget: a trillion yen (as in chapter 03), so that sums over
#: customers and months stay finite
MAX_YEN = 1e12
#: the cap on customers or households (a hundred million, about Japan's population)
MAX_CUSTOMERS = 100_000_000
#: the least cost of winning a customer: one yen (a budget divided by a CAC near 0 overflows)
MIN_CAC = 1


@dataclass(frozen=True)
class Positives(Values):
    """:class:`~cslearn.params.Values` each greater than ``low`` (``low`` itself refused)."""

    def check(self, value):
        array = super().check(value)
        if array is not None and self.low is not None and (array <= self.low).any():
            bad = int(np.argmax(array <= self.low))
            raise ValueError(f"every value of {self.name} must be greater than {self.low:g} "
                             f"(item {bad} is {array[bad]:g})")
        return array


def _share(name, default, meaning, kind="assumption", source="", **view):
    return Param(name, default, 0, 1, unit="share", meaning=meaning, kind=kind, source=source, **view)


def _yen(name, default, meaning, kind="chosen", source="", positive=False, **view):
    return Param(name, default, 0, MAX_YEN, unit="yen", meaning=meaning, kind=kind, source=source, low_open=positive,
                 **view)


# --- meant the same wherever they appear ------------------------------------------------------------

MONTHS = Param("months", low=1, high=MAX_MONTHS, integer=True, unit="months", kind="chosen",
               meaning="months simulated (the horizon)", view=(6, 60), step=1)
CHURN = Param("churn", low=0, high=1, unit="share", meaning="share of customers who leave each month",
              view=(0.0, 0.5), step=0.01)
MARGIN = Param("margin", low=0, high=1, unit="share", kind="chosen", meaning="gross margin on revenue")
ACQUISITION_SHARE = Param("acquisition_share", low=0, high=1, unit="share", kind="chosen",
                          meaning="share of the monthly budget spent on winning new customers (the rest keeps them)",
                          step=0.05)
AX = Axes()

# --- buy once or pay monthly (C1) -------------------------------------------------------------------

PRICE_ONCE = Param("price_once", low=0, high=MAX_YEN, unit="yen", example_=3000, meaning="the one-off price",
                   view=(500, 20_000), step=100)
MONTHLY_FEE = Param("monthly_fee", low=0, high=MAX_YEN, low_open=True, unit="yen", example_=980,
                     meaning="the monthly fee (greater than 0)", view=(100, 5000), step=10)

# --- where the budget goes (C2, C3) -----------------------------------------------------------------

CAC = Param("cac", 20_000, MIN_CAC, MAX_YEN, unit="yen", kind="chosen",
            meaning="cost of winning one new customer (at least 1 yen)")
COST_RATIO = Param("cost_ratio", 5.0, 0, None, low_open=True, unit="times", kind="article",
                    source="the 1:5 rule: winning a customer costs five times keeping one",
                    meaning="cost of winning a customer divided by the cost of keeping one", view=(0.5, 10.0), step=0.5)

#: the budget model's settings: budget_split and its comparisons take these as keywords
BUDGET = ParamSet(
    "budget_split",
    [
        _yen("budget", 1_000_000, "marketing budget a month"),
        replace(MONTHS, default=24),
        Param("start_customers", 1000, 0, MAX_CUSTOMERS, unit="customers", kind="chosen",
              meaning="customers at the start (an expected number, need not be whole)"),
        replace(CHURN, default=0.05, view=(0.01, 0.2)),
        CAC,
        COST_RATIO,
        _yen("arpu", 10_000, "revenue a month from an established customer"),
        replace(MARGIN, default=0.6),
        Param("new_customer_value", 1.0, 0, 100, unit="times", kind="assumption",
              source="Customer Success?? says newcomers are less profitable but gives no number; "
                     "chapter 01 passes 0.5",
              meaning="what a newcomer earns, as a multiple of an established customer's revenue",
              view=(0.0, 1.5), step=0.05),
        Param("new_customer_months", 12, 1, MAX_MONTHS, integer=True, unit="months", kind="assumption",
              meaning="months a customer counts as a newcomer (counting the month they were won)"),
    ],
)
#: the settings less the one best_split_by_cost_ratio varies
BUDGET_BUT_COST_RATIO = BUDGET.without("cost_ratio", name="budget_split less cost_ratio")

SHARES = Values("shares", low=0, high=1, max_length=MAX_SHARES, optional=True, example_=(0.0, 0.5, 1.0),
                meaning="acquisition shares to compare (None: 0, 0.05, ..., 1)")
#: the settings best_split_by may vary, in the order its error lists them
SETTING = Choice("setting", options=tuple(name for name in BUDGET if name != "months") + ("months",),
                 meaning="the setting of budget_split to vary")
SETTING_VALUES = Values("values", max_length=MAX_SHARES, example_=(1.0, 0.5),
                        meaning="the values the setting takes, one best split each")
RATIOS = Positives("ratios", low=0, max_length=MAX_SHARES, optional=True, example_=(1.0, 5.0),
                   meaning="cost ratios to compare, each greater than 0 (None: 0.5, 1, ..., 10)")
AT_RISK = Param("at_risk", low=0, high=MAX_CUSTOMERS, unit="customers", example_=50,
                 meaning="customers who would leave this month without retention spending")
#: optimal_retention_spend takes cac and cost_ratio without defaults
RULE_CAC = replace(CAC, default=NO_DEFAULT, example_=20_000)
RULE_COST_RATIO = replace(COST_RATIO, default=NO_DEFAULT, example_=5.0)


def _spending_example() -> pd.DataFrame:
    return pd.DataFrame({"item": ["portal", "birthday coupon"], "stage": ["before", "after"],
                         "monthly_spend": [150_000, 50_000]})


SPENDING = Table("spending", columns={"item": "any", "stage": "text", "monthly_spend": "number"},
                 example_=_spending_example,
                 meaning="one row per marketing spend: item, stage ('before' or 'after' the first visit), yen a month")

# --- farming, not hunting (C4) ----------------------------------------------------------------------

ANTICIPATION = _share("anticipation", NO_DEFAULT, "share of shortages the seller prevents by restocking ahead "
                                                  "(0 = waits to be asked)", step=0.05)

#: the route seller's settings: route_sales and the comparisons take these as keywords
ROUTE = ParamSet(
    "route_sales",
    [
        Param("households", 100, 0, MAX_CUSTOMERS, unit="households", kind="chosen",
              meaning="regular households at the start (an expected number, need not be whole)"),
        replace(MONTHS, default=24),
        _yen("order", 3000, "one household's order a month"),
        replace(MARGIN, default=0.3),
        _share("caught_short", 0.3, "share of households that would run out before the seller calls", step=0.05),
        _share("buy_elsewhere", 0.5, "of those caught short, the share who buy that month's order at another shop"),
        _share("switch", 0.2, "of those who buy elsewhere, the share who stay with the other shop", step=0.05),
        _yen("care_cost", 300, "cost of keeping track of one household a month at full anticipation",
             view=(0, 1000), step=10),
    ],
)

# --- who is a customer (C5), the survey ---------------------------------------------------------------


def _people_example() -> pd.DataFrame:
    return pd.DataFrame({"has_bought": [True, False], "known_face": [True, True], "usage_known": [True, False]})


#: its columns hold True/False: classify_relationships checks that itself (no column kind says it)
PEOPLE = Table("people", columns=dict.fromkeys(("has_bought", "known_face", "usage_known"), "any"),
               example_=_people_example, meaning="one row per person, three True/False columns")


def _survey_example() -> pd.DataFrame:
    from cslearn.data import load_dataset

    return load_dataset("cs_awareness_survey_2021")


SURVEY = Table("survey", columns={"item": "text", "base": "text", "share": "share"}, example_=_survey_example,
               meaning="the survey's items, the base each share applies to ('all', 'aware', ...) and the shares")
RESPONDENTS = Param("respondents", low=1, integer=True, unit="people", kind="article",
                    meaning="people who answered the survey")

# --- the figures ---------------------------------------------------------------------------------------


def _ownership_example() -> pd.DataFrame:
    from cslearn.ownership.compute import ownership_vs_access

    return ownership_vs_access(3000, 980, months=12, churn=0.05)


OWNERSHIP_TABLE = Table("table", columns={"month": "count", "buy_once": "number", "subscribe": "number",
                                          "subscribe_expected": "number"},
                        example_=_ownership_example, meaning="ownership_vs_access's table")
BREAK_EVEN = Param("break_even", low=1, integer=True, optional=True, unit="month",
                   meaning="the customer's break-even month to mark (None: no mark)")
SELLER_BREAK_EVEN = replace(BREAK_EVEN, name="seller_break_even",
                            meaning="the seller's break-even month to mark when it differs (None: no mark)")

#: the columns of budget_split a figure can show (each has a label)
BUDGET_COLUMNS = ("customers", "revenue", "profit", "cumulative_profit")


def _paths_example() -> pd.DataFrame:
    from cslearn.ownership.compute import budget_split

    return budget_split(0.6, months=6).assign(acquisition_share=0.6)


PATHS = Table("paths", columns={"month": "count", "acquisition_share": "share",
                                **dict.fromkeys(BUDGET_COLUMNS, "number")},
              example_=_paths_example, meaning="budget_split tables, one per share, with acquisition_share")
BUDGET_COLUMN = Choice("column", options=BUDGET_COLUMNS, meaning="the column drawn")


def _splits_example() -> pd.DataFrame:
    from cslearn.ownership.compute import compare_budget_splits

    return compare_budget_splits(months=6)


SPLITS = Table("splits", columns={"acquisition_share": "share", "cumulative_profit": "number"},
               example_=_splits_example, meaning="compare_budget_splits's table")
CHOSEN = replace(ACQUISITION_SHARE, name="chosen", optional=True,
                 meaning="an acquisition share to mark (None: no mark)")


def _counts_example() -> pd.DataFrame:
    from cslearn.ownership.compute import survey_counts

    return survey_counts(_survey_example())


COUNTS = Table("counts", columns={"item": "text", "item_ja": "text", "base": "text", "share": "share",
                                  "people": "number_or_nan"},
               example_=_counts_example, meaning="survey_counts's table (people is empty where the base is not stated)")

#: the columns of route_sales a figure can show (each has a label)
ROUTE_COLUMNS = ("households", "revenue", "profit", "cumulative_profit")


def _route_example(anticipation: float):
    def example() -> pd.DataFrame:
        from cslearn.ownership.compute import route_sales

        return route_sales(anticipation, months=12)

    return example


WAIT = Table("wait", columns={"month": "count", **dict.fromkeys(ROUTE_COLUMNS, "number")},
             example_=_route_example(0.0), meaning="route_sales's table for the seller who waits to be asked")
AHEAD = replace(WAIT, name="ahead", example_=_route_example(0.9),
                meaning="route_sales's table for the seller who restocks ahead")
ROUTE_COLUMN = Choice("column", options=ROUTE_COLUMNS, meaning="the column drawn")
PAYS_FROM = Param("pays_from", low=1, integer=True, optional=True, unit="month",
                  meaning="the month from which restocking ahead is ahead, to mark (None: no mark)")
