"""The capstone: one business analysed from start to end (chapter 07).

A business is described by a *preset*: a dictionary of plain numbers and short texts read from
``data/capstone_presets.json`` (one entry per business of the source articles: gym, esthetic salon, lounge,
yakiniku restaurant, online school, dance school, software subscription). A learner copies that
file, edits it for their own business and passes its path to :func:`load_presets`; every value is
checked and a missing or impossible one is named together with its business and allowed range.

:func:`analyse_business` then runs the whole course on one preset:

* **its model** (ch. 02, 06): the business model in order (customer, problem, solution, value,
  revenue) and its revenue model against a one-off sale (``compare_scenario``);
* **P&L and LTV** (ch. 03): new customers each month whose survival follows a shifted-beta-geometric
  (sBG) curve with mean first-month churn :math:`c` and polarisation :math:`\\varphi`,

  .. math::

      \\alpha = c\\,(1/\\varphi - 1), \\qquad \\beta = (1 - c)\\,(1/\\varphi - 1),

  so that :math:`\\alpha/(\\alpha+\\beta) = c` and :math:`1/(\\alpha+\\beta+1) = \\varphi`
  (Fader & Hardie's polarisation index: near 0 every customer has churn :math:`c`, near 1 customers
  either leave at once or stay for good); the LTV is :math:`\\sum_t m\\,\\text{ARPU}\\,S(t)/(1+d)^t`;
* **retention forecast** (ch. 04): a cohort drawn from that sBG, the first months observed, the
  rest projected by a fitted sBG and by a constant churn;
* **loyalty mix** (ch. 05): customers in the attitude x repeat matrix with the preset's shares;
* **stage ladder** (ch. 06): the LTV of a new customer when a plan waits at every next goal.

>>> presets = load_presets()
>>> sorted(presets)[:3]
['dance_school', 'esthetic_salon', 'gym']
>>> analysis = analyse_business(presets["gym"])
>>> bool(analysis.summary["ltv"] > 0)
True
"""

from __future__ import annotations

import difflib
import json
import numbers
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cslearn._validate import check_choice, check_int, check_number, check_rate, resolve_rng
from cslearn.capstone.parameters import (
    ANALYSIS,
    BUSINESS,
    LANGUAGE,
    NAME,
    PATH,
    PRESET,
    PRESET_DICT,
    PRESET_LADDER,
    PRESET_SBG,
)
from cslearn.params import Rng, checked

__all__ = [
    "PRESET_FIELDS",
    "load_presets",
    "business_preset",
    "check_preset",
    "preset_sbg",
    "preset_ladder",
    "CapstoneAnalysis",
    "analyse_business",
    "business_report",
]

# field -> what it means (shown in error messages and in data/README.md)
PRESET_FIELDS = {
    "name": "the business's name in English (text)",
    "name_ja": "the business's name in Japanese (text)",
    "source": "the short name of the source article it comes from, as in cs.sources() (text, may be empty)",
    "customer": "business model, step 1: the customer (text)",
    "problem": "business model, step 2: the customer's problem (text)",
    "solution": "business model, step 3: the solution (text)",
    "value": "business model, step 4: the value the customer gets (text)",
    "revenue": "business model, step 5: {from_whom, for_which_value, how, when} (texts)",
    "model": "revenue model, one of shot, subscription, constant, entry_offer, prepaid, owner, meat_ownership",
    "price": "yen for one visit or one-off sale (at least 0)",
    "fee": "monthly fee in yen of the subscription-like models (greater than 0; other models derive their ARPU)",
    "return_prob": "monthly chance that a one-off customer comes back (0 to 1)",
    "margin": "gross margin on revenue (greater than 0, at most 1)",
    "cac": "cost of acquiring one customer in yen (greater than 0)",
    "new_customers": "new customers each month (at least 0)",
    "fixed_cost": "fixed cost each month in yen (at least 0)",
    "months": "months of the P&L projection (whole number, 12 to 240)",
    "churn": "mean monthly churn of a new customer (greater than 0, less than 1)",
    "churn_spread": "polarisation of churn between customers (greater than 0, less than 1)",
    "cohort_size": "customers in the cohort of the retention forecast (whole number, 50 to 1,000,000)",
    "observed_months": "months of that cohort observed before forecasting (whole number, at least 2)",
    "forecast_months": "months forecast in all (whole number, more than observed_months, at most 120)",
    "discount_rate": "monthly discount rate (0 to 0.1)",
    "loyalty_shares": "shares of true, latent, spurious and no loyalty (four numbers adding up to 1)",
    "loyalty_customers": "customers drawn for the loyalty matrix (whole number, 20 to 100,000)",
    "stages": "the stage ladder: a list of {stage, stage_ja, price, advance, churn}",
}
_TEXT = ("name", "name_ja", "source", "customer", "problem", "solution", "value")
_REVENUE = ("from_whom", "for_which_value", "how", "when")
_STAGE = ("stage", "stage_ja", "price", "advance", "churn")


def _default_path() -> Path:
    from cslearn.data import data_dir

    return data_dir() / "capstone_presets.json"


def _text(where: str, key: str, value, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{where}: {key} must be text (got {value!r})")
    if not allow_empty and not value.strip():
        raise ValueError(f"{where}: {key} must not be empty")
    return value.strip()


def _check_fields(where: str, given: dict, allowed, what: str) -> None:
    unknown = [key for key in given if key not in allowed]
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(allowed), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; allowed: {', '.join(allowed)}"
        raise ValueError(f"{where}: unknown {what} {unknown[0]!r}{hint}")
    missing = [key for key in allowed if key not in given]
    if missing:
        meaning = PRESET_FIELDS.get(missing[0], "")
        raise ValueError(f"{where}: {missing[0]!r} is missing" + (f" ({meaning})" if meaning else ""))


@checked(PRESET_DICT, NAME)
def check_preset(preset: dict, name: str = "preset") -> dict:
    """Check every field of one preset and return a clean copy (numbers as floats and ints).

    Every field of :data:`PRESET_FIELDS` is required; an unknown field (a typo) is refused with
    the nearest known name. Errors name the business (``name``) and the field.

    >>> preset = load_presets()["gym"]
    >>> check_preset({**preset, "churn": 1.3}, "gym")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: gym: churn must be greater than 0 and less than 1 (got 1.3): a share is written as a fraction, ...
    """
    return _check_preset(preset, name)


def _check_preset(preset: dict, name: str) -> dict:
    """check_preset without the declarations' check (they call it)."""
    if not isinstance(preset, dict):
        raise TypeError(f"{name}: a preset must be a dictionary of fields (got {type(preset).__name__})")
    _check_fields(name, preset, PRESET_FIELDS, "field")
    clean = {key: _text(name, key, preset[key], allow_empty=key == "source") for key in _TEXT}
    revenue = preset["revenue"]
    if not isinstance(revenue, dict):
        raise TypeError(f"{name}: revenue must be a dictionary with {', '.join(_REVENUE)}")
    _check_fields(f"{name}: revenue", revenue, _REVENUE, "part")
    clean["revenue"] = {key: _text(f"{name}: revenue", key, revenue[key]) for key in _REVENUE}
    from cslearn.business_models import MODELS

    try:
        clean["model"] = check_choice("model", preset["model"], list(MODELS))
        clean["price"] = check_number("price", preset["price"], low=0)
        clean["fee"] = check_number("fee", preset["fee"], low=0, low_open=True)
        clean["return_prob"] = check_rate("return_prob", preset["return_prob"])
        clean["margin"] = check_rate("margin", preset["margin"], allow_zero=False)
        clean["cac"] = check_number("cac", preset["cac"], low=0, low_open=True)
        clean["new_customers"] = check_number("new_customers", preset["new_customers"], low=0)
        clean["fixed_cost"] = check_number("fixed_cost", preset["fixed_cost"], low=0)
        clean["months"] = check_int("months", preset["months"], 12, 240)
        clean["churn"] = check_rate("churn", preset["churn"], allow_zero=False, allow_one=False)
        clean["churn_spread"] = check_rate("churn_spread", preset["churn_spread"], allow_zero=False, allow_one=False)
        clean["cohort_size"] = check_int("cohort_size", preset["cohort_size"], 50, 1_000_000)
        clean["forecast_months"] = check_int("forecast_months", preset["forecast_months"], 3, 120)
        clean["observed_months"] = check_int(
            "observed_months", preset["observed_months"], 2, clean["forecast_months"] - 1
        )
        clean["discount_rate"] = check_number("discount_rate", preset["discount_rate"], 0, 0.1)
        clean["loyalty_customers"] = check_int("loyalty_customers", preset["loyalty_customers"], 20, 100_000)
        shares = preset["loyalty_shares"]
        if not isinstance(shares, (list, tuple)) or len(shares) != 4:
            raise ValueError(f"loyalty_shares must be a list of four numbers (true, latent, spurious, none), "
                             f"got {shares!r}")
        shares = [check_rate(f"loyalty_shares[{i}]", s) for i, s in enumerate(shares)]
        if abs(sum(shares) - 1) > 1e-6:
            raise ValueError(f"loyalty_shares must add up to 1 (got {sum(shares):g})")
        clean["loyalty_shares"] = shares
        clean["stages"] = _check_stages(preset["stages"], name)
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"{name}: {exc}") from None
    return clean


def _check_stages(stages, name: str) -> list[dict]:
    from cslearn.journey.ladder import _check_ladder

    if not isinstance(stages, list) or not stages:
        raise ValueError("stages must be a list of at least one stage")
    clean = []
    for i, stage in enumerate(stages):
        if not isinstance(stage, dict):
            raise TypeError(f"stages[{i}] must be a dictionary with {', '.join(_STAGE)}")
        _check_fields(f"stages[{i}]", stage, _STAGE, "part")
        clean.append({
            "stage": _text(f"stages[{i}]", "stage", stage["stage"]),
            "stage_ja": _text(f"stages[{i}]", "stage_ja", stage["stage_ja"]),
            "price": check_number(f"stages[{i}].price", stage["price"], low=0),
            "advance": check_rate(f"stages[{i}].advance", stage["advance"]),
            "churn": check_rate(f"stages[{i}].churn", stage["churn"]),
        })
    _check_ladder(pd.DataFrame(clean))
    return clean


@checked(PATH)
def load_presets(path: str | Path | None = None) -> dict[str, dict]:
    """Read and check every preset of a presets file (default ``data/capstone_presets.json``).

    The file is a JSON object: business key -> preset (see :data:`PRESET_FIELDS`); keys starting
    with ``_`` are comments. Returns the checked presets by key.

    >>> presets = load_presets()
    >>> presets["dance_school"]["stages"][0]["stage"]
    'beginner'
    """
    path = _default_path() if path is None else Path(path)
    if not path.is_file():
        raise ValueError(f"path: no presets file at {path}")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name} must hold a JSON object of business key -> preset")
    presets = {key: _check_preset(value, key) for key, value in raw.items() if not key.startswith("_")}
    if not presets:
        raise ValueError(f"{path.name} holds no presets")
    return presets


@checked(BUSINESS, PATH)
def business_preset(business: str, path: str | Path | None = None, **overrides) -> dict:
    """One preset by key, with any field replaced by a keyword (``None`` keeps the preset's value).

    >>> business_preset("gym", churn=0.04)["churn"]
    0.04
    >>> business_preset("gym", fee=None)["fee"] == load_presets()["gym"]["fee"]
    True
    """
    presets = load_presets(path)
    business = check_choice("business", business, sorted(presets))
    preset = dict(presets[business])
    preset.update({key: value for key, value in overrides.items() if value is not None})
    return _check_preset(preset, business)


@checked(PRESET_SBG)
def preset_sbg(preset: dict) -> tuple[float, float]:
    """The sBG parameters :math:`(\\alpha, \\beta)` of a preset's ``churn`` and ``churn_spread``.

    >>> alpha, beta = preset_sbg({"churn": 0.2, "churn_spread": 0.5})
    >>> round(alpha, 6), round(beta, 6)
    (0.2, 0.8)
    """
    churn, spread = float(preset["churn"]), float(preset["churn_spread"])
    total = 1.0 / spread - 1.0
    return churn * total, (1.0 - churn) * total


@checked(PRESET_LADDER)
def preset_ladder(preset: dict) -> pd.DataFrame:
    """A preset's stages as a ladder table for the :mod:`cslearn.journey` functions.

    >>> preset_ladder(load_presets()["gym"])["stage"].tolist()
    ['trial', 'regular', 'personal training']
    """
    return pd.DataFrame(_check_stages(preset["stages"], "preset"), columns=list(_STAGE))


@dataclass
class CapstoneAnalysis:
    """Everything :func:`analyse_business` computed for one business.

    ``preset`` (checked), ``business_model`` (a :class:`cslearn.journey.BusinessModel`),
    ``comparison`` (its revenue model against a one-off sale, per customer, month by month),
    ``alpha``/``beta`` (the sBG of its churn), ``pnl`` (:class:`cslearn.value.pnl.PnLProjection`),
    ``retention`` (:class:`cslearn.retention.RetentionProjection`), ``customers`` and ``loyalty``
    (the loyalty matrix), ``ladder``, ``ladder_values`` and ``plan_values`` (each stage also named in
    Japanese: ``stage_ja``, ``top_stage_ja``), and ``summary``: the
    headline numbers of the report, a Series (name -> number; months are whole numbers held as floats,
    ``inf`` for never).

    >>> analysis = analyse_business(load_presets()["lounge"])
    >>> analysis.preset["model"], analysis.business_model.complete
    ('owner', True)
    """

    preset: dict
    business_model: object
    comparison: pd.DataFrame
    alpha: float
    beta: float
    pnl: object
    retention: object
    customers: pd.DataFrame
    loyalty: pd.DataFrame
    ladder: pd.DataFrame
    ladder_values: pd.DataFrame
    plan_values: pd.DataFrame
    summary: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))


@checked(PRESET, Rng())
def analyse_business(preset: dict, *, rng=0) -> CapstoneAnalysis:
    """Run the course's analyses on one (checked) preset; ``rng`` fixes every random draw.

    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result. Each business draws from its own stream: the seed plus a stable
    hash of its name (a Generator or None first gives the seed).

    Headline numbers in ``summary``: ``ltv`` (sBG survival) and ``ltv_constant`` (the same mean
    churn for everyone), ``ltv_to_cac``, ``payback_month``, ``breakeven_month``, ``cash_low``,
    ``final_customers``, ``final_mrr``; ``model_revenue`` and ``shot_revenue`` (revenue per
    customer over the P&L horizon); the retention forecast's ``sbg_error`` and ``constant_error``;
    ``true_share`` and ``spurious_share`` of the loyalty matrix; ``ladder_ltv`` (every plan) and
    ``one_plan_ltv`` (only the first).

    >>> a = analyse_business(load_presets()["dance_school"])
    >>> bool(a.summary["ladder_ltv"] > a.summary["one_plan_ltv"])
    True
    """
    from cslearn.business_models import compare_scenario
    from cslearn.journey import BusinessModel, RevenueModel, ladder_values, plan_values
    from cslearn.loyalty import loyalty_matrix, make_loyalty_customers
    from cslearn.retention.curves import project_retention
    from cslearn.retention.models import ShiftedBetaGeometric, simulate_sbg
    from cslearn.value.ltv import lifetime_value, survival_lifetime_value
    from cslearn.value.pnl import project_pnl

    p = _check_preset(preset, "preset")  # the clean copy (the declaration has checked it)
    generator = resolve_rng(rng)
    seed = int(rng) if isinstance(rng, numbers.Integral) else int(generator.integers(2**32))
    model = BusinessModel(p["name"], customer=p["customer"], problem=p["problem"], solution=p["solution"],
                          value=p["value"], revenue=RevenueModel(**p["revenue"]))
    names = [p["model"]] if p["model"] == "shot" else [p["model"], "shot"]
    comparison = compare_scenario(names, price=p["price"], fee=p["fee"], return_prob=p["return_prob"],
                                  churn=p["churn"], months=p["months"])
    totals = comparison[comparison["month"] == comparison["month"].max()].set_index("model")
    model_revenue = float(totals.loc[p["model"], "cumulative_revenue_per_customer"])
    # one ARPU for every lens: the revenue model's revenue per customer spread over the months a
    # customer stays at the preset's churn (exactly ``fee`` for a subscription)
    months = p["months"]
    active_months = float(np.sum((1.0 - p["churn"]) ** np.arange(months)))
    arpu = model_revenue / active_months
    alpha, beta = preset_sbg(p)
    sbg = ShiftedBetaGeometric.from_params(alpha=alpha, beta=beta)
    survival = sbg.survival(np.arange(months + 1))  # S(0)..S(months): the P&L needs one past the end
    pnl = project_pnl(months, p["new_customers"], survival=survival, arpu=arpu, margin=p["margin"],
                      cac=p["cac"], fixed_cost=p["fixed_cost"], discount_rate=p["discount_rate"])
    # each business its own stream of draws: a stable hash of its name (Python's hash() is salted)
    own_seed = (seed + zlib.crc32(p["name"].encode("utf-8"))) % 2**32
    alive = simulate_sbg(alpha, beta, p["cohort_size"], p["forecast_months"], rng=own_seed)
    retention = project_retention(alive, observed=p["observed_months"])
    customers = make_loyalty_customers(p["loyalty_customers"], shares=tuple(p["loyalty_shares"]),
                                       rng=own_seed)
    loyalty = loyalty_matrix(customers)
    ladder = preset_ladder(p)
    values = ladder_values(ladder, discount_rate=p["discount_rate"], margin=p["margin"])
    values["stage_ja"] = ladder["stage_ja"].to_numpy()
    plans = plan_values(ladder, discount_rate=p["discount_rate"], margin=p["margin"])
    plans["top_stage_ja"] = ladder["stage_ja"].to_numpy()[plans["plans"].to_numpy() - 1]
    share = loyalty.set_index("segment")["share"]
    ltv = survival_lifetime_value(survival, arpu, p["margin"], p["discount_rate"], horizon=months)
    summary = pd.Series({
        "arpu": arpu,
        "ltv": ltv,
        "ltv_constant": lifetime_value(arpu, p["churn"], p["margin"], p["discount_rate"], horizon=months),
        "ltv_to_cac": ltv / p["cac"],
        **{key: pnl.summary[key] for key in ("payback_month", "breakeven_month", "cash_low",
                                             "cash_low_month", "npv", "final_customers", "final_mrr")},
        "model_revenue": model_revenue,
        "shot_revenue": float(totals.loc["shot", "cumulative_revenue_per_customer"]),
        "sbg_error": retention.summary["sbg_error"],
        "constant_error": retention.summary["constant_error"],
        "true_share": float(share["true"]),
        "spurious_share": float(share["spurious"]),
        "true_share_assumed": p["loyalty_shares"][0],
        "spurious_share_assumed": p["loyalty_shares"][2],
        "ladder_ltv": float(plans["ltv"].iloc[-1]),
        "one_plan_ltv": float(plans["ltv"].iloc[0]),
    }, dtype=float)
    return CapstoneAnalysis(p, model, comparison, alpha, beta, pnl, retention, customers, loyalty, ladder,
                            values, plans, summary)


def _month(value, language: str) -> str:
    from cslearn.language import tr

    if value is None or (isinstance(value, numbers.Real) and not np.isfinite(value)):
        return tr("never within the horizon", language)
    return tr("month {month}", language, month=int(value))


@checked(ANALYSIS, LANGUAGE)
def business_report(analysis: CapstoneAnalysis, language: str | None = None) -> str:
    """A short written report (Markdown) of one analysis, every number taken from ``summary``, in
    ``language`` (default: the language chosen with :func:`cslearn.set_language`).

    >>> text = business_report(analyse_business(load_presets()["gym"]), "en")
    >>> text.startswith("## Report: Neighbourhood gym")
    True
    >>> business_report(analyse_business(load_presets()["gym"]), "ja").startswith("## レポート:近所のジム")
    True
    """
    from cslearn.language import get_language, speaking

    language = language or get_language()
    with speaking(language):  # its numbers are formatted in the report's language too
        return _business_report(analysis, language)


def _business_report(analysis: CapstoneAnalysis, language: str) -> str:
    from cslearn.formatting import percent, yen
    from cslearn.language import known_translation, tr

    japanese = language == "ja"
    from cslearn.business_models import MODELS

    p, s = analysis.preset, analysis.summary
    ratio = s["ltv_to_cac"]
    months = p["months"]
    top = analysis.ladder["stage_ja" if japanese else "stage"].iloc[-1]
    model = MODELS[p["model"]]
    never_breaks_even = not np.isfinite(s["breakeven_month"])
    verdict = (tr("above the rule of thumb of 3", language) if ratio >= 3 else
               tr("below the rule of thumb of 3", language))
    lines = [
        tr("## Report: {name}", language, name=p["name_ja" if japanese else "name"]),
        "",
        tr("- **Model.** For {customer}, the business delivers {value}, and earns by {how} (revenue model: "
           "{model}). Over {months} months a customer brings {revenue} of revenue, against {shot} from a one-off "
           "sale (both before margin, at a constant churn). That is {arpu} per month while the customer stays, the "
           "ARPU the P&L and the LTV use too.", language,
           # the course's presets' texts in the report's language, a learner's own as written
           customer=known_translation(p["customer"], language), value=known_translation(p["value"], language),
           how=known_translation(p["revenue"]["how"], language),
           model=model.label_ja if japanese else model.label, months=months, revenue=yen(s["model_revenue"]),
           shot=yen(s["shot_revenue"]), arpu=yen(s["arpu"])),
        tr("- **LTV and P&L.** LTV {ltv} of gross margin over {months} months ({ltv_constant} if every customer had "
           "the same churn), LTV/CAC {ratio:.1f}, {verdict}. Acquisition pays back: {payback}; cumulative cash "
           "turns positive: {breakeven}; the plan needs up to {cash} of cash; its net present value over {months} "
           "months is {npv}.", language,
           ltv=yen(s["ltv"]), months=months, ltv_constant=yen(s["ltv_constant"]), ratio=ratio, verdict=verdict,
           payback=_month(s["payback_month"], language), breakeven=_month(s["breakeven_month"], language),
           cash=yen(-min(s["cash_low"], 0)), npv=yen(s["npv"])),
    ]
    if ratio >= 3 and never_breaks_even:
        lines.append(tr("  LTV/CAC passes the rule of thumb, yet the fixed costs keep cumulative cash negative for "
                        "all {months} months: a good ratio per customer is not a profitable business.", language,
                        months=months))
    ladder = {"one_plan": yen(s["one_plan_ltv"]), "top": top, "ladder": yen(s["ladder_ltv"])}
    lines += [
        tr("- **Retention forecast.** From the first {observed} months, the sBG forecast misses by {sbg_error} on "
           "average, a constant churn fitted to the same months (baseline B) by {constant_error}.", language,
           observed=p["observed_months"], sbg_error=percent(s["sbg_error"], 1),
           constant_error=percent(s["constant_error"], 1)),
        tr("- **Loyalty.** Truly loyal: assumed {true_assumed}, measured {true}; spuriously loyal (they repeat "
           "without liking the business): assumed {spurious_assumed}, measured {spurious}. The measured shares "
           "classify noisy survey scores, so some customers land in a neighbouring cell.", language,
           true_assumed=percent(s["true_share_assumed"], 0), true=percent(s["true_share"], 0),
           spurious_assumed=percent(s["spurious_share_assumed"], 0), spurious=percent(s["spurious_share"], 0)),
        tr("- **Stage ladder.** With only the first plan a new customer is worth {one_plan} (the first plan is free: "
           "it earns nothing until the customer moves up); with a plan at every stage up to '{top}', {ladder}.",
           language, **ladder) if s["one_plan_ltv"] == 0 else
        tr("- **Stage ladder.** With only the first plan a new customer is worth {one_plan}; with a plan at every "
           "stage up to '{top}', {ladder}.", language, **ladder),
        "",
        tr("Every number is computed from the preset's assumptions.", language),
    ]
    return "\n".join(lines)
