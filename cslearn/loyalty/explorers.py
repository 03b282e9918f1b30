"""Explorers of chapter 05: the sell-out, and counts vs rates.

Both are thin views over :mod:`cslearn.loyalty`: the sliders feed the library's compute function,
the figure is drawn by :mod:`cslearn.loyalty.plots`.
"""

from __future__ import annotations

import math

from cslearn import loyalty
from cslearn.explorer import Explorer, sliders
from cslearn.formatting import percent, plural, yen
from cslearn.language import tr
from cslearn.loyalty.parameters import (
    ATTITUDE_THRESHOLD,
    LEAD_DAYS,
    MONTHS,
    OUTDOOR_SHARE,
    PSYCH_SHARE,
    REPEAT_BASE,
    REPEAT_THRESHOLD,
    SHOP_CUSTOMERS,
)
from cslearn.loyalty.plots import (
    plot_fans_and_leavers,
    plot_loyalty_matrix,
    plot_repeat_rate,
    plot_stockout,
    plot_stockout_by_need,
)
from cslearn.params import checked, declarations_of

__all__ = ["stockout_explorer", "counts_rates_explorer", "loyalty_matrix_explorer"]


def _n(count, singular: str, plural_form: str | None = None) -> str:
    """``count`` rounded to a whole number with its noun: "1 day", "14 days", "1,163 customers" (in
    Japanese with its counter: "14日", "1,163人")."""
    return plural(round(float(count)), singular, plural_form)


@checked(PSYCH_SHARE, LEAD_DAYS, OUTDOOR_SHARE)
def stockout_explorer(psych_share=0.3, lead_days=0, outdoor_share=0.4, **settings) -> Explorer:
    """A bestseller sells out: move the share of psychologically loyal customers and how early
    substitutes are prepared, and see sales kept, lost and disappointed loyal customers.

    ``settings`` (customers, days, delivery_days, acceptance, ...) go to
    :func:`cslearn.loyalty.stockout_outcomes`.

    >>> view = stockout_explorer(psych_share=0.3, lead_days=0)
    >>> "prepared 14 days ahead" in view.set(lead_days=14)
    True
    >>> "prepared 1 day ahead" in view.set(lead_days=1)
    True
    """
    loyalty.stockout_outcomes(psych_share, lead_days, outdoor_share=outdoor_share, **settings)  # refuse bad starts
    delivery = float(settings.get("delivery_days", 14))
    top_lead = max(math.ceil(delivery), 1, math.ceil(lead_days))
    days = int(settings.get("days", 30))
    # customers come from day 1 after the sell-out, so ordering more than delivery_days - 1 days ahead
    # changes nothing: the lead-days slider stops one day past that point, where the student can see it stop
    controls = sliders(declarations_of(stockout_explorer), locals(), {
        "psych_share": "Psychologically loyal (want that model)",
        "lead_days": "Substitutes prepared, days before the sell-out",
        "outdoor_share": "Of the others: want them for outdoors",
    }, lead_days={"high": top_lead, "integer": True})

    def compute(psych_share, lead_days, outdoor_share):
        common = dict(settings, outdoor_share=outdoor_share)
        return {
            "lead_days": lead_days,
            "by_need": loyalty.stockout_outcomes(psych_share, lead_days, **common),
            "comparison": loyalty.compare_preparation(psych_share, lead_days, **common),
        }

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_stockout(result["comparison"], ax=left)
        plot_stockout_by_need(result["by_need"], ax=right)

    def shelf(lead):
        first = max(math.ceil(delivery - lead), 1)
        if first > days:
            return tr("the matched substitutes arrive after the last customer")
        covered = f"c = ({days} - {first} + 1) / {days} = {(days - first + 1) / days:.2f}"
        if first == 1 and lead > delivery - 1:
            return tr("the matched substitutes are on the shelf from day 1 ({covered}): ordering more than {days} "
                      "ahead changes nothing", covered=covered, days=_n(max(math.ceil(delivery) - 1, 0), "day"))
        return tr("the matched substitutes are on the shelf from day {first} after the sell-out ({covered})",
                  first=first, covered=covered)

    def readout(result):
        without, with_ = result["comparison"].iloc[0], result["comparison"].iloc[1]
        numbers = {
            "customers": _n(without["customers"], "customer"),
            "lost": _n(with_["disappointed_loyal"], "psychologically loyal customer"),
            "kept": f"{with_['sales_kept']:,.0f}", "share": percent(with_["kept_share"]),
            "revenue": yen(abs(with_["revenue"])),
        }
        if result["lead_days"] <= 0:
            return tr(
                "Of {customers} asking after the sell-out, substitutes <b>ordered on the sell-out day</b> keep "
                "<b>{kept}</b> of them as sales ({share}, {revenue}), and <b>{lost}</b> leave without buying; "
                "{shelf}. Move the slider to prepare them ahead.", shelf=shelf(0), **numbers,
            )
        return tr(
            "Of {customers} asking after the sell-out, substitutes <b>prepared {days} ahead</b> keep <b>{kept}</b> "
            "of them as sales ({share}, {revenue}); ordered at the sell-out, they keep {kept_without} "
            "({share_without}). <b>{lost}</b> leave without buying (ordered at the sell-out: {lost_without}); "
            "{shelf}.",
            days=_n(result["lead_days"], "day"), kept_without=f"{without['sales_kept']:,.0f}",
            share_without=percent(without["kept_share"]), lost_without=f"{without['disappointed_loyal']:,.0f}",
            shelf=shelf(result["lead_days"]), **numbers,
        )

    return Explorer(controls, compute, draw, readout, figsize=(12, 4.2))


@checked(REPEAT_BASE["casual_churn"], REPEAT_BASE["new_per_month"], MONTHS, REPEAT_BASE["conversion"])
def counts_rates_explorer(casual_churn=0.15, new_per_month=30, months=12, conversion=0.0, **settings) -> Explorer:
    """Repeat rate beside the counts that accumulate (fans, leavers, the customers' own words): move
    churn of casual buyers, new arrivals and the share of casual buyers who become fans each month.

    ``settings`` go to :func:`cslearn.loyalty.simulate_repeat_base`.

    >>> view = counts_rates_explorer()
    >>> "repeat buyers" in view.set(new_per_month=150)
    True
    >>> "reviews and comments" in view.text.value
    True
    """
    loyalty.simulate_repeat_base(months, casual_churn=casual_churn, new_per_month=new_per_month,
                                 conversion=conversion, **settings)
    controls = sliders(declarations_of(counts_rates_explorer), locals(), {
        "casual_churn": "Casual buyers leaving each month", "new_per_month": "New customers a month",
        "conversion": "Casual buyers becoming fans each month", "months": "Months",
    }, new_per_month={"integer": True})

    def compute(casual_churn, new_per_month, conversion, months):
        table = loyalty.simulate_repeat_base(months, casual_churn=casual_churn, new_per_month=new_per_month,
                                             conversion=conversion, **settings)
        return loyalty.counts_and_rates(table)

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_repeat_rate(result, ax=left)
        plot_fans_and_leavers(result, ax=right)

    def readout(result):
        first, last = result.iloc[0], result.iloc[-1]
        hidden = int(result["rate_hides_decline"].sum())
        hides = (tr("In no month did the rate rise while the repeat buyers fell.") if hidden == 0 else
                 tr("In <b>{months}</b> the rate rose while the repeat buyers fell.", months=_n(hidden, "month")))
        return tr(
            "Over {months} the repeat rate goes from {first_rate} to <b>{last_rate}</b> (between {low} and {high}). "
            "Behind it, fans go from {first_fans} to <b>{last_fans}</b>, repeat buyers from {first_repeaters} to "
            "<b>{last_repeaters}</b> and customers from {first_customers} to {last_customers}; <b>{leavers}</b> "
            "left, and customers wrote <b>{words}</b> ({first_words} in the first month, {last_words} in the "
            "last). {hides}",
            months=_n(last["month"], "month"), first_rate=percent(first["repeat_rate"]),
            last_rate=percent(last["repeat_rate"]), low=percent(result["repeat_rate"].min()),
            high=percent(result["repeat_rate"].max()),
            **{f"{when}_{column}": f"{row[column]:,.0f}" for when, row in (("first", first), ("last", last))
               for column in ("fans", "repeaters", "customers", "words")},
            leavers=_n(last["leavers_total"], "customer"),
            words=_n(last["words_total"], "review or comment", "reviews and comments"), hides=hides,
        )

    return Explorer(controls, compute, draw, readout, figsize=(12, 4.2))


@checked(SHOP_CUSTOMERS, ATTITUDE_THRESHOLD, REPEAT_THRESHOLD)
def loyalty_matrix_explorer(customers, attitude_threshold=4.5, repeat_threshold=3) -> Explorer:
    """The attitude x repeat-behaviour matrix: move the two thresholds and watch customers change cell.

    ``customers`` is a table with ``attitude`` and ``repeat_purchases`` (as from
    :func:`cslearn.loyalty.make_loyalty_customers`). The cut-offs are choices, not facts: the
    readout shows how many customers each choice calls truly loyal.

    >>> from cslearn.loyalty import make_loyalty_customers
    >>> view = loyalty_matrix_explorer(make_loyalty_customers(200, rng=1))
    >>> "true loyalty" in view.set(attitude_threshold=6.0)
    True
    """
    loyalty.loyalty_matrix(customers, attitude_threshold, repeat_threshold)  # refuse bad starts
    top = int(customers["repeat_purchases"].max()) + 1
    controls = sliders(declarations_of(loyalty_matrix_explorer), locals(), {
        "attitude_threshold": "Attitude threshold (1-7)", "repeat_threshold": "Repeat purchases threshold",
    }, attitude_threshold={"fmt": ".1f"}, repeat_threshold={"high": max(top, 2), "integer": True})

    def compute(attitude_threshold, repeat_threshold):
        return {"a": attitude_threshold, "r": repeat_threshold,
                "matrix": loyalty.loyalty_matrix(customers, attitude_threshold, repeat_threshold)}

    def draw(result, figure):
        plot_loyalty_matrix(customers, result["a"], result["r"], ax=figure.subplots())

    def readout(result):
        cells = result["matrix"].set_index("segment")
        true = int(cells.loc["true", "customers"])
        numbers = {
            "attitude": f"{result['a']:.1f}", "repeats": _n(result["r"], "repeat purchase"), "true": true,
            "share": percent(cells.loc["true", "share"]),
            "spurious": _n(cells.loc["spurious", "customers"], "customer"),
            "latent": cells.loc["latent", "customers"], "none": cells.loc["none", "customers"],
        }
        if true == 1:
            return tr("With an attitude of at least {attitude} and at least {repeats}, <b>{true}</b> customer is in "
                      "true loyalty ({share}); {spurious} in spurious loyalty, {latent} in latent loyalty and {none} "
                      "in none.", **numbers)
        return tr("With an attitude of at least {attitude} and at least {repeats}, <b>{true}</b> customers are in "
                  "true loyalty ({share}); {spurious} in spurious loyalty, {latent} in latent loyalty and {none} "
                  "in none.", **numbers)

    return Explorer(controls, compute, draw, readout, figsize=(7, 5.2))
