"""Shared machinery of the business-model simulators.

Every model is a small Markov chain per customer. The same chain is used twice:

* **simulated**: numpy arrays with one entry per customer, stepped month by month (a loop over
  months, never over customers). Draws are ``float32`` uniforms, about one per customer per month, so
  1,000,000 customers x 36 months fit in well under a second. Per-month totals and per-customer
  totals are always kept; the full customers x months arrays only when ``detail`` is true.
* **expected** (no randomness): the probability distribution over the chain's states is pushed
  forward month by month, ``pi_{t+1}(s') = sum_s pi_t(s) P_t(s, s')``, and every monthly figure is
  an exact expectation ``E[x_t] = sum_s pi_t(s) E[x_t | s]``. The simulated means converge to it
  at the rate ``1 / sqrt(n_customers)``.

Timing shared by all models: every customer is acquired in month 1 (a cohort). A customer is
*active* in a month when they visit or pay; they have *returned* by month ``t`` when they were
active in some month ``2..t``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cslearn._validate import resolve_rng
from cslearn.business_models.parameters import (
    DETAIL,
    MAX_DETAIL_CELLS,
    MONTHS,
    N_CUSTOMERS,
    RNG,
)
from cslearn.params import ParamSet, checked

__all__ = ["SimulationResult"]  # the rest is shared by the simulators, not public

#: ``detail=None`` keeps the customers x months arrays up to this many cells (about 30 MB).
AUTO_DETAIL_CELLS = 2_000_000


def check_sizes(n_customers, months) -> tuple[int, int]:
    """The population size and the horizon as whole numbers, checked by their declarations."""
    return N_CUSTOMERS.check(n_customers), MONTHS.check(months)


#: the arguments every simulator shares, documented once and appended to each simulator's docstring
SIMULATOR_ARGUMENTS = """    Arguments of every simulator:

    * ``n_customers``, ``months`` (int): cohort size (all acquired in month 1) and horizon in months;
    * ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
      seed gives the same result;
    * ``detail`` (bool or None): keep the customers x months arrays for ``to_frame()``; ``None``: only
      for runs of up to 2,000,000 cells."""


def simulator(declared: ParamSet):
    """Decorator of a simulator taking ``**params``: the declared parameters join its signature and docstring,
    and its own arguments (``n_customers``, ``months``, ``rng``, ``detail``) are checked by their declarations."""

    def decorate(function):
        function.__doc__ = (function.__doc__ or "").rstrip() + "\n\n" + SIMULATOR_ARGUMENTS
        return checked(N_CUSTOMERS, MONTHS, RNG, DETAIL)(declared.keywords(function))

    return decorate


def twin(declared: ParamSet, *more):
    """Decorator of an expected-value function ``f(months, **params)``: the declared parameters join its
    signature, ``months`` (and the declarations ``more``) are checked."""

    def decorate(function):
        return checked(MONTHS, *more)(declared.keywords(function))

    return decorate


def start(declared: ParamSet, rng, n_customers, months, detail, params: dict):
    """The one parameter handling of every simulator: ``(generator, n, months, keep detail?, checked params)``."""
    gen = resolve_rng(rng)
    n, months = check_sizes(n_customers, months)
    return gen, n, months, resolve_detail(detail, n, months), declared.resolve(params)


def start_expected(declared: ParamSet, months, params: dict):
    """The same for an expected-value twin: ``(months, checked params)``."""
    return MONTHS.check(months), declared.resolve(params)


def resolve_detail(detail, n_customers: int, months: int) -> bool:
    """``True``/``False`` as given; ``None`` keeps detail only for small runs. ``True`` is refused above
    :data:`MAX_DETAIL_CELLS` customer-months (the arrays, and the frame of ``to_frame``, grow with them)."""
    cells = n_customers * months
    if DETAIL.check(detail) is None:
        return cells <= AUTO_DETAIL_CELLS
    if detail and cells > MAX_DETAIL_CELLS:
        raise ValueError(
            f"detail=True keeps at most {MAX_DETAIL_CELLS:,} customer-months (got {n_customers:,} customers x "
            f"{months} months = {cells:,}): use detail=False (totals and .customers() only) or a smaller run"
        )
    return bool(detail)


def lifetimes(gen: np.random.Generator, rate: float, n: int, months: int) -> np.ndarray:
    """Months each customer stays, ``L ~ Geometric(rate)`` capped at ``months``.

    ``P(L >= t) = (1 - rate)^(t - 1)``: the customer is still there in month ``t`` when they
    survived ``t - 1`` monthly draws. One draw per customer replaces one per customer-month.
    """
    if rate <= 0.0:
        return np.full(n, months, dtype=np.int16)
    return np.minimum(gen.geometric(rate, size=n), months).astype(np.int16)


def binomial_cuts(trials: int, mean: float) -> np.ndarray:
    """Cut points ``F(0), ..., F(trials - 1)`` of a Binomial(trials, mean / trials) law.

    ``count_from_uniform(u, cuts)`` then turns one uniform into a binomial count by inverting the
    distribution function: ``X = #{k : u >= F(k)}``.
    """
    p = mean / trials
    pmf = [math.comb(trials, k) * p**k * (1.0 - p) ** (trials - k) for k in range(trials)]
    return np.minimum(np.cumsum(pmf), 1.0).astype(np.float32)


def count_from_uniform(u: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Binomial counts (``uint8``) from uniforms ``u`` and the cut points of ``binomial_cuts``."""
    out = np.zeros(u.shape, dtype=np.uint8)
    for cut in cuts:
        if cut >= 1.0:
            break
        np.add(out, u >= cut, out=out)
    return out


def active_share_binomial(trials: int, mean: float) -> float:
    """``P(X > 0)`` for ``X ~ Binomial(trials, mean / trials)``."""
    return 1.0 - (1.0 - mean / trials) ** trials


@dataclass(frozen=True)
class Extra:
    """A model-specific column: a per-cell value kept in the detail frame and averaged monthly.

    Monthly column: ``share_<name>`` for a flag, ``share_<category>`` per category, else
    ``<name>_per_customer``. Values are stored as given and multiplied by ``scale`` on the way
    out (meat is counted in whole grams and shown in kg with ``scale=0.001``).
    """

    name: str
    dtype: type
    categories: tuple[str, ...] = ()
    scale: float = 1.0

    def monthly_columns(self) -> list[str]:
        if self.categories:
            return [f"share_{c}" for c in self.categories]
        if self.dtype is np.bool_:
            return [f"share_{self.name}"]
        return [f"{self.name}_per_customer"]


class Recorder:
    """Collect a simulation month by month: totals always, the full arrays when ``detail``."""

    def __init__(self, n: int, months: int, detail: bool, extras: Iterable[Extra] = ()):
        self.n, self.months, self.detail = n, months, detail
        self.extras = tuple(extras)
        self.revenue = np.zeros(months)
        self.visits = np.zeros(months)
        self.active = np.zeros(months)
        self.returned_count = np.zeros(months)
        self.extra_sums = {col: np.zeros(months) for e in self.extras for col in e.monthly_columns()}
        self.customer_revenue = np.zeros(n)
        self.priced_counts: dict[float, np.ndarray] = {}
        self.customer_visits = np.zeros(n, dtype=np.int32)
        self.returned = np.zeros(n, dtype=bool)
        self.cells: dict[str, np.ndarray] = {}
        if detail:
            self.cells["visits"] = np.zeros((months, n), dtype=np.uint16)
            self.cells["revenue"] = np.zeros((months, n))
            self.cells["active"] = np.zeros((months, n), dtype=bool)
            for e in self.extras:
                self.cells[e.name] = np.zeros((months, n), dtype=e.dtype)

    def record(self, t: int, visits, active, revenue=0.0, priced=(), **extras) -> None:
        """Store month ``t`` (from 1). Arrays have one entry per customer; scalars apply to all.

        Revenue is ``revenue + sum(price * count for price, count in priced)``: payments at a
        fixed price are passed as counts, which are cheaper to add up than yen per customer.
        """
        i = t - 1
        self.visits[i] = _total(visits, self.n)
        self.active[i] = _total(active, self.n)
        self.customer_visits += visits
        month_revenue = _total(revenue, self.n)
        if np.ndim(revenue) or revenue:
            self.customer_revenue += revenue
        for price, count in priced:
            month_revenue += price * _total(count, self.n)
            if price:
                if price not in self.priced_counts:
                    self.priced_counts[price] = np.zeros(self.n, dtype=np.int32)
                self.priced_counts[price] += count
        self.revenue[i] = month_revenue
        if t >= 2:
            self.returned |= active
        self.returned_count[i] = np.count_nonzero(self.returned)
        for e in self.extras:
            value = extras[e.name]
            if e.categories:
                for code, col in enumerate(e.monthly_columns()):
                    if np.ndim(value) == 0:
                        self.extra_sums[col][i] = self.n * (value == code)
                    else:
                        self.extra_sums[col][i] = np.count_nonzero(value == code)
            else:
                self.extra_sums[e.monthly_columns()[0]][i] = _total(value, self.n) * e.scale
        if self.detail:
            self.cells["visits"][i] = visits
            cell_revenue = self.cells["revenue"][i]
            cell_revenue[:] = revenue
            for price, count in priced:
                cell_revenue += price * np.asarray(count)
            self.cells["active"][i] = active
            for e in self.extras:
                self.cells[e.name][i] = extras[e.name]

    def customer_totals(self) -> np.ndarray:
        """Revenue per customer over the horizon (yen)."""
        total = self.customer_revenue.copy()
        for price, count in self.priced_counts.items():
            total += price * count
        return total

    def table(self) -> pd.DataFrame:
        n = float(self.n)
        frame = pd.DataFrame(
            {
                "month": np.arange(1, self.months + 1),
                "revenue_per_customer": self.revenue / n,
                "cumulative_revenue_per_customer": np.cumsum(self.revenue) / n,
                "visits_per_customer": self.visits / n,
                "share_active": self.active / n,
                "share_returned": self.returned_count / n,
            }
        )
        for col, sums in self.extra_sums.items():
            frame[col] = sums / n
        frame.insert(1, "customers", self.n)
        frame.insert(2, "revenue", self.revenue)
        frame.insert(3, "visits", self.visits.astype(np.int64))
        frame.insert(4, "active", self.active.astype(np.int64))
        return frame


def _total(value, n: int) -> float:
    if np.ndim(value) == 0:
        return float(value) * n
    if value.dtype == np.bool_:
        return float(np.count_nonzero(value))
    if value.dtype.kind in "iu":
        return float(value.sum(dtype=np.int64))
    return float(value.sum(dtype=np.float64))


def base_summary(table: pd.DataFrame) -> dict[str, float]:
    """Summary figures every model reports, from a monthly table (simulated or expected)."""
    return {
        "revenue_per_customer": float(table["cumulative_revenue_per_customer"].iloc[-1]),
        "visits_per_customer": float(table["visits_per_customer"].sum()),
        "share_returned": float(table["share_returned"].iloc[-1]),
        "first_month_revenue_per_customer": float(table["revenue_per_customer"].iloc[0]),
        "last_month_revenue_per_customer": float(table["revenue_per_customer"].iloc[-1]),
    }


@dataclass(frozen=True, repr=False, eq=False)
class SimulationResult:
    """What a simulator returns.

    * ``table``: one row per month: totals (``revenue``, ``visits``, ``active``) and the same
      per customer (``revenue_per_customer``, ``cumulative_revenue_per_customer``,
      ``visits_per_customer``, ``share_active``, ``share_returned``) plus model columns.
    * ``summary``: a Series of figures over the whole horizon.
    * ``customers()``: one row per customer (total revenue, visits, returned or not).
    * ``to_frame()``: the tidy long frame, one row per customer and month (needs ``detail``).

    >>> from cslearn.business_models import simulate_shot
    >>> result = simulate_shot(rng=0, n_customers=100, months=3)
    >>> list(result.to_frame().columns)
    ['customer', 'month', 'visits', 'revenue', 'active']
    >>> list(result.customers().columns)
    ['customer', 'revenue', 'visits', 'returned']
    """

    model: str
    params: dict
    n_customers: int
    months: int
    table: pd.DataFrame
    summary: pd.Series
    customer_arrays: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    scales: dict = field(default_factory=dict)

    @classmethod
    def _example(cls) -> SimulationResult:
        """A small run with detail (the property tests call the methods on it)."""
        from cslearn.business_models.shot import simulate_shot  # the simulators import this module

        return simulate_shot(100, 3)

    @property
    def has_detail(self) -> bool:
        return bool(self.cells)

    def customers(self) -> pd.DataFrame:
        """One row per customer: ``customer``, ``revenue``, ``visits``, ``returned``, model columns."""
        frame = pd.DataFrame({"customer": np.arange(self.n_customers)})
        for name, values in self.customer_arrays.items():
            frame[name] = values
        return frame

    def to_frame(self) -> pd.DataFrame:
        """Tidy frame, one row per customer and month (``customer``, ``month``, ``visits``, ...)."""
        if not self.cells:
            raise ValueError(
                "detail must be True to build the customer x month frame; this run kept only totals "
                f"({self.n_customers:,} customers x {self.months} months). Simulate again with "
                "detail=True, or use .table and .customers()."
            )
        n, m = self.n_customers, self.months
        frame = pd.DataFrame(
            {
                "customer": np.repeat(np.arange(n), m),
                "month": np.tile(np.arange(1, m + 1, dtype=np.int16), n),
            }
        )
        for name, values in self.cells.items():
            column = values.T.ravel()
            if name in self.categories:
                column = pd.Categorical.from_codes(column, categories=list(self.categories[name]))
            elif name in self.scales:
                column = column * self.scales[name]
            frame[name] = column
        return frame

    def __repr__(self) -> str:
        return (
            f"SimulationResult(model={self.model!r}, n_customers={self.n_customers:,}, "
            f"months={self.months}, revenue_per_customer={self.summary['revenue_per_customer']:,.0f}, "
            f"share_returned={self.summary['share_returned']:.3f}, detail={self.has_detail})"
        )


def finish(
    model: str, params: dict, rec: Recorder, customer_extra: dict | None = None, summary_extra=None
) -> SimulationResult:
    """Wrap a finished recorder into a ``SimulationResult``."""
    table = rec.table()
    customer_arrays = {
        "revenue": rec.customer_totals(),
        "visits": rec.customer_visits,
        "returned": rec.returned,
    }
    customer_arrays.update(customer_extra or {})
    summary = base_summary(table)
    summary.update(summary_extra or {})
    categories = {e.name: e.categories for e in rec.extras if e.categories}
    return SimulationResult(
        model=model,
        params=dict(params),
        n_customers=rec.n,
        months=rec.months,
        table=table,
        summary=pd.Series(summary, name=model),
        customer_arrays=customer_arrays,
        cells=rec.cells,
        categories=categories,
        scales={e.name: e.scale for e in rec.extras if e.scale != 1.0},
    )
