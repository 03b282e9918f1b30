"""A few shared knobs over all the models, the entry funnel, and per-customer totals (chapter 02).

The comparison explorer of chapter 02 moves a handful of figures that mean the same thing in
several models at once. ``scenario_params`` turns them into the per-model ``params`` of
``compare_models``. The table of which parameter each knob sets is in the docstring of ``scenario_params``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn.business_models.parameters import (
    CHARGED_SHARE,
    ENTRY_OFFER,
    METHOD,
    MONTHS,
    N_CUSTOMERS,
    NAMES,
    PARAMS,
    RETAINED_AFTER,
    RNG,
    SHOT,
    SUBSCRIPTION,
    model_names,
)
from cslearn.business_models.registry import MODELS, _run, compare_models
from cslearn.business_models.subscription import expected_entry_offer
from cslearn.params import ParamSet, checked

__all__ = ["scenario_params", "compare_scenario", "entry_funnel", "customer_totals"]

#: the shared knobs, each the declaration of the parameter it stands for (default, range, meaning)
KNOBS = ParamSet("scenario", [SHOT["price"], SUBSCRIPTION["fee"], SHOT["return_prob"], SUBSCRIPTION["churn"],
                              ENTRY_OFFER["entry_price"], ENTRY_OFFER["conversion"]])

#: the entry offer's parameters that shape its funnel (visits do not)
FUNNEL = ENTRY_OFFER.without("visit_rate", "max_visits", name="entry funnel")

#: the models each shared knob of ``scenario_params`` moves (the table in its docstring); a knob
#: none of the chosen models uses changes nothing, so the comparison explorer switches it off
KNOB_MODELS = {
    "price": ("shot", "prepaid"),
    "fee": ("subscription", "constant", "entry_offer"),
    "return_prob": ("shot", "prepaid", "owner", "meat_ownership"),
    "churn": ("subscription", "constant", "entry_offer"),
    "entry_price": ("entry_offer",),
    "conversion": ("entry_offer",),
}


@checked(NAMES)
@KNOBS.keywords
def scenario_params(names=None, **knobs) -> dict:
    """Per-model parameters for ``compare_models`` from the chapter's shared knobs.

    Each knob sets these parameters:

    ==============  ==========================================================================
    knob            parameters it sets
    ==============  ==========================================================================
    ``price``       the salon's list price: ``shot.price``, ``prepaid.price`` and
                    ``prepaid.charge``, with ``prepaid.charged_price = 0.8 * price`` (the article's
                    8,000 of 10,000: a 20 % first-visit discount)
    ``fee``         the monthly fee: ``subscription.fee``, ``entry_offer.fee``, and
                    ``constant.unit_price = fee / usage_rate`` (a typical month costs ``fee``)
    ``return_prob`` the unpulled monthly return chance of ``shot``, ``prepaid``, ``owner`` (non-owners)
                    and ``meat_ownership`` (ordinary diners)
    ``churn``       the monthly cancellation of ``subscription``, ``constant`` and ``entry_offer``
    ``entry_price`` ``entry_offer.entry_price`` (free or 5 yen in *Customer Success??*)
    ``conversion``  ``entry_offer.conversion``
    ==============  ==========================================================================

    Everything else keeps the model's default (see ``model_parameters``): the list ``price`` moves
    only the shot sale and the salon's prepaid balance; the lounge's course (owner model) and the
    yakiniku restaurant's stock and dinner prices (meat ownership) keep their own. Only the models
    in ``names`` (``None``: all) get an entry.

    >>> params = scenario_params(["shot", "prepaid", "constant"], price=6_000, fee=8_000)
    >>> params["prepaid"]
    {'price': 6000.0, 'charge': 6000.0, 'charged_price': 4800.0, 'return_prob': 0.1}
    >>> params["constant"]["unit_price"]  # 8,000 a month at the default 4 uses
    2000.0
    """
    names = model_names(names)
    knobs = KNOBS.resolve(knobs)
    price, fee, return_prob, churn = knobs["price"], knobs["fee"], knobs["return_prob"], knobs["churn"]
    entry_price, conversion = knobs["entry_price"], knobs["conversion"]
    usage = MODELS["constant"].defaults()["usage_rate"]
    every = {
        "shot": {"price": price, "return_prob": return_prob},
        "subscription": {"fee": fee, "churn": churn},
        "constant": {"unit_price": fee / usage, "churn": churn},
        "entry_offer": {"entry_price": entry_price, "conversion": conversion, "fee": fee, "churn": churn},
        "prepaid": {
            "price": price,
            "charge": price,
            "charged_price": CHARGED_SHARE.default * price,
            "return_prob": return_prob,
        },
        "owner": {"return_prob": return_prob},
        "meat_ownership": {"return_prob": return_prob},
    }
    return {name: every[name] for name in names}


@checked(NAMES, MONTHS, METHOD, RNG, N_CUSTOMERS)
@KNOBS.keywords
def compare_scenario(
    names=None, *, rng=0, months: int = 36, method: str = "expected", n_customers: int = 10_000, **knobs
) -> pd.DataFrame:
    """``compare_models`` with the shared knobs of ``scenario_params`` (expected values by default).

    Returns the tidy frame of ``compare_models``: ``model, label, month, revenue_per_customer,
    cumulative_revenue_per_customer, visits_per_customer, share_active, share_returned``.

    A shot sale at 10,000 yen against a 3,000-yen monthly fee with no churn: by month 4 the
    member has paid 12,000 and the shot customer ``10,000 + 3 * 0.1 * 10,000``:

    >>> table = compare_scenario(["shot", "subscription"], fee=3_000, churn=0.0, months=4)
    >>> table.groupby("model")["cumulative_revenue_per_customer"].last().round().to_dict()
    {'shot': 12710.0, 'subscription': 12000.0}
    """
    params = scenario_params(names, **knobs)
    return compare_models(
        list(params), rng=rng, n_customers=n_customers, months=months, params=params, method=method
    )


@checked(N_CUSTOMERS, RETAINED_AFTER)
@FUNNEL.keywords
def entry_funnel(n_customers: int = 1_000, retained_after: int = 12, **params) -> pd.DataFrame:
    """The entry offer's funnel, trial -> paid -> retained, in expected customers (C8).

    Of ``n_customers`` who take the trial, ``conversion`` start paying in the first month after
    it, and ``(1 - churn)^(retained_after - 1)`` of those are still paying in their
    ``retained_after``-th paid month (month ``trial_months + retained_after``):

    .. math:: N,\\quad N c,\\quad N c (1 - \\text{churn})^{k-1}

    Columns: ``stage`` (trial, paid, retained), ``month`` (when the stage is counted),
    ``customers`` (expected), ``share_of_trial``, ``share_of_previous``, ``revenue`` (expected
    cash from the whole cohort in that month).

    >>> funnel = entry_funnel(1_000, retained_after=3, conversion=0.5, churn=0.1)
    >>> funnel["customers"].round(6).tolist()  # 1,000, 500, 500 * 0.9**2
    [1000.0, 500.0, 405.0]
    """
    n, k = N_CUSTOMERS.check(n_customers), RETAINED_AFTER.check(retained_after)
    params = FUNNEL.resolve(params)
    trial = params["trial_months"]
    ev = expected_entry_offer(trial + k, **params)
    monthly = ev.table.set_index("month")
    rows = [
        ("trial", 1, 1.0, float(monthly.loc[1, "revenue_per_customer"])),
        ("paid", trial + 1, float(monthly.loc[trial + 1, "share_paid"]),
         float(monthly.loc[trial + 1, "revenue_per_customer"])),
        ("retained", trial + k, float(monthly.loc[trial + k, "share_paid"]),
         float(monthly.loc[trial + k, "revenue_per_customer"])),
    ]
    frame = pd.DataFrame(rows, columns=["stage", "month", "share_of_trial", "revenue"])
    frame.insert(2, "customers", n * frame["share_of_trial"])
    shares = frame["share_of_trial"].to_numpy()
    previous = np.concatenate([[1.0], shares[:-1]])
    ratio = np.divide(shares, previous, out=np.zeros_like(shares), where=previous > 0)
    frame.insert(4, "share_of_previous", ratio)
    frame["revenue"] = n * frame["revenue"]
    return frame


@checked(NAMES, RNG, N_CUSTOMERS, MONTHS, PARAMS)
def customer_totals(
    names=None, *, rng=0, n_customers: int = 10_000, months: int = 36, params=None
) -> pd.DataFrame:
    """Simulate each model once and list every customer's totals over the horizon (the spread).

    Arguments as ``compare_models`` (an int ``rng`` gives every model the same seed). Returns one
    row per model and customer: ``model, label, customer, revenue, visits, returned``.

    >>> table = customer_totals(["shot", "subscription"], rng=1, n_customers=500, months=12)
    >>> table.groupby("model")["customer"].count().tolist()
    [500, 500]
    >>> bool((table.loc[table["model"] == "shot", "revenue"] % 10_000 == 0).all())
    True
    """
    frames = []
    for result in _run(names, rng, n_customers, months, params, "simulate"):
        frame = result.customers()[["customer", "revenue", "visits", "returned"]]
        frame.insert(0, "model", result.model)
        frame.insert(1, "label", MODELS[result.model].label)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
