"""The stage ladder (C28, C29): a customer journey as a Markov chain of stages.

A dance-school student's goal changes as they get better (*Weekly CS Vol.3*): first some time to
dance each week (even once) to refresh, then solid basics, a whole song, other genres, performing
in front of an audience, their own choreography, a show of their own, and finally teaching. A
school with a plan for each stage keeps the student as the goal moves; a school without the next
plan loses them when they outgrow the last one.

The model
---------
Each month a student in stage :math:`k` pays that stage's price :math:`p_k` (times the margin
:math:`m`), then moves up with probability :math:`a_k`, leaves with probability :math:`c_k`, or
stays. The school offers plans for the first :math:`K` stages. A student who would move past
stage :math:`K` has no plan for the new goal: a share :math:`s` (``outgrown_stay``) stays in
the top plan anyway and the rest leave. The default :math:`s = 0` (everyone who outgrows the last
plan leaves) is the **worst case**, an assumption that makes a missing plan as costly as it can
be. Among the offered stages the monthly transitions form the upper-bidiagonal matrix

.. math::

    Q_{kk} = 1 - a_k - c_k \\;(+\\, s\\,a_K \\text{ if } k = K < n), \\qquad Q_{k,k+1} = a_k \\;(k + 1 < K),

and "left" is the absorbing state. With a monthly discount rate :math:`d`, :math:`\\beta = 1/(1+d)`,
and the first month's payment counted undiscounted (the course's convention, see
:mod:`cslearn.value.ltv`), the expected discounted revenue of a student now in stage :math:`k` is
(the vector :math:`p` is revenue: with the default margin :math:`m = 1` the "LTV" here is revenue, not profit)

.. math::

    V = \\sum_{t=0}^{\\infty} (\\beta Q)^t\\, m\\,p = (I - \\beta Q)^{-1} m\\,p = N_\\beta\\, m\\,p,

where :math:`N_\\beta = (I - \\beta Q)^{-1}` is the (discounted) **fundamental matrix** of the
absorbing chain; with :math:`\\beta = 1`, :math:`N_{jk}` is the expected number of months a student
who starts in stage :math:`j` spends in stage :math:`k` (Kemeny & Snell, *Finite Markov Chains*,
1960). The LTV of a new student is :math:`V_0`. Over a horizon of :math:`H` months,
:math:`V^{(H)} = \\sum_{t<H} (\\beta Q)^t m p`.

The prices and probabilities of :func:`dance_school_ladder` are the course's assumptions; the
stages and goals follow *Weekly CS Vol.3*. The teacher stage's 6 % monthly churn (an expected 17 months in
an instructor course) is an assumption too; at a low churn the teacher stage alone would carry
years of fees into the LTV.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import check_array, check_choice, check_frame, check_int, resolve_rng
from cslearn.journey.parameters import (
    ADVANCE_SCALE,
    ADVANCE_SCALES,
    CHURN_SCALE,
    CUSTOMERS,
    DISCOUNT_RATE,
    GOAL,
    HORIZON,
    LADDER,
    MARGIN,
    MONTHS,
    OUTGROWN_STAY,
    PLANS,
    RNG,
    START,
)
from cslearn.params import checked

__all__ = [
    "dance_school_ladder",
    "ladder_matrix",
    "ladder_ltv",
    "ladder_values",
    "plan_values",
    "ladder_occupancy",
    "simulate_ladder",
    "success_vs_ltv",
    "LADDER_COLUMNS",
]

LADDER_COLUMNS = ["stage", "price", "advance", "churn"]

# stage, 日本語, the student's goal (after Weekly CS Vol.3, in the course's words), price ¥/month, advance,
# churn (price..churn: assumptions)
_DANCE_SCHOOL = [
    ("beginner", "初心者", "make time to dance, even once a week, to refresh", "週1回でも踊って気分転換", 6000,
     0.12, 0.10),
    ("basics", "基礎", "get the basic moves solid", "基礎固め", 8000, 0.10, 0.06),
    ("one song", "1曲通し", "dance a whole song through", "1曲通して踊る", 10_000, 0.08, 0.05),
    ("many genres", "複数ジャンル", "widen to other genres of music", "ジャンルを広げる", 12_000, 0.06, 0.04),
    ("performing", "発表会", "perform in front of an audience", "発表会に出る", 15_000, 0.05, 0.03),
    ("choreography", "振付", "make one's own choreography", "振付を作る", 18_000, 0.04, 0.03),
    ("own show", "自主公演", "put on a show of one's own (about 30 minutes)", "自主公演", 22_000, 0.03, 0.03),
    ("teacher", "講師", "become a teacher", "指導者になる", 15_000, 0.0, 0.06),
]


@checked(ADVANCE_SCALE, CHURN_SCALE)
def dance_school_ladder(advance_scale=1.0, churn_scale=1.0) -> pd.DataFrame:
    """The dance school's eight stages with a monthly price, advancement and churn for each.

    The stages and goals follow *Weekly CS Vol.3* (the wording is the course's). Prices (yen a
    month; the teacher stage pays for an instructor course) and the monthly probabilities are
    assumptions of the course: students leave most often at the start and less as they invest in
    the hobby, and advance more slowly as the goals get bigger. ``advance_scale`` and
    ``churn_scale`` multiply every stage's probabilities (the ladder explorer's sliders).

    Columns: ``stage``, ``stage_ja``, ``goal``, ``goal_ja``, ``price``, ``advance``, ``churn``.

    >>> ladder = dance_school_ladder()
    >>> ladder["stage"].tolist()[:3]
    ['beginner', 'basics', 'one song']
    >>> float(dance_school_ladder(churn_scale=2)["churn"].iloc[0])
    0.2
    """
    advance_scale, churn_scale = float(advance_scale), float(churn_scale)
    table = pd.DataFrame(_DANCE_SCHOOL, columns=["stage", "stage_ja", "goal", "goal_ja", "price", "advance", "churn"])
    table["price"] = table["price"].astype(float)
    table["advance"] = table["advance"] * advance_scale
    table["churn"] = table["churn"] * churn_scale
    _check_ladder(table)
    return table


def _check_ladder(ladder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Prices, advancement and churn of a ladder table, checked."""
    check_frame("ladder", ladder, LADDER_COLUMNS)
    if ladder["stage"].duplicated().any():
        repeated = ladder["stage"][ladder["stage"].duplicated()].iloc[0]
        raise ValueError(f"ladder['stage'] must name each stage once (repeated: {repeated!r})")
    price = check_array("ladder['price']", ladder["price"], low=0)
    advance = check_array("ladder['advance']", ladder["advance"], 0, 1)
    churn = check_array("ladder['churn']", ladder["churn"], 0, 1)
    total = advance + churn
    if np.any(total > 1 + 1e-12):
        k = int(np.argmax(total > 1 + 1e-12))
        raise ValueError(
            f"advance + churn must be at most 1 at every stage (stage {ladder['stage'].iloc[k]!r}: "
            f"{advance[k]:g} + {churn[k]:g} = {total[k]:g})"
        )
    return price, advance, churn


def _plans(plans, n: int) -> int:
    return n if plans is None else check_int("plans", plans, low=1, high=n)


def _chain(ladder, plans, margin, outgrown_stay=0.0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Q among the offered stages and the margin-weighted price vector."""
    price, advance, churn = _check_ladder(ladder)
    k = _plans(plans, len(price))
    margin, outgrown_stay = float(margin), float(outgrown_stay)
    a, c = advance[:k], churn[:k]
    q = np.diag(1.0 - a - c) + np.diag(a[:-1], 1)
    if k < len(price):  # past the last plan: a share s of those who outgrow it stay in it
        q[k - 1, k - 1] += outgrown_stay * a[k - 1]
    stuck = 1.0 - np.diag(q) <= 0  # a student must be able to leave each stage
    if stuck.any():
        name = ladder["stage"].iloc[int(np.argmax(stuck))]
        raise ValueError(
            f"churn at stage {name!r} must be greater than 0 when its advancement is 0 (got 0): a student "
            "who can neither leave nor move up stays for ever"
        )
    return q, margin * price[:k], list(ladder["stage"].iloc[:k])


def _beta(discount_rate) -> float:
    return 1.0 / (1.0 + float(discount_rate))


@checked(LADDER, PLANS, OUTGROWN_STAY)
def ladder_matrix(ladder: pd.DataFrame, plans: int | None = None, *, outgrown_stay=0.0) -> pd.DataFrame:
    """The monthly transition matrix over the offered stages plus the absorbing state ``left``.

    Row :math:`j`, column :math:`k`: the probability that a student in stage :math:`j` this month is
    in stage :math:`k` next month. Every row sums to 1.

    >>> m = ladder_matrix(dance_school_ladder(), plans=2)
    >>> m.round(2).to_dict("index")["basics"]
    {'beginner': 0.0, 'basics': 0.84, 'left': 0.16}
    """
    q, _, names = _chain(ladder, plans, 1.0, outgrown_stay)
    full = np.zeros((len(names) + 1, len(names) + 1))
    full[:-1, :-1] = q
    full[:-1, -1] = 1.0 - q.sum(axis=1)
    full[-1, -1] = 1.0
    return pd.DataFrame(full, index=[*names, "left"], columns=[*names, "left"])


@checked(LADDER, PLANS, DISCOUNT_RATE, MARGIN, START, HORIZON, OUTGROWN_STAY)
def ladder_ltv(ladder: pd.DataFrame, plans: int | None = None, *, discount_rate=0.01, margin=1.0,
               start: str | None = None, horizon: int | None = None, outgrown_stay=0.0) -> float:
    """Expected discounted revenue of a student who starts in ``start`` (default: the first stage).

    :math:`V = (I - \\beta Q)^{-1} m p` solved exactly (see the module docstring); with a
    ``horizon`` of :math:`H` months, :math:`\\sum_{t<H} (\\beta Q)^t m p`. ``plans`` is how many
    stages have a plan (default: all); ``outgrown_stay`` is the share of students who outgrow the
    last plan and stay in it (default 0, the worst case: they all leave).

    >>> ladder = dance_school_ladder()
    >>> round(ladder_ltv(ladder, plans=1, discount_rate=0), 2)  # 6,000 a month for 1 / (0.12 + 0.10) months
    27272.73
    >>> ladder_ltv(ladder) > ladder_ltv(ladder, plans=1)
    True
    """
    q, revenue, names = _chain(ladder, plans, margin, outgrown_stay)
    beta = _beta(discount_rate)
    first = 0 if start is None else names.index(check_choice("start", start, names))
    if horizon is None:
        values = np.linalg.solve(np.eye(len(names)) - beta * q, revenue)
    else:
        values, step = np.zeros(len(names)), beta * q
        for _ in range(int(horizon)):  # V_H = p + beta Q V_(H-1): a short recurrence on an 8-vector
            values = revenue + step @ values
    return float(values[first])


@checked(LADDER, PLANS, DISCOUNT_RATE, MARGIN, OUTGROWN_STAY)
def ladder_values(ladder: pd.DataFrame, plans: int | None = None, *, discount_rate=0.01, margin=1.0,
                  outgrown_stay=0.0) -> pd.DataFrame:
    """Where a new student's LTV comes from, stage by stage, from the fundamental matrix.

    For a student who joins at the first stage: ``reach`` (probability of ever being in the stage),
    ``expected_months`` (undiscounted months in the stage, row 0 of :math:`N = (I - Q)^{-1}`),
    ``expected_revenue`` (discounted revenue earned in the stage, row 0 of :math:`N_\\beta` times
    :math:`m p`; the column sums to :func:`ladder_ltv`) and ``value_from_here`` (:math:`V_k`, the
    LTV of a student now in stage :math:`k`). Stages without a plan get ``offered`` False and zeros.

    >>> values = ladder_values(dance_school_ladder(), plans=2, discount_rate=0)
    >>> values["expected_months"].round(3).tolist()[:2]
    [4.545, 3.409]
    """
    q, revenue, names = _chain(ladder, plans, margin, outgrown_stay)
    k, n = len(names), len(ladder)
    beta = _beta(discount_rate)
    eye = np.eye(k)
    months = np.linalg.solve((eye - q).T, eye[0])  # row 0 of N: solve N^T e_0
    discounted = np.linalg.solve((eye - beta * q).T, eye[0])
    value = np.linalg.solve(eye - beta * q, revenue)
    # P(ever in stage j) = N_0j / N_jj: months there from the start over months there once arrived
    diag = 1.0 / (1.0 - np.diag(q))
    reach = months / diag

    def padded(values):
        return np.concatenate([values, np.zeros(n - k)])

    return pd.DataFrame(
        {
            "stage": ladder["stage"].to_numpy(),
            "price": ladder["price"].to_numpy(dtype=float),
            "offered": np.arange(n) < k,
            "reach": padded(reach),
            "expected_months": padded(months),
            "expected_revenue": padded(discounted * revenue),
            "value_from_here": padded(value),
        }
    )


@checked(LADDER, DISCOUNT_RATE, MARGIN, OUTGROWN_STAY)
def plan_values(ladder: pd.DataFrame, *, discount_rate=0.01, margin=1.0, outgrown_stay=0.0) -> pd.DataFrame:
    """LTV of a new student when the school offers plans for the first 1, 2, ..., n stages.

    ``gain`` is what adding the plan for the next stage adds to the LTV (the first row's gain is
    its LTV); ``months`` is the undiscounted expected number of months a student stays.

    >>> table = plan_values(dance_school_ladder())
    >>> table["plans"].tolist() == list(range(1, 9))
    True
    >>> bool((table["gain"] > 0).all())
    True
    """
    rows = []
    for k in range(1, len(_check_ladder(ladder)[0]) + 1):
        values = ladder_values(ladder, k, discount_rate=discount_rate, margin=margin, outgrown_stay=outgrown_stay)
        rows.append({"plans": k, "top_stage": ladder["stage"].iloc[k - 1],
                     "ltv": values["expected_revenue"].sum(), "months": values["expected_months"].sum()})
    table = pd.DataFrame(rows)
    table["gain"] = table["ltv"].diff().fillna(table["ltv"].iloc[0])
    return table


@checked(LADDER, PLANS, MONTHS, OUTGROWN_STAY)
def ladder_occupancy(ladder: pd.DataFrame, plans: int | None = None, months: int = 60, *,
                     outgrown_stay=0.0) -> pd.DataFrame:
    """Share of a cohort of new students in each stage (and ``left``) month by month, exactly.

    Row ``month`` :math:`t` (from 1) is :math:`e_0^\\top P^{t-1}` for the transition matrix
    :math:`P` of :func:`ladder_matrix`: month 1 is everyone in the first stage.

    >>> occ = ladder_occupancy(dance_school_ladder(), months=2)
    >>> occ.loc[1, ["beginner", "basics", "left"]].round(2).tolist()
    [0.78, 0.12, 0.1]
    """
    months = int(months)
    matrix = ladder_matrix(ladder, plans, outgrown_stay=outgrown_stay)
    p = matrix.to_numpy()
    rows = np.empty((months, p.shape[0]))
    state = np.eye(p.shape[0])[0]
    for t in range(months):  # one vector-matrix product per month
        rows[t] = state
        state = state @ p
    table = pd.DataFrame(rows, columns=matrix.columns)
    table.insert(0, "month", np.arange(1, months + 1))
    return table


@checked(LADDER, PLANS, CUSTOMERS, MONTHS, DISCOUNT_RATE, MARGIN, RNG, OUTGROWN_STAY)
def simulate_ladder(ladder: pd.DataFrame, plans: int | None = None, *, rng=0, customers: int = 10_000,
                    months: int = 600, discount_rate=0.01, margin=1.0,
                    outgrown_stay=0.0) -> pd.DataFrame:
    """Students drawn one month at a time through the ladder (seeded), for checking the exact results.

    Every month each student still in the school pays their stage's price, then one uniform draw
    decides: move up (below :math:`a_k`), leave (below :math:`a_k + c_k`) or stay. Moving past the
    last plan is leaving (for a share ``1 - outgrown_stay``; the others stay in the top plan). The
    loop runs over months and is vectorised over students.

    Columns: ``customer``, ``months`` (months paid), ``top_stage`` (index of the highest stage
    reached), ``revenue`` and ``discounted_revenue`` (the first month undiscounted).
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result.

    >>> sim = simulate_ladder(dance_school_ladder(), plans=1, customers=2000, discount_rate=0, rng=1)
    >>> bool(24_000 < sim["revenue"].mean() < 31_000)   # exact: 27,273
    True
    """
    q, revenue, _ = _chain(ladder, plans, margin, outgrown_stay)
    beta = _beta(discount_rate)
    customers, months = int(customers), int(months)
    rng = resolve_rng(rng)
    k = len(revenue)
    advance = np.append(np.diag(q, 1), 0.0)
    leave_top = 1.0 - np.diag(q)  # leave + advance of each stage
    up_below = np.where(np.arange(k) < k - 1, advance, 0.0)  # the top offered stage cannot move up
    stage = np.zeros(customers, dtype=int)
    alive = np.ones(customers, dtype=bool)
    paid = np.zeros(customers)
    total = np.zeros(customers)
    discounted = np.zeros(customers)
    top = np.zeros(customers, dtype=int)
    for t in range(months):
        if not alive.any():
            break
        idx = np.flatnonzero(alive)
        s = stage[idx]
        total[idx] += revenue[s]
        discounted[idx] += revenue[s] * beta**t
        paid[idx] += 1
        u = rng.random(idx.size)
        up = u < up_below[s]
        gone = ~up & (u < leave_top[s])
        stage[idx[up]] += 1
        top[idx[up]] = stage[idx[up]]
        alive[idx[gone]] = False
    return pd.DataFrame({"customer": np.arange(1, customers + 1), "months": paid, "top_stage": top,
                         "revenue": total, "discounted_revenue": discounted})


@checked(LADDER, GOAL, ADVANCE_SCALES, PLANS, DISCOUNT_RATE, MARGIN, OUTGROWN_STAY)
def success_vs_ltv(ladder: pd.DataFrame, goal: str, advance_scales=(0.5, 1.0, 1.5, 2.0), *,
                   plans: int | None = None, discount_rate=0.01, margin=1.0, outgrown_stay=0.0) -> pd.DataFrame:
    """Help students advance faster: their success and the school's LTV, side by side (C29).

    For each scale the ladder's advancement probabilities are multiplied by it; the table gives
    ``reach_goal`` (probability that a new student ever reaches ``goal``) and ``ltv``. Success and
    LTV rise together only when the school has a plan for the stage students advance *into*: if
    ``goal`` is the last stage with a plan, faster advancement sends students past it and (with
    ``outgrown_stay`` below 1) out of the school, so the LTV can fall while success rises.

    >>> table = success_vs_ltv(dance_school_ladder(), "performing", [1.0, 1.5])
    >>> bool(table["reach_goal"].is_monotonic_increasing and table["ltv"].is_monotonic_increasing)
    True
    >>> short = success_vs_ltv(dance_school_ladder(), "basics", [1.0, 2.0], plans=2)
    >>> bool(short["reach_goal"].is_monotonic_increasing and short["ltv"].is_monotonic_decreasing)
    True
    """
    _, advance, churn = _check_ladder(ladder)
    goal = check_choice("goal", goal, list(ladder["stage"]))
    scales = np.asarray(advance_scales, dtype=float)
    for scale in scales:  # a scale that pushes a stage's advance + churn past 1 is refused, named
        over = advance * scale + churn > 1 + 1e-12
        if over.any():
            k = int(np.argmax(over))
            raise ValueError(
                f"advance_scales must keep advance + churn at most 1 at every stage (got {scale:g}: stage "
                f"{ladder['stage'].iloc[k]!r} would have {advance[k] * scale:g} + {churn[k]:g})"
            )
    rows = []
    for scale in scales:
        scaled = ladder.assign(advance=ladder["advance"] * scale)
        values = ladder_values(scaled, plans, discount_rate=discount_rate, margin=margin, outgrown_stay=outgrown_stay)
        reach = float(values.loc[values["stage"] == goal, "reach"].iloc[0])
        rows.append({"advance_scale": float(scale), "reach_goal": reach, "ltv": values["expected_revenue"].sum()})
    return pd.DataFrame(rows)
