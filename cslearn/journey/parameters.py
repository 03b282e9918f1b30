"""Chapter 06's arguments, each declared once: what it means and the values it accepts.

Every public function of :mod:`cslearn.journey` checks its arguments against these declarations
(``cslearn.params.checked``, and ``ParamSet.keywords`` where a model's parameters are written into
the signature from one declaration), so a bad value is refused before any work with an error that
names the argument and what it accepts. An argument that means the same in several functions (the
paying members' monthly ``churn``, the ``months`` of a table, the ``ladder`` of stages, the plots'
``ax``) is declared here once and reused.

The numbers of the models (the party's expectation, the conversion of free members, the share of
members with a new need) are **assumptions of the course** (``kind``); the caps on sizes lie far
above anything the chapter, its exercises or the app use (the chapter's longest table is 600 months
of the ladder simulated for 20,000 students).

>>> MONTHS.check(10**12)
Traceback (most recent call last):
...
ValueError: months must be a whole number between 1 and 10000 (got 1000000000000)
>>> sorted(PARTY)
['expectation', 'explanation_lift', 'quality', 'spread']
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, replace

import pandas as pd

from cslearn._validate import check_shares
from cslearn.params import Axes, Choice, Flag, Given, Param, ParamSet, Rng, Table, Values

#: no flat names: the declarations are read from this module
__all__: list[str] = []


def _share(name, default=None, meaning="", kind="assumption", **more):
    """A share or probability between 0 and 1 (``default`` None: the signature's)."""
    extra = {} if default is None else {"default": default}
    return Param(name, low=0, high=1, unit="share", meaning=meaning, kind=kind, step=0.01, **extra, **more)


def _text(name: str, what: str, *, optional: bool = False):
    """A check for an argument that is a non-empty piece of text (or None, if ``optional``)."""

    def check(value):
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be {what} (got {value!r} of type {type(value).__name__})")
        return value

    return check


@dataclass(frozen=True)
class _NonEmptyTable(Table):
    """A :class:`~cslearn.params.Table` that says in its own sentence why it may not be empty."""

    when_empty: str = ""

    def check(self, value):
        if isinstance(value, pd.DataFrame) and value.empty and not self.allow_empty:
            raise ValueError(f"{self.name} has no rows: {self.when_empty}")
        return super().check(value)


# --- shared across the chapter --------------------------------------------------------------------

RNG = Rng()
AX = Axes()
#: the cap on a price or a cost: a trillion yen (as in chapter 03), so that lifetime values stay finite
MAX_YEN = 1e12
#: the cap on people counted in a table (cancellations by reason): ten million, as for members
MAX_PEOPLE = 10_000_000
MONTHS = Param("months", low=1, high=10_000, integer=True, unit="months", meaning="months to follow")
CHURN = _share("churn", meaning="monthly chance that a paying member leaves")
PRICE = Param("price", low=0, high=MAX_YEN, unit="yen", meaning="monthly price")
DISCOUNT_RATE = Param("discount_rate", low=0, high=1, unit="share a month", meaning="monthly discount rate",
                      view=(0.0, 0.05), step=0.005)
MARGIN = _share("margin", meaning="gross margin: the share of the price the school keeps")

# --- expectation vs satisfaction (expectation.py) -------------------------------------------------

_ANSWERS = dict(low=0, high=10, max_length=1_000_000)
EXPECTATIONS = Values("expectation", example_=(3, 5, 8), **_ANSWERS,
                      meaning="each guest's expectation before, on the 0-10 scale")
SATISFACTIONS = Values("satisfaction", example_=(7, 5, 6), **_ANSWERS,
                       meaning="each guest's satisfaction after, on the 0-10 scale")
GUESTS = Param("guests", low=1, high=100_000, integer=True, unit="guests", meaning="guests surveyed")
#: the party of the chapter (C27): the guests' expectation, the wine's taste and the host's explanation
PARTY = ParamSet(
    "party_survey",
    [
        Param("expectation", 4.0, 0, 10, unit="score", meaning="mean expectation of the wine before (0-10)",
              source="alcohol-free wine expected to taste like sweet grape juice", step=0.5),
        Param("quality", 5.5, 0, 10, unit="score", meaning="mean taste of the wine, told nothing (0-10)", step=0.5),
        Param("explanation_lift", 2.0, -10, 10, unit="score",
              meaning="what the host's explanation adds to how much the wine is enjoyed", view=(0.0, 4.0), step=0.5),
        Param("spread", 1.5, 0, 5, unit="score", meaning="standard deviation of the answers between guests"),
    ],
)


def _survey_example() -> pd.DataFrame:
    from cslearn.journey.expectation import simulate_party_survey

    return simulate_party_survey(8, rng=3)


SURVEY = Table("survey", columns={"expectation": "number"}, example_=_survey_example,
               meaning="a survey with an expectation column and the satisfaction column named by satisfaction")
SATISFACTION_COLUMN = Given("satisfaction", _text("satisfaction", "the name of a column of survey"),
                            meaning="the column of survey holding the satisfaction after",
                            bad=(3, None, "", ["satisfaction_explained"], "no such column"))
SHIFTS = Values("expectation_shifts", low=-10, high=10, max_length=201, example_=(0,),
                meaning="moves of every expectation on the 0-10 scale, one scenario each")
DELIVERY_SHIFTS = replace(SHIFTS, name="delivery_shifts", meaning="moves of every satisfaction, one scenario each")

# --- the stage ladder (ladder.py) -----------------------------------------------------------------


def _ladder_example() -> pd.DataFrame:
    from cslearn.journey.ladder import dance_school_ladder

    return dance_school_ladder()


LADDER = Table("ladder", columns={"stage": "text", "price": "number", "advance": "share", "churn": "share"},
               ranges={"price": (0, MAX_YEN)},
               example_=_ladder_example,
               meaning="one row per stage: its monthly price, and the monthly chances to move up and to leave")
ADVANCE_SCALE = Param("advance_scale", low=0, high=10, meaning="multiplies every stage's chance to move up",
                      view=(0.0, 3.0), step=0.1)
CHURN_SCALE = Param("churn_scale", low=0, high=10, meaning="multiplies every stage's chance to leave",
                    view=(0.2, 3.0), step=0.1)
#: stages with a plan: at most the ladder's stages (the functions check that against the ladder)
PLANS = Param("plans", low=1, integer=True, optional=True, unit="stages",
              meaning="how many stages, from the first, have a plan (None: all of them)")
OUTGROWN_STAY = replace(
    _share("outgrown_stay", meaning="share of the students who outgrow the last plan and stay in it"), step=0.1
)
START = Given("start", _text("start", "the name of a stage of the ladder", optional=True),
              meaning="the stage the student starts in (None: the first)",
              bad=(3, True, ["beginner"], "no such stage"))
HORIZON = replace(MONTHS, name="horizon", optional=True, meaning="months to count (None: the whole life)")
CUSTOMERS = Param("customers", low=1, high=10_000_000, integer=True, unit="students", meaning="students to simulate")
GOAL = Given("goal", _text("goal", "the name of a stage of the ladder"), example_=lambda: "performing",
             meaning="the stage whose reach counts as the students' success", bad=(3, None, ["basics"], "expert"))
ADVANCE_SCALES = Values("advance_scales", low=0, high=10, max_length=1000, example_=(1.0, 1.5),
                        meaning="multiples of every stage's chance to move up, one row each")

# --- step delivery (delivery.py) ------------------------------------------------------------------

#: what a kind of message does to its recipients (the fields of MessagePlan)
OPEN_RATE = _share("open_rate", meaning="chance that a subscriber opens the first message")
FAMILIARITY = Param("familiarity", low=0, high=10, optional=True,
                    meaning="familiarity an opened message adds (None: 1 for a helpful one, 0.25 for an ad)",
                    view=(0.0, 2.0), step=0.05)
LIFT = _share("lift", meaning="open rate added per unit of familiarity", view=(0.0, 0.1))
FATIGUE = _share("fatigue", meaning="share of the open rate lost with each further message", view=(0.0, 0.4))
BLOCK_RATE = replace(_share("block_rate", meaning="share of the subscribers who block the sender after each message"),
                     view=(0.0, 0.2), step=0.005)
RETURN_RATE = _share("return_rate", meaning="chance that an opened message brings a return visit")
RETURN_LIFT = replace(_share("return_lift", meaning="return-visit chance added per unit of familiarity"),
                      view=(0.0, 0.02), step=0.001)
MAX_OPEN = _share("max_open", meaning="the highest open rate familiarity can bring")
MESSAGE_FIELDS = {p.name: p for p in (OPEN_RATE, LIFT, FATIGUE, BLOCK_RATE, RETURN_RATE, RETURN_LIFT, MAX_OPEN)}


def _message_plan():
    from cslearn.journey.delivery import MessagePlan

    return MessagePlan


def _check_plan(value):
    if not isinstance(value, _message_plan()):
        raise TypeError(f"plan must be a MessagePlan such as STEP_SERIES (got {type(value).__name__})")
    return value


def _check_plans(value):
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"plans must be a list or tuple of MessagePlans (got {type(value).__name__})")
    if not value:
        raise ValueError("plans must hold at least one MessagePlan (got none)")
    for index, plan in enumerate(value):
        if not isinstance(plan, _message_plan()):
            raise TypeError(f"plans must hold MessagePlans only (item {index} is {type(plan).__name__})")
    return value


def _step_series():
    from cslearn.journey.delivery import STEP_SERIES

    return STEP_SERIES


PLAN = Given("plan", _check_plan, example_=_step_series, meaning="a MessagePlan such as STEP_SERIES",
             bad=("step delivery", None, 3, {"open_rate": 0.6}))
MESSAGE_PLANS = Given("plans", _check_plans, meaning="the MessagePlans to compare",
                      bad=("step delivery", None, (), [3], ("ads",)))
MESSAGES = Param("messages", low=1, high=520, integer=True, unit="messages", meaning="messages in the series",
                 view=(2, 20))
#: an expected number of recipients (need not be whole)
RECIPIENTS = Param("recipients", low=0, high=10_000_000, unit="people", meaning="people the series is sent to")
SIMULATED_RECIPIENTS = replace(RECIPIENTS, low=1, integer=True)
FAN_THRESHOLD = Param("fan_threshold", low=0, high=520,
                      meaning="familiarity at which a recipient becomes a fan (greater than 0)")

# --- the service-building loop (service.py) -------------------------------------------------------

CONVERSION = _share("conversion", 0.08, "monthly share of the free members who start paying", view=(0.01, 0.3))
FREE_CHURN = _share("free_churn", 0.10, "monthly share of the free members who drift away without paying",
                    view=(0.0, 0.5))


def _conversion_and_free_churn(values: dict) -> None:
    check_shares(conversion=values["conversion"], free_churn=values["free_churn"])


#: free members of an MVP turning into paying ones (free_to_paid): every default an assumption
MVP = ParamSet(
    "free_to_paid",
    [
        Param("new_free", 50, 0, 10_000_000, unit="people a month", meaning="people who join free each month"),
        CONVERSION,
        replace(PRICE, default=5000, meaning="monthly price of the paid membership", view=(1000, 20_000), step=500),
        replace(CHURN, default=0.06, view=(0.02, 0.2)),
        FREE_CHURN,
    ],
    rules=[_conversion_and_free_churn],
)
FREE_MEMBERS = Param("free_members", low=0, high=10_000_000, unit="people", meaning="free members at the start")
MEMBERS = Param("members", low=1, high=10_000_000, integer=True, unit="members", meaning="paying members at the start")


def _reasons_example() -> pd.DataFrame:
    from cslearn.journey.service import CANCELLATION_REASONS

    return CANCELLATION_REASONS


def _log_example() -> pd.DataFrame:
    from cslearn.journey.service import simulate_cancellations

    return simulate_cancellations(100, rng=0)


def _tally_example() -> pd.DataFrame:
    from cslearn.journey.service import simulate_cancellations, tally_cancellations

    return tally_cancellations(simulate_cancellations(100, rng=0))


REASONS = Table("reasons", columns={"reason": "text", "share": "share", "fix": "text", "prevented_share": "share"},
                optional=True, example_=_reasons_example,
                meaning="why members cancel, the share of each reason and its fix (None: CANCELLATION_REASONS)")
LOG = Table("log", columns={"reason": "any"}, allow_empty=True, example_=_log_example,
            meaning="one row per cancellation (or question), with its reason; no rows: none")
TALLY = _NonEmptyTable(
    "tally", columns={"reason": "any", "cancellations": "count"}, example_=_tally_example,
    ranges={"cancellations": (0, MAX_PEOPLE)},
    meaning="cancellations by reason (tally_cancellations's table)",
    when_empty="with no cancellations there is nothing for a fix to recover (tally a log with at least one)",
)
#: a new business from a won share (new_business_from_share): every default an assumption
NEW_BUSINESS = ParamSet(
    "new_business",
    [
        replace(_share("need_share", 0.3, "share of the members who turn out to have the new need"), step=0.05),
        _share("take_up", 0.1, "share of those who take up the new service"),
        replace(PRICE, default=8000, meaning="monthly price of the new service", view=(1000, 30_000), step=500),
        replace(CHURN, default=0.1, meaning="monthly chance that a customer of the new service leaves",
                view=(0.01, 0.5)),
        Param("cac", 30_000, low=0, high=MAX_YEN, unit="yen", meaning="what acquiring one stranger as a customer costs",
              view=(0, 100_000), step=1000),
        replace(DISCOUNT_RATE, default=0.0),
    ],
)
MARKET = Param("market", 20_000, 0, 10_000_000_000, unit="people", kind="chosen",
               meaning="people in the market the service competes for")
SHARE = _share("share", meaning="share of the market the service has won", view=(0.0, 0.3))
_SHARE_VALUES = Values("shares", low=0, high=1, max_length=10_000)


def _check_shares(value):
    """One share (a number) or a sequence of them."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = [value]
    return _SHARE_VALUES.check(value)


SHARES = Given("shares", _check_shares, example_=lambda: (0.0, 0.05, 0.1),
               meaning="shares of the market won: one number or a sequence, each 0 to 1",
               bad=("a lot", None, True, 1.5, -0.1, [0.1, float("nan")], [], [[0.1]]))

# --- the business model in order (business_model.py) ----------------------------------------------

LANGUAGE = Choice("language", options=("en", "ja"), meaning="the language of the parts' names")
BUSINESS = Choice("name", options=("dance school", "online school"), meaning="one of ARTICLE_BUSINESSES")
CHECK = Flag("check", meaning="look up every function the table names (a renamed one is caught)")

# --- figures (plots.py) ---------------------------------------------------------------------------


def _what_if_example() -> pd.DataFrame:
    from cslearn.journey.expectation import experience_what_if

    return experience_what_if(_survey_example(), (-1, 0), (0, 1))


def _values_example() -> pd.DataFrame:
    from cslearn.journey.ladder import ladder_values

    return ladder_values(_ladder_example(), 4)


def _plan_values_example() -> pd.DataFrame:
    from cslearn.journey.ladder import plan_values

    return plan_values(_ladder_example())


def _occupancy_example() -> pd.DataFrame:
    from cslearn.journey.ladder import ladder_occupancy

    return ladder_occupancy(_ladder_example(), months=6)


def _delivery_example() -> pd.DataFrame:
    from cslearn.journey.delivery import compare_delivery

    return compare_delivery(4)


def _recovery_example() -> pd.DataFrame:
    from cslearn.journey.service import recovery_by_fix

    return recovery_by_fix(_tally_example())


def _mvp_example() -> pd.DataFrame:
    from cslearn.journey.service import free_to_paid

    return free_to_paid(months=4)


def _new_business_example() -> pd.DataFrame:
    from cslearn.journey.service import new_business_from_share

    return new_business_from_share(20_000, (0.0, 0.05, 0.1))


def _check_stage_names(value):
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, pd.Series, pd.Index)):
        raise TypeError(f"stage_ja must be a list of stage names (got {type(value).__name__})")
    for index, name in enumerate(value):
        if not isinstance(name, str):
            raise TypeError(f"stage_ja must hold names only (item {index} is {name!r})")
    return value


SCORES = Table("survey", columns={"score_silent": "number", "score_explained": "number"}, example_=_survey_example,
               ranges=dict.fromkeys(("score_silent", "score_explained"), (-10, 10)),  # satisfaction - expectation
               meaning="simulate_party_survey's table")
GRID = Table("grid", columns={"expectation_shift": "number", "delivery_shift": "number", "mean_score": "number"},
             example_=_what_if_example, meaning="experience_what_if's table")
STAGE_VALUES = Table("values", columns={"stage": "text", "offered": "any", "reach": "share",
                                        "expected_revenue": "number"},
                     example_=_values_example, meaning="ladder_values's table")
PLAN_TABLE = Table("table", columns={"plans": "count", "ltv": "number"}, example_=_plan_values_example,
                   meaning="plan_values's table")
CHOSEN_PLANS = Param("chosen", low=1, integer=True, optional=True, unit="stages",
                     meaning="the number of plans to highlight (None: none)")
OCCUPANCY = Table("occupancy", columns={"month": "number", "left": "share"}, other_columns="share",
                  example_=_occupancy_example, meaning="ladder_occupancy's table (a column per stage)")
STAGE_JA = Given("stage_ja", _check_stage_names, meaning="the stages' Japanese names, in order (None: English)",
                 bad=(3, "初心者", [1, 2], {"beginner": "初心者"}))
DELIVERY_TABLE = Table("table", columns={"message": "number", "plan": "text"},
                       optional_columns={"open_rate": "share", "cumulative_returns": "number", "fans": "number",
                                         "returns": "number", "subscribers": "number"},
                       example_=_delivery_example, meaning="compare_delivery's table")
DELIVERY_COLUMN = Choice("column", options=("open_rate", "cumulative_returns", "fans", "returns", "subscribers"),
                         meaning="the column of the table to draw")
RECOVERY_TABLE = Table("table", columns={"fix": "text", "recovered": "number"},
                       optional_columns={"fix_ja": "text", "net": "number"}, example_=_recovery_example,
                       meaning="recovery_by_fix's table")
MVP_TABLE = Table("table", columns={"month": "number", "free": "number", "paid": "number"}, example_=_mvp_example,
                  meaning="free_to_paid's table")
NEW_BUSINESS_TABLE = Table("table", columns={"share": "share", "lifetime_revenue": "number",
                                             "acquisition_saved": "number"},
                           example_=_new_business_example, meaning="new_business_from_share's table")
CHOSEN_SHARE = replace(SHARE, name="chosen", optional=True, meaning="the share to mark (None: none)")
