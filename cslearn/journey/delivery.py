"""Step delivery vs one-off advertisements (C31): a message series that builds fans.

After a visit a salon can push messages to its customers (LINE push messages have a high open
rate, seed 000). A thank-you message after the visit is, in the seed's words, still an
advertisement.
A *step delivery* (ステップ配信) sends a series that helps: hair-set video 1, then 2, then 3, from a
stylist who shows their face. Each helpful message that is opened makes the next one more welcome;
each advertisement makes the next one less so. Which plan wins depends on these assumed
numbers, including the ones the explorer has no slider for (the block rates :math:`b` and how
much familiarity adds to the chance of a return visit, :math:`\rho`, ``return_lift``).

The model (its numbers are the course's assumptions)
----------------------------------------------------
A recipient who is still subscribed and has opened :math:`f` helpful messages so far opens
message :math:`t = 1, 2, \\dots` with probability

.. math::

    o_t(f) = \\min\\big(o_{\\max},\\; o_1 + \\ell f\\big)\\,(1 - \\phi)^{t-1},

with first-message open rate :math:`o_1`, familiarity lift :math:`\\ell` per helpful message opened
and fatigue :math:`\\phi` per message. Opening a helpful message adds one to :math:`f`; opening it
brings a return visit with probability :math:`r + \\rho f` (familiarity after the opening). After
each message a share :math:`b` blocks the sender. A *fan* (ファン) is a subscriber with
:math:`f \\ge F` helpful messages opened. An advertisement never raises :math:`f`, so one-off ads
make no fans by definition; the comparison that can go either way is the return visits.

Because the state of a recipient is just (subscribed, :math:`f`), the expected numbers follow
exactly from the distribution of :math:`f` among subscribers, updated message by message
(:func:`delivery_outcomes`); :func:`simulate_delivery` draws the same recipients one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cslearn._validate import check_int, check_number, check_rate

__all__ = ["MessagePlan", "STEP_SERIES", "ONE_OFF_ADS", "delivery_outcomes", "simulate_delivery",
           "compare_delivery"]


@dataclass(frozen=True)
class MessagePlan:
    """How recipients react to one kind of message series (see the module docstring).

    >>> MessagePlan("my series", helpful=True, open_rate=0.5).open_rate
    0.5
    """

    name: str
    helpful: bool
    open_rate: float = 0.6
    lift: float = 0.0
    fatigue: float = 0.0
    block_rate: float = 0.01
    return_rate: float = 0.02
    return_lift: float = 0.0
    max_open: float = 0.95

    def __post_init__(self):
        for field in ("open_rate", "lift", "fatigue", "block_rate", "return_rate", "return_lift", "max_open"):
            check_rate(field, getattr(self, field))
        if not isinstance(self.helpful, bool):
            raise TypeError(f"helpful must be True or False (got {self.helpful!r})")


#: A helpful series (hair-care videos 1, 2, ...): opens grow with familiarity, few block it.
STEP_SERIES = MessagePlan("step delivery", helpful=True, open_rate=0.6, lift=0.05, fatigue=0.0,
                          block_rate=0.01, return_rate=0.01, return_lift=0.005)
#: One-off advertisements (a coupon every time): more returns per open at first, then fatigue.
ONE_OFF_ADS = MessagePlan("one-off ads", helpful=False, open_rate=0.6, lift=0.0, fatigue=0.15,
                          block_rate=0.04, return_rate=0.03, return_lift=0.0)


def _settings(plan, messages, recipients, fan_threshold):
    if not isinstance(plan, MessagePlan):
        raise TypeError(f"plan must be a MessagePlan such as STEP_SERIES (got {type(plan).__name__})")
    messages = check_int("messages", messages, low=1, high=520)
    recipients = check_number("recipients", recipients, low=0)
    fan_threshold = check_int("fan_threshold", fan_threshold, low=1, high=520)
    return messages, recipients, fan_threshold


def _open(plan: MessagePlan, t: int, familiarity: np.ndarray) -> np.ndarray:
    return np.minimum(plan.max_open, plan.open_rate + plan.lift * familiarity) * (1 - plan.fatigue) ** (t - 1)


def delivery_outcomes(plan: MessagePlan, messages: int = 8, *, recipients=1000, fan_threshold: int = 5) -> pd.DataFrame:
    """Expected subscribers, opens, return visits and fans, message by message (exact).

    Columns: ``message`` (from 1), ``subscribers`` (receiving it), ``opens``, ``open_rate``
    (opens / subscribers), ``returns`` (return visits it brings), ``cumulative_returns``,
    ``fans`` (after it) and ``plan``.

    >>> ads = delivery_outcomes(ONE_OFF_ADS, 2, recipients=1000)
    >>> ads["opens"].round(1).tolist()   # 1000 x 0.6, then 960 x 0.6 x 0.85
    [600.0, 489.6]
    """
    messages, recipients, fan_threshold = _settings(plan, messages, recipients, fan_threshold)
    f = np.arange(messages + 1)
    mass = np.zeros(messages + 1)
    mass[0] = recipients  # subscribers by familiarity f
    rows = np.empty((messages, 4))
    for t in range(1, messages + 1):  # a short recurrence over messages, vectorised over f
        p_open = _open(plan, t, f)
        opened = mass * p_open
        after = f + 1 if plan.helpful else f
        returns = float(np.sum(opened * (plan.return_rate + plan.return_lift * after)))
        moved = np.zeros_like(mass)
        if plan.helpful:
            moved[1:] += opened[:-1]
            moved += mass - opened
        else:
            moved = mass.copy()
        subscribers = mass.sum()
        mass = moved * (1 - plan.block_rate)
        rows[t - 1] = (subscribers, opened.sum(), returns, mass[f >= fan_threshold].sum())
    return _table(rows, plan)


def _table(rows: np.ndarray, plan: MessagePlan) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["subscribers", "opens", "returns", "fans"])
    table.insert(0, "message", np.arange(1, len(table) + 1))
    receiving = table["subscribers"].to_numpy()
    rate = table["opens"].to_numpy() / np.where(receiving > 0, receiving, 1.0)
    table.insert(3, "open_rate", np.where(receiving > 0, rate, 0.0))
    table.insert(5, "cumulative_returns", table["returns"].cumsum())
    table["plan"] = plan.name
    return table


def simulate_delivery(plan: MessagePlan, messages: int = 8, *, recipients: int = 1000, fan_threshold: int = 5,
                      seed: int = 0) -> pd.DataFrame:
    """The same series sent to ``recipients`` simulated people (seeded); columns as :func:`delivery_outcomes`.

    >>> sim = simulate_delivery(STEP_SERIES, 3, recipients=500, seed=2)
    >>> sim["message"].tolist()
    [1, 2, 3]
    """
    messages, _, fan_threshold = _settings(plan, messages, recipients, fan_threshold)
    recipients = check_int("recipients", recipients, low=1, high=10_000_000)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    familiarity = np.zeros(recipients, dtype=int)
    subscribed = np.ones(recipients, dtype=bool)
    rows = np.empty((messages, 4))
    for t in range(1, messages + 1):
        opened = subscribed & (rng.random(recipients) < _open(plan, t, familiarity))
        if plan.helpful:
            familiarity += opened
        came_back = opened & (rng.random(recipients) < plan.return_rate + plan.return_lift * familiarity)
        count = subscribed.sum()
        subscribed &= rng.random(recipients) >= plan.block_rate
        rows[t - 1] = (count, opened.sum(), came_back.sum(), np.sum(subscribed & (familiarity >= fan_threshold)))
    return _table(rows, plan)


def compare_delivery(messages: int = 8, *, recipients=1000, fan_threshold: int = 5,
                     plans: tuple[MessagePlan, ...] = (STEP_SERIES, ONE_OFF_ADS)) -> pd.DataFrame:
    """:func:`delivery_outcomes` for several plans, stacked (a long table with a ``plan`` column).

    >>> table = compare_delivery(8)
    >>> last = table.groupby("plan")["cumulative_returns"].last()
    >>> bool(last["step delivery"] > last["one-off ads"])
    True
    """
    return pd.concat([delivery_outcomes(plan, messages, recipients=recipients, fan_threshold=fan_threshold)
                      for plan in plans], ignore_index=True)
