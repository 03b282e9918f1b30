"""Explorers of chapter 03: the future P&L of a subscription, and churn vs growth.

:func:`pnl_explorer` puts every input of :func:`cslearn.value.pnl.project_pnl` worth moving on a slider
and redraws MRR, customers and the J-curve of cumulative cash, with LTV, LTV/CAC and the payback
month in the readout. It keeps its figure and moves the lines (:func:`cslearn.value.plots.update_pnl`)
instead of drawing a new figure, so a slider move stays well under a tenth of a second.
:func:`growth_explorer` compares acquisition-only with retention-first spending of one budget
(:func:`cslearn.value.growth.compare_growth`). :func:`next_month_explorer` puts the next-month comparison of a
shop and a subscription (:func:`cslearn.value.otv.next_month_draws`) on sliders.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
from matplotlib.ticker import MaxNLocator

from cslearn.explorer import Explorer, slider, sliders
from cslearn.formatting import percent, yen
from cslearn.language import get_language, tr
from cslearn.params import checked, declarations_of
from cslearn.value import growth, otv, pnl
from cslearn.value.parameters import (
    BUSINESS_FIXED_COST,
    CALENDAR_MONTH,
    CHURN,
    DEMAND_CV,
    EXPLORER_DRAWS,
    EXPLORER_MONTHS,
    EXPLORER_NEW_CUSTOMERS,
    GROWTH_MONTHS,
    LOSS_BELOW,
    PNL_EXPLORER,
    PROJECTION,
    REINVEST,
    RETENTION_CARE_SHARE,
    RETENTION_UPSELL_SHARE,
    RNG,
    SETTINGS,
    SHOT_SETTINGS,
    SUBSCRIPTION_SETTINGS,
    SWING,
    SYSTEMISED,
    free,
)
from cslearn.value.plots import plot_growth, plot_next_month, plot_pnl, update_pnl

__all__ = ["PnLExplorer", "pnl_explorer", "growth_explorer", "next_month_explorer"]

#: Dots per inch of an explorer's PNG: sharp enough on screen, cheap to render.
EXPLORER_DPI = 72


def _yen(value) -> str:
    """Yen rounded before the sign is chosen: a tiny negative reads ¥0, never -¥0."""
    return yen(round(value))


class PnLExplorer(Explorer):
    """An :class:`~cslearn.explorer.Explorer` that draws the P&L figure once, then only moves its lines.

    ``compute`` must return a :class:`cslearn.value.pnl.PnLProjection` (or an object with ``.table``
    and ``.summary``). The first update draws :func:`plot_pnl` on three fixed Axes; later ones
    call :func:`update_pnl`, which is several times cheaper than clearing the figure.

    >>> from cslearn.value.pnl import project_pnl
    >>> view = PnLExplorer({"churn": slider("Churn", 0.05, 0.01, 0.2, 0.01)},
    ...                    lambda churn: project_pnl(12, 100, churn=churn), lambda p: f"LTV {p.summary['ltv']:,.0f}")
    >>> view.controls["churn"].value = 0.1
    >>> view.text.value
    'LTV 80,000'
    """

    def __init__(self, controls, compute, readout=None, figsize=(13, 3.9)):
        self._axes = None
        # fixed margins and no layout engine: savefig then draws the figure once, not twice
        super().__init__(controls, compute, draw=None, readout=readout, figsize=figsize,
                         dpi=EXPLORER_DPI, layout=None)

    @classmethod
    def _example(cls) -> PnLExplorer:
        """A one-slider explorer (for the tests that call every public method)."""
        return cls({"churn": slider("Churn", 0.05, 0.01, 0.2, 0.01)},
                   lambda churn: pnl.project_pnl(12, 100, churn=churn))

    @checked(*free(PROJECTION))
    def redraw(self, result) -> None:
        """Move the lines of the P&L figure, drawing it the first time."""
        table, summary = result.table, result.summary
        if self._axes is not None:
            update_pnl(self._axes, table, summary)
            return
        self._axes = self.figure.subplots(
            1, 3, gridspec_kw={"left": 0.085, "right": 0.99, "bottom": 0.14, "top": 0.91, "wspace": 0.42}
        )
        plot_pnl(table, self._axes, summary)
        for ax in self._axes:  # fewer tick labels and fixed axis-label places: less text to lay out
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
            ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
            ax.xaxis.set_label_coords(0.5, -0.11)
        flow = self._axes[1]._cslearn_flow  # the customers panel's lower part: new and churned a month
        flow.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        flow.xaxis.set_label_coords(0.5, -0.36)


@dataclass(frozen=True)
class _PnLView:
    """What the P&L explorer shows: the projection's ``table`` and ``summary``, and what
    systemising changes (cumulative cash at the end, systemised minus by hand)."""

    table: object
    summary: object  # a pandas Series
    systemising: float
    systemised: bool


def _systemising_sentence(view) -> str:
    months = int(view.table["month"].iloc[-1])
    difference = view.systemising
    amount = _yen(abs(difference))
    if view.systemised:
        if round(difference) == 0:
            return tr(" Systemised support leaves the cumulative cash unchanged against support by hand.")
        if difference > 0:
            return tr(" Systemised support raises the {months}-month cumulative cash by <b>{amount}</b> against "
                      "support by hand.", months=months, amount=amount)
        return tr(" Systemised support lowers the {months}-month cumulative cash by <b>{amount}</b> against "
                  "support by hand.", months=months, amount=amount)
    if round(difference) == 0:
        return tr(" Systemising support (with the settings below) would leave the cumulative cash unchanged.")
    if difference > 0:
        return tr(" Systemising support (with the settings below) would raise the {months}-month cumulative cash "
                  "by <b>{amount}</b>.", months=months, amount=amount)
    return tr(" Systemising support (with the settings below) would lower the {months}-month cumulative cash by "
              "<b>{amount}</b>.", months=months, amount=amount)


def _pnl_readout(projection) -> str:
    s, table = projection.summary, projection.table
    if s["ltv_to_cac"] == math.inf and s["ltv"] < math.inf:  # a CAC of 0: nothing to divide by
        ratio = tr("LTV/CAC <b>not defined</b> (a CAC of ¥0: nothing to divide by)")
    elif math.isinf(s["ltv_to_cac"]):
        ratio = tr("LTV/CAC <b>without limit</b>")
    else:
        ratio = tr("LTV/CAC <b>{ratio:.2f}</b>", ratio=s["ltv_to_cac"])
    if not math.isinf(s["ltv_to_cac"]) and 0 < s["ltv"] < math.inf and round(s["ltv_net"]) != round(s["ltv"]):
        # the payback counts the costs to serve (and onboarding): give the ratio on that LTV too
        net_ratio = s["ltv_to_cac"] * s["ltv_net"] / s["ltv"]  # LTV after costs to serve / CAC
        ratio += tr(" on the LTV before costs to serve, <b>{net_ratio:.2f}</b> after them (what the payback counts)",
                    net_ratio=net_ratio)

    def money(value):  # an infinite LTV is a sum that never stops growing: said in words, never as ∞
        if math.isinf(value):
            return tr("without limit") if value > 0 else tr("a loss without limit")
        return _yen(value)

    ltv, net = money(s["ltv"]), money(s["ltv_net"])
    lifetime = ""
    if math.isinf(s["ltv"]) or math.isinf(s["ltv_net"]):
        lifetime = tr(" — churn and the discount rate never outweigh expansion, so a customer's months never stop "
                      "adding up")
    months = int(table["month"].iloc[-1])
    payback = (
        tr("<b>the CAC is never paid back</b>") if math.isinf(s["payback_month"])
        else tr("payback in <b>month {month:.0f}</b>", month=s["payback_month"])
    )
    cash = (
        tr("cumulative cash stays positive from <b>month {month:.0f}</b>", month=s["breakeven_month"])
        if not math.isinf(s["breakeven_month"])
        else tr("cumulative cash is still below zero after {months} months", months=months)
    )
    need = (
        tr("the plan needs <b>{amount}</b> of cash (month {month:.0f})", amount=_yen(-s["cash_low"]),
           month=s["cash_low_month"])
        if round(s["cash_low"]) < 0
        else tr("cash never goes below zero")
    )
    return (
        tr("LTV <b>{ltv}</b> ({net} after costs to serve{lifetime}) · {ratio} · {payback} · {cash}; {need}. ",
           ltv=ltv, net=net, lifetime=lifetime, ratio=ratio, payback=payback, cash=cash, need=need)
        + tr("After {months} months: {customers:,.0f} customers, MRR {mrr}, support {support} a month.",
             months=months, customers=s["final_customers"], mrr=_yen(s["final_mrr"]),
             support=_yen(table["support_cost"].iloc[-1] + table["systemisation_cost"].iloc[-1]))
        + (_systemising_sentence(projection) if hasattr(projection, "systemising") else "")
        + _statement_html(table)
    )


def _statement_headers() -> dict[str, str]:
    """The headers of the readout's P&L table, in the learner's language."""
    return {
        "revenue": tr("Revenue"), "gross_profit": tr("Gross profit"), "acquisition_cost": tr("Acquisition"),
        "cost_to_serve": tr("Cost to serve"), "fixed_cost": tr("Fixed costs"), "profit": tr("Profit"),
        "cumulative_cash": tr("Cumulative cash"),
    }


def _statement_html(table) -> str:
    """The monthly P&L of a few key months (:func:`cslearn.value.pnl.pnl_statement`) as a small HTML table."""
    statement = pnl.pnl_statement(table)
    cell = "style='padding:1px 8px;text-align:right'"
    headers = _statement_headers()
    head = "".join(f"<th {cell}>{headers[c]}</th>" for c in statement.columns)
    body = "".join(
        f"<tr><td {cell}>{month}</td>"
        + "".join(f"<td {cell}>{_yen(row[c])}</td>" for c in statement.columns)
        + "</tr>"
        for month, row in statement.iterrows()
    )
    return (
        "<table style='font-size:85%;border-collapse:collapse;margin-top:4px'>"
        f"<tr><th {cell}>{tr('Month')}</th>{head}</tr>{body}</table>"
    )


@checked(*free(EXPLORER_MONTHS, EXPLORER_NEW_CUSTOMERS, SYSTEMISED))
@PNL_EXPLORER.keywords
def pnl_explorer(months=60, new_customers=100, *, systemised=False, **settings) -> PnLExplorer:
    """The future P&L on sliders: new customers a month, churn, ARPU, expansion, margin, CAC,
    the onboarding cost (care given before revenue), support cost by hand and systemised
    (仕組み化), the discount rate and the horizon.

    Every value is passed to :func:`cslearn.value.pnl.project_pnl` (``new_customers`` as a constant
    number per month; ``fixed_cost`` and ``retention_cost`` are fixed at the values given). The
    readout shows LTV, LTV/CAC, the payback month, the month cumulative cash turns positive and
    the cash the plan needs, what systemising changes in the cumulative cash at the end (or would
    change, while *Systemised support* is unticked), then a compact monthly P&L of key months
    (:func:`cslearn.value.pnl.pnl_statement`). The two systemisation sliders are disabled while the box is
    unticked. Expansion compounds with tenure without a cap (an assumption): keep it small.

    >>> view = pnl_explorer()
    >>> "payback in <b>month 9</b>" in view.text.value
    True
    >>> "LTV <b>¥266,667</b>" in view.set(churn=0.03)
    True
    >>> view.controls["systemisation_fixed_cost"].disabled  # does nothing until systemised is ticked
    True
    """
    PNL_EXPLORER.resolve(settings)  # refuse a bad starting value, naming it, before any work
    given = {name: settings.get(name, declared.default) for name, declared in PNL_EXPLORER.items()}
    churn, arpu, expansion, margin, cac = (given[name] for name in ("churn", "arpu", "expansion", "margin", "cac"))
    support_cost, systemised_support_cost, systemisation_fixed_cost = (
        given[name] for name in ("support_cost", "systemised_support_cost", "systemisation_fixed_cost")
    )
    discount_rate, onboarding_cost = given["discount_rate"], given["onboarding_cost"]
    fixed = {"fixed_cost": given["fixed_cost"], "retention_cost": given["retention_cost"]}
    start = {
        "months": months, "new_customers": new_customers, "churn": churn, "arpu": arpu, "expansion": expansion,
        "margin": margin, "cac": cac, "support_cost": support_cost, "systemised": systemised,
        "systemised_support_cost": systemised_support_cost, "systemisation_fixed_cost": systemisation_fixed_cost,
        "discount_rate": discount_rate, "onboarding_cost": onboarding_cost,
    }

    def compute(months, new_customers, systemised, **settings):
        shown = pnl.project_pnl(months, new_customers, systemised=systemised, **settings, **fixed)
        other = pnl.project_pnl(months, new_customers, systemised=not systemised, **settings, **fixed)
        by_hand, with_system = (other, shown) if systemised else (shown, other)
        difference = with_system.table["cumulative_cash"].iloc[-1] - by_hand.table["cumulative_cash"].iloc[-1]
        return _PnLView(shown.table, shown.summary, float(difference), bool(systemised))

    compute(**start)  # refuse bad starting values before building any widget
    declared = declarations_of(pnl_explorer)
    controls = {
        **sliders(declared, start, {
            "new_customers": "New customers a month", "churn": "Monthly churn", "arpu": "ARPU (円/month)",
            "expansion": "Expansion (ARPU growth/month, uncapped)", "margin": "Gross margin",
            "cac": "CAC (円 per new customer)",
            "onboarding_cost": "Onboarding care (円 per new customer, before revenue)",
            "support_cost": "Support by hand (円/customer/month)",
        }, new_customers={"integer": True}, churn={"fmt": ".1%"}, expansion={"fmt": ".1%"}),
        "systemised": widgets.Checkbox(value=bool(systemised), description=tr("Systemised support (仕組み化)")),
        **sliders(declared, start, {
            "systemised_support_cost": "Systemised support (円/customer/month)",
            "systemisation_fixed_cost": "Systemisation fixed cost (円/month)",
            "discount_rate": "Discount rate (monthly)", "months": "Months shown",
        }, discount_rate={"fmt": ".1%"}),
    }

    def enable(change=None) -> None:  # the systemisation sliders act only when systemised is ticked
        ticked = bool(controls["systemised"].value)
        controls["systemised_support_cost"].disabled = not ticked
        controls["systemisation_fixed_cost"].disabled = not ticked

    enable()
    controls["systemised"].observe(enable, names="value")
    return PnLExplorer(controls, compute, _pnl_readout)


@checked(*free(GROWTH_MONTHS, RETENTION_CARE_SHARE, RETENTION_UPSELL_SHARE, REINVEST))
@SETTINGS.keywords
def growth_explorer(months=60, care_share=0.4, upsell_share=0.2, *, reinvest=False, **settings) -> Explorer:
    """Acquisition-only vs retention-first with the same budget, on sliders (C15).

    The sliders set the shares of the budget for customer success and for upgrades, the churn
    without and with care, the care cost per customer, the CAC, the cost of an upgrade as a share
    of the CAC, the share of customers *not* cared for who are ready to upgrade (0: upgrades only
    through care; the cared-for rate: upgrades act on their own), whether the budget grows with
    revenue (a reinvested share of gross profit) or stays fixed, and the horizon. Other
    ``settings`` of :func:`cslearn.value.growth.simulate_growth` (budget, customers, arpu, ...) stay
    fixed. Churn with care above churn without care is refused (the figure is hidden and the
    readout says why). The defaults are illustrative assumptions: move them and see when the
    conclusion changes.

    >>> view = growth_explorer()
    >>> "behind" in view.set(cared_churn=0.05)  # care no longer cuts churn
    True
    >>> "a month over the last 12 months" in view.set(reinvest=True)  # the budget grows with revenue
    True
    """
    SETTINGS.resolve(settings)  # refuse a bad starting value, naming it, before any work
    settings = dict(settings)
    defaults = growth.GROWTH_DEFAULTS
    churn, cared_churn, cac, care_cost, uncared_upsell_rate, upsell_cost = (
        settings.pop(name, defaults[name])
        for name in ("churn", "cared_churn", "cac", "care_cost", "uncared_upsell_rate", "upsell_cost")
    )
    upsell_cost_share = 0.4 if upsell_cost is None else upsell_cost / cac
    # refuse bad starting values before building any widget
    growth.compare_growth(1, care_share=care_share, upsell_share=upsell_share, churn=churn,
                          cared_churn=cared_churn, cac=cac, care_cost=care_cost, reinvest=reinvest,
                          uncared_upsell_rate=uncared_upsell_rate, upsell_cost=upsell_cost_share * cac, **settings)
    declared = declarations_of(growth_explorer)
    start = {"care_share": care_share, "upsell_share": upsell_share, "churn": churn, "cared_churn": cared_churn,
             "care_cost": care_cost, "cac": cac, "uncared_upsell_rate": uncared_upsell_rate, "months": months}
    controls = {
        **sliders(declared, start, {
            "care_share": "Budget on customer success", "upsell_share": "Budget on upgrades",
            "churn": "Churn without care", "cared_churn": "Churn with care (≤ without)",
            "care_cost": "Care cost (円/customer/month)", "cac": "CAC (円)",
        }, churn={"fmt": ".1%"}, cared_churn={"fmt": ".1%"}),
        # a knob of the explorer's own (the upgrade's cost as a share of the CAC), not a declared parameter
        "upsell_cost_share": slider("Upsell cost (share of the CAC)", upsell_cost_share, 0.05, 1.5, 0.05, fmt=".0%"),
        **sliders(declared, start, {"uncared_upsell_rate": "Ready to upgrade without care (a month)"},
                  uncared_upsell_rate={"fmt": ".1%"}),
        "reinvest": widgets.Checkbox(value=bool(reinvest),
                                     description=tr("Budget grows with revenue (reinvested share of gross profit)")),
        **sliders(declared, start, {"months": "Months"}),
    }

    def compute(months, care_share, upsell_share, churn, cared_churn, care_cost, cac, upsell_cost_share,
                uncared_upsell_rate, reinvest):
        if care_share + upsell_share > 1:
            raise ValueError(
                f"care_share + upsell_share must be at most 1 (got {care_share:g} + {upsell_share:g}): "
                "lower one of the two budget sliders"
            )
        if cared_churn > churn:
            raise ValueError(
                f"churn with care ({percent(cared_churn)}) cannot exceed churn without care ({percent(churn)}): "
                "care does not make customers leave faster; lower cared_churn or raise churn"
            )
        return growth.compare_growth(months, care_share=care_share, upsell_share=upsell_share, churn=churn,
                                     cared_churn=cared_churn, care_cost=care_cost, cac=cac,
                                     upsell_cost=upsell_cost_share * cac, uncared_upsell_rate=uncared_upsell_rate,
                                     reinvest=bool(reinvest), **settings)

    def draw(result, figure):
        left, right = figure.subplots(
            1, 2, gridspec_kw={"left": 0.08, "right": 0.98, "bottom": 0.14, "top": 0.91, "wspace": 0.32}
        )
        plot_growth(result.table, ax=left, column="customers")
        plot_growth(result.table, ax=right, column="mrr")

    return Explorer(controls, compute, draw, _growth_readout, figsize=(11, 4), dpi=EXPLORER_DPI, layout=None)


def _monthly_change(rate: float, short: bool = False) -> str:
    """'grows 0.52 % a month', 'shrinks 0.31 % a month' or 'stays level' (never '-0.00 %').

    A rate of an MRR that stays at ¥0 (0 / 0, NaN: an ARPU of 0) stays level; one that starts from ¥0
    (infinite) grows from nothing.

    >>> _monthly_change(float("nan")), _monthly_change(float("inf"), short=True)
    ('stays level', '+ from ¥0')
    """
    if math.isinf(rate):
        return tr("+ from ¥0") if short else tr("grows from ¥0")
    if _level(rate):
        return "level" if short else tr("stays level")
    if short:
        return f"{'+' if rate > 0 else '-'}{percent(abs(rate), 2)}"
    if rate > 0:
        return tr("grows {rate} a month", rate=percent(abs(rate), 2))
    return tr("shrinks {rate} a month", rate=percent(abs(rate), 2))


def _level(rate: float) -> bool:
    """A monthly growth rate that reads 0.00 % (or NaN: an MRR that stays at ¥0)."""
    return not math.isinf(rate) and (math.isnan(rate) or round(rate * 100, 2) == 0)


def _spending_sentence(result) -> str:
    """What retention-first really spends on care and upgrades, and which share is capped (and by what)."""
    used, spent = result.settings, result.spending()
    months = int(result.gap["month"].iloc[-1])
    parts = []
    for name in ("care", "upsell"):
        if used[f"{name}_share"] <= 0:
            continue
        first, last = spent[name]
        low, high = (percent(v, 0) for v in spent[f"{name}_share"])
        shares = low if low == high else f"{low}–{high}"
        chosen = percent(used[f"{name}_share"], 0)
        if not spent[f"{name}_capped"]:
            note = tr("{shares} of the budget, as set", shares=shares)
        elif name == "care":
            note = tr("{shares} of the budget: <b>capped</b> below the {chosen} set, as covering every customer "
                      "costs no more", shares=shares, chosen=chosen)
        else:
            note = tr("{shares} of the budget: <b>capped</b> below the {chosen} set, as no more customers are ready "
                      "to upgrade", shares=shares, chosen=chosen)
        if name == "care":
            parts.append(tr("care {first} in month 1, {last} in month {months} ({note})", first=_yen(first),
                            last=_yen(last), months=months, note=note))
        else:
            parts.append(tr("upgrades {first} in month 1, {last} in month {months} ({note})", first=_yen(first),
                            last=_yen(last), months=months, note=note))
    if not parts:
        return ""
    # in Japanese each part is a sentence of its own (it ends with 。)
    return tr("Retention-first really spends: {parts}; the rest buys customers. ",
              parts=("" if get_language() == "ja" else "; ").join(parts))


def _growth_readout(result) -> str:
    """The growth explorer's readout: where each strategy ends, how fast it still grows, the rules of thumb."""
    used = result.settings
    end = result.gap.iloc[-1]
    months = int(end["month"])
    both = result.at(months)
    gap = end["cumulative_profit"]
    if round(gap) == 0:
        verdict = tr("its cumulative profit is <b>the same as acquisition-only's</b>")
    elif gap > 0:
        verdict = tr("its cumulative profit is <b>{amount} ahead</b>", amount=_yen(abs(gap)))
    else:
        verdict = tr("its cumulative profit is <b>{amount} behind</b>", amount=_yen(abs(gap)))
    text = tr(
        "After {months} months retention-first has {customers:,.0f} customers and MRR {mrr} (acquisition-only: "
        "{other_customers:,.0f}, {other_mrr}); {verdict}, churn {churn} vs {other_churn}. ",
        months=months, customers=both.loc["retention", "customers"], mrr=_yen(both.loc["retention", "mrr"]),
        other_customers=both.loc["acquisition", "customers"], other_mrr=_yen(both.loc["acquisition", "mrr"]),
        verdict=verdict, churn=percent(both.loc["retention", "churn"]),
        other_churn=percent(both.loc["acquisition", "churn"]),
    )
    if months > 12:
        rate = result.growth_rate("mrr", 12)
        budget = tr("a budget that grows with revenue") if used["reinvest"] else tr("a fixed budget")
        if _level(rate["acquisition"]):
            other = tr("acquisition-only's MRR stays level")
        else:
            other = tr("acquisition-only {change}", change=_monthly_change(rate["acquisition"], short=True))
        text += tr("With {budget}, MRR {change} over the last 12 months ({other}). ", budget=budget,
                   change=_monthly_change(rate["retention"]), other=other)
    text += _spending_sentence(result)
    saved = used["churn"] - used["cared_churn"]
    if saved > 0:
        kept = used["care_cost"] / saved
        if kept < used["cac"]:
            text += tr("A customer kept by care costs {kept} (care cost / churn saved), below the CAC of {cac}: by "
                       "this rule of thumb care pays. ", kept=_yen(kept), cac=_yen(used["cac"]))
        else:
            text += tr("A customer kept by care costs {kept} (care cost / churn saved), above the CAC of {cac}: by "
                       "this rule of thumb care does not pay. ", kept=_yen(kept), cac=_yen(used["cac"]))
    else:
        text += tr("Care saves no churn here, so it cannot pay for itself. ")
    per_upgrade = used["upsell_cost"] / used["upgrade_arpu"] if used["upgrade_arpu"] > 0 else math.inf
    per_customer = used["cac"] / used["arpu"] if used["arpu"] > 0 else math.inf
    upgrade = (tr("no monthly revenue") if math.isinf(per_upgrade)
               else tr("¥1 of monthly revenue for ¥{cost:,.1f}", cost=per_upgrade))
    customer = tr("none (an ARPU of ¥0)") if math.isinf(per_customer) else tr("for ¥{cost:,.1f}", cost=per_customer)
    if per_upgrade < per_customer:
        text += tr("An upgrade buys {upgrade}, a new customer {customer}: upgrades pay better than acquisition.",
                   upgrade=upgrade, customer=customer)
    else:
        text += tr("An upgrade buys {upgrade}, a new customer {customer}: upgrades do not pay better than "
                   "acquisition.", upgrade=upgrade, customer=customer)
    return text


def _season(swing: float) -> tuple:
    """The chapter's seasonal profile with its swings scaled: 0 flat, 1 as it is, 2 twice as deep."""
    return tuple(max(0.0, 1 + swing * (s - 1)) for s in otv.NIPPACHI_SEASONALITY)


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _next_month_readout(result) -> str:
    outlook, line = result["outlook"], result["loss_below"]

    def spread(business) -> tuple[str, str]:
        row = outlook.loc[business]
        low, high = _yen(row["p05"]), _yen(row["p95"])
        said = (tr("every future exactly {low}", low=low) if low == high
                else tr("90 % of futures between {low} and {high}", low=low, high=high))
        return said, percent(row["loss_probability"])

    shop, shop_loss = spread("shot")
    members, members_loss = spread("subscription")
    month = f"{result['month']}月" if get_language() == "ja" else _MONTH_NAMES[result["month"] - 1]
    season = ""
    if otv.NIPPACHI_SEASONALITY[result["month"] - 1] == 1.0:
        season = tr(" ({month} is an average month in the chapter's seasons: the seasonal swing does nothing here; "
                    "try February or August)", month=month)
    return tr(
        "Next month is {month}{season}; a month is a loss below {line} of revenue. Shop: {shop}, chance of a loss "
        "<b>{shop_loss}</b>; Subscription: {members}, chance of a loss <b>{members_loss}</b>.",
        month=month, season=season, line=_yen(line), shop=shop, shop_loss=shop_loss, members=members,
        members_loss=members_loss,
    )


@checked(*free(CALENDAR_MONTH, DEMAND_CV, SWING, CHURN, BUSINESS_FIXED_COST, EXPLORER_DRAWS, SHOT_SETTINGS,
               SUBSCRIPTION_SETTINGS, RNG))
def next_month_explorer(month=1, demand_cv=0.25, swing=1.0, churn=0.03, fixed_cost=4_000_000, draws=4_000,
                        shot=None, subscription=None, *, rng=0) -> Explorer:
    """Next month of a shop and a subscription on sliders (C14): shock size, season, churn, fixed costs.

    A thin view over :func:`cslearn.value.otv.next_month_draws` and :func:`cslearn.value.otv.next_month_outlook`
    (``draws`` futures, the same ``rng`` at every move so only the settings change the picture;
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator).
    The sliders set which calendar month is next (``start_month``), the shop's common shock
    :math:`v` (``demand_cv``), how deep the seasons swing (0: flat, 1: the chapter's profile,
    2: twice as deep), the subscription's monthly churn and the fixed costs both pay. ``shot`` and
    ``subscription`` hold the other settings (the chapter's: 1,000 buyers or members at ¥10,000, a
    50 % margin). The readout gives each business's 90 % range and chance of a loss.

    >>> view = next_month_explorer()
    >>> "Next month is January" in view.text.value
    True
    >>> "Next month is February" in view.set(month=2)  # February: a slow month for the shop
    True
    """
    shot = dict(shot or {})
    subscription = dict(subscription or {})
    margin = shot.get("margin", 0.5)

    def compute(month, demand_cv, swing, churn, fixed_cost):
        shop = {**shot, "start_month": month, "demand_cv": demand_cv, "seasonality": _season(swing),
                "fixed_cost": fixed_cost}
        members = {**subscription, "start_month": month, "churn": churn, "fixed_cost": fixed_cost}
        futures = otv.next_month_draws(draws, rng=rng, shot=shop, subscription=members)
        outlook = otv.next_month_outlook(draws, rng=rng, shot=shop, subscription=members)
        return {"futures": futures, "outlook": outlook, "month": month,
                "loss_below": otv.break_even_revenue(fixed_cost, margin)}

    loss_below = otv.break_even_revenue(fixed_cost, margin)
    if loss_below > LOSS_BELOW.high:  # the line the figure draws is declared up to LOSS_BELOW's cap
        raise ValueError(f"fixed_cost must be at most {_yen(LOSS_BELOW.high * margin)} with the shop's "
                         f"{percent(margin, 0)} margin: the revenue below which a month is a loss, fixed_cost / "
                         f"margin, is at most {_yen(LOSS_BELOW.high)} (got {_yen(fixed_cost)})")
    compute(month, demand_cv, swing, churn, fixed_cost)  # refuse bad starting values before building any widget
    controls = sliders(declarations_of(next_month_explorer), locals(), {
        "month": "Next month (calendar month, 1 = January)", "demand_cv": "Shop: common shock v",
        "swing": "Shop: seasonal swing (1 = chapter's profile)", "churn": "Subscription: monthly churn",
        "fixed_cost": "Fixed costs, both (円/month)",
    })

    def draw(result, figure):
        axes = figure.subplots(2, 1, sharex=True, gridspec_kw={"left": 0.1, "right": 0.98, "bottom": 0.14,
                                                                "top": 0.93, "hspace": 0.45})
        plot_next_month(result["futures"], axes=axes, loss_below=result["loss_below"])

    return Explorer(controls, compute, draw, _next_month_readout, figsize=(8, 4.4), dpi=EXPLORER_DPI, layout=None)
