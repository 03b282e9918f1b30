"""Chapter 00-01's explorers: owning vs paying monthly, the budget split, the route seller."""

from __future__ import annotations

import pandas as pd

from cslearn.explorer import Explorer, sliders
from cslearn.formatting import percent, plural, yen
from cslearn.language import tr
from cslearn.ownership import compute as ownership
from cslearn.ownership.parameters import (
    ACQUISITION_SHARE,
    ANTICIPATION,
    BUDGET,
    CHURN,
    MONTHLY_FEE,
    MONTHS,
    PRICE_ONCE,
    ROUTE,
)
from cslearn.ownership.plots import plot_budget_paths, plot_budget_splits, plot_ownership, plot_route_sales
from cslearn.params import checked, declarations_of

__all__ = ["ownership_explorer", "budget_explorer", "route_explorer"]


def _ownership_readout(result) -> str:
    """The ownership explorer's sentence: when the customer and the seller reach the one-off price."""
    customer, seller, lifetime = result["customer"], result["seller"], result["lifetime"]
    shown = len(result["table"])

    def month(number: int) -> str:  # a month past the right edge of the plot is said to be
        if number > shown:
            return tr("<b>month {month:,}</b>, beyond the {shown} months shown", month=number, shown=shown)
        return tr("<b>month {month:,}</b>", month=number)

    if lifetime is None:
        return tr("A customer who stays has paid the one-off price by {customer}; with no churn the seller's "
                  "expected revenue per subscriber reaches it in the same month.", customer=month(customer))
    if seller is None:
        return tr("A customer who stays has paid the one-off price by {customer}; the seller's expected revenue per "
                  "subscriber <b>never</b> reaches it: a subscriber's expected lifetime revenue, {lifetime}, is below "
                  "the price.", customer=month(customer), lifetime=yen(lifetime))
    return tr("A customer who stays has paid the one-off price by {customer}; the seller's expected revenue per "
              "subscriber reaches it in {seller} (expected lifetime revenue {lifetime}).",
              customer=month(customer), seller=month(seller), lifetime=yen(lifetime))


@checked(PRICE_ONCE, MONTHLY_FEE, MONTHS, CHURN)
def ownership_explorer(price_once=3000, monthly_fee=980, months=36, churn=0.0) -> Explorer:
    """Buy once vs pay monthly: price, fee, churn and horizon on sliders.

    >>> view = ownership_explorer()
    >>> "month 6" in view.set(monthly_fee=500)
    True
    >>> view.controls["monthly_fee"].value, view.controls["price_once"].value = 100, 20_000
    >>> "month 200</b>, beyond the 36 months shown" in view.text.value
    True
    """
    controls = sliders(declarations_of(ownership_explorer), locals(), {
        "price_once": "One-off price (円)", "monthly_fee": "Monthly fee (円)", "churn": "Monthly churn",
        "months": "Months shown",
    })

    def compute(price_once, monthly_fee, months, churn):
        return {
            "table": ownership.ownership_vs_access(price_once, monthly_fee, months, churn),
            "customer": ownership.break_even_month(price_once, monthly_fee),
            "seller": ownership.break_even_month(price_once, monthly_fee, churn),
            "lifetime": monthly_fee / churn if churn > 0 else None,
        }

    def draw(result, figure):
        plot_ownership(result["table"], ax=figure.add_subplot(), break_even=result["customer"],
                       seller_break_even=result["seller"])

    return Explorer(controls, compute, draw, _ownership_readout)


def _profit_phrase(amount: float) -> str:
    """'a cumulative profit of ¥X' or 'a cumulative loss of ¥X' (never a minus sign in a sentence)."""
    if round(amount) < 0:
        return tr("a cumulative loss of {amount}", amount=yen(-amount))
    return tr("a cumulative profit of {amount}", amount=yen(amount))


def _short_profit(amount: float) -> str:
    """'¥X' for a profit, 'a loss of ¥X' for a loss."""
    return tr("a loss of {amount}", amount=yen(-amount)) if round(amount) < 0 else yen(amount)


def _budget_readout(result) -> str:
    end, base = result["chosen"].iloc[-1], result["baseline"].iloc[-1]
    splits = result["splits"]
    best = splits.loc[splits["cumulative_profit"].idxmax(), "acquisition_share"]
    value = result["new_customer_value"]
    newcomers = "" if value == 1 else tr(
        " Newcomers earn {share} of an established customer's revenue in their first {months}.",
        share=percent(value, 0), months=plural(result["new_customer_months"], "month"),
    )
    if result["share"] == 1.0:
        baseline = ""
    else:
        baseline = tr(" (all on acquisition: {customers} and {profit})",
                      customers=plural(round(base["customers"]), "customer"),
                      profit=_profit_phrase(base["cumulative_profit"]))
    return (
        tr("With {share} of the budget on acquisition, after {months}: <b>{customers}</b> and <b>{profit}</b>"
           "{baseline}.", share=percent(result["share"], 0), months=plural(int(end["month"]), "month"),
           customers=plural(round(end["customers"]), "customer"), profit=_profit_phrase(end["cumulative_profit"]),
           baseline=baseline)
        + newcomers + tr(" Best split: {share} on acquisition.", share=percent(best, 0))
    )


@checked(ACQUISITION_SHARE, *(BUDGET[name] for name in ("cost_ratio", "churn", "months", "new_customer_value")))
def budget_explorer(
    acquisition_share=1.0, cost_ratio=5.0, churn=0.05, months=24, new_customer_value=1.0, **settings
) -> Explorer:
    """Split a fixed budget between acquisition and retention; compare with spending it all on acquisition.

    ``new_customer_value`` (a slider) is what a customer in their first year earns relative to an
    established one (see :func:`cslearn.ownership.budget_split`); other ``settings`` of
    ``budget_split`` are fixed.

    >>> view = budget_explorer(acquisition_share=1.0)
    >>> "Best split: 60 %" in view.set(acquisition_share=0.6)
    True
    >>> "Best split: 50 %" in view.set(new_customer_value=0.5)
    True
    """
    BUDGET.resolve(settings)  # refuse a bad fixed setting before building the sliders
    controls = sliders(declarations_of(budget_explorer), locals(), {
        "acquisition_share": "Budget on acquisition", "cost_ratio": "Acquire ÷ keep cost (1:5 rule = 5)",
        "churn": "Monthly churn", "months": "Months",
        "new_customer_value": "A newcomer earns (× an established customer)",
    }, new_customer_value={"fmt": ".0%"})  # a multiple, read as a percentage of an established customer

    def compute(acquisition_share, cost_ratio, churn, months, new_customer_value):
        common = dict(settings, cost_ratio=cost_ratio, churn=churn, months=months,
                      new_customer_value=new_customer_value)
        chosen = ownership.budget_split(acquisition_share, **common)
        baseline = ownership.budget_split(1.0, **common)
        splits = ownership.compare_budget_splits(**common)
        return {"share": acquisition_share, "chosen": chosen, "baseline": baseline, "splits": splits,
                "new_customer_value": new_customer_value,
                "new_customer_months": settings.get("new_customer_months", 12)}

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        paths = [result["chosen"].assign(acquisition_share=result["share"])]
        if result["share"] != 1.0:
            paths.append(result["baseline"].assign(acquisition_share=1.0))
        plot_budget_paths(pd.concat(paths), ax=left)
        plot_budget_splits(result["splits"], ax=right, chosen=result["share"])

    return Explorer(controls, compute, draw, _budget_readout, figsize=(11, 4))


def _route_readout(result) -> str:
    summary = result["summary"].set_index("policy")
    wait, ahead = summary.loc["wait to be asked"], summary.loc["restock ahead"]
    start, months, pays_from = result["households"], result["months"], result["pays_from"]
    left_ahead, left_wait = round(ahead["households_left"]), round(wait["households_left"])
    of_all, over = plural(round(start), "regular household"), plural(months, "month")
    if left_ahead == left_wait == 0:
        kept = tr("After {months} neither seller keeps any of the {households}.", months=over, households=of_all)
    elif left_ahead == left_wait:
        kept = tr("After {months} both sellers still have <b>{left} of {households}</b>.", months=over,
                  left=f"{left_ahead:,}", households=of_all)
    else:
        kept = tr("After {months} the seller who restocks ahead still has <b>{ahead} of {households}</b>, the one "
                  "who waits {wait}.", months=over, ahead=f"{left_ahead:,}", households=of_all, wait=f"{left_wait:,}")
    lost_ahead, lost_wait = round(ahead["lost_sales"]), round(wait["lost_sales"])
    if lost_ahead == lost_wait:
        kept += tr(" Each lost {sales}.", sales=plural(lost_wait, "sale")) if lost_wait else tr(" Neither lost a sale.")
    else:
        kept += tr(" Waiting lost {wait}, restocking ahead {ahead}.", wait=plural(lost_wait, "sale"),
                   ahead=f"{lost_ahead:,}")
    profits = tr("({profit}, against {wait} for waiting)", profit=_profit_phrase(ahead["cumulative_profit"]),
                 wait=_short_profit(wait["cumulative_profit"]))
    if ahead["anticipation"] == 0:
        verdict = tr(" With no shortage prevented, restocking ahead is the same as waiting.")
    elif round(ahead["cumulative_profit"]) == round(wait["cumulative_profit"]):
        verdict = tr(" Restocking ahead and waiting earn the same over {months}: {profit} each.", months=over,
                     profit=_profit_phrase(ahead["cumulative_profit"]))
    elif pays_from is None:
        verdict = tr(" Within {months} restocking ahead does <b>not</b> pay for its care {profits}.", months=over,
                     profits=profits)
    elif pays_from == 1:
        verdict = tr(" Restocking ahead is ahead from the first month {profits}.", profits=profits)
    else:
        verdict = tr(" Restocking ahead pays from <b>month {month}</b> {profits}.", month=pays_from, profits=profits)
    return kept + verdict


@checked(ANTICIPATION, *(ROUTE[name] for name in ("caught_short", "switch", "care_cost", "months")))
def route_explorer(anticipation=0.9, caught_short=0.3, switch=0.2, care_cost=300, months=24, **settings) -> Explorer:
    """A route seller who restocks regulars ahead of need vs one who waits to be asked (C4).

    Sliders: how many shortages restocking ahead prevents, how many households would be caught
    short, how many of those who buy elsewhere stay away, the monthly cost of keeping track of a
    household, and the horizon. Other ``settings`` of :func:`cslearn.ownership.route_sales` are fixed.

    >>> view = route_explorer()
    >>> "pays from <b>month 18</b>" in view.text.value
    True
    >>> "does <b>not</b> pay" in view.set(care_cost=600)
    True
    >>> "the same as waiting" in view.set(anticipation=0.0)
    True
    >>> view.controls["caught_short"].value, view.controls["care_cost"].value = 1.0, 0
    >>> view.controls["switch"].value, view.controls["months"].value = 1.0, 60
    >>> "neither seller keeps any of the 100 regular households" in view.text.value
    True
    """
    ROUTE.resolve(settings)  # refuse a bad fixed setting before building the sliders
    controls = sliders(declarations_of(route_explorer), locals(), {
        "anticipation": "Shortages prevented by restocking ahead",
        "caught_short": "Households caught short if the seller waits",
        "switch": "Who bought elsewhere and stay away", "care_cost": "Care per household a month (円)",
        "months": "Months",
    })

    def compute(anticipation, caught_short, switch, care_cost, months):
        common = dict(settings, caught_short=caught_short, switch=switch, care_cost=care_cost, months=months)
        return {
            "wait": ownership.route_sales(0.0, **common),
            "ahead": ownership.route_sales(anticipation, **common),
            "summary": ownership.compare_route_policies(anticipation, **common),
            "pays_from": ownership.restock_ahead_pays_from(anticipation, **common),
            "households": settings.get("households", 100),
            "months": months,
        }

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_route_sales(result["wait"], result["ahead"], ax=left)
        plot_route_sales(result["wait"], result["ahead"], ax=right, column="cumulative_profit",
                         pays_from=result["pays_from"])

    return Explorer(controls, compute, draw, _route_readout, figsize=(11, 4))
