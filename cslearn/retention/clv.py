"""Non-contractual customers for chapter 04: who is alive, what they will buy, what they are worth (C20).

Built on the fitted :class:`~cslearn.retention.models.BetaGeometricNBD` and
:class:`~cslearn.retention.models.GammaGamma`:

* :func:`purchase_tracking`: predicted vs actual cumulative repeat purchases of a whole cohort,
  week by week, across the calibration and holdout periods (the check of a BG/NBD fit);
* :func:`p_alive_grid`: the probability of being alive over a grid of frequency and recency;
* :func:`score_customers`: one row per customer with P(alive), expected purchases, expected
  spend and customer lifetime value (CLV, 顧客生涯価値);
* :func:`top_share`: how much of the total value the most valuable customers hold;
* :func:`clv_summary`: the few numbers a reader takes from a table of scores (total, top share,
  median, best), the numbers of the chapter's CLV readout and explorer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import check_array, check_frame
from cslearn.params import checked
from cslearn.retention import parameters as P
from cslearn.retention.models.bgnbd import BetaGeometricNBD
from cslearn.retention.models.gammagamma import GammaGamma
from cslearn.retention.transactions import _as_day, first_purchase_times, repeat_purchases_by_period

__all__ = ["purchase_tracking", "p_alive_grid", "score_customers", "top_share", "clv_summary"]


@checked(P.TRANSACTIONS, P.CUSTOMER_COL, P.DATE_COL, P.CALIBRATION_END, P.START, P.END, P.TIME_UNIT,
         model=P.FITTED_BGNBD)
def purchase_tracking(model: BetaGeometricNBD, transactions, customer_col, date_col, calibration_end, start=None,
                      end=None, time_unit="W") -> pd.DataFrame:
    """Actual vs predicted repeat purchases of a cohort, period by period, on one calendar.

    The actual counts come from :func:`cslearn.retention.transactions.repeat_purchases_by_period`; the
    prediction at the end of each period is
    :meth:`BetaGeometricNBD.expected_cohort_purchases`, :math:`\\sum_i E[X(t - s_i)]`, for the
    customers' first-purchase times :math:`s_i`. The model should have been fitted on the data up
    to ``calibration_end``: the periods after it are a test the model has not seen. Columns:
    ``period``, ``period_end``, ``time``, ``actual``, ``predicted`` (repeat purchases in the
    period), ``actual_cumulative``, ``predicted_cumulative`` and ``holdout`` (True after
    ``calibration_end``).

    >>> log = pd.DataFrame({"id": [1, 1, 2, 2], "day": ["2024-01-01", "2024-01-10", "2024-01-05", "2024-01-30"]})
    >>> model = BetaGeometricNBD.from_params(r=1.0, alpha=10.0, a=1.5, b=3.0)
    >>> track = purchase_tracking(model, log, "id", "day", calibration_end="2024-01-14")
    >>> track[["period", "actual_cumulative", "holdout"]].values.tolist()
    [[1, 0, False], [2, 1, False], [3, 1, True], [4, 1, True], [5, 2, True]]
    """
    cut = _as_day("calibration_end", calibration_end)
    actual = repeat_purchases_by_period(transactions, customer_col, date_col, start, end, time_unit)
    starts = first_purchase_times(transactions, customer_col, date_col, start, time_unit)
    predicted = np.asarray(model.expected_cohort_purchases(actual["time"].to_numpy(), starts.to_numpy()))
    return pd.DataFrame({
        "period": actual["period"],
        "period_end": actual["period_end"],
        "time": actual["time"],
        "actual": actual["repeat_purchases"],
        "predicted": np.diff(predicted, prepend=0.0),
        "actual_cumulative": actual["cumulative_repeat_purchases"],
        "predicted_cumulative": predicted,
        "holdout": actual["period_end"] > cut,
    })


@checked(P.T_OBSERVED, P.MAX_FREQUENCY, P.N_RECENCY, model=P.FITTED_BGNBD)
def p_alive_grid(model: BetaGeometricNBD, T, max_frequency: int = 10, n_recency: int = 40) -> pd.DataFrame:
    """P(alive) for customers observed for ``T``, over frequency 0..``max_frequency`` and recency 0..T.

    Long table with columns ``frequency``, ``recency`` and ``p_alive``
    (:meth:`BetaGeometricNBD.probability_alive`), ``n_recency`` evenly spaced recencies; rows with
    ``frequency == 0`` only at recency 0 (no repeat purchase, no recency). Pivot it for a heatmap:
    at a given recency, *more* purchases make a customer look *more* likely to have left, since a
    frequent buyer who has been quiet is unusual.

    >>> model = BetaGeometricNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> grid = p_alive_grid(model, T=39, max_frequency=2, n_recency=3)
    >>> grid.round(3).values.tolist()[:3]
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.151], [1.0, 19.5, 0.593]]
    """
    big_t, max_frequency, n_recency = float(T), int(max_frequency), int(n_recency)
    recency = np.linspace(0.0, big_t, n_recency)
    frequency = np.arange(1, max_frequency + 1)
    f, r = (grid.ravel() for grid in np.meshgrid(frequency, recency, indexing="ij"))
    f = np.concatenate(([0], f)).astype(float)
    r = np.concatenate(([0.0], r))
    alive = model.probability_alive(f, r, np.full(f.size, big_t))
    return pd.DataFrame({"frequency": f, "recency": r, "p_alive": alive})


@checked(P.RFM, P.OPTIONAL_GAMMAGAMMA, P.HORIZON, P.DISCOUNT_RATE, P.PERIOD_LENGTH, P.MARGIN,
         bgnbd=P.FITTED_BGNBD)
def score_customers(rfm: pd.DataFrame, bgnbd: BetaGeometricNBD, gammagamma: GammaGamma | None = None, *,
                    horizon: float = 52.0, discount_rate: float = 0.0, period_length: float = 1.0,
                    margin: float = 1.0) -> pd.DataFrame:
    """One row per customer: P(alive), expected purchases and, with a Gamma-Gamma model, spend and CLV.

    ``rfm`` has the columns of :func:`cslearn.retention.transactions.rfm_summary` (``frequency``,
    ``recency``, ``T``, and ``monetary_value`` for spend). Added columns, in ``rfm``'s order:

    * ``p_alive``: :math:`P(\\text{alive} \\mid x, t_x, T)`;
    * ``expected_purchases``: :math:`E[Y(\\text{horizon}) \\mid x, t_x, T]`;
    * with ``gammagamma``: ``expected_spend`` :math:`E[Z \\mid x, \\bar z]` and ``clv``, the
      discounted value of the expected purchases over ``horizon``
      (:meth:`GammaGamma.customer_lifetime_value`, times ``margin``), and ``clv_rank`` (1 = most
      valuable).

    >>> rfm = pd.DataFrame({"frequency": [0, 5], "recency": [0.0, 35.0], "T": [39.0, 39.0],
    ...                     "monetary_value": [0.0, 40.0]})
    >>> bgnbd = BetaGeometricNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> gg = GammaGamma.from_params(p=6.25, q=3.74, gamma=15.44)
    >>> score_customers(rfm, bgnbd, gg, horizon=52)[["p_alive", "clv", "clv_rank"]].round(2).values.tolist()
    [[1.0, 8.85, 2.0], [0.83, 157.49, 1.0]]
    """
    columns = ["frequency", "recency", "T"] + (["monetary_value"] if gammagamma is not None else [])
    rfm = check_frame("rfm", rfm, columns)
    horizon, margin = float(horizon), float(margin)
    x, t_x, big_t = (rfm[c] for c in ("frequency", "recency", "T"))
    scores = pd.DataFrame(index=rfm.index)
    scores["p_alive"] = bgnbd.probability_alive(x, t_x, big_t)
    scores["expected_purchases"] = bgnbd.conditional_expected_purchases(horizon, x, t_x, big_t)
    if gammagamma is not None:
        m = rfm["monetary_value"]
        scores["expected_spend"] = gammagamma.conditional_expected_spend(x, m)
        scores["clv"] = gammagamma.customer_lifetime_value(
            bgnbd, x, t_x, big_t, m, time=horizon, discount_rate=discount_rate, period_length=period_length,
            margin=margin,
        )
        scores["clv_rank"] = scores["clv"].rank(ascending=False, method="first")
    return scores


@checked(P.VALUES, P.TOP)
def top_share(values, share: float = 0.2) -> float:
    """The share of the total held by the top ``share`` of the values (e.g. the top 20 % of customers).

    With the values sorted from largest, :math:`\\sum_{i \\le \\lceil sN \\rceil} v_{(i)} / \\sum_i v_i`.

    >>> top_share([50, 30, 10, 5, 5], share=0.2)
    0.5
    """
    v = check_array("values", values, low=0)
    if v.sum() == 0:
        raise ValueError("values must not all be 0 (there is no total to share)")
    k = int(np.ceil(share * v.size - 1e-9))
    return float(np.sort(v)[::-1][:k].sum() / v.sum())


def _values_of(scores: pd.DataFrame, column) -> np.ndarray:
    """The ``column`` of ``scores`` as finite values of at least 0 (errors name ``column``)."""
    if column not in scores.columns:
        raise ValueError(f"column: scores has no column {column!r}; its columns are "
                         f"{', '.join(map(repr, map(str, scores.columns)))}")
    return check_array(f"scores[{column!r}] (column)", scores[column], low=0)


@checked(P.SCORES, P.COLUMN, top=P.TOP)
def clv_summary(scores: pd.DataFrame, column: str = "clv", top: float = 0.2) -> pd.Series:
    """The headline numbers of a table of customer values: how many, how much, how concentrated.

    ``scores`` is :func:`score_customers`'s table (or any table with a ``column`` of values of at
    least 0). Returns a Series (name -> number): ``customers`` (rows), ``total``, ``mean``,
    ``median``, ``best`` (the largest value) and ``top_share``, the share of the total held by the
    top ``top`` of the customers (:func:`top_share`).

    >>> summary = clv_summary(pd.DataFrame({"clv": [50.0, 30.0, 10.0, 5.0, 5.0]}))
    >>> summary[["total", "median", "top_share"]].tolist()
    [100.0, 10.0, 0.5]
    """
    values = _values_of(scores, column)
    return pd.Series({
        "customers": values.size,
        "total": values.sum(),
        "mean": values.mean(),
        "median": np.median(values),
        "best": values.max(),
        "top_share": top_share(values, top),
    }, dtype=float)
