"""Explorers of chapter 05: the sell-out, and counts vs rates.

Both are thin views over :mod:`cslearn.loyalty`: the sliders feed the library's compute function,
the figure is drawn by :mod:`cslearn.loyalty.plots`.
"""

from __future__ import annotations

import math

from cslearn import loyalty
from cslearn.explorer import Explorer, sliders
from cslearn.formatting import percent, yen
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


def _n(count, singular: str, plural: str | None = None) -> str:
    """``count`` rounded to a whole number with its noun: "1 day", "14 days", "1,163 customers"."""
    whole = round(float(count))
    word = singular if whole == 1 else (plural or singular + "s")
    return f"{whole:,.0f} {word}"


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
            return "the matched substitutes arrive after the last customer"
        covered = f"c = ({days} - {first} + 1) / {days} = {(days - first + 1) / days:.2f}"
        if first == 1 and lead > delivery - 1:
            return (f"the matched substitutes are on the shelf from day 1 ({covered}): ordering more "
                    f"than {_n(max(math.ceil(delivery) - 1, 0), 'day')} ahead changes nothing")
        return f"the matched substitutes are on the shelf from day {first} after the sell-out ({covered})"

    def readout(result):
        without, with_ = result["comparison"].iloc[0], result["comparison"].iloc[1]
        asking = f"Of {_n(without['customers'], 'customer')} asking after the sell-out"
        lost = _n(with_["disappointed_loyal"], "psychologically loyal customer")
        if result["lead_days"] <= 0:
            return (
                f"{asking}, substitutes <b>ordered on the sell-out day</b> keep <b>{with_['sales_kept']:,.0f}</b> "
                f"of them as sales ({percent(with_['kept_share'])}, {yen(abs(with_['revenue']))}), and "
                f"<b>{lost}</b> leave without buying; {shelf(0)}. Move the slider to prepare them ahead."
            )
        return (
            f"{asking}, substitutes <b>prepared {_n(result['lead_days'], 'day')} ahead</b> keep "
            f"<b>{with_['sales_kept']:,.0f}</b> of them as sales ({percent(with_['kept_share'])}, "
            f"{yen(abs(with_['revenue']))}); ordered at the sell-out, they keep "
            f"{without['sales_kept']:,.0f} ({percent(without['kept_share'])}). <b>{lost}</b> leave without "
            f"buying (ordered at the sell-out: {without['disappointed_loyal']:,.0f}); {shelf(result['lead_days'])}."
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
        hides = ("in no month did the rate rise while the repeat buyers fell" if hidden == 0 else
                 f"in <b>{_n(hidden, 'month')}</b> the rate rose while the repeat buyers fell")
        return (
            f"Over {_n(last['month'], 'month')} the repeat rate goes from {percent(first['repeat_rate'])} "
            f"to <b>{percent(last['repeat_rate'])}</b> (between {percent(result['repeat_rate'].min())} and "
            f"{percent(result['repeat_rate'].max())}). Behind it, fans go from {first['fans']:,.0f} to "
            f"<b>{last['fans']:,.0f}</b>, repeat buyers from {first['repeaters']:,.0f} to "
            f"<b>{last['repeaters']:,.0f}</b> and customers from {first['customers']:,.0f} to "
            f"{last['customers']:,.0f}; <b>{_n(last['leavers_total'], 'customer')}</b> left, and customers "
            f"wrote <b>{_n(last['words_total'], 'review or comment', 'reviews and comments')}</b> "
            f"({first['words']:,.0f} in the first month, {last['words']:,.0f} in the last). "
            f"{hides[0].upper() + hides[1:]}."
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
        return (
            f"With an attitude of at least {result['a']:.1f} and at least "
            f"{_n(result['r'], 'repeat purchase')}, <b>{true}</b> {'customer is' if true == 1 else 'customers are'} "
            f"in true loyalty ({percent(cells.loc['true', 'share'])}); "
            f"{_n(cells.loc['spurious', 'customers'], 'customer')} in spurious loyalty, "
            f"{cells.loc['latent', 'customers']} in latent loyalty and {cells.loc['none', 'customers']} in none."
        )

    return Explorer(controls, compute, draw, readout, figsize=(7, 5.2))
