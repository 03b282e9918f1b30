"""What retention buys the business beyond revenue (C12), and after-purchase services (C13).

*Customer Success??* lists what a retention model gives the shop besides revenue: customer data
(顧客データ), product improvement (商品改善) and added value (付加価値提供, e.g. a birthday
message).
*What is CS #2-1* finds the same idea in a shopping street: the fish shop, the watch shop and the
kimono shop look after customers *after* the sale, and software is sold with a maintenance contract.

Two functions compute these, from the chapter's chains and stated assumptions:

* ``retention_benefits``: for a cohort under each business model, how many customers the shop has
  on record, how many it still knows by name and usage after ``months``, how many visit records
  it has collected (the data for improving the product) and how many birthday messages it can send;
* ``after_purchase_value``: each shopping-street business's expected revenue per customer over
  ``months``, without and with its after-purchase service (assumed probabilities in
  ``after_purchase_assumptions``).

Two tables stay typed in, and say so in a ``basis`` column: ``customer_knowledge`` (what each
model lets the shop know, in words) and ``after_purchase_services`` (the services, in words). They
are the course's reading of the articles, not data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn.business_models._engine import check_sizes
from cslearn.business_models.parameters import (
    AFTER_PURCHASE,
    AFTER_PURCHASE_FIGURES,
    BUSINESS,
    BUSINESSES,
    MODELS_PICKED,
    MONTHS,
    N_CUSTOMERS,
    NAMES,
    PARAMS,
    business_names,
    model_names,
)
from cslearn.business_models.registry import MODELS, _run
from cslearn.params import checked

__all__ = [
    "customer_knowledge",
    "after_purchase_services",
    "retention_benefits",
    "after_purchase_assumptions",
    "after_purchase_value",
    "after_purchase_curve",
]

_KNOWLEDGE_BASIS = "the course's reading of Customer Success??, not data"
_AFTER_SALE_BASIS = "the course's reading of What is CS #2-1, not data"

_KNOWLEDGE_COLUMNS = (
    "model",
    "knows_who",
    "can_contact",
    "sees_repeat_visits",
    "customer_data",
    "improvement",
    "added_value",
)

_KNOWLEDGE = (
    (
        "shot",
        False,
        False,
        False,
        "a sale on a given day; the sale need not record who bought",
        "only totals by day; nobody says why they did not return",
        "none after the sale",
    ),
    (
        "subscription",
        True,
        True,
        True,
        "member record, attendance, cancellations and their reasons",
        "falling attendance and cancellation reasons show what to fix first",
        "a birthday message; advice based on each member's attendance",
    ),
    (
        "constant",
        True,
        True,
        True,
        "what each customer uses and how often",
        "usage patterns show which services carry the business",
        "a reminder when a customer's usual time comes round",
    ),
    (
        "entry_offer",
        True,
        True,
        True,
        "trial sign-ups early and cheaply: why they came, what they want to learn or do",
        "trial feedback shapes the service before it is built (a minimum viable product)",
        "onboarding messages that turn a trial into a habit",
    ),
    (
        "prepaid",
        True,
        True,
        True,
        "each customer's balance, visits and treatments",
        "which treatments bring customers back, and which balances stay unused",
        "a balance reminder, a birthday message",
    ),
    (
        "owner",
        True,
        True,
        True,
        "owners' profiles, birthdays, and the friends they bring",
        "owners' feedback on the course; which friends come back",
        "a birthday message, events for owners",
    ),
    (
        "meat_ownership",
        True,
        True,
        True,
        "how fast each owner eats through the stock, and with whom they come",
        "preferred cuts and aging; when to offer the next stock",
        "news of the aging meat, a note when it is ready to eat",
    ),
)

_AFTER_SALE = (
    (
        "fish shop",
        "魚屋",
        "recommends by the regular's time and mood; packages at a set price",
        "repeat purchases",
    ),
    (
        "watch shop",
        "時計屋",
        "maintenance of the watch already bought; new straps",
        "maintenance and add-ons",
    ),
    ("kimono shop", "呉服屋", "dressing lessons at home; hair ornaments and seasonal wear", "new purchases"),
    (
        "software vendor",
        "ソフトウェア会社",
        "yearly maintenance contract (年間保守) for upgrades and support; a lapsed year is charged back (遡及)",
        "recurring contract",
    ),
)


@checked(MODELS_PICKED)
def customer_knowledge(models=None) -> pd.DataFrame:
    """What the shop learns about its customers under each model (C12), in words, one row per model.

    Columns: ``model``; ``knows_who``, ``can_contact``, ``sees_repeat_visits`` (flags: whether
    the model *requires* the shop to know these. A shot sale need not record who bought, but a
    salon taking bookings may still know names); ``customer_data``, ``improvement``,
    ``added_value`` (the three benefits of retention in *Customer Success??*); ``basis``: every
    row says that it is the course's reading of the article, typed in, not data. The counts that
    follow from these flags are computed by ``retention_benefits``. ``models`` selects rows by
    name (``None``: all).

    >>> table = customer_knowledge()
    >>> table.loc[table["model"] == "shot", "knows_who"].item()
    False
    >>> int(table["knows_who"].sum())
    6
    >>> table["basis"].unique().tolist()
    ["the course's reading of Customer Success??, not data"]
    """
    table = pd.DataFrame(list(_KNOWLEDGE), columns=list(_KNOWLEDGE_COLUMNS))
    table["basis"] = _KNOWLEDGE_BASIS
    if models is not None:
        table = table.set_index("model").loc[model_names(models, "models")].reset_index()
    table.attrs["words"] = "by_model"
    return table


def after_purchase_services() -> pd.DataFrame:
    """Services after the sale that keep a relationship going (C13, *What is CS #2-1*), in words.

    Columns: ``business``, ``business_ja``, ``service``, ``brings``, and ``basis`` (the course's
    reading of the article, not data). What each service is worth is computed by
    ``after_purchase_value``.

    >>> after_purchase_services()["business"].tolist()
    ['fish shop', 'watch shop', 'kimono shop', 'software vendor']
    """
    table = pd.DataFrame(list(_AFTER_SALE), columns=["business", "business_ja", "service", "brings"])
    table["basis"] = _AFTER_SALE_BASIS
    return table


# --------------------------------------------------------------------- C12: what retention buys


def _record_share(model: str, params: dict) -> float:
    """Share of a model's customers the shop keeps a record of (name, birthday, history).

    The course's reading of *Customer Success??*: a shot sale keeps none; the lounge knows its
    owners (オーナーの顧客情報) but not the guests who pay the list price; every other retention
    model needs an account (a member, a balance, a stock of meat, a trial sign-up).
    """
    if model == "shot":
        return 0.0
    if model == "owner":
        return params["owner_share"]
    return 1.0


def _in_touch(model: str, params: dict, monthly: pd.DataFrame) -> np.ndarray:
    """Share of the cohort on record and still in a relationship with the shop, month by month.

    Members and usage-based customers until they cancel; trial customers during the trial, then
    paying members; prepaid customers, meat owners and lounge owners until they lapse (with or
    without a balance or meat left).
    """
    t = monthly["month"].to_numpy()
    if model == "shot":
        return np.zeros(len(t))
    if model in ("subscription", "constant"):
        return (1.0 - params["churn"]) ** (t - 1)
    if model == "entry_offer":
        return (monthly["share_trial"] + monthly["share_paid"]).to_numpy()
    return _record_share(model, params) * (1.0 - params["lapse"]) ** (t - 1)


def _recorded_visits(model: str, result) -> float:
    """Expected visits per customer that the shop records against a known customer."""
    if model == "shot":
        return 0.0
    if model == "owner":
        return result.params["owner_share"] * float(result.summary["visits_per_owner"])
    return float(result.summary["visits_per_customer"])


@checked(NAMES, N_CUSTOMERS, MONTHS, PARAMS)
def retention_benefits(names=None, *, n_customers: int = 1_000, months: int = 12, params=None) -> pd.DataFrame:
    """What a cohort under each business model gives the shop besides revenue (C12), in expected counts.

    For ``n_customers`` acquired in month 1 under each model (defaults, overridden by ``params``
    as in ``compare_models``; exact expected values):

    * ``on_record``: customers the shop has a record of (name, birthday): none for a shot sale,
      the owners at the lounge, everyone in the other models (the course's reading of
      *Customer Success??*, not data);
    * ``known_at_end``: of those, customers still in a relationship in month ``months``: a member
      who has not cancelled; a prepaid customer, a meat owner or a lounge owner who has not lapsed,
      whether or not any balance or meat is left (they still hold an account and may come): the
      customers the shop knows by name *and* current usage;
    * ``visit_records``: visits recorded against a known customer over the horizon (customer
      data, the raw material of product improvement);
    * ``birthday_messages``: birthday messages the shop can send over the horizon, assuming
      birthdays spread evenly over the year: each customer-month on record and in touch counts
      1/12, so ``n / 12 * sum_t in_touch_t``; a member who stays 12 months gets one.

    With churn ``c`` a subscription keeps ``n (1 - c)^(N-1)`` known members in month ``N`` and
    sends ``n / 12 * (1 - (1 - c)^N) / c`` messages:

    >>> table = retention_benefits(["shot", "subscription"], months=12, params={"subscription": {"churn": 0.1}})
    >>> table.set_index("model")["known_at_end"].round(3).to_dict()  # 1,000 x 0.9^11
    {'shot': 0.0, 'subscription': 313.811}
    >>> round(float(table.set_index("model").loc["subscription", "birthday_messages"]), 3)
    597.975
    """
    n, months = check_sizes(n_customers, months)
    rows = []
    for result in _run(names, None, 1, months, params, "expected"):
        model = result.model
        touch = _in_touch(model, result.params, result.table)
        rows.append(
            {
                "model": model,
                "label": MODELS[model].label,
                "customers": n,
                "on_record": n * _record_share(model, result.params),
                "known_at_end": n * float(touch[-1]),
                "visit_records": n * _recorded_visits(model, result),
                "birthday_messages": n * float(touch.sum()) / 12.0,
            }
        )
    table = pd.DataFrame(rows)
    table.attrs["words"] = "by_model"
    return table


# ------------------------------------------------------------- C13: services after the sale

def after_purchase_assumptions() -> pd.DataFrame:
    """The assumed figures behind ``after_purchase_value``, one row per business (C13).

    *What is CS #2-1* names the services, not their numbers: every figure here is an assumption
    of the course, a round number to make the mechanism visible. Per month, a customer who has
    not lapsed (``lapse`` a month) buys again at ``repeat_price`` with ``return_prob`` without the
    service and ``return_prob_with`` with it, and, with the service, pays ``service_price`` with
    ``service_prob`` whenever the service falls due: every month (``service_every = 1``: a strap
    or an overhaul, a hair ornament bought at a lesson) or, for the software vendor, every 12
    months (``service_every = 12``). The fish shop's service is its recommendations, which only
    lift returns (``service_prob = 0``).

    The software vendor follows *What is CS #2-1*: a yearly maintenance contract (年間保守) with
    upgrades and support. The first year comes with the 120,000-yen licence (an assumption) and
    the contract is renewed at ¥24,000 in months 13, 25, ...; a customer who lets it lapse and
    returns is charged for the missed years (遡及), so skipping saves nothing and every customer
    still using the software renews (``service_prob = 1``); the 3 % monthly ``lapse`` is the
    customers who stop using it. The contract includes the upgrades, so contract holders buy no
    new licence (``return_prob_with = 0``).

    >>> table = after_purchase_assumptions().set_index("business")
    >>> table.loc["fish shop", ["return_prob", "return_prob_with"]].tolist()
    [0.3, 0.5]
    >>> table.loc["software vendor", ["service_price", "service_every"]].tolist()
    [24000.0, 12.0]
    >>> table["basis"].unique().tolist()
    ['assumption']
    """
    rows = [{"business": name, **dict(zip(AFTER_PURCHASE, values, strict=True))}
            for name, values in AFTER_PURCHASE_FIGURES.items()]
    table = pd.DataFrame(rows)
    ja = dict((row[0], row[1]) for row in _AFTER_SALE)
    table.insert(1, "business_ja", table["business"].map(ja))
    table["basis"] = "assumption"
    return table


def _resolve(businesses, overrides) -> tuple[pd.DataFrame, list[str]]:
    """The assumption table with ``overrides`` (each checked by its declaration) applied, and the businesses chosen."""
    table = after_purchase_assumptions().set_index("business")
    AFTER_PURCHASE.refuse_unknown(overrides)
    for key, value in overrides.items():
        table[key] = AFTER_PURCHASE[key].check(value)
    return table, business_names(businesses)


def _cumulative(months: int, a: pd.Series, with_service: bool) -> np.ndarray:
    """Cumulative expected revenue per customer, months 1..N: ``P``, then ``(1-l)^(t-1) (r P_r + s P_s [t due])``.

    The service is due in months ``1 + k * service_every`` for ``k = 1, 2, ...``.
    """
    r = a["return_prob_with"] if with_service else a["return_prob"]
    extra = a["service_prob"] * a["service_price"] if with_service else 0.0
    since = np.arange(months)  # t - 1
    due = (since > 0) & (since % int(a["service_every"]) == 0)
    monthly = (1.0 - a["lapse"]) ** since * (r * a["repeat_price"] + extra * due)
    monthly[0] = a["price"]
    return np.cumsum(monthly)


@checked(BUSINESS, MONTHS)
def after_purchase_curve(business: str = "watch shop", *, months: int = 36, **overrides) -> pd.DataFrame:
    """Cumulative expected revenue per customer of one business, month by month, without and with
    its after-purchase service (C13): columns ``month``, ``without_service``, ``with_service``.

    The chain and the ``overrides`` are those of ``after_purchase_value``, whose figures are the
    last row of this curve.

    >>> curve = after_purchase_curve("fish shop", months=3, lapse=0.0)
    >>> curve[["without_service", "with_service"]].round(6).values.tolist()  # + 0.3 or 0.5 of 3,000 a month
    [[3000.0, 3000.0], [3900.0, 4500.0], [4800.0, 6000.0]]
    """
    months = MONTHS.check(months)
    table, _ = _resolve(business, overrides)
    a = table.loc[business]
    return pd.DataFrame(
        {
            "month": np.arange(1, months + 1),
            "without_service": _cumulative(months, a, False),
            "with_service": _cumulative(months, a, True),
        }
    )


@checked(BUSINESSES, MONTHS)
def after_purchase_value(businesses=None, *, months: int = 36, **overrides) -> pd.DataFrame:
    """Expected revenue per customer of each shopping-street business without and with its
    after-purchase service (C13), over ``months``.

    The chain is the chapter's shot model with a service on top: month 1 brings the ``price``;
    each later month ``t`` a customer still there (``(1 - lapse)^(t-1)``) buys again with the
    return probability and, in a month the service falls due (every month, or every
    ``service_every`` months: the software's yearly contract), pays for it with ``service_prob``:

    .. math::

        E[\\text{revenue}] = P + \\sum_{t=2}^{N} (1-\\ell)^{t-1}\\,(r\\,P_r + s\\,P_s\\,[t \\text{ due}])

    without the service ``r = return_prob`` and ``s = 0``; with it ``r = return_prob_with``.
    The figures are the assumptions of ``after_purchase_assumptions``; ``overrides`` replace one
    column for every business selected (e.g. ``lapse=0.05``). Columns: ``business``,
    ``business_ja``, ``brings``, ``without_service``, ``with_service``, ``gain``, ``ratio``
    (with / without).

    The fish shop over 2 months: 3,000 + 0.97 x 0.3 x 3,000 without, 3,000 + 0.97 x 0.5 x 3,000 with:

    >>> table = after_purchase_value("fish shop", months=2)
    >>> table[["without_service", "with_service"]].round(6).values.tolist()
    [[3873.0, 4455.0]]

    The software vendor's contract falls due once a year: over 13 months, with the service,
    120,000 + 0.97^12 x 24,000 (the renewal in month 13) and no new licence:

    >>> software = after_purchase_value("software vendor", months=13)
    >>> round(float(software["with_service"].iloc[0]) - (120_000 + 0.97**12 * 24_000), 6)
    0.0
    """
    months = MONTHS.check(months)
    table, chosen = _resolve(businesses, overrides)
    brings = {row[0]: row[3] for row in _AFTER_SALE}
    rows = []
    for name in chosen:
        a = table.loc[name]
        without = float(_cumulative(months, a, False)[-1])
        with_service = float(_cumulative(months, a, True)[-1])
        rows.append(
            {
                "business": name,
                "business_ja": a["business_ja"],
                "brings": brings[name],
                "without_service": without,
                "with_service": with_service,
                "gain": with_service - without,
                "ratio": with_service / without if without else np.nan,
            }
        )
    return pd.DataFrame(rows)
