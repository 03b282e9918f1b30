"""Chapter 04's plots and explorers: labels in both languages, what is drawn, sliders driven from Python."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import cslearn as cs
from cslearn.retention.models import BetaGeometricNBD, ShiftedBetaGeometric

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
CDNOW_PARAMS = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_projection_plot_draws_actual_and_both_models_and_shades_the_fitted_years():
    p = cs.project_retention(REGULAR, observed=7)
    ax = cs.plot_retention_projection(p.table)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Years fitted", "sBG model", "Constant-churn model (baseline B)", "Actual"]
    sbg = ax.get_lines()[0]
    assert np.allclose(sbg.get_ydata(), p.table["sbg"])
    shaded = ax.patches[0].get_x() + ax.patches[0].get_width()
    assert 7 < shaded < 8


def test_rate_plot_and_sbg_curves():
    p = cs.project_retention(REGULAR, observed=5)
    ax = cs.plot_retention_rates(p.table)
    assert len(ax.get_lines()[0].get_xdata()) == 12  # periods 1..12, none at 0
    ax = cs.plot_sbg_curves(cs.sbg_curves(0.7, 1.2, n_periods=8), kind="survival")
    assert ax.get_lines()[0].get_ydata()[0] == 1.0
    with pytest.raises(ValueError, match="kind"):
        cs.plot_sbg_curves(cs.sbg_curves(0.7, 1.2), kind="churn")


def test_mixture_and_residual_value_plots():
    ax = cs.plot_mixture(cs.mixture_retention(), cs.simulate_mixture(n_customers=500, rng=np.random.default_rng(0)),
                         churn=[0.5, 0.1], names=["triers", "loyal"])
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(texts) == 6 and "Share of loyal among those left" in texts and "triers: own retention rate" in texts
    assert "share" in ax.get_ylabel()  # shares are drawn on the same axis as the rates
    assert "Share of segment 1 among those left" in [t.get_text() for t in
                                                     cs.plot_mixture(cs.mixture_retention()).get_legend().get_texts()]
    with pytest.raises(ValueError, match="names"):
        cs.plot_mixture(cs.mixture_retention(), names=["only one"])
    model = ShiftedBetaGeometric.from_params(alpha=0.7, beta=1.2)
    table = cs.residual_lifetime_table(model, 0.1, renewals=range(4))
    ax = cs.plot_residual_value(table)
    assert [round(b.get_height(), 9) for b in ax.patches] == [round(v, 9) for v in table["derl"]]


def test_p_alive_tracking_and_clv_plots():
    model = BetaGeometricNBD.from_params(**CDNOW_PARAMS)
    ax = cs.plot_p_alive(cs.p_alive_grid(model, T=39, max_frequency=5, n_recency=10))
    assert ax.collections[0].get_array().shape == (5, 10)
    frame = pd.DataFrame({"period": [1, 2, 3], "actual": [1, 2, 2], "predicted": [1.2, 1.8, 2.1],
                          "actual_cumulative": [1, 3, 5], "predicted_cumulative": [1.2, 3.0, 5.1],
                          "holdout": [False, False, True]})
    ax = cs.plot_purchase_tracking(frame, cumulative=False)
    assert ax.get_ylabel() == "Repeat purchases per week"
    assert ax.get_lines()[2].get_xdata()[0] == 2.5  # the end of the calibration
    ax = cs.plot_clv_distribution(pd.DataFrame({"clv": [100.0] + [1.0] * 9}))
    assert "93 %" in ax.get_title()  # (100 + 1) / 109 in the top two of ten
    with pytest.raises(ValueError, match="clv"):
        cs.plot_clv_distribution(pd.DataFrame({"value": [1.0]}))


def test_plots_speak_japanese():
    cs.set_language("ja")
    ax = cs.plot_retention_projection(cs.project_retention(REGULAR, observed=7).table)
    assert ax.get_ylabel() == "継続中の顧客数"
    assert ax.get_legend().get_texts()[1].get_text() == "sBGモデル"
    model = ShiftedBetaGeometric.from_params(alpha=0.7, beta=1.2)
    ax = cs.plot_residual_value(cs.residual_lifetime_table(model, 0.1, renewals=range(3)))
    assert ax.get_ylabel().endswith("(年)") and "：" in ax.get_title()


def test_projection_explorer_moves_with_the_years_observed_and_the_segment():
    view = cs.retention_projection_explorer(observed=7)
    text, image = view.text.value, view.image.value
    assert "Fitted to 7 years" in text and "alpha = 0.704" in text
    view.controls["observed"].value = 3
    assert "Fitted to 3 years" in view.text.value and view.image.value != image
    direct = cs.project_retention(REGULAR, observed=3)
    pd.testing.assert_series_equal(view.result.summary, direct.summary)
    view.controls["segment"].value = "high_end"
    assert f"actual <b>{394:,}</b>" in view.text.value
    assert ("High end", "high_end") in view.controls["segment"].options  # a readable name, not the column's
    assert view.controls["observed"].min == 2  # one year cannot identify two parameters
    assert "Warning" not in view.text.value
    # high end, two years: retention falls from year 1 (86.9 %) to year 2 (85.5 %), so no heterogeneity shows
    view.controls["observed"].value = 2
    assert 743 / 869 < 869 / 1000
    text = view.text.value
    assert "Warning" in text and "beta at the edge" in text and "not identified" in text
    assert view.controls["observed"].max == 11  # one year at least is held back
    assert "baseline B (one constant churn fitted to the same years)" in text and "mean absolute percentage" in text
    for outside in (1, 12):  # refused, not silently moved to 2 or 11
        with pytest.raises(ValueError, match="observed must be a whole number of years from 2 to 11"):
            cs.retention_projection_explorer(observed=outside)


def test_mixture_explorer_sliders():
    view = cs.mixture_explorer(churn_1=0.5, churn_2=0.1, share_1=0.5)
    assert "year 1: <b>70.0 %</b>" in view.text.value
    before = view.image.value
    view.controls["churn_2"].value = 0.5  # both alike: no heterogeneity, retention flat at 50 %
    assert "year 1: <b>50.0 %</b>; in year 12: <b>50.0 %</b>" in view.text.value and view.image.value != before
    view.controls["churn_1"].value = 1.0
    view.controls["churn_2"].value = 1.0
    assert "Every customer has left" in view.text.value
    with pytest.raises(ValueError, match="churn"):
        cs.mixture_explorer(churn_1=1.5)


def test_sbg_explorer_sliders():
    view = cs.sbg_explorer(alpha=1.0, beta=3.0, discount_rate=0.1)
    assert "first-period churn 25.0 %" in view.text.value
    before = view.image.value
    view.controls["alpha"].value = 2.0
    assert "first-period churn 40.0 %" in view.text.value and view.image.value != before
    # DEL readout: sBG from the model, constant churn from chapter 03's (1 + d) / (d + c)
    model = ShiftedBetaGeometric.from_params(alpha=2.0, beta=3.0)
    assert f"{model.discounted_expected_lifetime(0.1):.2f}" in view.text.value
    assert f"{1.1 / (0.1 + 0.4):.2f}" in view.text.value
    assert "baseline A <b>" in view.text.value and "moves only these two numbers" in view.text.value
    image = view.image.value
    view.controls["discount_rate"].value = 0.2  # the curves are undiscounted: the figure stays, the DEL moves
    assert view.image.value == image and f"{model.discounted_expected_lifetime(0.2):.2f}" in view.text.value
    # no discounting: alpha = 2 > 1 has a finite expected lifetime (alpha + beta - 1) / (alpha - 1) = 4
    view.controls["discount_rate"].value = 0.0
    assert "sBG <b>4.00</b>" in view.text.value and "infinite" not in view.text.value
    view.controls["alpha"].value = 0.8  # alpha <= 1: infinite, said so
    assert "infinite" in view.text.value and "discount rate above 0" in view.text.value


def test_p_alive_explorer_reports_and_refuses():
    view = cs.p_alive_explorer(frequency=4, recency=20, T=39)
    model = BetaGeometricNBD.from_params(**CDNOW_PARAMS)
    assert cs.percent(model.probability_alive(4, 20, 39)) in view.text.value
    before = view.image.value
    view.controls["recency"].value = 38.0
    assert cs.percent(model.probability_alive(4, 38, 39)) in view.text.value and view.image.value != before
    assert view.controls["recency"].max == 39.0  # recency cannot pass T
    view.controls["T"].value = 30.0  # recency (38) follows T down
    assert view.controls["recency"].value == 30.0 and view.controls["recency"].max == 30.0
    assert cs.percent(model.probability_alive(4, 30, 30)) in view.text.value
    view.controls["frequency"].value = 0  # no repeat purchase: no recency, alive for sure, no error
    assert view.controls["recency"].disabled and view.controls["recency"].value == 30.0  # kept, not reset
    assert "P(alive) = <b>100.0 %</b>" in view.text.value
    assert "no repeat purchase in the 30 weeks since her first" in view.text.value
    view.controls["frequency"].value = 4  # back: the recency the user chose counts again
    assert not view.controls["recency"].disabled and view.controls["recency"].value == 30.0
    assert cs.percent(model.probability_alive(4, 30, 30)) in view.text.value
    # the readout reads as a sentence: singular for one, plural otherwise
    view.controls["frequency"].value = 1
    text = view.text.value
    assert "made 1 repeat purchase in the 30 weeks since her first purchase, the last in week 30" in text
    assert "1 repeat purchases" not in text
    view.controls["T"].value = 1.0
    assert "in the 1 week since her first purchase," in view.text.value and "the next 52 weeks" in view.text.value
    assert view.controls["recency"].value == 1.0
    view.controls["T"].value = 78.0  # T back up: the recency chosen last (38, before T pulled it down) comes back
    assert view.controls["recency"].value == 38.0 and "the last in week 38" in view.text.value
    assert view.controls["recency"].min == 0.5  # a repeat purchase comes after the first: never week 0
    with pytest.raises(ValueError, match="recency must be at least 0.5"):
        cs.p_alive_explorer(frequency=4, recency=0.0, T=39)
    with pytest.raises(ValueError, match="recency"):
        cs.p_alive_explorer(frequency=2, recency=45, T=39)
    with pytest.raises(ValueError, match="segment"):
        cs.retention_projection_explorer(segment="premium")


def test_clv_explorer_sliders_move_the_value():
    from cslearn.retention.models import GammaGamma

    rfm = cs.calibration_holdout_split(cs.load_cdnow(), "customer_id", "date", "1997-09-30", value_col="amount")
    bgnbd = BetaGeometricNBD.from_params(**CDNOW_PARAMS)
    gg = GammaGamma.from_params(p=6.25, q=3.74, gamma=15.44)
    view = cs.clv_explorer(rfm, bgnbd, gg, margin=0.3, horizon=52, discount_rate=0.01)
    scores = cs.score_customers(rfm, bgnbd, gg, horizon=52, discount_rate=0.01, period_length=52 / 12, margin=0.3)
    text = view.text.value
    assert f"the 2,357 customers are worth <b>${scores['clv'].sum():,.0f}</b>" in text
    assert "Over the next 52 weeks, at a 30 % margin and a discount rate of 1.00 % a month" in text
    share = view.result["summary"]["top_share"]
    before = view.image.value
    view.controls["margin"].value = 0.6  # the margin scales every value alike: the total doubles, the share stays
    assert view.result["summary"]["total"] == pytest.approx(2 * scores["clv"].sum())
    assert view.result["summary"]["top_share"] == pytest.approx(share) and view.image.value != before
    total = view.result["summary"]["total"]
    view.controls["horizon"].value = 104  # a longer horizon adds later purchases
    longer = view.result["summary"]["total"]
    assert longer > total
    view.controls["discount_rate"].value = 0.02  # worth less the higher the discount rate
    assert view.result["summary"]["total"] < longer
    with pytest.raises(ValueError, match="margin"):
        cs.clv_explorer(rfm, bgnbd, gg, margin=1.5)
