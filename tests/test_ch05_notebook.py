"""Numbers chapter 05 prints, read back from its tagged cells and recomputed with cslearn."""

import pandas as pd
import pytest
from conftest import cell_text, chapter_notebook

import cslearn as cs
from cslearn import loyalty

chapter05, test_chapter_runs_clean = chapter_notebook("05_loyalty_types.ipynb", "chapter05")


@pytest.mark.notebooks
def test_sellout_forecast(chapter05):
    # 600 pairs, 20 customers a day: the last pair sells on day 30; order 14 days before
    assert cs.sellout_day(600, 20) == 30
    assert "sells on day 30; " in cell_text(chapter05, "sellout")
    assert "by day 16." in cell_text(chapter05, "sellout")
    # customers come from the day after the sell-out, so 13 days ahead (order on day 17) still meets them all
    assert "comes on day 31: ordered by day 17 (13 days before the sell-out)" in cell_text(chapter05, "sellout")


@pytest.mark.notebooks
def test_covered_share_stops_growing_one_day_short_of_the_delivery_time(chapter05):
    text = cell_text(chapter05, "covered")
    covered = {lead: cs.stockout_outcomes(0.3, lead, delivery_days=14, customers=600)["covered_share"].iloc[0]
               for lead in (0, 12, 13, 14, 20)}
    # by hand: c = (30 - max(14 - L, 1) + 1) / 30
    assert covered[0] == pytest.approx(17 / 30) and covered[12] == pytest.approx(29 / 30)
    assert covered[13] == covered[14] == covered[20] == 1.0  # the prose: earlier than 13 days changes nothing
    assert "Ordered 0 days before the sell-out: matched substitutes from day 14, c = 17/30 = 0.567." in text
    assert "Ordered 13 days before the sell-out: matched substitutes from day 1, c = 30/30" in text
    assert "Ordered 14 days before the sell-out: matched substitutes from day 1, c = 30/30" in text
    markdown = _markdown(chapter05, "## 3. Substitutes by need")
    assert r"\max(T - L,\ 1)" in markdown  # the formula is in the chapter, not only in a hint


@pytest.mark.notebooks
def test_the_trend_need_is_matched_to_the_least_bad_offer_and_prices_are_shown(chapter05):
    acceptance = cs.acceptance_table()
    # the prose: for the trend the similar item (0.10) beats the look-alike (0.05), and both fail
    assert acceptance.loc["trend"].idxmax() == "similar"
    assert acceptance.loc["trend", "similar"] == 0.10 and acceptance.loc["trend", "lookalike"] == 0.05
    assert "at 0.10, against 0.05 for the look-alike" in _markdown(chapter05, "## 3. Substitutes by need")
    text = cell_text(chapter05, "acceptance")
    prices = cs.substitute_prices()
    assert (f"Assumed prices (yen): similar {cs.yen(prices['similar'])}, purpose {cs.yen(prices['purpose'])}, "
            f"lookalike {cs.yen(prices['lookalike'])}") in text
    for term in ("**similar item** (類似品, *ruijihin*)", "**look-alike** (類似ブランド, *ruiji burando*)"):
        assert term in _markdown(chapter05, "## 2. Two kinds of loyalty")


def _markdown(notebook, heading: str) -> str:
    """The markdown of the chapter from ``heading`` up to the next section heading."""
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


@pytest.mark.notebooks
def test_acceptance_table_says_it_is_the_course_reading(chapter05):
    text = cell_text(chapter05, "acceptance")
    assert text.startswith("Typed by hand: the course's reading of Happier life with CS")
    assert "not data" in text.splitlines()[0]
    assert "trend" in text and "0.75" in text  # the table itself follows the note


@pytest.mark.notebooks
def test_matrix_counts(chapter05):
    cells = cs.loyalty_matrix(cs.make_loyalty_customers(400, rng=5)).set_index("segment")
    text = cell_text(chapter05, "matrix")
    assert f"True loyalty: {cells.loc['true', 'customers']} customers" in text
    assert f"spurious loyalty: {cells.loc['spurious', 'customers']} (" in text


@pytest.mark.notebooks
def test_needs_by_segment_and_thresholds(chapter05):
    customers = cs.make_loyalty_customers(400, rng=5)
    customers["segment"] = cs.loyalty_segments(customers, 4.5, 3)
    trend = customers.groupby("segment")["need"].apply(lambda need: (need == "trend").mean())
    # the prose: trend-driven customers gather in the high-attitude rows; spurious loyalty is mostly need-driven
    assert min(trend["true"], trend["latent"]) > max(trend["spurious"], trend["none"])
    assert 1 - trend["spurious"] > 0.5
    text = cell_text(chapter05, "needs-by-segment")
    assert text.index("of true loyalty") < text.index("of latent") < text.index("of spurious") < text.index("of none")
    assert f"Trend-driven: {cs.percent(trend['true'])} of true loyalty" in text
    assert f"{cs.percent(1 - trend['spurious'])} of spurious loyalty." in text
    text = cell_text(chapter05, "thresholds")
    for a_star in (4.5, 5.5):
        count = cs.loyalty_matrix(customers, a_star, 3).set_index("segment").loc["true", "customers"]
        assert f"Attitude threshold {a_star}: {count} customers in true loyalty." in text
    assert "99 customers" in text and "58 customers" in text


@pytest.mark.notebooks
def test_stockout_numbers(chapter05):
    text = cell_text(chapter05, "stockout")
    table = cs.compare_preparation(0.3, 14, customers=600).set_index("scenario")
    assert f"Ordered at the sell-out: {table.loc['without', 'sales_kept']:.0f} of 600 sales kept" in text
    # by hand: 20 a day x 30 days = 600 customers; 600 x (0.7 x (0.6 x 0.70 + 0.4 x 0.75) + 0.3 x 0.10) = 320.4
    assert "Prepared 14 days ahead: 320 kept (53.4 %)" in text
    # the prose: preparing ahead hardly helps the psychologically loyal (180 trend-driven customers here)
    with_, without = table.loc["with", "disappointed_loyal"], table.loc["without", "disappointed_loyal"]
    assert without - with_ < 0.05 * 180
    assert f"disappointed loyal customers {with_:.0f} (vs {without:.0f})." in text


@pytest.mark.notebooks
def test_simulation_lands_close_and_preparing_helps_the_need_driven_most(chapter05):
    expected = cs.compare_preparation(0.3, 14, customers=600).loc[1, "sales_kept"]
    simulated = cs.summarise_stockout(cs.simulate_stockout(0.3, 14, customers=600, rng=1))["sales_kept"]
    assert abs(simulated - expected) < 0.02 * expected  # "its totals land close to them"
    text = cell_text(chapter05, "simulated")
    assert f"Sales kept: {expected:.1f} expected, {simulated:.0f} in the simulation." in text
    gains = cs.preparation_by_share([0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 14, customers=600)["gain"]
    assert gains.is_monotonic_decreasing  # "the gain shrinks"; the summary: helps most when behavioural
    assert (f"Gain from preparing ahead: {gains.iloc[0]:.0f} sales with no trend-driven customers, "
            f"{gains.iloc[-1]:.0f} when all of them are.") in cell_text(chapter05, "by-share")


@pytest.mark.notebooks
def test_rule_order_in_the_prose_is_the_order_the_code_applies(chapter05):
    order = " → ".join(loyalty.RULES)
    assert order == "trend → need → name → looks → default"
    assert cell_text(chapter05, "rules").splitlines()[0] == order
    assert f"**{order}**" in _markdown(chapter05, "## 4. Reading loyalty from reviews")
    # need beats name: a review that names a brand and a job is behavioural, by the need rule
    assert cs.classify_review("キーンはアウトドアで使うために選びました").rule == "need"


@pytest.mark.notebooks
def test_mistakes_named_in_the_prose_are_mistakes(chapter05):
    reviews = cs.load_dataset("reviews_loyalty")
    tuning_result = cs.evaluate_review_classifier(reviews[reviews["split"] == "tuning"])
    tuning = tuning_result.mistakes["text"].tolist()
    heldout = cs.evaluate_review_classifier(reviews[reviews["split"] == "heldout"]).mistakes["text"].tolist()
    assert any("same pair as my sister" in t for t in tuning)
    assert any("お揃い" in t for t in tuning)
    # #35 names the brand it could not buy: the name rule calls it psychological
    mistake35 = tuning_result.mistakes.set_index("review_id").loc[35]
    assert "売り切れ" in mistake35["text"] and "Teva" in mistake35["text"] and mistake35["rule"] == "name"
    assert any("keen" in t for t in tuning)
    need = tuning_result.mistakes[tuning_result.mistakes["rule"] == "need"]
    assert "暑いけどやっぱりTevaじゃないと。" in need["text"].tolist()
    text = cell_text(chapter05, "need-mistakes")
    assert (f"'Need beats name' decided {len(need)} of the {len(tuning)} tuning mistakes: "
            + ", ".join(f"#{r}" for r in need["review_id"]) + ".") in text
    assert "3 of the 12 tuning mistakes: #15, #61, #100." in text
    # the held-out prose: the same kinds again (seen in tuning) ...
    for cue in ("お揃い", "同じ", "雑誌"):
        assert any(cue in t for t in heldout) and any(cue in t for t in tuning), cue
    assert any("keen" in t for t in heldout) and any("same sandals as the guide" in t for t in heldout)
    assert any("celebrity" in t for t in heldout)
    # ... and what is new: none of these is among the tuning mistakes
    for cue in ("アリゾナ", "憧れのブランド", "Every girl in my class"):
        assert any(cue in t for t in heldout) and not any(cue in t for t in tuning), cue


@pytest.mark.notebooks
def test_classifier_accuracy(chapter05):
    reviews = cs.load_dataset("reviews_loyalty")
    text = cell_text(chapter05, "classifier")
    # the summary: most of the tuning reviews right, fewer of the held-out ones
    tuning = cs.evaluate_review_classifier(reviews[reviews["split"] == "tuning"]).accuracy
    assert tuning > 0.5 and tuning > cs.evaluate_review_classifier(reviews[reviews["split"] == "heldout"]).accuracy
    for split, name in [("tuning", "tuning (in-sample)"), ("heldout", "held-out")]:
        part = reviews[reviews["split"] == split]
        result = cs.evaluate_review_classifier(part)
        psych = int((part["label"] == "psychological").sum())
        found = int(((part["label"] == "psychological") & (result.table["predicted"] == "psychological")).sum())
        baseline = max(psych, len(part) - psych) / len(part)
        assert (f"{name}: {len(part)} reviews; accuracy {cs.percent(result.accuracy)} "
                f"(baseline {cs.percent(baseline)}); psychological recall {found}/{psych}") in text


@pytest.mark.notebooks
def test_reviews_share_is_shown_beside_the_labels(chapter05):
    text = cell_text(chapter05, "reviews-to-share")
    reviews = cs.load_dataset("reviews_loyalty")
    sandals = reviews[(reviews["split"] == "tuning") & (reviews["product"] == "sandals")]
    assert f"The labels say {cs.percent((sandals['label'] == 'psychological').mean())} psychological" in text
    assert "The rules read" in text
    assert all(line[0].isupper() for line in text.strip().splitlines())
    # the prose: the rules miss psychological reviews more often, so the share they read is too low
    result = cs.evaluate_review_classifier(reviews[reviews["split"] == "tuning"])
    assert result.recall["psychological"] < result.recall["behavioural"]
    read = (result.table.loc[result.table["product"] == "sandals", "predicted"] == "psychological").mean()
    assert read < (sandals["label"] == "psychological").mean()
    assert f"find {cs.percent(result.recall['psychological'])} of the psychological" in text


@pytest.mark.notebooks
def test_dictionary_and_first_sight_readouts_are_printed_in_full(chapter05):
    text = cell_text(chapter05, "dictionary")
    assert "..." not in text.replace(", ...", "")  # no cue cut short by pandas
    assert "looks (" in text and "一目惚れ" in text
    assert "first-sight cue '一目惚れ'" in cell_text(chapter05, "article-reviews")


@pytest.mark.notebooks
def test_the_campaign_with_the_better_rate_leaves_fewer_fans(chapter05):
    text = cell_text(chapter05, "campaigns")
    campaigns = pd.DataFrame({"campaign": ["A", "B"], "reached": [2000, 2000], "response_rate": [0.12, 0.09],
                              "satisfied_share": [0.45, 0.85], "fan_share": [0.025, 0.10],
                              "words_share": [0.05, 0.15]})
    table = cs.campaign_counts(campaigns).set_index("campaign")
    # by hand: A 2,000 x 12 % = 240 responders, x 45 % = 108 satisfied, x 2.5 % = 6 fans;
    # B 2,000 x 9 % = 180, x 85 % = 153 satisfied, x 10 % = 18 fans
    assert table.loc["A", "rank_by_rate"] == 1 and table.loc["B", "rank_by_fans"] == 1
    assert "By response rate A wins: 12.0 % against 9.0 % (240 responders against 180)." in text
    assert ("By what they leave behind B wins: 153 satisfied customers against 108, 18 new fans against 6, "
            "27 reviews and comments against 12; A leaves 132 responders disappointed, B 27.") in text
    # the prose before the cell quotes "12 %" and "18 new fans and 27 reviews"
    markdown = _markdown(chapter05, "## 5. Counts vs rates")
    assert '"12 % responded"' in markdown and '"18 new fans (ファン) and 27 reviews"' in markdown
    assert "成功重視型" in markdown and "the course's own" in markdown


@pytest.mark.notebooks
def test_counts_vs_rates(chapter05):
    text = cell_text(chapter05, "counts")
    # month 1 by hand: repeaters 0.8 x 300 + 0.2 x 700 = 380 of 1,000
    assert "Repeat rate: 38.0 % in month 1" in text
    assert "Repeat buyers: 380 in month 1" in text
    # fans are never replenished: 300 x 0.97^11 after 11 months
    assert f"fans: 300 → {300 * 0.97 ** 11:.0f};" in text
    table = cs.counts_and_rates(cs.simulate_repeat_base())
    last = table.iloc[-1]
    assert f"{cs.percent(last['repeat_rate'])} in month 12" in text
    assert f"{last['repeaters']:.0f} in month 12" in text
    # month 1 by hand: 0.1 x 300 fans + 0.01 x 700 casual buyers = 37 reviews and comments
    assert "From month 2 on, the rate rose while the repeat buyers fell in 11 of 11 months." in text
    assert f"Customers wrote {table['words'].sum():.0f} reviews and comments over the year, 37 in month 1" in text


@pytest.mark.notebooks
def test_a_steady_rate_hides_the_counts(chapter05):
    text = cell_text(chapter05, "steady")
    steady = cs.counts_and_rates(cs.simulate_repeat_base(12, new_per_month=75))
    low, high = steady["repeat_rate"].min(), steady["repeat_rate"].max()
    assert high - low < 0.015  # the prose: the rate hardly moves
    assert f"stays between {cs.percent(low)} and {cs.percent(high)} all year" in text
    share = steady["fans"] / steady["customers"]
    assert abs(share.iloc[-1] - share.iloc[0]) < 0.02  # the prose: the share of fans hardly moves
    assert "the fans' share of the customers goes from 30.0 %" in text
    last = steady.iloc[-1]
    assert f"fans 300 → {last['fans']:.0f}; {last['leavers_total']:,.0f} customers left" in text
    assert f"37 → {last['words']:.0f} ({last['words_total']:.0f} over the year)" in text
    assert last["fans"] < 250 and last["words"] < 30


@pytest.mark.notebooks
def test_conversion_changes_the_counts(chapter05):
    text = cell_text(chapter05, "conversion")
    table = cs.counts_by_conversion([0.0, 0.05], months=12, new_per_month=75)
    none, most = table.iloc[0], table.iloc[1]
    assert most["fans_last"] > none["fans_last"] and most["words_total"] > none["words_total"]
    assert (f"fans at the end {none['fans_last']:.0f} → {most['fans_last']:.0f}, customers who left "
            f"{none['leavers_total']:,.0f} → {most['leavers_total']:,.0f}") in text


@pytest.mark.notebooks
def test_growing_base_lowers_the_rate_and_raises_the_fans(chapter05):
    text = cell_text(chapter05, "growing")
    table = cs.counts_and_rates(cs.simulate_repeat_base(12, new_per_month=150, conversion=0.02))
    first, last = table.iloc[0], table.iloc[-1]
    assert last["repeat_rate"] < first["repeat_rate"] and last["fans"] > first["fans"]
    assert f"fans 300 → {last['fans']:.0f}." in text


@pytest.mark.notebooks
def test_plan_numbers(chapter05):
    text = cell_text(chapter05, "plan")
    assert "Fukuoka sells out on day 8: even ordered today, substitutes arrive 6 days late." in text
    assert "reacting at the sell-out they keep" in text
    stores = pd.DataFrame({"store": ["Shibuya", "Sendai", "Fukuoka"], "stock": [600, 300, 120],
                           "daily_demand": [20, 12, 15], "psych_share": [0.3, 0.2, 0.3]})
    plan = cs.substitute_plan(stores, delivery_days=14)
    assert f"the three stores keep {plan['kept_planned'].sum():.0f} sales" in text
    # the prose: only a store that sells out before its substitutes can arrive sells look-alikes
    assert ((plan["lookalike_units"] > 0) == (plan["late_days"] > 0)).all()


@pytest.mark.notebooks
def test_a_change_reaches_every_store(chapter05):
    text = cell_text(chapter05, "replan")
    stores = pd.DataFrame({"store": ["Shibuya", "Sendai", "Fukuoka"], "stock": [600, 300, 120],
                           "daily_demand": [20, 12, 15], "psych_share": [0.3, 0.2, 0.3]})
    before, after = cs.substitute_plan(stores, delivery_days=14), cs.substitute_plan(stores, delivery_days=18)
    # by hand: Shibuya sells out on day 30 and now orders on day 30 - 18 = 12; Fukuoka (day 8) is 18 - 8 = 10 late
    assert "Shibuya orders on day 12 instead of day 16." in text
    assert "Fukuoka orders today; substitutes now arrive 10 days after its sell-out instead of 6 days." in text
    assert len(text.strip().splitlines()) == 4  # one line per store and the total
    assert (f"Sales kept following the plan: {before['kept_planned'].sum():.0f} → "
            f"{after['kept_planned'].sum():.0f}.") in text


@pytest.mark.notebooks
def test_the_counts_explorer_starts_from_the_steady_rate_shop(chapter05):
    sources = {cell.get("id"): cell.source for cell in chapter05.cells}
    assert "fan_conversion = 0.0 " in sources["cell-001"]
    assert "cs.counts_rates_explorer(new_per_month=75, conversion=fan_conversion)" in sources["cell-044"]
    assert "starts from the steady-rate shop (75 new customers a month" in sources["cell-042"]
    steady = cs.counts_and_rates(cs.simulate_repeat_base(12, new_per_month=75))
    view = cs.counts_rates_explorer(new_per_month=75, conversion=0.0)
    assert (f"between {cs.percent(steady['repeat_rate'].min())} and "
            f"{cs.percent(steady['repeat_rate'].max())}") in view.text.value


@pytest.mark.notebooks
def test_the_article_is_credited_and_the_course_labels_its_own_reading(chapter05):
    two = _markdown(chapter05, "## 2. Two kinds of loyalty")
    assert "*Happier life with\nCS* itself reads such first-sight buying as behavioural" in two
    assert "態度的ロイヤルティ" in two and "行動的ロイヤルティ" in two and "ロイヤルティの4類型" in two
    assert "in the course's reading, spurious loyalty" in two
    assert "実店舗の末端まで" in _markdown(chapter05, "## 6. A forecast")
    one = _markdown(chapter05, "## 1. Anticipate")
    assert "完売" in one and "first step of customer success" in one

