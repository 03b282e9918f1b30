"""Expected values without randomness: push the state distribution of a chain forward.

A model's month ``t`` is a list of branches ``(probability, next state, active?, flows)`` for
each state ``s``. With ``pi_t`` the distribution over states after month ``t``,

.. math::

    \\pi_t(s') = \\sum_s \\pi_{t-1}(s)\\, P_t(s, s'), \\qquad
    E[x_t] = \\sum_s \\pi_{t-1}(s) \\sum_{b \\in \\text{branches}(s, t)} P(b)\\, x(b)

for every flow ``x`` (visits, revenue, ...). The sums are exact: no sampling is involved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cslearn.business_models._engine import base_summary

__all__ = ["ExpectedResult"]  # the rest is shared by the simulators, not public


@dataclass(frozen=True, repr=False, eq=False)
class ExpectedResult:
    """Exact expected values per customer (no randomness): ``table`` (one row per month) and ``summary``.

    ``table`` has the per-customer columns of ``SimulationResult.table``, so the two can be
    compared column by column.

    >>> from cslearn.business_models import expected_subscription
    >>> expected_subscription(months=2, churn=0.5).table["share_active"].tolist()
    [1.0, 0.5]
    """

    model: str
    params: dict
    months: int
    table: pd.DataFrame
    summary: pd.Series

    def __repr__(self) -> str:
        return (
            f"ExpectedResult(model={self.model!r}, months={self.months}, "
            f"revenue_per_customer={self.summary['revenue_per_customer']:,.0f}, "
            f"share_returned={self.summary['share_returned']:.3f})"
        )


# A branch of one month's transition: (probability, next state, active?, flows)
Branch = tuple[float, Hashable, bool, dict]


def propagate(
    months: int,
    initial: dict[Hashable, float],
    step: Callable[[Hashable, int], list[Branch]],
    columns: Iterable[str] = (),
    levels: Callable[[Hashable], dict] | None = None,
) -> pd.DataFrame:
    """Push a state distribution forward and return the exact expected monthly frame.

    ``step(state, t)`` lists the branches of month ``t``; each carries its probability, the next
    state, whether the customer is active, and its flows (``visits``, ``revenue`` and model
    columns, each the expected value *given* the branch). ``levels(state)`` gives end-of-month
    columns that depend on the state (a balance, meat left in stock). The returned flag is
    tracked by the engine: ``returned' = returned or (active and t >= 2)``.
    """
    columns = list(columns)
    sums = {name: np.zeros(months) for name in ["visits", "revenue", "active", "returned", *columns]}
    dist: dict = {(state, False): p for state, p in initial.items() if p > 0}
    for t in range(1, months + 1):
        i = t - 1
        new: dict = defaultdict(float)
        for (state, returned), p in dist.items():
            for q, nxt, active, flows in step(state, t):
                w = p * q
                if w <= 0.0:
                    continue
                for name, value in flows.items():
                    sums[name][i] += w * value
                if active:
                    sums["active"][i] += w
                new[(nxt, returned or (active and t >= 2))] += w
        dist = new
        for (state, returned), p in dist.items():
            if returned:
                sums["returned"][i] += p
            if levels is not None:
                for name, value in levels(state).items():
                    sums[name][i] += p * value
    return expected_table(sums, {name: sums[name] for name in columns})


def expected_table(sums: dict, extra: dict) -> pd.DataFrame:
    """The expected monthly table from per-month sums (``revenue``, ``visits``, ``active``, ``returned``)."""
    table = pd.DataFrame(
        {
            "month": np.arange(1, len(sums["revenue"]) + 1),
            "revenue_per_customer": sums["revenue"],
            "cumulative_revenue_per_customer": np.cumsum(sums["revenue"]),
            "visits_per_customer": sums["visits"],
            "share_active": sums["active"],
            "share_returned": sums["returned"],
        }
    )
    for name, values in extra.items():
        table[name] = values
    return table


def mix(frames: list[pd.DataFrame], weights: list[float]) -> pd.DataFrame:
    """Weighted average of expected monthly frames (every column is an expectation, so linear)."""
    out = frames[0].copy()
    value_columns = [c for c in out.columns if c != "month"]
    out[value_columns] = sum(w * f[value_columns].to_numpy() for f, w in zip(frames, weights, strict=True))
    return out


def expected_result(model: str, params: dict, table: pd.DataFrame, summary_extra=None) -> ExpectedResult:
    summary = base_summary(table)
    summary.update(summary_extra or {})
    return ExpectedResult(
        model=model,
        params=dict(params),
        months=int(table["month"].iloc[-1]),
        table=table,
        summary=pd.Series(summary, name=model),
    )
