"""One interface over every business model, so a notebook can put them side by side.

``MODELS`` maps a name to a ``ModelSpec`` (labels, the article's business, its simulator and its
expected-value function, and what each parameter is: a price from the article, a chosen figure, or a
behavioural assumption). ``simulate(name, ...)`` and ``expected(name, ...)`` call one model;
``compare_models`` runs several on the same footing and returns one tidy frame.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from cslearn.business_models._engine import check_sizes
from cslearn.business_models.meat import expected_meat_ownership, simulate_meat_ownership
from cslearn.business_models.owner import expected_owner, simulate_owner
from cslearn.business_models.parameters import (
    CONSTANT,
    DETAIL,
    ENTRY_OFFER,
    MEAT_OWNERSHIP,
    METHOD,
    MODEL,
    MONTHS,
    N_CUSTOMERS,
    NAMES,
    OWNER,
    PARAMS,
    PREPAID,
    RNG,
    SHOT,
    SUBSCRIPTION,
    model_names,
)
from cslearn.business_models.prepaid import expected_prepaid, simulate_prepaid
from cslearn.business_models.shot import expected_shot, simulate_shot
from cslearn.business_models.subscription import (
    expected_constant,
    expected_entry_offer,
    expected_subscription,
    simulate_constant,
    simulate_entry_offer,
    simulate_subscription,
)
from cslearn.language import get_language
from cslearn.params import ParamSet, checked

#: how a table keyed by model reads a model's name in Japanese where it differs from the course's
#: [table] word (``owner`` is a person in other tables: オーナー; as a model it is オーナー制)
__all__ = [
    "ModelSpec",
    "MODELS",
    "PAID_AGAIN",
    "simulate",
    "expected",
    "compare_models",
    "model_summaries",
    "model_parameters",
]

#: models whose ``share_returned`` counts a payment, not a visit: a member is active in a month they
#: pay the fee, whether or not they come; every other model counts a visit (or a use)
PAID_AGAIN = (SUBSCRIPTION.name, ENTRY_OFFER.name)

COMPARE_COLUMNS = (
    "revenue_per_customer",
    "cumulative_revenue_per_customer",
    "visits_per_customer",
    "share_active",
    "share_returned",
)
SUMMARY_COLUMNS = (
    "revenue_per_customer",
    "visits_per_customer",
    "share_returned",
    "first_month_revenue_per_customer",
    "last_month_revenue_per_customer",
)


@dataclass(frozen=True)
class ModelSpec:
    """A business model: labels, the article's business, its two functions and its parameters.

    ``parameters`` is the model's declaration (:mod:`cslearn.business_models.parameters`): a
    ``ParamSet`` mapping each parameter to its ``Param`` (default, range, unit, meaning and kind:
    ``"article"``, a price or quantity from *Customer Success??*; ``"chosen"``, a figure picked for
    illustration; ``"assumption"``, behaviour: return, churn, conversion, referral rates). ``name``,
the model's key in ``MODELS``, is the declaration's name, so a model's name is written once.

    >>> MODELS["owner"].defaults()["owner_price"]
    7000
    >>> MODELS["owner"].parameters["owner_return_prob"].kind
    'assumption'
    """

    label_en: str
    label_ja: str
    business: str
    concept: str
    simulate: Callable
    expected: Callable
    parameters: ParamSet

    @property
    def name(self) -> str:
        """The model's key in ``MODELS``: the name of its declaration."""
        return self.parameters.name

    @property
    def label(self) -> str:
        """The model's name as a learner reads it, in the current language
        (:func:`cslearn.language.set_language`): ``label_en`` or ``label_ja``.

        >>> MODELS["shot"].label
        'Shot sale'
        """
        return self.label_ja if get_language() == "ja" else self.label_en

    def defaults(self) -> dict:
        """Default value of every parameter, as declared."""
        return self.parameters.defaults()

    @classmethod
    def _example(cls) -> ModelSpec:
        return MODELS["shot"]


_MODELS = [
    ModelSpec(*row)
    for row in [
        ("Shot sale", "ショットモデル", "esthetic salon, one treatment sold at list price", "C7",
         simulate_shot, expected_shot, SHOT),
        ("Subscription (flat rate)", "サブスク・定額制", "gym or hair salon, monthly fee", "C7, C9",
         simulate_subscription, expected_subscription, SUBSCRIPTION),
        ("Constant (usage-based)", "コンスタントモデル",
         "pay per use while the customer stays (the course's reading; *Customer Success??* does not define it)", "C8",
         simulate_constant, expected_constant, CONSTANT),
        ("Entry offer to subscription", "入口を広げる(無料・5円)",
         "gym: 5-yen first month, then members", "C8",
         simulate_entry_offer, expected_entry_offer, ENTRY_OFFER),
        ("Prepaid balance", "チャージ残高制", "esthetic salon: charge 10,000, first visit 8,000", "C10",
         simulate_prepaid, expected_prepaid, PREPAID),
        ("Owner model", "オーナー制", "lounge: 10,000-yen owners, 12,000-yen course at 7,000", "C11",
         simulate_owner, expected_owner, OWNER),
        ("Meat ownership", "肉のオーナー制度", "yakiniku: buy 10 kg, aged and kept for you", "C9",
         simulate_meat_ownership, expected_meat_ownership, MEAT_OWNERSHIP),
    ]
]


class ModelRegistry(Mapping):
    """Every business model by name (read-only): ``MODELS[name]`` is a ``ModelSpec``.

    >>> list(MODELS)
    ['shot', 'subscription', 'constant', 'entry_offer', 'prepaid', 'owner', 'meat_ownership']
    >>> MODELS["prepaid"].label_ja
    'チャージ残高制'
    """

    def __init__(self, models):
        self._models = MappingProxyType({m.name: m for m in models})

    def __getitem__(self, name) -> ModelSpec:
        return self._models[name]

    def __iter__(self):
        return iter(self._models)

    def __len__(self) -> int:
        return len(self._models)

    def __repr__(self) -> str:
        return f"ModelRegistry({', '.join(self._models)})"


MODELS = ModelRegistry(_MODELS)


#: the arguments of the functions that run several models on one footing
COMPARED = (NAMES, RNG, N_CUSTOMERS, MONTHS, PARAMS, METHOD)


@checked(MODEL, N_CUSTOMERS, MONTHS, RNG, DETAIL)
def simulate(name, n_customers: int = 10_000, months: int = 36, *, rng=0, detail=None, **params):
    """Simulate the business model ``name`` (a key of ``MODELS``) with its defaults overridden.

    ``params`` are the model's declared parameters (``model_parameters(name)``); the other
    arguments are those of every simulator (``rng``: int, numpy.random.Generator or None, default
    0, random seed or generator; the same seed gives the same result).

    >>> simulate("owner", 500, 6, rng=0, owner_share=1.0).summary["share_owner"]
    np.float64(1.0)
    """
    return MODELS[name].simulate(n_customers, months, rng=rng, detail=detail, **params)


@checked(MODEL, MONTHS)
def expected(name, months: int = 36, **params):
    """Expected values per customer (no randomness) of the business model ``name``.

    >>> float(expected("subscription", months=12, churn=0.0).summary["revenue_per_customer"])
    120000.0
    """
    return MODELS[name].expected(months, **params)


def _run(names, rng, n_customers, months, params, method) -> list:
    """The results of ``names`` (arguments checked by the public callers' declarations)."""
    names = model_names(names)
    params = {} if params is None else params
    for key in params:
        if key not in names:
            raise ValueError(f"params must be keyed by the models compared, {', '.join(map(repr, names))} "
                             f"(got {key!r})")
    if method == "expected":
        _, months = check_sizes(1, months)
        return [expected(name, months, **params.get(name, {})) for name in names]
    n_customers, months = check_sizes(n_customers, months)
    if isinstance(rng, np.random.Generator):
        generators = rng.spawn(len(names))
    elif rng is None:
        generators = [None] * len(names)
    else:
        generators = [rng] * len(names)  # common random numbers: the same seed for every model
    return [
        simulate(name, n_customers, months, rng=gen, detail=False, **params.get(name, {}))
        for name, gen in zip(names, generators, strict=True)
    ]


@checked(*COMPARED)
def compare_models(
    names=None, *, rng=0, n_customers: int = 10_000, months: int = 36, params=None, method: str = "simulate"
) -> pd.DataFrame:
    """Run several business models on one footing and stack their monthly figures.

    Parameters
    ----------
    names : str, list of str or None
        Keys of ``MODELS`` (``None``: all of them).
    rng : int, numpy.random.Generator or None
        An int seeds every model with the same seed (common random numbers, so differences are
        the models', not the dice's); a Generator is split with ``spawn``.
    n_customers, months : int
        Cohort size and horizon (``n_customers`` is ignored when ``method="expected"``).
    params : dict or None
        Overrides per model, e.g. ``{"shot": {"price": 8000}, "owner": {"owner_share": 0.5}}``.
    method : {"simulate", "expected"}
        Monte Carlo, or the exact expected values (no randomness, fast enough for sliders).

    Returns a tidy frame: ``model, label, month, revenue_per_customer,
    cumulative_revenue_per_customer, visits_per_customer, share_active, share_returned``.

    Over 12 months a shot customer brings ``10,000 + 1,000 * (0.95 + ... + 0.95^11)`` and a
    subscriber ``10,000 * (1 - 0.95^12) / 0.05``:

    >>> table = compare_models(["shot", "subscription"], months=12, method="expected")
    >>> table.groupby("model")["cumulative_revenue_per_customer"].last().round().to_dict()
    {'shot': 18193.0, 'subscription': 91928.0}
    """
    frames = []
    for result in _run(names, rng, n_customers, months, params, method):
        frame = result.table[["month", *COMPARE_COLUMNS]].copy()
        frame.insert(0, "model", result.model)
        frame.insert(1, "label", MODELS[result.model].label)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


@checked(*COMPARED)
def model_summaries(
    names=None, *, rng=0, n_customers: int = 10_000, months: int = 36, params=None, method: str = "simulate"
) -> pd.DataFrame:
    """One row per model with its figures over the whole horizon (arguments as ``compare_models``).

    Columns: ``model, label, revenue_per_customer, visits_per_customer, share_returned,
    first_month_revenue_per_customer, last_month_revenue_per_customer``.

    >>> model_summaries(["shot", "prepaid"], months=24, method="expected")["model"].tolist()
    ['shot', 'prepaid']
    """
    rows = []
    for result in _run(names, rng, n_customers, months, params, method):
        row = {"model": result.model, "label": MODELS[result.model].label}
        row.update({key: float(result.summary[key]) for key in SUMMARY_COLUMNS})
        rows.append(row)
    return pd.DataFrame(rows)


@checked(NAMES)
def model_parameters(names=None) -> pd.DataFrame:
    """The parameters of each model: default, kind (article / chosen / assumption) and meaning.

    The rows of each declaration's table (``MODELS[name].parameters.table()``, which also shows
    each parameter's range and unit), stacked with the model's name.

    >>> table = model_parameters("prepaid")
    >>> table.loc[table["parameter"] == "charged_price", ["default", "kind"]].values.tolist()
    [[8000, 'article']]
    """
    frames = []
    for name in model_names(names):
        table = MODELS[name].parameters.table().rename(columns={"name": "parameter"})
        table.insert(0, "model", name)
        frames.append(table[["model", "parameter", "default", "kind", "meaning"]])
    table = pd.concat(frames, ignore_index=True)
    # in Japanese the model's name reads in Japanese; a parameter keeps its name, the argument to pass
    table.attrs["words"] = "by_model"
    return table
