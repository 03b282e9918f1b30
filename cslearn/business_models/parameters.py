"""Every business model's parameters, each declared once (default, range, unit, meaning, kind).

One :class:`cslearn.params.ParamSet` per model. It feeds the simulator and its expected-value twin
(signature, defaults, checks: ``ParamSet.resolve``), the registry (``ModelSpec.parameters``,
``model_parameters``), the explorers' sliders (``Param.slider_spec``) and the bad-input errors.
``kind`` says where a default comes from: ``"article"`` (a figure of *Customer Success??*),
``"chosen"`` (picked for illustration) or ``"assumption"`` (a behavioural rate to vary); ``source``
adds the detail.

>>> SHOT["price"].default, SHOT["price"].kind
(10000, 'article')
>>> list(OWNER)[:3]
['owner_fee', 'course_price', 'owner_price']
"""

from __future__ import annotations

from dataclasses import replace

from cslearn.params import Param, ParamSet, at_most

#: no flat names: the declarations are read as ``MODELS[name].parameters`` or from this module
__all__: list[str] = []


def _share(name, default, meaning, source="", kind="assumption"):
    return Param(name, default, 0, 1, unit="share", meaning=meaning, kind=kind, source=source, step=0.01)


def _yen(name, default, meaning, kind, source="", view=(0, 30_000), step=500):
    return Param(name, default, 0, None, unit="yen", meaning=meaning, kind=kind, source=source, view=view, step=step)


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
