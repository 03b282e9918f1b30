"""Explorers of chapter 02: compare business models; the prepaid balance, the owner's payback, meat ownership.

Each explorer calls a compute function of :mod:`cslearn.business_models` with the exact expected
values (``method="expected"``: no randomness, a few milliseconds a redraw) and draws with
:mod:`cslearn.business_models.plots`. The chapter shows the simulated spread once, with a fixed random seed.
"""

from __future__ import annotations

import re

import ipywidgets as widgets
import pandas as pd

from cslearn import business_models as bm
from cslearn.business_models.parameters import (
    AFTER_PURCHASE,
    BUSINESS,
    CHARGED_SHARE,
    MEAT_OWNERSHIP,
    MODELS_PICKED,
    MONTHS,
    OWNER,
    PREPAID,
)
from cslearn.business_models.plots import (
    _move_model_revenue,
    _move_prepaid_balance,
    plot_after_purchase,
    plot_meat_stock,
    plot_model_comparison,
    plot_model_revenue,
    plot_owner_payback,
    plot_prepaid_balance,
)
from cslearn.business_models.scenario import KNOB_MODELS, KNOBS
from cslearn.explorer import Explorer, sliders
from cslearn.formatting import percent, plural, yen
from cslearn.language import get_language, tr
from cslearn.params import checked

__all__ = ["business_model_explorer", "prepaid_explorer", "owner_explorer", "meat_explorer", "after_purchase_explorer"]


#: the sliders of the owner and meat explorers, in order: parameter -> label; and, by parameter, a range
#: or step other than the declared one (see :func:`_knob_controls`)
_KNOB_SLIDERS = {
    "owner": ({
        "owner_fee": "Owner's stake (円)", "course_price": "Course at list price (円)",
        "owner_price": "Course for owners (円)", "owner_return_prob": "Owner returns a month (assumption)",
        "return_prob": "Non-owner returns a month (assumption)",
        "friends_per_visit": "Paying friends per owner visit (assumption)",
        "lapse": "Leave for good a month (assumption)",
    }, {"lapse": {"high": 0.5}}),
    "meat": ({
        "stock_kg": "Meat bought (kg)", "kg_per_visit": "Eaten per visit (kg)",
        "stock_price": "Price of the stock (円)", "side_spend": "Drinks and sides per owner visit (円)",
        "meal_price": "Ordinary dinner (円)",
        "visit_prob": "Visit a month while meat waits (assumption)",
        "rebuy_prob": "Buy again when it runs out (assumption)",
        "return_prob": "Diner returns a month (assumption)",
    }, {"visit_prob": {"step": 0.05}, "rebuy_prob": {"step": 0.05}}),
}


def _knob_controls(declared, run, months, start: dict, explorer: str) -> dict:
    """The sliders ``_KNOB_SLIDERS[explorer]`` (built from ``declared`` by :func:`cslearn.explorer.sliders`)
    and the horizon slider, once ``run(months, **start)``, the explorer's computation, has refused any
    bad starting value in a sentence naming it."""
    run(months, **start)
    labels, views = _KNOB_SLIDERS[explorer]
    return {**sliders(declared, start, labels, **views), **_months(months)}


def _months(months) -> dict:
    """The horizon slider every explorer of the chapter shows (``MONTHS``' view: 6 to 60 months)."""
    return sliders({"months": MONTHS}, {"months": months}, {"months": "Months"})


def _either(words: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``.

    >>> _either(["Shot sale"]), _either(["Shot sale", "Prepaid balance", "Owner model"])
    ('Shot sale', 'Shot sale, Prepaid balance or Owner model')
    """
    if get_language() == "ja":  # 「A、B、C」: a list the sentence reads as "any of"
        return "、".join(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _short(description: str) -> str:
    """A slider's label without its unit or note in brackets: 'Monthly fee (円)' -> 'Monthly fee'."""
    return re.split(r" ?\(", description)[0]


def _model_picker(models) -> widgets.SelectMultiple:
    return widgets.SelectMultiple(
        options=[(bm.MODELS[name].label, name) for name in bm.MODELS],
        value=tuple(models),
        rows=len(bm.MODELS),
        description=tr("Models"),
        style={"description_width": "initial"},
        layout=widgets.Layout(width="420px"),
    )


@checked(MODELS_PICKED, MONTHS)
@KNOBS.keywords
def business_model_explorer(models=("shot", "subscription", "entry_offer"), months=36, **knobs) -> Explorer:
    """Pick business models and move the shared knobs; see revenue per month and per customer side by side.

    The knobs are those of :func:`cslearn.business_models.scenario_params` (the salon's list
    ``price``, the monthly ``fee``, the unpulled ``return_prob``, the members' ``churn``, the
    ``entry_price`` and ``conversion`` of the entry offer); values are exact expectations. With
    the entry offer shown, the readout also counts its funnel (``entry_funnel``): trial -> paid ->
    still paying a year later, per 1,000 trial customers. A slider that none of the picked models
    uses (``KNOB_MODELS``: the entry price and conversion without the entry offer; the list price,
    the fee or the churn with, say, only the owner and meat ownership) does nothing: it is disabled
    and the readout says so. With no model picked, the figure is hidden under the message until one
    is (``compute`` raises ValueError).

    The readout says which "came back" each model counts: a visit, or a payment (the subscription
    and the entry offer: a member paid again, visit or not).

    >>> view = business_model_explorer()
    >>> view.controls["fee"].value = 5_000
    >>> "<td>Subscription (flat rate)</td><td style='text-align:right'><b>¥84,222</b>" in view.text.value
    True
    >>> view.controls["models"].value = ("owner", "meat_ownership")
    >>> [name for name in KNOB_MODELS if view.controls[name].disabled]
    ['price', 'fee', 'churn', 'entry_price', 'conversion']
    """
    models = tuple(MODELS_PICKED.check(models))  # as declared: a name, a list of names, or None for all
    bm.compare_scenario(models, months=months, **knobs)  # refuse bad starting values
    controls = {
        "models": _model_picker(models),
        **sliders(KNOBS, knobs, {
            "price": "Shot / salon list price (円)", "fee": "Monthly fee (円)",
            "return_prob": "Return probability a month (no pull)", "churn": "Monthly churn of members",
            "entry_price": "Entry offer price (円)", "conversion": "Trial -> paid conversion",
        }, return_prob={"high": 0.3}, churn={"high": 0.3}, conversion={"step": 0.05}),
        **_months(months),
    }

    def unused_knobs(models) -> list[str]:
        """The knobs none of ``models`` uses, in the order of the sliders."""
        return [name for name, users in KNOB_MODELS.items() if not set(users) & set(models)]

    def switch_sliders(change=None):
        unused = unused_knobs(controls["models"].value if change is None else change["new"])
        for name in KNOB_MODELS:
            controls[name].disabled = name in unused

    switch_sliders()
    controls["models"].observe(switch_sliders, names="value")

    def compute(models, **knobs):
        table = bm.compare_scenario(list(models), method="expected", **knobs)
        last = table.groupby("model", sort=False).last()
        funnel = None
        if "entry_offer" in models:
            funnel = bm.entry_funnel(1_000, retained_after=12, entry_price=knobs["entry_price"],
                                     conversion=knobs["conversion"], fee=knobs["fee"], churn=knobs["churn"])
        return {"table": table, "last": last, "log": "meat_ownership" in models, "funnel": funnel,
                "unused": unused_knobs(models)}

    def draw(result, figure):
        plot_model_comparison(result["table"], axes=figure.subplots(1, 2), log=result["log"])

    def readout(result):
        last = result["last"]
        month = int(last["month"].iloc[0])
        def came_back(model, share) -> str:
            if model in bm.PAID_AGAIN:
                return tr("{share} paid again", share=percent(share, 0))
            return tr("{share} came back", share=percent(share, 0))

        rows = "".join(
            f"<tr><td>{bm.MODELS[model].label}</td><td style='text-align:right'>"
            f"<b>{yen(row['cumulative_revenue_per_customer'])}</b></td><td style='text-align:right'>"
            f"{came_back(model, row['share_returned'])}</td></tr>"
            for model, row in last.iterrows()
        )
        text = (
            f"<table><tr><th>{tr('Model')}</th><th>{tr('Expected revenue per customer, {months} months', months=month)}"
            f"</th><th>{tr('Came back (a visit) or paid again (a member)')}</th></tr>{rows}</table>"
        )
        funnel = result["funnel"]
        if funnel is not None:
            (trial, paid, kept), (_, paid_month, kept_month) = funnel["customers"], funnel["month"]
            text += "<p>" + tr(
                "Entry offer funnel, expected: of <b>{trial:,.0f}</b> trial customers <b>{paid:,.0f}</b> pay in "
                "month {paid_month} and <b>{kept:,.0f}</b> still pay in month {kept_month}.",
                trial=trial, paid=paid, kept=kept, paid_month=paid_month, kept_month=kept_month,
            ) + "</p>"
        if result["unused"]:
            off = ("、" if get_language() == "ja" else "; ").join(
                tr("“{slider}” (used by {models})", slider=_short(controls[name].description),
                   models=_either([bm.MODELS[model].label for model in KNOB_MODELS[name]]))
                for name in result["unused"]
            )
            if len(result["unused"]) == 1:
                text += "<p>" + tr("Off, as none of the models picked uses it: {off}.", off=off) + "</p>"
            else:
                text += "<p>" + tr("Off, as none of the models picked uses them: {off}.", off=off) + "</p>"
        return text

    return Explorer(controls, compute, draw, readout, figsize=(12, 4.5))


#: what the prepaid explorer moves besides the charged share: the list price (= the charge) and the rates
PREPAID_KNOBS = PREPAID.without("charge", "charged_price", "lapse", name="prepaid explorer")


@checked(CHARGED_SHARE, MONTHS)
@PREPAID_KNOBS.keywords
def prepaid_explorer(months=36, *, charged_share=0.8, **start) -> Explorer:
    """The esthetic salon's prepaid balance against a plain shot sale at the same list price.

    The charge equals the list ``price`` and a visit from a fresh charge costs
    ``charged_share * price`` (*Customer Success??*: 8,000 of 10,000 yen), as in ``scenario_params``, so the
    two prices move together. Left: the balance customers hold and their visits (the shot
    model's visits dotted); right: cumulative revenue per customer of both. All values are
    exact expectations.

    When the return probability with a balance is set below the one without (say 100 % without),
    a balance holds customers back and the prepaid scheme can bring less than the shot sale; the
    readout then warns so.

    >>> view = prepaid_explorer()
    >>> view.controls["return_prob_balance"].value = 0.10  # the balance pulls no one back
    >>> "prepaid ¥" in view.text.value
    True
    >>> view.controls["return_prob"].value = 1.0  # no balance: back every month
    >>> "Careful:" in view.text.value
    True
    """
    knobs = PREPAID_KNOBS.resolve(start)  # refuse unknown names and bad starting values
    bm.expected_prepaid(months, charge=knobs["price"], charged_price=charged_share * knobs["price"], **knobs)
    controls = {
        **sliders(PREPAID_KNOBS, start, {"price": "List price = charge (円)"}),
        **sliders({"charged_share": CHARGED_SHARE}, {"charged_share": charged_share},
                  {"charged_share": "Visit from a charge, share of list price"}),
        **sliders(PREPAID_KNOBS, start, {
            "return_prob": "Return probability, no balance",
            "return_prob_balance": "Return probability, balance left (assumption)",
            "recharge_prob": "Charge again at a visit (assumption)",
        }, recharge_prob={"step": 0.05}),
        **_months(months),
    }

    def compute(months, price, charged_share, return_prob, **rest):
        prepaid = bm.expected_prepaid(months, price=price, charge=price, charged_price=charged_share * price,
                                      return_prob=return_prob, **rest)
        shot = bm.expected_shot(months, price=price, return_prob=return_prob)
        return {"prepaid": prepaid, "shot": shot, "balance_holds_back": rest["return_prob_balance"] < return_prob}

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_prepaid_balance(result["prepaid"].table, ax=left, shot=result["shot"].table)
        table = pd.concat(
            [r.table.assign(model=r.model) for r in (result["shot"], result["prepaid"])], ignore_index=True
        )
        plot_model_revenue(table, ax=right, column="cumulative_revenue_per_customer")

    def move(result, figure):  # the lines of the last draw take the new numbers (the bars are one collection)
        axes = figure.axes
        table = pd.concat(
            [r.table.assign(model=r.model) for r in (result["shot"], result["prepaid"])], ignore_index=True
        )
        return (len(axes) == 3 and _move_prepaid_balance(axes[0], result["prepaid"].table, result["shot"].table)
                and _move_model_revenue(axes[1], table, "cumulative_revenue_per_customer"))

    def readout(result):
        p, s = result["prepaid"].summary, result["shot"].summary
        months = result["prepaid"].months
        return tr(
            "Over {months} months per customer (cash taken, not margin): prepaid {prepaid} and "
            "{prepaid_visits:.2f} visits, shot {shot} and {shot_visits:.2f} visits; balance still owed in "
            "treatments (deferred revenue) {owed}.",
            months=months, prepaid=yen(p["revenue_per_customer"]), prepaid_visits=p["visits_per_customer"],
            shot=yen(s["revenue_per_customer"]), shot_visits=s["visits_per_customer"],
            owed=yen(p["balance_outstanding_per_customer"]),
        ) + (
            tr("<br><b>Careful:</b> the return probability with a balance is now below the one without, so a "
               "balance holds customers back instead of pulling them in; that is why prepaid can bring less than "
               "shot.")
            if result["balance_holds_back"] else ""
        )

    return Explorer(controls, compute, draw, readout, figsize=(12, 4.5), move=move)


#: what the owner explorer moves: one owner's parameters but the cap on friends
OWNER_KNOBS = OWNER.without("owner_share", "max_friends", name="owner explorer")


@checked(MONTHS)
@OWNER_KNOBS.keywords
def owner_explorer(months=36, **start) -> Explorer:
    """The lounge's owner model: when the owner recoups the fee, and what an owner is worth to the shop.

    An owner's price at or above the list price is impossible here (there is nothing to recoup):
    ``compute`` raises ValueError with a sentence in the sliders' words, the message replaces the
    readout and the figure is hidden.

    >>> view = owner_explorer()
    >>> "after <b>2 visits</b>" in view.text.value
    True
    >>> view.controls["owner_price"].value = 9_500  # a 2,500-yen discount: four visits
    >>> "after <b>4 visits</b>" in view.text.value
    True
    >>> view.controls["owner_price"].value = 12_000
    >>> view.stale, view.image.layout.visibility
    (True, 'hidden')
    >>> "“Course for owners” (¥12,000) must be below “Course at list price” (¥12,000)" in view.text.value
    True
    """
    controls = _knob_controls(OWNER_KNOBS, bm.owner_payback, months, start, "owner")

    def compute(months, **params):
        if params["owner_price"] >= params["course_price"]:  # said with the sliders' names, not the code's
            raise ValueError(
                f"“Course for owners” ({yen(params['owner_price'])}) must be below “Course at list price” "
                f"({yen(params['course_price'])}): without a discount on each visit the owner's stake never "
                "pays back. Lower the first or raise the second."
            )
        table = bm.owner_payback(months, **params)
        values = {measure: value for measure, value in zip(table["measure"], table["value"], strict=True)}
        return {"curve": bm.owner_payback_curve(months, **params), "values": values, "months": months}

    def draw(result, figure):
        plot_owner_payback(result["curve"], ax=figure.add_subplot())

    def readout(result):
        v, months = result["values"], result["months"]
        month, median = v["expected_month_recouped"], v["median_month_recouped"]
        visits = int(v["visits_to_recoup"])
        when = (tr("the expected saving does not cover it within the horizon") if pd.isna(month)
                else tr("the expected saving covers it by month {month}", month=int(month)))
        typical = (tr("fewer than half of the owners recoup within the horizon") if pd.isna(median)
                   else tr("half of the owners have recouped by month {month}", month=int(median)))
        never = float(v["share_never_recouped"])
        if visits <= 1:
            owner = (tr("With no stake there is nothing to recoup.") if visits == 0 else
                     tr("The owner recoups the stake at the <b>first visit</b>."))
        else:
            owner = tr(
                "The owner recoups the stake after <b>{visits}</b>: {when}; {typical}; {never} of owners never make "
                "those visits in {months} months.",
                visits=plural(visits, "visit"), when=when, typical=typical, never=percent(never, 0), months=months,
            )
        gain = float(v["gain_at_horizon"])
        if round(gain) >= 0:
            shop = tr(" The shop gains <b>{amount}</b> in revenue per owner over the same customer as a non-owner in "
                      "{months} months.", amount=yen(abs(gain)), months=months)
        else:
            shop = tr(" The shop loses <b>{amount}</b> in revenue per owner over the same customer as a non-owner in "
                      "{months} months.", amount=yen(abs(gain)), months=months)
        shop += tr(" To pay for the discount on visits that would have happened anyway, an owner must bring "
                   "{friends:.2f} paying friends per visit.", friends=float(v["friends_per_visit_to_break_even"]))
        return owner + shop

    return Explorer(controls, compute, draw, readout, figsize=(9, 4.5))


#: what the meat explorer moves: the owners' parameters but the aging and the lapse
MEAT_KNOBS = MEAT_OWNERSHIP.without("aging_months", "lapse", name="meat explorer")


@checked(MONTHS)
@MEAT_KNOBS.keywords
def meat_explorer(months=36, **start) -> Explorer:
    """Meat ownership at the yakiniku restaurant against an ordinary diner paying for each dinner.

    Left: meat left and eaten per owner; right: cumulative revenue per customer of an owner and of
    an ordinary diner (a shot sale at ``meal_price`` with the same ``return_prob``).

    >>> view = meat_explorer()
    >>> "<b>10 visits</b>" in view.text.value
    True
    >>> view.controls["kg_per_visit"].value = 1.5
    >>> "<b>7 visits</b>" in view.text.value
    True
    """
    controls = _knob_controls(MEAT_KNOBS, bm.expected_meat_ownership, months, start, "meat")

    def compute(months, **params):
        meat = bm.expected_meat_ownership(months, **params)
        diner = bm.expected_shot(months, price=params["meal_price"], return_prob=params["return_prob"])
        visits = bm.visits_per_stock(params["stock_kg"], params["kg_per_visit"])
        return {"meat": meat, "diner": diner, "visits": visits}

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_meat_stock(result["meat"].table, ax=left)
        table = pd.concat(
            [result["diner"].table.assign(model="diner"), result["meat"].table.assign(model="meat_ownership")],
            ignore_index=True,
        )
        plot_model_revenue(table, ax=right, column="cumulative_revenue_per_customer")

    def readout(result):
        m, d = result["meat"].summary, result["diner"].summary
        stock = tr("One stock is <b>{visits}</b> of reasons to come back.", visits=plural(result["visits"], "visit"))
        return stock + tr(
            " Over {months} months an owner brings <b>{owner}</b> in {owner_visits:.1f} visits ({left:.1f} kg left "
            "uneaten per owner); an ordinary diner {diner} in {diner_visits:.1f} visits.",
            months=result["meat"].months, owner=yen(m["revenue_per_customer"]), owner_visits=m["visits_per_customer"],
            left=m["stock_left_kg_per_customer"], diner=yen(d["revenue_per_customer"]),
            diner_visits=d["visits_per_customer"],
        )

    return Explorer(controls, compute, draw, readout, figsize=(12, 4.5))


@checked(BUSINESS, MONTHS)
def after_purchase_explorer(business="watch shop", months=36) -> Explorer:
    """A shopping-street business without and with its after-purchase service (C13).

    Pick the business (its assumed figures from ``after_purchase_assumptions`` fill the sliders),
    then move the monthly return chance without and with the service, the chance and price of a
    service sale when it falls due, how often it falls due (every month; every 12 months for the
    software's yearly contract), and the lapse. Values are exact expectations
    (``after_purchase_curve``). The fish shop sells no service (its service is its
    recommendations, which only lift returns): for it the three service-sale sliders are
    disabled, and the readout says so.

    >>> view = after_purchase_explorer("fish shop")
    >>> view.controls["return_prob_with"].value = 0.30  # the service no longer lifts returns
    >>> "brings <b>the same</b>" in view.text.value
    True
    >>> view.controls["service_price"].disabled
    True
    """
    table = bm.after_purchase_assumptions().set_index("business")
    row = table.loc[business]
    controls = {
        "business": widgets.Dropdown(
            options=[(table.loc[name, "business_ja"], name) for name in table.index] if get_language() == "ja"
            else list(table.index),
            value=business, description=tr("Business"), style={"description_width": "initial"},
        ),
        **sliders(AFTER_PURCHASE, row.to_dict(), {
            "return_prob": "Buys again a month, no service (assumption)",
            "return_prob_with": "Buys again a month, with the service (assumption)",
            "service_prob": "Pays for the service when due (assumption)",
            "service_price": "Price of a service sale (円)",
            "service_every": "Service falls due every (months)",
            "lapse": "Leaves for good a month (assumption)",
        }, return_prob={"fmt": ".1%"}, return_prob_with={"fmt": ".1%"}),
        **_months(months),
    }

    service_sliders = ("service_prob", "service_price", "service_every")

    def sells_no_service(business) -> bool:
        return float(table.loc[business, "service_prob"]) == 0.0

    def load(change):
        figures = table.loc[change["new"]]
        for name in ("return_prob", "return_prob_with", "service_prob", "service_price", "service_every", "lapse"):
            value = figures[name]
            controls[name].value = int(value) if name in ("service_price", "service_every") else float(value)
        for name in service_sliders:
            controls[name].disabled = sells_no_service(change["new"])

    for name in service_sliders:
        controls[name].disabled = sells_no_service(business)
    controls["business"].observe(load, names="value")

    def compute(business, months, **assumed):
        curve = bm.after_purchase_curve(business, months=months, **assumed)
        return {"business": business, "curve": curve, "months": months}

    def draw(result, figure):
        ja = table.loc[result["business"], "business_ja"]
        title = ja if get_language() == "ja" else f"{result['business']} ({ja})"
        plot_after_purchase(result["curve"], ax=figure.add_subplot(), title=title)

    def readout(result):
        last = result["curve"].iloc[-1]
        without, with_service = float(last["without_service"]), float(last["with_service"])
        gain = with_service - without
        if round(gain) == 0:
            change = tr("brings <b>the same</b> as no service")
        else:
            times = tr(" ({ratio:.2f} times)", ratio=with_service / without) if without > 0 else ""
            if gain > 0:
                change = tr("brings <b>{amount} more</b> per customer{times}", amount=yen(abs(gain)), times=times)
            else:
                change = tr("brings <b>{amount} less</b> per customer{times}", amount=yen(abs(gain)), times=times)
        business = table.loc[result["business"], "business_ja"] if get_language() == "ja" else result["business"]
        text = tr(
            "Over {months} months a customer of the {business} pays {without} without the service and {with_service} "
            "with it: the service {change}.",
            months=result["months"], business=business, without=yen(without), with_service=yen(with_service),
            change=change,
        )
        if sells_no_service(result["business"]):
            text += tr("<br>The {business}'s service is its recommendations, which only lift returns: it sells "
                       "nothing, so the three service-sale sliders are off.", business=business)
        return text

    return Explorer(controls, compute, draw, readout, figsize=(9, 4.5))
