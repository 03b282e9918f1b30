"""Explorers of chapter 06: the stage ladder, expectation vs delivery, step delivery.

Each is a thin view: the compute step is a :mod:`cslearn.journey` function, the figure comes from
:mod:`cslearn.journey.plots`.
"""

from __future__ import annotations

from dataclasses import replace

from cslearn import journey
from cslearn.explorer import Explorer, sliders
from cslearn.formatting import percent, plural, yen
from cslearn.journey.parameters import (
    ADVANCE_SCALE,
    BLOCK_RATE,
    CHURN_SCALE,
    DISCOUNT_RATE,
    FAMILIARITY,
    FAN_THRESHOLD,
    FATIGUE,
    GUESTS,
    LIFT,
    MARKET,
    MESSAGES,
    MVP,
    NEW_BUSINESS,
    OUTGROWN_STAY,
    PARTY,
    PLANS,
    RETURN_LIFT,
    RNG,
    SHARE,
)
from cslearn.journey.plots import (
    _move_delivery,
    plot_delivery,
    plot_experience,
    plot_free_to_paid,
    plot_ladder,
    plot_new_business,
    plot_plan_values,
    plot_recovery,
)
from cslearn.language import counter, get_language, tr
from cslearn.params import checked, declarations_of

__all__ = ["ladder_explorer", "experience_explorer", "delivery_explorer", "service_explorer",
           "new_business_explorer"]


def _count(value, one: str, many: str) -> str:
    """A count rounded to a whole one, with its noun: '1 fan', '0 fans', '2 return visits'."""
    return plural(round(float(value)), one, many)


def _expected_count(value, one: str, many: str) -> str:
    """An expected count that may be a fraction: '0.4 customers' (not '0', beside money they bring), '30 customers'."""
    value = float(value)
    if value >= 10 or float(value).is_integer():
        return _count(value, one, many)
    count = f"{value:.1f}{counter(one)}" if get_language() == "ja" else f"{value:.1f} {many}"
    return tr("{count} (expected)", count=count)


def _signed_yen(value) -> str:
    """'+¥1,200' or '-¥1,200', and '¥0' (never '-¥0') for an amount that rounds to nothing."""
    rounded = round(float(value))
    if rounded == 0:
        return yen(0)
    return ("+" if rounded > 0 else "") + yen(rounded)


#: the ladder explorer's churn multiple is at least 0.01 (its slider starts at 0.2): at 0 a student who
#: reaches the top stage never leaves, which the ladder refuses naming a stage, not the explorer's argument
LADDER_CHURN_SCALE = replace(CHURN_SCALE, low=0.01)


@checked(ADVANCE_SCALE, LADDER_CHURN_SCALE, replace(PLANS, optional=False), DISCOUNT_RATE, OUTGROWN_STAY)
def ladder_explorer(advance_scale=1.0, churn_scale=1.0, plans=4, discount_rate=0.01, outgrown_stay=0.0) -> Explorer:
    """The dance school's ladder: advancement and churn (as multiples of the table), plans offered, and the
    share of students who stay in the top plan when they outgrow it (0: the worst case, they all leave).

    The readout compares the LTV of a new student with the plans offered, with one more plan for
    the next stage, and with a plan for every stage.

    >>> view = ladder_explorer(plans=4)
    >>> "5 stages" in view.set(plans=5)
    True
    >>> view.controls["plans"].value = 8   # every stage has a plan: nobody outgrows the top one
    >>> view.controls["outgrown_stay"].disabled
    True
    """
    ladder = journey.dance_school_ladder(advance_scale, churn_scale)
    journey.ladder_ltv(ladder, plans, discount_rate=discount_rate, outgrown_stay=outgrown_stay)  # refuse bad values
    n = len(ladder)
    controls = sliders(declarations_of(ladder_explorer), locals(), {
        "advance_scale": "Advancement (× the table)", "churn_scale": "Churn (× the table)",
        "plans": "Stages with a plan", "discount_rate": "Monthly discount rate",
        "outgrown_stay": "Stay in the top plan when outgrown",
    }, plans={"high": n}, discount_rate={"fmt": ".1%"})  # a plan for each stage of this ladder at most

    def compute(advance_scale, churn_scale, plans, discount_rate, outgrown_stay):
        # with a plan for every stage nobody outgrows the top plan (the teacher stage has no next
        # stage), so the share who stay in it has nothing to act on: grey the slider out
        controls["outgrown_stay"].disabled = plans >= n
        table = journey.dance_school_ladder(advance_scale, churn_scale)
        values = journey.ladder_values(table, plans, discount_rate=discount_rate, outgrown_stay=outgrown_stay)
        values["stage_ja"] = table["stage_ja"]
        by_plans = journey.plan_values(table, discount_rate=discount_rate, outgrown_stay=outgrown_stay)
        return {"values": values, "plans": plans, "by_plans": by_plans, "n": len(table)}

    def draw(result, figure):
        left, right = figure.subplots(1, 2)
        plot_ladder(result["values"], ax=left)
        plot_plan_values(result["by_plans"], ax=right, chosen=result["plans"])

    def readout(result):
        by = result["by_plans"].set_index("plans")
        k, n = result["plans"], result["n"]
        values = result["values"]
        # a stage as the learner reads it: its Japanese name in Japanese
        shown = dict(zip(values["stage"], values["stage_ja"] if get_language() == "ja" else values["stage"],
                         strict=True))
        nxt = tr("; with a plan for the next stage ({stage}) <b>{ltv}</b> ({gain})",
                 stage=shown.get(by.loc[k + 1, "top_stage"], by.loc[k + 1, "top_stage"]),
                 ltv=yen(by.loc[k + 1, "ltv"]), gain=_signed_yen(by.loc[k + 1, "gain"])) if k < n else ""
        top = values.loc[k - 1]
        stay = {"months": by.loc[k, "months"], "reach": percent(top["reach"]), "stage": shown[top["stage"]]}
        return tr("LTV of a new student with plans for {stages}: <b>{ltv}</b>{next}; with every stage {every}.",
                  stages=plural(k, "stage"), ltv=yen(by.loc[k, "ltv"]), next=nxt, every=yen(by.loc[n, "ltv"])) + (
            tr(" Expected stay {months:.1f} months; {reach} reach '{stage}'; nobody outgrows the top plan, so the "
               "share who stay in it when outgrown does not apply.", **stay) if k == n else
            tr(" Expected stay {months:.1f} months; {reach} reach '{stage}'.", **stay))

    return Explorer(controls, compute, draw, readout, figsize=(12, 4.8))


@checked(PARTY["expectation"], PARTY["quality"], PARTY["explanation_lift"], GUESTS, RNG)
def experience_explorer(expectation=4.0, quality=5.5, explanation_lift=2.0, guests=40, *, rng=0) -> Explorer:
    """The party survey: move the guests' expectation, the wine's taste and the host's explanation.

    ``rng`` (int, numpy.random.Generator or None, default 0): the survey's random seed or generator,
    the same at every move (the chapter's party: ``rng=3``).

    >>> view = experience_explorer(rng=3)
    >>> "disappointed" in view.set(expectation=8.0)
    True
    """
    journey.simulate_party_survey(guests, expectation=expectation, quality=quality,
                                  explanation_lift=explanation_lift, rng=rng)
    controls = sliders(declarations_of(experience_explorer), locals(), {
        "expectation": "Guests' expectation (0-10)", "quality": "Taste of the wine (0-10)",
        "explanation_lift": "What the explanation adds",
    })

    def compute(expectation, quality, explanation_lift):
        survey = journey.simulate_party_survey(guests, expectation=expectation, quality=quality,
                                               explanation_lift=explanation_lift, rng=rng)
        return {
            "survey": survey,
            "silent": journey.summarise_experience(survey["expectation"], survey["satisfaction_silent"]),
            "explained": journey.summarise_experience(survey["expectation"], survey["satisfaction_explained"]),
        }

    def draw(result, figure):
        plot_experience(result["survey"], ax=figure.add_subplot())

    def readout(result):
        s, e = result["silent"], result["explained"]
        return tr(
            "Mean score without a word: <b>{silent:+.2f}</b> ({silent_delighted} delighted, {silent_disappointed} "
            "disappointed); after the host explains: <b>{explained:+.2f}</b> ({explained_delighted} delighted, "
            "{explained_disappointed} disappointed).",
            silent=s["mean_score"], silent_delighted=percent(s["delighted"], 0),
            silent_disappointed=percent(s["disappointed"], 0), explained=e["mean_score"],
            explained_delighted=percent(e["delighted"], 0), explained_disappointed=percent(e["disappointed"], 0),
        )

    return Explorer(controls, compute, draw, readout)


@checked(MESSAGES, FAN_THRESHOLD, *(replace(p, optional=True) for p in (LIFT, FATIGUE, RETURN_LIFT)),
         ad_familiarity=FAMILIARITY, step_block_rate=replace(BLOCK_RATE, optional=True),
         ad_block_rate=replace(BLOCK_RATE, optional=True))
def delivery_explorer(messages=8, lift=None, fatigue=None, return_lift=None, ad_familiarity=None,
                      step_block_rate=None, ad_block_rate=None, fan_threshold=5) -> Explorer:
    """Step delivery vs one-off ads, with a slider for every rate the comparison hangs on.

    The familiarity lift of helpful messages, the fatigue of ads, how much each unit of
    familiarity adds to the chance of a return visit (``return_lift``), the familiarity an opened
    ad adds (a helpful video adds 1), and the share who block the sender after each message of
    either plan. Defaults: :data:`~cslearn.journey.STEP_SERIES` and :data:`~cslearn.journey.ONE_OFF_ADS`.

    >>> view = delivery_explorer()
    >>> "fans" in view.set(fatigue=0.0)
    True
    """
    step, ads = journey.STEP_SERIES, journey.ONE_OFF_ADS
    ads_used = {}  # the familiarity an opened ad adds, as last computed (for the readout)
    lift = step.lift if lift is None else lift
    fatigue = ads.fatigue if fatigue is None else fatigue
    return_lift = step.return_lift if return_lift is None else return_lift
    ad_familiarity = ads.familiarity if ad_familiarity is None else ad_familiarity
    step_block_rate = step.block_rate if step_block_rate is None else step_block_rate
    ad_block_rate = ads.block_rate if ad_block_rate is None else ad_block_rate

    def plans(lift, fatigue, return_lift, ad_familiarity, step_block_rate, ad_block_rate):
        ads_used["familiarity"] = ad_familiarity
        return (replace(step, lift=lift, return_lift=return_lift, block_rate=step_block_rate),
                replace(ads, fatigue=fatigue, familiarity=ad_familiarity, block_rate=ad_block_rate))

    journey.compare_delivery(messages, fan_threshold=fan_threshold,  # refuse bad starting values
                             plans=plans(lift, fatigue, return_lift, ad_familiarity, step_block_rate, ad_block_rate))
    controls = sliders(declarations_of(delivery_explorer), locals(), {
        "messages": "Messages in the series", "lift": "Open-rate lift per unit of familiarity",
        "fatigue": "Open-rate fall per advertisement",
        "return_lift": "Return-visit chance added per unit of familiarity",
        "ad_familiarity": "Familiarity an opened ad adds (a video adds 1)",
        "step_block_rate": "Block after a helpful message", "ad_block_rate": "Block after an advertisement",
    }, return_lift={"fmt": ".1%"}, step_block_rate={"fmt": ".1%"}, ad_block_rate={"fmt": ".1%"})

    def compute(messages, **rates):
        return journey.compare_delivery(messages, fan_threshold=fan_threshold, plans=plans(**rates))

    columns = ["open_rate", "cumulative_returns", "fans"]

    def draw(result, figure):
        for ax, column in zip(figure.subplots(1, 3), columns, strict=True):
            plot_delivery(result, ax=ax, column=column)

    def move(result, figure):  # the lines of the last draw take the new numbers: no panel drawn anew
        return len(figure.axes) == len(columns) and all(
            _move_delivery(ax, result, column) for ax, column in zip(figure.axes, columns, strict=True))

    def readout(result):
        last = result.groupby("plan", sort=False).last()
        step_row, ads_row = last.loc["step delivery"], last.loc["one-off ads"]
        n = int(step_row["message"])
        note = _ad_fans_note(n, ads_used["familiarity"], fan_threshold)
        return tr(
            "After {messages} to 1,000 customers: step delivery <b>{step_returns}</b> and <b>{step_fans}</b>; "
            "one-off ads <b>{ads_returns}</b> and <b>{ads_fans}</b> (a fan has familiarity {threshold:g} or more).",
            messages=_count(n, "message", "messages"),
            step_returns=_count(step_row["cumulative_returns"], "return visit", "return visits"),
            step_fans=_count(step_row["fans"], "fan", "fans"),
            ads_returns=_count(ads_row["cumulative_returns"], "return visit", "return visits"),
            ads_fans=_count(ads_row["fans"], "fan", "fans"), threshold=fan_threshold,
        ) + note

    return Explorer(controls, compute, draw, readout, figsize=(14, 4), move=move)


def _ad_fans_note(messages: int, ad_familiarity: float, fan_threshold: float) -> str:
    """Why ads make no fans: a reader of every ad needs ``fan_threshold / ad_familiarity`` of them.

    >>> _ad_fans_note(8, 0.25, 5)
    ' Ads can make no fans: even a customer who opens all 8 reaches a familiarity of 2, short of 5.'
    >>> _ad_fans_note(8, 1.0, 5)
    ''
    """
    reach = messages * ad_familiarity
    if reach >= fan_threshold - 1e-9:
        return ""
    if messages == 2:
        return tr(" Ads can make no fans: even a customer who opens both reaches a familiarity of {reach:g}, "
                  "short of {threshold:g}.", reach=reach, threshold=fan_threshold)
    return tr(" Ads can make no fans: even a customer who opens all {messages} reaches a familiarity of {reach:g}, "
              "short of {threshold:g}.", messages=messages, reach=reach, threshold=fan_threshold)


#: the service explorer's paying churn is at least 1 % a month (its slider starts at 2 %): the fixes are
#: ranked on a log of 500 members over 6 months, which must hold cancellations to recover
SERVICE_CHURN = replace(MVP["churn"], low=0.01)


@checked(*(MVP[name] for name in ("conversion", "free_churn", "price")), SERVICE_CHURN)
def service_explorer(conversion=0.08, free_churn=0.10, churn=0.06, price=5000) -> Explorer:
    """The service-building loop (C30): free members converting, and the fixes ranked net of their cost.

    Left: :func:`cslearn.journey.free_to_paid` from 300 free members with 50 new ones a month;
    right: :func:`cslearn.journey.recovery_by_fix` on the chapter's cancellation log (500 members,
    6 months, ``rng=0``) at the chosen paying churn.

    >>> view = service_explorer()
    >>> "ever pay" in view.set(free_churn=0.0)
    True
    """
    journey.free_to_paid(conversion=conversion, free_churn=free_churn, churn=churn, price=price)
    controls = sliders(declarations_of(service_explorer), locals(), {
        "conversion": "Free members who start paying, a month", "free_churn": "Free members who drift away, a month",
        "churn": "Paying members who cancel, a month", "price": "Monthly price (¥)",
    })

    def compute(conversion, free_churn, churn, price):
        free_churn = min(free_churn, 1 - conversion)  # the two sliders together cannot pass 100 %
        mvp = journey.free_to_paid(conversion=conversion, free_churn=free_churn, churn=churn, price=price)
        log = journey.simulate_cancellations(500, churn=churn, months=6, rng=0)
        recovery = journey.recovery_by_fix(journey.tally_cancellations(log), price=price, churn=churn)
        return {"mvp": mvp, "recovery": recovery, "ever_pay": conversion / (conversion + free_churn)}

    def draw(result, figure):
        left, right = figure.subplots(1, 2, width_ratios=[1, 1.3])
        plot_free_to_paid(result["mvp"], ax=left)
        plot_recovery(result["recovery"], ax=right)

    def readout(result):
        last, top = result["mvp"].iloc[-1], result["recovery"].iloc[0]
        fix = top["fix_ja"] if get_language() == "ja" and "fix_ja" in top else top["fix"]
        return tr(
            "{ever} of free members ever pay. After {months}: <b>{paid}</b>, <b>{revenue}</b> a month. "
            "The best fix net of its cost: '{fix}' ({recovered} recovered, {net} after its cost).",
            ever=percent(result["ever_pay"], 0), months=_count(int(last["month"]), "month", "months"),
            paid=_count(last["paid"], "paying member", "paying members"), revenue=yen(last["revenue"]), fix=fix,
            recovered=yen(top["recovered"]), net=_signed_yen(top["net"]),
        )

    return Explorer(controls, compute, draw, readout, figsize=(13, 4.2))


@checked(MARKET, SHARE, *(NEW_BUSINESS[name] for name in ("need_share", "take_up", "price", "churn", "cac")))
def new_business_explorer(market=20_000, share=0.05, need_share=0.3, take_up=0.1, price=8000, churn=0.1,
                          cac=30_000) -> Explorer:
    """From a won share to a new business (C30): the share, who has the need, who takes it up, its price and churn.

    The figure runs :func:`cslearn.journey.new_business_from_share` over shares from 0 to 30 %
    (or to the chosen share, if higher) and marks the chosen one; the readout gives its numbers.

    >>> view = new_business_explorer()
    >>> "2,000 members" in view.set(share=0.1)
    True
    """
    journey.new_business_from_share(market, share, need_share=need_share, take_up=take_up, price=price,
                                    churn=churn, cac=cac)  # refuse bad starting values
    controls = sliders(declarations_of(new_business_explorer), locals(), {
        "share": "Share of the market won", "need_share": "Members with the new need",
        "take_up": "Of those, who take up the new service", "price": "Monthly price of the new service (¥)",
        "churn": "Its monthly churn", "cac": "Acquisition cost of a stranger (¥)",
    })

    def compute(share, need_share, take_up, price, churn, cac):
        options = dict(need_share=need_share, take_up=take_up, price=price, churn=churn, cac=cac)
        shares = [i / 100 for i in range(0, 31)]
        if share > shares[-1]:
            shares.append(share)
        return {"curve": journey.new_business_from_share(market, shares, **options),
                "row": journey.new_business_from_share(market, share, **options).iloc[0], "share": share}

    def draw(result, figure):
        plot_new_business(result["curve"], ax=figure.add_subplot(), chosen=result["share"])

    def readout(result):
        row = result["row"]
        return tr(
            "At {share} of a market of {market:,.0f}: {members}, {with_need}, <b>{customers}</b> for the new "
            "business, worth <b>{revenue}</b> of lifetime revenue; a newcomer would pay {saved} to acquire them.",
            share=percent(row["share"], 0), market=market, members=_count(row["members"], "member", "members"),
            with_need=_count(row["with_need"], "with the need", "with the need"),
            customers=_expected_count(row["customers"], "customer", "customers"),
            revenue=yen(row["lifetime_revenue"]), saved=yen(row["acquisition_saved"]),
        )

    return Explorer(controls, compute, draw, readout, figsize=(8, 4.5))
