"""Every business model's parameters, each declared once (default, range, unit, meaning, kind).

One :class:`cslearn.params.ParamSet` per model. It feeds the simulator and its expected-value twin
(signature, defaults, checks: ``ParamSet.resolve``), the registry (``ModelSpec.parameters``,
``model_parameters``), the explorers' sliders (``Param.slider_spec``) and the bad-input errors.
``kind`` says where a default comes from: ``"article"`` (a figure of *Customer Success??*),
``"chosen"`` (picked for illustration) or ``"assumption"`` (a behavioural rate to vary); ``source``
adds the detail.

The chapter's other arguments are declared here too, once each, and listed by the functions that
take them with :func:`cslearn.params.checked`: the sizes (``N_CUSTOMERS``, ``MONTHS``, capped),
``RNG``, ``DETAIL``, ``METHOD``, the model names (``MODEL``, ``NAMES``), the per-model overrides
(``PARAMS``), the after-purchase businesses and their assumed figures (``AFTER_PURCHASE``), and the
figures' tables and options.

>>> SHOT["price"].default, SHOT["price"].kind
(10000, 'article')
>>> list(OWNER)[:3]
['owner_fee', 'course_price', 'owner_price']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np

from cslearn.params import NO_DEFAULT, Axes, Choice, Flag, Given, Param, ParamSet, Rng, Table, at_most

#: no flat names: the declarations are read as ``MODELS[name].parameters`` or from this module
__all__: list[str] = []

#: the cap on a price, a fee or a cost: a trillion yen (as in chapter 03), so that sums over customers and
#: months stay finite
MAX_YEN = 1e12


def _share(name, default, meaning, source="", kind="assumption"):
    return Param(name, default, 0, 1, unit="share", meaning=meaning, kind=kind, source=source, step=0.01)


def _yen(name, default, meaning, kind, source="", view=(0, 30_000), step=500):
    return Param(name, default, 0, MAX_YEN, unit="yen", meaning=meaning, kind=kind, source=source, view=view,
                 step=step)


# parameters that mean the same in several models
RETURN_PROB = _share("return_prob", 0.10, "monthly chance of coming back without any pull")
LAPSE = _share("lapse", 0.05, "monthly chance of leaving for good")
CHURN = _share("churn", 0.05, "monthly chance that a member cancels")
FEE = _yen(
    "fee",
    10_000,
    "monthly fee in yen: the LTV example of *Customer Success??* (1,000 members x 10,000 yen), not a gym's price",
    "chosen",
    view=(500, 30_000),
)
VISIT_RATE = Param("visit_rate", 4.0, 0, 62, unit="visits a month", meaning="mean visits a month of a member",
                   kind="assumption", view=(0, 8), step=0.5)
MAX_VISITS = Param("max_visits", 8, 1, 62, unit="visits", meaning="most visits in a month", kind="chosen",
                   integer=True, view=(1, 31))
PRICE = _yen("price", 10_000, "yen per treatment", "article", "the esthetic salon's list price for one treatment",
             view=(1_000, 30_000))

SHOT = ParamSet("shot", [PRICE, RETURN_PROB, LAPSE])

SUBSCRIPTION = ParamSet(
    "subscription",
    [
        FEE,
        _yen("joining_fee", 0, "one-off joining fee; 0 = a low entry hurdle", "chosen",
             "入会金; 0 is the low entry barrier the article recommends"),
        CHURN,
        VISIT_RATE,
        MAX_VISITS,
    ],
    rules=[at_most("visit_rate", "max_visits")],
)

CONSTANT = ParamSet(
    "constant",
    [
        _yen("unit_price", 2_500, "yen per use (4 uses = the 10,000-yen fee)", "chosen",
             "not from the article: 4 uses a month cost the subscription's 10,000 yen", view=(0, 10_000), step=100),
        Param("usage_rate", 4.0, 0, 62, unit="uses a month", meaning="mean uses a month", kind="assumption",
              view=(0, 8), step=0.5),
        Param("max_uses", 8, 1, 62, unit="uses", meaning="most uses in a month", kind="chosen", integer=True,
              view=(1, 31)),
        CHURN,
    ],
    rules=[at_most("usage_rate", "max_uses")],
)

ENTRY_OFFER = ParamSet(
    "entry_offer",
    [
        _yen("entry_price", 5, "yen for the trial: free or 5 yen", "article", "paid once, in month 1",
             view=(0, 10_000), step=5),
        Param("trial_months", 1, 1, 120, unit="months", meaning="length of the trial in months", kind="chosen",
              integer=True, view=(1, 12)),
        _share("conversion", 0.30, "share of trial customers who start paying"),
        replace(FEE, meaning="monthly fee in yen after the trial (the same LTV example, as subscription)"),
        CHURN,
        replace(VISIT_RATE, meaning="mean visits a month"),
        MAX_VISITS,
    ],
    rules=[at_most("visit_rate", "max_visits")],
)

PREPAID = ParamSet(
    "prepaid",
    [
        _yen("price", 10_000, "list price of a treatment", "article", view=(1_000, 30_000)),
        _yen("charge", 10_000, "yen charged onto the balance", "article", view=(1_000, 30_000)),
        _yen("charged_price", 8_000,
             "treatment price from a fresh charge: the article's first-visit price; charging it at every recharge is "
             "an assumption", "article", "2,000 yen of a 10,000-yen charge are left over", view=(1_000, 30_000)),
        RETURN_PROB,
        _share("return_prob_balance", 0.35, "monthly chance of a visit while a balance is left",
               "the lift the leftover 2,000 yen is supposed to give"),
        _share("recharge_prob", 0.30, "chance of charging again at a visit"),
        LAPSE,
    ],
    rules=[at_most("charged_price", "charge")],
)

OWNER = ParamSet(
    "owner",
    [
        _yen("owner_fee", 10_000, "one-off stake of an owner", "article", view=(0, 50_000), step=1_000),
        _yen("course_price", 12_000, "course at list price", "article", view=(1_000, 30_000)),
        _yen("owner_price", 7_000, "course price for owners", "article"),
        _share("owner_share", 0.30, "share of customers who become owners"),
        RETURN_PROB,
        _share("owner_return_prob", 0.40, "monthly chance that an owner comes back",
               "the discount and the sunk fee pull owners back"),
        LAPSE,
        Param("friends_per_visit", 0.6, 0, 20, unit="friends", kind="assumption",
              meaning="paying friends an owner brings per visit (referrals)", view=(0, 3), step=0.1),
        Param("max_friends", 3, 1, 20, unit="friends", meaning="most friends at one visit", kind="chosen",
              integer=True, view=(1, 10)),
    ],
    rules=[at_most("friends_per_visit", "max_friends")],
)

MEAT_OWNERSHIP = ParamSet(
    "meat_ownership",
    [
        Param("stock_kg", 10.0, 0.001, 1000, unit="kg", meaning="kg of meat bought at once", kind="article",
              source="10 kg, aged for you", view=(1.0, 30.0), step=0.5),
        _yen("stock_price", 100_000, "price of the stock (10,000 yen/kg)", "chosen", view=(10_000, 300_000),
             step=5_000),
        Param("kg_per_visit", 1.0, 0.001, 1000, unit="kg", meaning="kg eaten at one visit", kind="chosen",
              source="a table that shares it; counted in whole grams", view=(0.2, 5.0), step=0.1),
        _yen("side_spend", 4_000, "drinks and sides at an owner visit", "chosen", view=(0, 20_000)),
        _yen("meal_price", 6_000, "an ordinary dinner without own meat", "chosen", view=(1_000, 20_000)),
        Param("aging_months", 1, 1, 24, unit="months", meaning="months the meat ages before it is served",
              kind="chosen", integer=True, view=(1, 6)),
        _share("visit_prob", 0.50, "monthly chance of a visit while aged meat waits"),
        _share("rebuy_prob", 0.30, "chance of buying again when the stock runs out"),
        RETURN_PROB,
        LAPSE,
    ],
)

#: the models in the registry's order (``MODELS``), by the name each declaration carries
MODEL_SETS = (SHOT, SUBSCRIPTION, CONSTANT, ENTRY_OFFER, PREPAID, OWNER, MEAT_OWNERSHIP)
MODEL_NAMES = tuple(declared.name for declared in MODEL_SETS)

#: price of a visit from a fresh charge as a share of the list price (the prepaid explorer's knob,
#: and what ``scenario_params`` charges when it moves the list price)
CHARGED_SHARE = Param("charged_share", 0.8, 0, 1, unit="share", kind="article",
                      meaning="price of a visit from a fresh charge, as a share of the list price",
                      source="8,000 of a 10,000-yen list price", view=(0.5, 1), step=0.05)

COST_SHARE = Param("cost_share", 0.0, 0, 1, unit="share", kind="assumption",
                   meaning="cost of serving one visit, as a share of the list price (0: revenue only)")


# --- the arguments of the simulators, the comparisons and the chapter's other functions ------------
# Each declared once; a function lists the ones it takes with ``checked`` (the simulators and their
# twins through ``_engine.simulator`` / ``_engine.twin``). Sizes are capped: the work grows with them.

MAX_CUSTOMERS = 10_000_000
MAX_MONTHS = 600  # 50 years of months; the chapter uses 36, its sliders up to 60
#: ``detail=True`` keeps customers x months arrays (about 11 bytes a cell, and ``to_frame`` a row
#: each): up to this many cells, 55 times the chapter's 10,000 x 36
MAX_DETAIL_CELLS = 20_000_000

N_CUSTOMERS = Param("n_customers", low=1, high=MAX_CUSTOMERS, integer=True, unit="customers", kind="chosen",
                    meaning="size of the cohort, every customer acquired in month 1")
MONTHS = Param("months", low=1, high=MAX_MONTHS, integer=True, unit="months", kind="chosen",
               meaning="horizon in months", view=(6, 60), step=1)
RETAINED_AFTER = Param("retained_after", low=1, high=240, integer=True, unit="months", kind="chosen",
                       meaning="paid month in which the entry funnel counts members still paying")
RNG = Rng()
METHOD = Choice("method", options=("simulate", "expected"),
                meaning="Monte Carlo, or the exact expected values (no randomness)")
MODEL = Choice("name", options=MODEL_NAMES, meaning="a business model, a key of MODELS")


def _detail(value):
    if value is None or isinstance(value, (bool, np.bool_)):
        return value
    raise TypeError(f"detail must be True, False or None (got {value!r} of type {type(value).__name__})")


DETAIL = Given("detail", check_=_detail, bad=(1, 0, "yes", 1.0, [True]),
               meaning="keep the customers x months arrays for to_frame(); None: only for small runs")


def model_names(names, argument: str = "names") -> list[str]:
    """The models ``names`` stands for, in its order: ``None`` for all, one name, or a list of names.

    >>> model_names(None) == list(MODEL_NAMES), model_names("shot")
    (True, ['shot'])
    >>> model_names(["shot", "gym"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: names must hold names from 'shot', 'subscription', ... (got 'gym')
    """
    if names is None:
        return list(MODEL_NAMES)
    if isinstance(names, str):
        names = [names]
    if isinstance(names, Mapping) or not isinstance(names, Iterable):
        raise TypeError(f"{argument} must be a model name, a list of model names or None (got {names!r})")
    names = list(names)
    if not names:
        raise ValueError(f"{argument} must list at least one model, e.g. ['shot', 'subscription']")
    for name in names:
        if not isinstance(name, str) or name not in MODEL_NAMES:
            raise ValueError(f"{argument} must hold names from {', '.join(map(repr, MODEL_NAMES))} (got {name!r})")
    if len(set(names)) != len(names):
        raise ValueError(f"{argument} must not repeat a model (got {names})")
    return names


def _models_argument(argument: str) -> Given:
    return Given(argument, check_=lambda value: model_names(value, argument),
                 bad=("gym", [], ["shot", "shot"], ["shot", "gym"], 3, [3], True, {"shot": 1}),
                 meaning="business models: a name, a list of names (keys of MODELS) or None for all")


NAMES = _models_argument("names")
#: the same, where the argument is called ``models`` (the comparison explorer, ``customer_knowledge``)
MODELS_PICKED = _models_argument("models")


def model_overrides(params) -> dict:
    """Per-model overrides ``{model: {parameter: value}}`` (``None``: none), each value checked.

    >>> model_overrides({"shot": {"price": -1}})
    Traceback (most recent call last):
    ...
    ValueError: params['shot']: price must be between 0 and 1e+12 (got -1)
    """
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise TypeError(f"params must map model names to dicts of parameters (got {type(params).__name__})")
    sets = dict(zip(MODEL_NAMES, MODEL_SETS, strict=True))
    for key, overrides in params.items():
        if key not in sets:
            raise ValueError(f"params must be keyed by model names from {', '.join(map(repr, MODEL_NAMES))} "
                             f"(got {key!r})")
        if not isinstance(overrides, Mapping):
            raise TypeError(f"params[{key!r}] must be a dict of parameters (got {type(overrides).__name__})")
        sets[key].refuse_unknown(overrides, f"params[{key!r}]")
        try:
            sets[key].resolve(overrides)
        except (TypeError, ValueError) as error:
            raise type(error)(f"params[{key!r}]: {error}") from None
    return dict(params)


PARAMS = Given("params", check_=model_overrides,
               bad=([1], "shot", {"gym": {}}, {"shot": 3}, {"shot": {"fee": 1}}, {"shot": {"price": -1}}),
               meaning="overrides per model, e.g. {'shot': {'price': 8000}}")


# --- the after-purchase services (C13): the assumed figures of each shopping-street business --------
# *What is CS #2-1* names the services, not their numbers: every figure is an assumption of the course.

AFTER_PURCHASE = ParamSet(
    "after_purchase",
    [
        Param("price", low=0, high=MAX_YEN, unit="yen", kind="assumption", meaning="the first sale"),
        Param("repeat_price", low=0, high=MAX_YEN, unit="yen", kind="assumption", meaning="a later purchase"),
        replace(_share("return_prob", NO_DEFAULT, "monthly chance of buying again without the service"),
                view=(0.0, 0.6), step=0.001),
        replace(_share("return_prob_with", NO_DEFAULT, "monthly chance of buying again with the service"),
                view=(0.0, 0.6), step=0.001),
        _share("service_prob", NO_DEFAULT, "chance of paying for the service when it falls due"),
        Param("service_price", low=0, high=MAX_YEN, unit="yen", kind="assumption", meaning="a service sale",
              view=(0, 50_000), step=500),
        Param("service_every", low=1, high=120, integer=True, unit="months", kind="assumption",
              meaning="the service falls due every this many months", view=(1, 24)),
        replace(_share("lapse", NO_DEFAULT, "monthly chance of leaving for good"), view=(0.0, 0.3)),
    ],
    register=False,  # no defaults: each business has its own figures (AFTER_PURCHASE_FIGURES)
)

#: business -> its figures, in the order of ``AFTER_PURCHASE``
AFTER_PURCHASE_FIGURES = {
    "fish shop": (3_000, 3_000, 0.30, 0.50, 0.0, 0.0, 1, 0.03),
    "watch shop": (60_000, 60_000, 0.004, 0.006, 0.05, 8_000, 1, 0.03),
    "kimono shop": (300_000, 300_000, 0.003, 0.005, 0.15, 20_000, 1, 0.03),
    "software vendor": (120_000, 120_000, 0.01, 0.0, 1.0, 24_000, 12, 0.03),
}
BUSINESS_NAMES = tuple(AFTER_PURCHASE_FIGURES)
BUSINESS = Choice("business", options=BUSINESS_NAMES, meaning="a shopping-street business")


def business_names(businesses) -> list[str]:
    """The businesses ``businesses`` stands for: ``None`` for all, one name, or a list of names."""
    if businesses is None:
        return list(BUSINESS_NAMES)
    chosen = [businesses] if isinstance(businesses, str) else businesses
    if isinstance(chosen, Mapping) or not isinstance(chosen, Iterable):
        raise TypeError(f"businesses must be a business name, a list of them or None (got {businesses!r})")
    chosen = list(chosen)
    unknown = [b for b in chosen if not isinstance(b, str) or b not in BUSINESS_NAMES]
    if unknown or not chosen:
        raise ValueError(
            f"businesses must be names from {', '.join(map(repr, BUSINESS_NAMES))} (got {unknown or chosen})"
        )
    return chosen


BUSINESSES = Given("businesses", check_=business_names, bad=("bakery", [], ["fish shop", "bakery"], 3, [3], True),
                   meaning="shopping-street businesses: a name, a list of names or None for all")


# --- the figures' arguments: the tables they draw (examples: the frames the chapter passes) ---------


def _compared():
    from cslearn.business_models.registry import compare_models  # the computations load after this module

    return compare_models(["shot", "subscription"], months=6, method="expected")


def _expected_table(name: str):
    from cslearn.business_models.registry import expected

    return expected(name, 6).table


def _customer_totals():
    from cslearn.business_models.scenario import customer_totals

    return customer_totals(["shot", "subscription"], n_customers=50, months=6)


def _funnel():
    from cslearn.business_models.scenario import entry_funnel

    return entry_funnel()


def _payback_curve():
    from cslearn.business_models.owner import owner_payback_curve

    return owner_payback_curve(12)


def _after_purchase_curve():
    from cslearn.business_models.knowledge import after_purchase_curve

    return after_purchase_curve(months=12)


AX = Axes()
#: a frame of ``compare_models`` (or any frame with these columns, one line per model)
MODEL_LINES = Table("table", columns={"model": "text", "month": "count", "revenue_per_customer": "number",
                                      "cumulative_revenue_per_customer": "number"}, example_=_compared)
RETURNED = Table("table", columns={"model": "text", "month": "count", "share_returned": "share"},
                 example_=_compared)
CUSTOMERS = Table("customers", columns={"model": "text", "revenue": "number"}, example_=_customer_totals)
FUNNEL = Table("funnel", columns={"stage": "text", "month": "count", "customers": "number",
                                  "share_of_trial": "share"}, example_=_funnel)
PREPAID_MONTHLY = Table("monthly", columns={"month": "count", "balance_per_customer": "number",
                                            "visits_per_customer": "number"},
                        example_=lambda: _expected_table("prepaid"))
SHOT_MONTHLY = Table("shot", columns={"month": "count", "visits_per_customer": "number"}, optional=True,
                     example_=lambda: _expected_table("shot"),
                     meaning="a shot model's monthly frame, drawn for comparison (None: not drawn)")
MEAT_MONTHLY = Table("monthly", columns={"month": "count", "stock_kg_per_customer": "number",
                                         "eaten_kg_per_customer": "number"},
                     example_=lambda: _expected_table("meat_ownership"))
PAYBACK_CURVE = Table("curve", columns={"month": "count", "owner_net": "number", "shop_gain": "number"},
                      optional_columns={"share_recouped": "share"}, example_=_payback_curve)
AFTER_PURCHASE_CURVE = Table("curve", columns={"month": "count", "without_service": "number",
                                               "with_service": "number"}, example_=_after_purchase_curve)
COLUMN = Choice("column", options=("revenue_per_customer", "cumulative_revenue_per_customer"),
                meaning="revenue per month, or cumulative revenue per customer")
LOG = Flag("log", meaning="a symmetric log scale on the y axis (months of 0 yen still show)")


def _axes_pair(value):
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"axes must be None or a pair of matplotlib Axes (got {value!r})")
    pair = list(value)
    if len(pair) != 2:
        raise ValueError(f"axes must be None or a pair of matplotlib Axes (got {len(pair)} items)")
    for item in pair:
        if item is None:
            raise TypeError("axes must be None or a pair of matplotlib Axes (got None in the pair)")
        Axes("axes").check(item)
    return value


AXES_PAIR = Given("axes", check_=_axes_pair, bad=("left", 3, [None], [None, None], (1, 2)),
                  meaning="two matplotlib Axes, left and right (None: a new 1 x 2 figure)")


def _expected_means(value):
    if value is None:
        return None
    if not isinstance(value, Mapping) and not hasattr(value, "items"):  # a dict or a pandas Series
        raise TypeError(f"expected must map model names to revenue per customer (got {value!r})")
    for model, number in value.items():
        if isinstance(number, (bool, np.bool_)) or not isinstance(number, (int, float, np.integer, np.floating)):
            raise TypeError(f"expected[{model!r}] must be a number (got {number!r})")
        if not math.isfinite(number):
            raise ValueError(f"expected[{model!r}] must be a finite number (got {number!r})")
    return value


EXPECTED_MEANS = Given("expected", check_=_expected_means,
                       bad=("many", [1.0], 3.0, {"shot": "a lot"}, {"shot": math.nan}, {"shot": True}),
                       meaning="expected revenue per customer by model, marked beside the simulated spread")


def _title(value):
    if value is not None and not isinstance(value, str):
        raise TypeError(f"title must be text or None (got {value!r} of type {type(value).__name__})")
    return value


TITLE = Given("title", check_=_title, bad=(3, ["a title"], True), meaning="the figure's title (None: none)")
