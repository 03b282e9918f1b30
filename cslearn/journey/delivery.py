"""Step delivery vs one-off advertisements (C31): a message series that builds fans.

The salon example of *Customer Success??*, in the course's summary: customers open the LINE
messages a salon pushes after a visit, so the question is what to send. What turns a customer
into a fan (ファン) is content they want, from a person they come to know: a series that solves
their own problem (damaged hair and scalp trouble get different series), delivered part by part
(*step delivery*, ステップ配信, e.g. a hair-set tutorial in several videos) by a stylist who
shows their face. A thank-you note, the article says, is still advertising. :func:`compare_delivery`
compares one helpful series with one-off ads.

The model (its numbers are the course's assumptions)
----------------------------------------------------
Each recipient carries a **familiarity** :math:`f` with the sender (親近感), 0 at the start.
Every message they open adds to it: a helpful message adds ``familiarity`` :math:`g = 1`
(one video watched), an advertisement adds less (:math:`g = 0.25` for :data:`ONE_OFF_ADS`: it
names the salon but tells the customer nothing they wanted to know). A recipient who is still
subscribed opens message :math:`t = 1, 2, \\dots` with probability

.. math::

    o_t(f) = \\min\\big(o_{\\max},\\; o_1 + \\ell f\\big)\\,(1 - \\phi)^{t-1},

with first-message open rate :math:`o_1`, lift :math:`\\ell` per unit of familiarity and
fatigue :math:`\\phi` per message. Opening a message brings a return visit with probability
:math:`r + \\rho (f + g)`: the familiarity after the opening, :math:`f` before it plus the
:math:`g` this message adds. After each message a share :math:`b` blocks the sender. A recipient
becomes a **fan** (ファン) once their familiarity reaches ``fan_threshold`` :math:`F` (5: five
helpful videos watched, or twenty ads opened). A fan is a level of familiarity, not a visit:
return visits are counted on their own, and a fan need not have come back yet. Fans are
therefore a result of behaviour, for either plan: ads make few fans because each adds little
familiarity, their open rate tires and more people block them, not because they are barred.

Because a recipient's state is just (subscribed, number of messages opened), the expected numbers
follow exactly from the distribution of that number among subscribers, updated message by message
(:func:`delivery_outcomes`); :func:`simulate_delivery` draws the same recipients one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cslearn._validate import check_number, resolve_rng
from cslearn.journey.parameters import (
    FAMILIARITY,
    FAN_THRESHOLD,
    MESSAGE_FIELDS,
    MESSAGE_PLANS,
    MESSAGES,
    PLAN,
    RECIPIENTS,
    RNG,
    SIMULATED_RECIPIENTS,
)
from cslearn.params import checked

__all__ = ["MessagePlan", "STEP_SERIES", "ONE_OFF_ADS", "delivery_outcomes", "simulate_delivery",
           "compare_delivery"]


@dataclass(frozen=True)
class MessagePlan:
    """How recipients react to one kind of message series (see the module docstring).

    ``familiarity`` is what one opened message adds to the recipient's familiarity with the
    sender: 1 by default for a helpful message, 0.25 for an advertisement.

    >>> MessagePlan("my series", helpful=True, open_rate=0.5).open_rate
    0.5
    >>> MessagePlan("a coupon", helpful=False).familiarity
    0.25
    """

    name: str
    helpful: bool
    open_rate: float = 0.6
    familiarity: float | None = None
    lift: float = 0.0
    fatigue: float = 0.0
    block_rate: float = 0.01
    return_rate: float = 0.02
    return_lift: float = 0.0
    max_open: float = 0.95

    def __post_init__(self):
        for field, declaration in MESSAGE_FIELDS.items():
            declaration.check(getattr(self, field))
        if not isinstance(self.helpful, bool):
            raise TypeError(f"helpful must be True or False (got {self.helpful!r})")
        if self.familiarity is None:  # a helpful message watched adds 1, an ad a quarter (assumptions)
            object.__setattr__(self, "familiarity", 1.0 if self.helpful else 0.25)
        else:
            object.__setattr__(self, "familiarity", FAMILIARITY.check(self.familiarity))


#: A helpful series (hair-set video 1, 2, ...): opens grow with familiarity, few block it.
STEP_SERIES = MessagePlan("step delivery", helpful=True, open_rate=0.6, lift=0.05, fatigue=0.0,
                          block_rate=0.01, return_rate=0.01, return_lift=0.005)
#: One-off advertisements (a coupon every time): more returns per open at first, then fatigue;
#: an opened ad adds a quarter of a helpful video's familiarity.
ONE_OFF_ADS = MessagePlan("one-off ads", helpful=False, open_rate=0.6, lift=0.0, fatigue=0.15,
                          block_rate=0.04, return_rate=0.03, return_lift=0.0)


def _settings(messages, recipients, fan_threshold):
    """The declared settings as numbers; a fan threshold of 0 (everyone a fan from the start) is refused."""
    fan_threshold = check_number("fan_threshold", fan_threshold, low=FAN_THRESHOLD.low, high=FAN_THRESHOLD.high,
                                 low_open=True)
    return int(messages), float(recipients), fan_threshold


def _open(plan: MessagePlan, t: int, familiarity: np.ndarray) -> np.ndarray:
    return np.minimum(plan.max_open, plan.open_rate + plan.lift * familiarity) * (1 - plan.fatigue) ** (t - 1)


def _is_fan(familiarity: np.ndarray, fan_threshold: float) -> np.ndarray:
    return familiarity >= fan_threshold - 1e-9  # 20 ads x 0.25 is a fan at F = 5


@checked(PLAN, MESSAGES, RECIPIENTS, FAN_THRESHOLD)
def delivery_outcomes(plan: MessagePlan, messages: int = 8, *, recipients=1000, fan_threshold=5) -> pd.DataFrame:
    """Expected subscribers, opens, return visits and fans, message by message (exact).

    Columns: ``message`` (from 1), ``subscribers`` (receiving it), ``opens``, ``open_rate``
    (opens / subscribers), ``returns`` (return visits it brings), ``cumulative_returns``,
    ``fans`` (subscribers whose familiarity has reached ``fan_threshold`` after it) and ``plan``.

    >>> ads = delivery_outcomes(ONE_OFF_ADS, 2, recipients=1000)
    >>> ads["opens"].round(1).tolist()   # 1000 x 0.6, then 960 x 0.6 x 0.85
    [600.0, 489.6]
    >>> float(delivery_outcomes(ONE_OFF_ADS, 2, fan_threshold=0.25)["fans"].iloc[0])  # 600 opened, 4 % block
    576.0
    """
    messages, recipients, fan_threshold = _settings(messages, recipients, fan_threshold)
    opened_count = np.arange(messages + 1)  # the state: messages opened so far
    f = plan.familiarity * opened_count
    mass = np.zeros(messages + 1)
    mass[0] = recipients  # subscribers by the number of messages they have opened
    rows = np.empty((messages, 4))
    for t in range(1, messages + 1):  # a short recurrence over messages, vectorised over the state
        opened = mass * _open(plan, t, f)
        returns = float(np.sum(opened * (plan.return_rate + plan.return_lift * (f + plan.familiarity))))
        moved = mass - opened
        moved[1:] += opened[:-1]
        subscribers = mass.sum()
        mass = moved * (1 - plan.block_rate)
        rows[t - 1] = (subscribers, opened.sum(), returns, mass[_is_fan(f, fan_threshold)].sum())
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


@checked(PLAN, MESSAGES, SIMULATED_RECIPIENTS, FAN_THRESHOLD, RNG)
def simulate_delivery(plan: MessagePlan, messages: int = 8, *, rng=0, recipients: int = 1000,
                      fan_threshold=5) -> pd.DataFrame:
    """The same series sent to ``recipients`` simulated people (seeded); columns as :func:`delivery_outcomes`.

    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result.

    >>> sim = simulate_delivery(STEP_SERIES, 3, recipients=500, rng=2)
    >>> sim["message"].tolist()
    [1, 2, 3]
    """
    messages, _, fan_threshold = _settings(messages, recipients, fan_threshold)
    recipients = int(recipients)
    rng = resolve_rng(rng)
    opened_count = np.zeros(recipients, dtype=int)
    subscribed = np.ones(recipients, dtype=bool)
    rows = np.empty((messages, 4))
    for t in range(1, messages + 1):
        opened = subscribed & (rng.random(recipients) < _open(plan, t, plan.familiarity * opened_count))
        opened_count += opened
        familiarity = plan.familiarity * opened_count
        came_back = opened & (rng.random(recipients) < plan.return_rate + plan.return_lift * familiarity)
        count = subscribed.sum()
        subscribed &= rng.random(recipients) >= plan.block_rate
        rows[t - 1] = (count, opened.sum(), came_back.sum(), np.sum(subscribed & _is_fan(familiarity, fan_threshold)))
    return _table(rows, plan)


@checked(MESSAGES, RECIPIENTS, FAN_THRESHOLD, MESSAGE_PLANS)
def compare_delivery(messages: int = 8, *, recipients=1000, fan_threshold=5,
                     plans: tuple[MessagePlan, ...] = (STEP_SERIES, ONE_OFF_ADS)) -> pd.DataFrame:
    """:func:`delivery_outcomes` for several plans, stacked (a long table with a ``plan`` column).

    >>> table = compare_delivery(8)
    >>> last = table.groupby("plan")["cumulative_returns"].last()
    >>> bool(last["step delivery"] > last["one-off ads"])
    True
    """
    return pd.concat([delivery_outcomes(plan, messages, recipients=recipients, fan_threshold=fan_threshold)
                      for plan in plans], ignore_index=True)
