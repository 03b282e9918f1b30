"""Explorers of chapter 05: the sell-out, and counts vs rates.

Both are thin views over :mod:`cslearn.loyalty`: the sliders feed the library's compute function,
the figure is drawn by :mod:`cslearn.plotting.loyalty`.
"""

from __future__ import annotations

from cslearn import loyalty
from cslearn.explorers import Explorer, slider
from cslearn.formatting import percent, yen
from cslearn.plotting.loyalty import (
    plot_fans_and_leavers,
    plot_loyalty_matrix,
    plot_repeat_rate,
    plot_stockout,
    plot_stockout_by_need,
)

__all__ = ["stockout_explorer", "counts_rates_explorer", "loyalty_matrix_explorer"]


def stockout_explorer(psych_share=0.3, lead_days=0, outdoor_share=0.4, **settings) -> Explorer:
    """A bestseller sells out: move the share of psychologically loyal customers and how early
    substitutes are prepared, and see sales kept, lost and disappointed loyal customers.

    ``settings`` (customers, days, delivery_days, acceptance, ...) go to
    :func:`cslearn.loyalty.stockout_outcomes`.

    >>> view = stockout_explorer(psych_share=0.3, lead_days=0)
    >>> view.controls["lead_days"].value = 14
    >>> "prepared 14 days ahead" in view.text.value
    True
    """
    loyalty.stockout_outcomes(psych_share, lead_days, outdoor_share=outdoor_share, **settings)  # refuse bad starts
    controls = {
        "psych_share": slider("Psychologically loyal (want that model)", psych_share, 0.0, 1.0, 0.05, fmt=".0%"),
        "lead_days": slider("Substitutes prepared, days before the sell-out", lead_days, 0, 30, 1, integer=True),
        "outdoor_share": slider("Of the others: want them for outdoors", outdoor_share, 0.0, 1.0, 0.05, fmt=".0%"),
    }

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

    def readout(result):
        without, with_ = result["comparison"].iloc[0], result["comparison"].iloc[1]
        return (
            f"Of {without['customers']:,.0f} customers asking after the sell-out, substitutes "
            f"<b>prepared {result['lead_days']} days ahead</b> keep <b>{with_['sales_kept']:,.0f}</b> sales "
            f"({percent(with_['kept_share'])}, {yen(with_['revenue'])}); ordered at the sell-out: "
            f"{without['sales_kept']:,.0f} ({percent(without['kept_share'])}). "
            f"Disappointed loyal customers: <b>{with_['disappointed_loyal']:,.0f}</b> "
            f"(vs {without['disappointed_loyal']:,.0f})."
        )

    return Explorer(controls, compute, draw, readout, figsize=(12, 4.2))


def counts_rates_explorer(casual_churn=0.15, new_per_month=30, months=12, conversion=0.0, **settings) -> Explorer:
    """Repeat rate beside the numbers of fans and leavers: move churn of casual buyers, new arrivals
    and the share of casual buyers who become fans each month.

    ``settings`` go to :func:`cslearn.loyalty.simulate_repeat_base`.

    >>> view = counts_rates_explorer()
    >>> view.controls["new_per_month"].value = 150
    >>> "repeat buyers" in view.text.value
    True
    """
    loyalty.simulate_repeat_base(months, casual_churn=casual_churn, new_per_month=new_per_month,
                                 conversion=conversion, **settings)
    controls = {
        "casual_churn": slider("Casual buyers leaving each month", casual_churn, 0.0, 0.5, 0.01, fmt=".0%"),
        "new_per_month": slider("New customers a month", new_per_month, 0, 200, 5, integer=True),
        "conversion": slider("Casual buyers becoming fans each month", conversion, 0.0, 0.2, 0.01, fmt=".0%"),
        "months": slider("Months", months, 6, 36, 1, integer=True),
    }

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
        return (
            f"Month 1 to {int(last['month'])}: repeat rate {percent(first['repeat_rate'])} → "
            f"<b>{percent(last['repeat_rate'])}</b>; repeat buyers {first['repeaters']:,.0f} → "
            f"<b>{last['repeaters']:,.0f}</b>; fans {first['fans']:,.0f} → <b>{last['fans']:,.0f}</b>; "
            f"customers {first['customers']:,.0f} → {last['customers']:,.0f}; "
            f"leavers over the period {result['leavers'].sum():,.0f}. "
            f"Months where the rate rose while the repeat buyers fell: <b>{hidden}</b>."
        )

    return Explorer(controls, compute, draw, readout, figsize=(12, 4.2))


def loyalty_matrix_explorer(customers, attitude_threshold=4.5, repeat_threshold=3) -> Explorer:
    """The attitude x repeat-behaviour matrix: move the two thresholds and watch customers change cell.

    ``customers`` is a table with ``attitude`` and ``repeat_purchases`` (as from
    :func:`cslearn.loyalty.make_loyalty_customers`). The cut-offs are choices, not facts: the
    readout shows how many customers each choice calls truly loyal.

    >>> from cslearn.loyalty import make_loyalty_customers
    >>> view = loyalty_matrix_explorer(make_loyalty_customers(200, seed=1))
    >>> view.controls["attitude_threshold"].value = 6.0
    >>> "true loyalty" in view.text.value
    True
    """
    loyalty.loyalty_matrix(customers, attitude_threshold, repeat_threshold)  # refuse bad starts
    top = int(customers["repeat_purchases"].max()) + 1
    controls = {
        "attitude_threshold": slider("Attitude threshold (1-7)", attitude_threshold, 1.0, 7.0, 0.5, fmt=".1f"),
        "repeat_threshold": slider("Repeat purchases threshold", repeat_threshold, 1, max(top, 2), 1, integer=True),
    }

    def compute(attitude_threshold, repeat_threshold):
        return {"a": attitude_threshold, "r": repeat_threshold,
                "matrix": loyalty.loyalty_matrix(customers, attitude_threshold, repeat_threshold)}

    def draw(result, figure):
        plot_loyalty_matrix(customers, result["a"], result["r"], ax=figure.subplots())

    def readout(result):
        cells = result["matrix"].set_index("segment")
        return (
            f"Attitude at least {result['a']:.1f} and at least {result['r']} repeat purchases: "
            f"<b>{cells.loc['true', 'customers']}</b> customers in true loyalty "
            f"({percent(cells.loc['true', 'share'])}); spurious {cells.loc['spurious', 'customers']}, "
            f"latent {cells.loc['latent', 'customers']}, none {cells.loc['none', 'customers']}."
        )

    return Explorer(controls, compute, draw, readout, figsize=(7, 5.2))
