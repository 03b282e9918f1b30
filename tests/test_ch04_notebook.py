"""Numbers chapter 04 prints, read back from its tagged cells and recomputed here."""

import numpy as np
import pytest
from conftest import ROOT, cell_text, chapter_notebook, run_notebook

import cslearn as cs

pytestmark = pytest.mark.notebooks

REGULAR = cs.load_dataset("retention_cohorts_published")["regular"].to_numpy()


chapter04, test_chapter_runs_clean = chapter_notebook("04_forecasting_retention.ipynb", "chapter04")


@pytest.fixture(scope="module")
def chapter04_high_end(tmp_path_factory):
    """The chapter run with segment = "high_end", the other value its parameter cell invites."""
    import nbformat

    source = ROOT / "notebooks" / "04_forecasting_retention.ipynb"
    notebook = nbformat.read(source, as_version=4)
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    assert 'segment = "regular"' in parameters.source
    parameters.source = parameters.source.replace('segment = "regular"', 'segment = "high_end"')
    copy = source.parent / f".high_end_{tmp_path_factory.mktemp('ch04').name}.ipynb"  # beside it: same data paths
    nbformat.write(notebook, copy)
    try:
        return run_notebook(copy)
    finally:
        copy.unlink()


@pytest.fixture(scope="module")
def cdnow():
    rfm = cs.calibration_holdout_split(cs.load_cdnow(), "customer_id", "date", "1997-09-30", value_col="amount")
    bgnbd = cs.BetaGeometricNBD().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    return rfm, bgnbd


def test_mixture_retention_rises(chapter04):
    text = cell_text(chapter04, "mixture-rates")
    # half at 50 % churn, half at 10 %: year 1 = 0.5*0.5 + 0.5*0.9 = 70 %
    assert "Retention in year 1: 70.0 %" in text
    s = lambda t: 0.5 * 0.5**t + 0.5 * 0.9**t  # noqa: E731
    assert f"in year 10: {cs.percent(s(10) / s(9))}" in text
    lifetime = cell_text(chapter04, "mixture-lifetime")
    # 1/0.3 years under constant churn; sum of S(t) = 0.5/0.5 + 0.5/0.1 = 6 years for the mix
    assert "expected lifetime 3.33 years" in lifetime and "The mix: 6.00 years" in lifetime


def test_sbg_reproduces_the_published_fit_and_beats_constant_churn(chapter04):
    text = cell_text(chapter04, "sbg-fit")
    assert "alpha = 0.704, beta = 1.182" in text  # Fader & Hardie (2007)
    projection = cell_text(chapter04, "projection")
    assert f"{cs.percent(759 / 3358)} a year" in projection  # lost / customer-years at risk, years 0-7
    assert f"Year 12: actual {REGULAR[12]}" in projection
    naive = 1000 * (1 - 759 / 3358) ** 12
    assert f"baseline B {naive:.0f}." in projection
    assert "mean absolute percentage error of the counts" in projection  # "mean error" is defined
    assert f"baseline B projects {cs.percent(naive / REGULAR[12])} of the actual count" in projection
    sbg_12 = int(projection.split("sBG ")[1].split(",")[0])
    assert naive < REGULAR[12] / 3 and abs(sbg_12 - REGULAR[12]) <= 5  # "a fraction of" / "within a few customers"


def test_customer_value(chapter04):
    text = cell_text(chapter04, "value")
    model = cs.ShiftedBetaGeometric().fit(REGULAR[:8])
    t = np.arange(3000)
    s = model.survival(t)
    del_by_sum = np.sum(s / 1.1**t)
    assert f"DEL is {del_by_sum:.2f} years under the sBG" in text
    assert f"{1.1 / (0.1 + 759 / 3358):.2f} under baseline B" in text
    derl_4 = np.sum(s[5:] / s[4] / 1.1 ** (t[5:] - 5))
    assert f"DERL {derl_4:.2f} years" in text
    derl_0 = np.sum(s[1:] / 1.1 ** (t[1:] - 1))
    derl_10 = np.sum(s[11:] / s[10] / 1.1 ** (t[11:] - 11))
    assert f"After 10 renewals: DERL {derl_10:.2f} years, {derl_10 / derl_0:.1f} times a new customer's DERL" in text
    assert 2.3 < derl_10 / derl_0 < 2.7  # the prose says "about two and a half times", like for like
    # baseline B: the same DERL after any number of renewals, (1 - c) (1 + d) / (d + c), by brute force
    c = 759 / 3358
    derl_b = np.sum((1 - c) ** t[1:] / 1.1 ** (t[1:] - 1))
    assert f"a DERL of {derl_b:.2f} years, whatever her renewals" in text
    assert f"with 10 renewals {derl_10 / derl_b:.1f} times as highly" in text
    assert derl_b < derl_10 / 2  # the prose says baseline B values her at "less than half of what the sBG says"
    assert f"(baseline B: {cs.percent(derl_b / derl_10)} of the sBG's value)" in text


def test_published_models_made_with_from_params(chapter04):
    from scipy.special import betaln

    text = cell_text(chapter04, "from-params")
    s12 = np.exp(betaln(0.668, 3.806 + 12) - betaln(0.668, 3.806))
    assert f"projects {1000 * s12:.0f} of 1,000 still active in year 12; the cohort had 394" in text
    numbers = cell_text(chapter04, "bgnbd-published").split("E[X(52)]: ")[1]
    published, fitted = float(numbers.split(" ")[0]), float(numbers.split("estimates, ")[1].split(" ")[0])
    assert abs(published - fitted) < 0.005  # "its answers match the fit to the rounding of the estimates"


def test_few_years_of_the_high_end_cohort(chapter04):
    lines = cell_text(chapter04, "few-years").strip().splitlines()
    assert len(lines) == 7 and lines[6].startswith("(The optimiser warned on 1 fit (high end, 2 years)")
    assert "retention 86.9 % in year 1, 85.5 % in year 2" in lines[0]  # 869/1000, 743/869
    assert lines[1].startswith("2 years seen") and "beta at the edge of its range" in lines[1]
    assert lines[3].startswith("7 years seen") and "alpha = 0.668, beta = 3.806" in lines[3]  # Fader & Hardie
    assert "edge" not in lines[2] + lines[3]
    errors = [(float(line.split("sBG ")[1].split(" %")[0]), float(line.split("baseline B ")[1].split(" %")[0]))
              for line in lines[1:4]]
    assert errors[0][0] == errors[0][1]  # two years: "no better than the constant churn (it is one)"
    assert errors[1][1] / 2 < errors[1][0] < errors[1][1]  # three: "better, but not by much"
    assert errors[2][0] < errors[2][1] / 5  # seven: "far better"


def test_pooled_cohorts_recover_the_simulated_parameters(chapter04):
    text = cell_text(chapter04, "pooled")
    alpha = float(text.split("alpha = ")[1].split(",")[0])
    assert abs(alpha / 0.704 - 1) < 0.3


def test_pnl_lines(chapter04):
    lines = cell_text(chapter04, "pnl").strip().splitlines()
    assert [line.split(":")[0].strip() for line in lines] == ["actual", "sBG", "baseline B", "baseline A"]
    assert "(0.0 % vs actual)" in lines[0]
    gaps = [float(line.split("(")[-1].split("%")[0]) for line in lines]
    assert abs(gaps[1]) < 1 < 5 < gaps[2]  # the sBG is close; baseline B overvalues the plan
    assert gaps[3] < -5  # baseline A undervalues it


def _customers_on_the_books(yearly, months=144, new=100):
    """Customers at the end of months 1..months, ``new`` signing each month and leaving only at renewals.

    At the end of month m a cohort that signed in month k is k' = m - k + 1 months old (chapter 03's
    P&L convention): still there with the yearly survival of the renewals made, S(k' // 12).
    """
    monthly = np.asarray(yearly)[np.arange(1, months + 1) // 12]
    return new * np.cumsum(monthly)


def test_constant_churn_undervalues_stayers_yet_overvalues_the_plan(chapter04):
    lines = cell_text(chapter04, "reconcile").strip().splitlines()
    churn = 1 - REGULAR[1:] / REGULAR[:-1]
    c = 759 / 3358
    assert f"Churn in year 1: actual {cs.percent(churn[0])}" in lines[0]
    assert f"baseline B {cs.percent(c)}" in lines[0]
    assert np.all(np.diff(churn) < 0) and "falls every year" in lines[0]
    assert np.all(churn[1:] < churn[0])
    assert "Baseline A's churn is above the actual churn in every later year" in lines[0]
    below = int(np.flatnonzero(churn < c)[0]) + 1
    assert below == 3 and f"below baseline B's from year {below} on" in lines[0]  # too low early, too high later
    assert f"{cs.percent(churn[-1])} in year 12" in lines[0] and churn[-1] < c / 3  # "far too high for her"
    share_b, share = (1 - c) ** np.arange(13), REGULAR / 1000
    crossed = int(np.flatnonzero(share_b < share)[0])
    assert f"up to year {crossed - 1}" in lines[1] and f"from year {crossed} on" in lines[1]
    on_books_b = _customers_on_the_books(share_b)
    on_books = _customers_on_the_books(share)
    last_ahead = int(np.flatnonzero(on_books_b < on_books)[0])  # index i is month i + 1: last month ahead is i
    assert f"until month {last_ahead} of 144" in lines[1] and last_ahead > 72  # "most of the plan"
    # like for like: one new customer over the same 12 years, and over her whole life
    t = np.arange(12)
    within_b, within = np.sum(share_b[:12] / 1.1**t), np.sum(share[:12] / 1.1**t)
    assert f"baseline B {within_b:.2f} ({cs.percent(within_b / within - 1)} vs actual)" in lines[2]
    assert 0 < within_b / within - 1 < 0.05  # "only slightly too generous"
    del_b, del_sbg = (float(x.split(" ")[0].rstrip(",")) for x in (lines[2].split("baseline B ")[-1],
                                                                  lines[2].split("(DEL): sBG ")[1]))
    assert del_b < del_sbg  # "over her whole life it is too stingy"
    profit_gap = float(lines[3].split("baseline B ")[1].split(" %")[0])
    npv_gap = float(lines[3].split("NPV ")[1].split(" %")[0])
    assert 0 < profit_gap < npv_gap  # a small gap in gross profit becomes a larger gap in NPV
    assert "DERL 7.46 years under the sBG, 2.61 under baseline B" in lines[4]


def test_cdnow_numbers(chapter04, cdnow):
    rfm, bgnbd = cdnow
    assert "r = 0.243, alpha = 4.414, a = 0.793, b = 2.426" in cell_text(chapter04, "bgnbd-fit")  # FHL (2005)
    tracking = cell_text(chapter04, "tracking")
    actual_total = rfm["frequency"].sum() + rfm["frequency_holdout"].sum()
    assert f"By week 78: {actual_total:,} repeat purchases" in tracking
    assert f"{rfm['frequency_holdout'].sum():,} actual" in tracking
    assert "(-11." in tracking  # the holdout under-forecast the prose now admits (1,667 vs 1,882)
    one_timers = cell_text(chapter04, "bgnbd-fit")
    assert f"{(rfm['frequency'] == 0).sum():,} of the 2,357 customers" in one_timers
    assert "P(alive) = 100.0 %" in one_timers
    p_alive = cell_text(chapter04, "p-alive")
    assert cs.percent(bgnbd.probability_alive(4, 38.0, 39.0)) in p_alive
    # "more past purchases make that more likely" (gone): one purchase in week 10 vs four
    assert bgnbd.probability_alive(1, 10.0, 39.0) > bgnbd.probability_alive(4, 10.0, 39.0)
    assert f"One repeat purchase, also in week 10: {cs.percent(bgnbd.probability_alive(1, 10.0, 39.0))}" in p_alive
    spend = cell_text(chapter04, "gamma-gamma")
    buyers = rfm[rfm["frequency"] > 0]
    assert f"among {len(buyers):,} repeat buyers: 0.11 (weak: the assumption is acceptable here)" in spend
    assert "p = 6.25, q = 3.74, gamma = 15.44" in spend  # FHL (2005, JMR) report 6.25, 3.74, 15.44
    pulled = float(spend.split("expected spend per purchase $")[1].split(" ")[0])
    mean = float(spend.split("mean spend per purchase pγ/(q − 1) = $")[1].split(" ")[0])
    assert mean == pytest.approx(6.25 * 15.44 / 2.74, abs=0.1)  # the published estimates, to their rounding
    assert f"(the rounded estimates give ${6.25 * 15.44 / 2.74:.2f})" in spend  # 35.22, not the 35.17 above
    assert mean < pulled < 100  # "pulled towards the mean"
    assert pulled == pytest.approx(6.25 * (15.44 + 2 * 100) / (6.25 * 2 + 3.74 - 1), abs=0.005)


def test_tracking_shapes(cdnow):
    # the prose: weekly purchases rise while the customers join (to the end of March, week 13), then fall,
    # and the forecast has both shapes
    rfm, bgnbd = cdnow
    tracking = cs.purchase_tracking(bgnbd, cs.load_cdnow(), "customer_id", "date", calibration_end="1997-09-30")
    for column in ("actual", "predicted"):
        weekly = tracking[column].to_numpy(dtype=float)
        assert weekly[:4].mean() < weekly[10:14].mean() > weekly[-13:].mean(), column
        assert 9 <= int(np.argmax(weekly)) + 1 <= 15, column


def test_clv_summary(chapter04, cdnow):
    rfm, bgnbd = cdnow
    gg = cs.GammaGamma().fit(rfm["frequency"], rfm["monetary_value"])
    scores = cs.score_customers(rfm, bgnbd, gg, horizon=52, discount_rate=0.01, period_length=52 / 12, margin=0.3)
    text = cell_text(chapter04, "clv")
    assert f"all {len(rfm):,} customers: ${scores['clv'].sum():,.0f}" in text
    values = np.sort(scores["clv"].to_numpy())[::-1]
    assert f"the top 20 % hold {cs.percent(values[:472].sum() / values.sum())}" in text  # 472 = ceil(0.2 * 2357)
    # "most customers bought once and are worth a few dollars; a few are worth hundreds"
    assert (rfm["frequency"] == 0).mean() > 0.5 and np.median(values) < 10
    assert 2 <= (values >= 100).sum() < 0.05 * len(values)


def test_conditional_forecast_of_the_holdout(chapter04, cdnow):
    rfm, bgnbd = cdnow
    text = cell_text(chapter04, "conditional")
    expected = bgnbd.conditional_expected_purchases(rfm["duration_holdout"], rfm["frequency"], rfm["recency"],
                                                    rfm["T"])
    assert f"own history: {expected.sum():,.0f} repeat purchases" in text
    tracking = cell_text(chapter04, "tracking").split("actual, ")[1].split(" predicted")[0]
    assert f"the tracking forecast: {tracking};" in text and f"actual: {rfm['frequency_holdout'].sum():,})" in text
    assert f"{expected.sum():,.0f}" != tracking  # "close to the first but not the same number"
    assert abs(expected.sum() / float(tracking.replace(",", "")) - 1) < 0.02
    actual = rfm["frequency_holdout"].sum()
    further = abs(expected.sum() - actual) > abs(float(tracking.replace(",", "")) - actual)
    assert further and "the customer-by-customer forecast is further from the actual count" in text
    # exercise 04.7 asks for the one-timers' part, which the chapter does not print
    once = float(expected[(rfm["frequency"] == 0).to_numpy()].sum())
    assert f"{once:,.0f}" not in "".join(cell_text(chapter04, tag) for tag in ("conditional", "tracking", "bgnbd-fit"))


def test_regular_cohort_needs_few_years(chapter04):
    lines = cell_text(chapter04, "few-years").strip().splitlines()
    for line, years in zip(lines[4:6], (2, 3), strict=True):
        assert line.startswith(f"Regular, {years} years seen")
        sbg = float(line.split("sBG ")[1].split(" %")[0])
        constant = float(line.split("baseline B ")[1].split(" %")[0])
        assert sbg < constant / 3  # "two or three years already go a long way"


def test_the_segment_dependent_sentences_hold_for_the_high_end_cohort_too(chapter04_high_end):
    # cell 1 invites segment = "high_end": the sentences the prose leaves to the code must read true there too
    notebook = chapter04_high_end
    high_end = cs.load_dataset("retention_cohorts_published")["high_end"].to_numpy()
    few = cell_text(notebook, "few-years").strip().splitlines()
    assert few[4].startswith("Regular, 2 years seen") and few[5].startswith("Regular, 3 years seen")
    value = cell_text(notebook, "value")
    ratio = float(value.split("After 10 renewals: DERL ")[1].split("years, ")[1].split(" times")[0])
    assert 1 < ratio < 2  # "worth more than a new customer" (not "about two and a half times" here)
    share = float(value.split("(baseline B: ")[1].split(" %")[0])
    assert 50 < share < 100  # "below what the sBG says" (not "less than half" here)
    churn = 1 - high_end[1:] / high_end[:-1]
    reconcile = cell_text(notebook, "reconcile").splitlines()[0]
    later = churn[1:] < churn[0]
    assert not later.all() and f"in {later.sum()} of the 11 later years (not in year 2)" in reconcile
    gaps = [float(line.split("(")[-1].split("%")[0]) for line in cell_text(notebook, "pnl").strip().splitlines()]
    assert abs(gaps[1]) < 1 < gaps[2] and gaps[3] < -1  # sBG close, B overvalues, A undervalues: true here too
    projection = cell_text(notebook, "projection").strip().splitlines()[-1]
    lost, at_risk = high_end[0] - high_end[7], high_end[:7].sum()  # baseline B by hand, years 0-7
    naive = 1000 * (1 - lost / at_risk) ** 12
    assert f"baseline B projects {cs.percent(naive / high_end[12])} of the actual count" in projection
    off = int(projection.split("the sBG is off by ")[1].split(" ")[0])
    assert off < (high_end[12] - naive) / 5  # "falls well short ... while the sBG's comes much closer"


def test_exercise_hints_name_the_common_slips():
    # the wrong answers a student typically gives, computed here by hand, each get their own diagnosis
    from cslearn.exercises import check

    high_end = cs.load_dataset("retention_cohorts_published")["high_end"].to_numpy()
    five = high_end[:5]
    ml = (five[0] - five[4]) / five[:4].sum()
    model = cs.ShiftedBetaGeometric().fit(five)
    said = {
        ("04.2", round(float(model.survival(15)), 3)): "That is S(15), a share",
        ("04.2", round(1000 * float(model.survival(12)))): "projection for year 12",
        ("04.3", round(1 - ml, 3)): "That is a retention rate",
        ("04.3", round(float(np.mean(1 - five[1:] / five[:-1])), 4)): "plain mean of the four yearly churns",
        ("04.3", round(float(1 - (five[4] / five[0]) ** 0.25), 4)): "joins the two end points",
        ("04.3", 0.122): "what both the mean of the four yearly churns",
        ("04.6", 32): "counts the silent weeks from her last purchase",
        ("04.6", 61): "the last week she is probably there",
        ("04.8", 3): "less than 0.9: not yet enough",
        ("04.9", 0.567): "looks like a share of the total",
    }
    for (exercise_id, answer), words in said.items():
        result = check(exercise_id, answer)
        assert not result.passed and words in str(result), (exercise_id, answer, str(result))
    # 04.4: DERL(0) instead of DEL, and d = 8 instead of 0.08
    published = cs.ShiftedBetaGeometric.from_params(alpha=0.668, beta=3.806)
    s = published.survival(np.arange(3000))
    derl_0 = np.sum(s[1:] / 1.08 ** (np.arange(3000)[1:] - 1))
    assert "DERL(0)" in str(check("04.4", round(120_000 * derl_0, -3)))
    assert "d = 0.08, not 8" in str(check("04.4", round(120_000 * np.sum(s[:200] / 9.0 ** np.arange(200)))))
    # 04.5: the constant churn with the first-year churn alpha / (alpha + beta)
    c = 0.668 / (0.668 + 3.806)
    assert "constant churn equal to the first-year churn" in str(check("04.5", round((1 - c) * 1.08 / (0.08 + c), 2)))
