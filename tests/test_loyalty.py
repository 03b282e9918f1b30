"""Chapter 05 library: the loyalty matrix, the stock-out model, the review classifier, counts vs rates."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import cslearn as cs
from cslearn import loyalty

# ---------------------------------------------------------------------------------------------
# the attitude x repeat matrix


def test_four_quadrants_by_hand_and_thresholds_are_inclusive():
    table = pd.DataFrame({"attitude": [6, 6, 2, 2, 4.5, 4.49], "repeat_purchases": [5, 0, 5, 0, 3, 3]})
    assert cs.loyalty_segments(table).tolist() == ["true", "latent", "spurious", "none", "true", "spurious"]
    moved = cs.loyalty_segments(table, attitude_threshold=7, repeat_threshold=6)
    assert moved.tolist() == ["none"] * 6


def test_matrix_counts_and_means_by_hand():
    table = pd.DataFrame({"attitude": [6, 7, 2, 2, 3], "repeat_purchases": [5, 9, 5, 0, 1]})
    matrix = cs.loyalty_matrix(table).set_index("segment")
    assert matrix["customers"].to_dict() == {"true": 2, "latent": 0, "spurious": 1, "none": 2}
    assert matrix.loc["true", "mean_attitude"] == pytest.approx(6.5)
    assert matrix.loc["none", "mean_repeat"] == pytest.approx(0.5)
    assert matrix.loc["latent", "mean_attitude"] == 0.0  # empty cell: zero, not NaN
    assert matrix["share"].sum() == pytest.approx(1.0)
    assert not matrix.isna().any().any()


@settings(max_examples=40, deadline=None)
@given(
    attitudes=st.lists(st.floats(1, 7), min_size=1, max_size=30),
    a_star=st.floats(1, 7),
    r_star=st.integers(0, 8),
    seed=st.integers(0, 1000),
)
def test_segments_partition_and_raising_a_threshold_never_adds_high_customers(attitudes, a_star, r_star, seed):
    repeats = np.random.default_rng(seed).poisson(3, size=len(attitudes))
    table = pd.DataFrame({"attitude": attitudes, "repeat_purchases": repeats})
    matrix = cs.loyalty_matrix(table, a_star, r_star)
    assert matrix["customers"].sum() == len(table)
    high = matrix.loc[matrix["attitude_level"] == "high", "customers"].sum()
    assert high == sum(a >= a_star for a in attitudes)
    stricter = cs.loyalty_matrix(table, a_star + 0.5, r_star + 1)
    assert stricter.loc[stricter["attitude_level"] == "high", "customers"].sum() <= high
    assert stricter.loc[stricter["repeat_level"] == "high", "customers"].sum() <= (repeats >= r_star).sum()


def test_generated_customers_are_seeded_and_recover_the_drawn_segments_as_often_as_the_noise_allows():
    one, two = cs.make_loyalty_customers(200, rng=3), cs.make_loyalty_customers(200, rng=3)
    assert one.equals(two)
    assert not one.equals(cs.make_loyalty_customers(200, rng=4))
    big = cs.make_loyalty_customers(40_000, rng=11)
    drawn = big["generated_segment"].value_counts(normalize=True)
    for segment, share in zip(loyalty.SEGMENTS, (0.25, 0.15, 0.30, 0.30), strict=True):
        assert drawn[segment] == pytest.approx(share, abs=0.01)
    # chance that thresholds 4.5 and 3 agree with the generator, from the documented distributions
    a_high = stats.norm.sf(4.5, 5.6, 0.9)  # clipping and rounding to 0.1 move this very little
    a_low = stats.norm.cdf(4.5, 3.0, 0.9)
    r_high, r_low = stats.poisson.sf(2, 5.0), stats.poisson.cdf(2, 1.0)
    expected = 0.25 * a_high * r_high + 0.15 * a_high * r_low + 0.30 * a_low * r_high + 0.30 * a_low * r_low
    agree = (cs.loyalty_segments(big) == big["generated_segment"]).mean()
    assert agree == pytest.approx(expected, abs=0.01)
    assert big["attitude"].between(1, 7).all()


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: cs.loyalty_segments(pd.DataFrame({"attitude": [1]})), ValueError, "repeat_purchases"),
        (lambda: cs.loyalty_segments(pd.DataFrame({"attitude": [5], "repeat_purchases": [-1]})), ValueError,
         "at least 0"),
        (lambda: cs.loyalty_segments(pd.DataFrame({"attitude": [np.nan], "repeat_purchases": [1]})), ValueError,
         "finite"),
        (lambda: cs.loyalty_segments([1, 2]), TypeError, "DataFrame"),
        (lambda: cs.loyalty_matrix(pd.DataFrame({"attitude": [5], "repeat_purchases": [1]}), repeat_threshold=-1),
         ValueError, "repeat_threshold"),
        (lambda: cs.make_loyalty_customers(0), ValueError, "n must be"),
        (lambda: cs.make_loyalty_customers(10, shares=(0.5, 0.5, 0.5, 0.5)), ValueError, "add up to 1"),
        (lambda: cs.make_loyalty_customers(10, shares=(0.5, 0.5)), ValueError, "shares must hold at least 4"),
        (lambda: cs.make_loyalty_customers(10, shares=(0.2,) * 5), ValueError, "shares must hold at most 4"),
    ],
)
def test_matrix_refuses_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---------------------------------------------------------------------------------------------
# the stock-out model


def test_stockout_by_hand():
    # nobody trend-driven, substitutes there from day 1: 60 % heat accept 0.70, 40 % outdoor accept 0.75
    table = cs.stockout_outcomes(0.0, lead_days=30, customers=1000).set_index("need")
    assert table["kept"].sum() == pytest.approx(1000 * (0.6 * 0.70 + 0.4 * 0.75))
    assert table.loc["trend", "customers"] == 0
    # ordered at the sell-out, 14 days to arrive: customers of days 14..30 (17 of 30) get the match
    late = cs.stockout_outcomes(1.0, lead_days=0, customers=300, days=30, delivery_days=14).set_index("need")
    assert late.loc["trend", "covered_share"] == pytest.approx(17 / 30)
    assert late.loc["trend", "kept"] == pytest.approx(300 * (17 / 30 * 0.10 + 13 / 30 * 0.05))
    assert late.loc["trend", "disappointed_loyal"] == pytest.approx(300 - late.loc["trend", "kept"])
    prices = cs.substitute_prices()
    assert late.loc["trend", "revenue"] == pytest.approx(300 * (17 / 30 * 0.10 * prices["similar"]
                                                                + 13 / 30 * 0.05 * prices["lookalike"]))


def test_matched_offers_follow_the_article():
    table = cs.stockout_outcomes(0.3, 14).set_index("need")
    assert table["matched_offer"].to_dict() == {"heat": "similar", "outdoor": "purpose", "trend": "similar"}
    assert table["loyalty"].to_dict() == {"heat": "behavioural", "outdoor": "behavioural", "trend": "psychological"}


def test_the_typed_acceptance_table_says_it_is_not_data():
    table = cs.acceptance_table()
    assert "Typed by hand" in table.attrs["source"] and "not data" in table.attrs["source"]
    assert "Happier life with CS" in table.attrs["source"]
    # the article's direction: each behavioural need takes a fitting substitute more often than the trend
    best = table.max(axis=1)
    assert best["heat"] > best["trend"] and best["outdoor"] > best["trend"]


@settings(max_examples=50, deadline=None)
@given(
    psych=st.floats(0, 1),
    lead=st.integers(0, 30),
    outdoor=st.floats(0, 1),
    delivery=st.integers(0, 40),
    days=st.integers(1, 60),
)
def test_stockout_accounting_and_monotone_effects(psych, lead, outdoor, delivery, days):
    settings_ = dict(customers=500, outdoor_share=outdoor, delivery_days=delivery, days=days)
    table = cs.stockout_outcomes(psych, lead, **settings_)
    assert table["customers"].sum() == pytest.approx(500)
    assert np.allclose(table["kept"] + table["lost"], table["customers"])
    assert (table[["kept", "lost", "disappointed_loyal", "revenue"]] >= -1e-9).all().all()
    assert table["disappointed_loyal"].sum() <= 500 * psych + 1e-9
    kept = table["kept"].sum()
    # preparing earlier never keeps fewer sales (the matched offer is the best one for each need)
    assert cs.stockout_outcomes(psych, lead + 1, **settings_)["kept"].sum() >= kept - 1e-9
    # more trend-driven customers never keep more sales under the course's acceptance table
    assert cs.stockout_outcomes(min(psych + 0.1, 1.0), lead, **settings_)["kept"].sum() <= kept + 1e-9


def test_simulation_agrees_with_the_expected_values():
    expected = cs.compare_preparation(0.35, 7, customers=100_000).set_index("scenario").loc["with"]
    simulated = cs.summarise_stockout(cs.simulate_stockout(0.35, 7, customers=100_000, rng=42))
    for column in ("sales_kept", "disappointed_loyal"):
        p = expected[column] / 100_000
        se = math.sqrt(100_000 * p * (1 - p))
        assert abs(simulated[column] - expected[column]) < 4 * se, column
    assert simulated["revenue"] == pytest.approx(expected["revenue"], rel=0.02)


def test_simulation_is_seeded_and_draws_days_in_range():
    one = cs.simulate_stockout(0.3, 5, customers=500, rng=9)
    assert one.equals(cs.simulate_stockout(0.3, 5, customers=500, rng=9))
    assert one["day"].between(1, 30).all()
    early = one[one["day"] < 14 - 5]
    assert (early["offer"] == "lookalike").all()
    assert (one.loc[one["day"] >= 9, "offer"] != "lookalike").all()
    assert len(cs.simulate_stockout(customers=0)) == 0


def test_preparation_comparison_and_custom_acceptance():
    table = cs.compare_preparation(0.3, 14, customers=600).set_index("scenario")
    assert table.loc["with", "sales_kept"] > table.loc["without", "sales_kept"]
    assert table.loc["with", "lead_days"] == 14 and table.loc["without", "lead_days"] == 0
    everyone = cs.acceptance_table()
    everyone.loc[:, :] = 1.0
    assert cs.stockout_outcomes(0.5, 0, customers=80, acceptance=everyone)["kept"].sum() == pytest.approx(80)


@settings(max_examples=60, deadline=None)
@given(stock=st.floats(0, 1e5), demand=st.floats(0.1, 1e3))
def test_sellout_day_is_the_first_day_the_stock_runs_out(stock, demand):
    day = cs.sellout_day(stock, demand)
    assert day * demand >= stock * (1 - 1e-9)
    if day > 0:
        assert (day - 1) * demand < stock * (1 + 1e-9)


def test_plan_by_hand_and_planning_beats_reacting():
    stores = pd.DataFrame({"store": ["A", "B"], "stock": [600, 120], "daily_demand": [25, 15],
                           "psych_share": [0.3, 0.6]})
    plan = cs.substitute_plan(stores, delivery_days=14).set_index("store")
    assert plan.loc["A", "sellout_day"] == 24 and plan.loc["A", "order_day"] == 10
    assert plan.loc["B", "sellout_day"] == 8 and plan.loc["B", "late_days"] == 6
    assert (plan["kept_planned"] >= plan["kept_reacting"]).all()
    # store A is covered from day 1: all its kept sales are matched substitutes
    units = plan.loc["A", ["similar_units", "purpose_units", "lookalike_units"]].sum()
    assert units == pytest.approx(plan.loc["A", "kept_planned"])
    assert plan.loc["A", "lookalike_units"] == 0
    assert plan.loc["A", "kept_planned"] == pytest.approx(25 * 30 * (0.7 * (0.6 * 0.7 + 0.4 * 0.75) + 0.3 * 0.1))
    # store B sells out on day 8, substitutes are on the shelf from day 6 after it: days 1-5 of 30 sell
    # look-alikes (acceptance heat 0.55, outdoor 0.25, trend 0.05; needs 0.24, 0.16, 0.6 of 450 customers)
    by_hand = 15 * 30 * 5 / 30 * (0.24 * 0.55 + 0.16 * 0.25 + 0.6 * 0.05)
    assert plan.loc["B", "lookalike_units"] == pytest.approx(by_hand)
    units = plan.loc["B", ["similar_units", "purpose_units", "lookalike_units"]].sum()
    assert units == pytest.approx(plan.loc["B", "kept_planned"])


def test_plan_fallback_units_follow_the_chosen_fallback():
    stores = pd.DataFrame({"store": ["B"], "stock": [120], "daily_demand": [15], "psych_share": [0.6]})
    plan = cs.substitute_plan(stores, delivery_days=14, fallback="similar").iloc[0]
    assert plan["lookalike_units"] == 0
    # days 1-5 sell the similar item (acceptance 0.7, 0.3, 0.1), days 6-30 the matched offers
    early = 15 * 30 * 5 / 30 * (0.24 * 0.7 + 0.16 * 0.3 + 0.6 * 0.1)
    late_similar = 15 * 30 * 25 / 30 * (0.24 * 0.7 + 0.6 * 0.1)  # heat and trend both match "similar"
    assert plan["similar_units"] == pytest.approx(early + late_similar)
    with pytest.raises(ValueError, match="fallback must be one of"):
        cs.substitute_plan(stores, fallback="teva")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"psych_share": 1.5}, "psych_share must be between 0 and 1"),
        ({"lead_days": -1}, "lead_days must be"),
        ({"days": 0}, "days must be"),
        ({"customers": -5}, "customers must be between 0 and"),
        ({"customers": 10**12}, "customers must be between 0 and"),
        ({"fallback": "copy"}, "fallback must be one of"),
        ({"acceptance": cs.acceptance_table().iloc[:2]}, "acceptance must have rows"),
        ({"prices": {"similar": 1}}, "prices must be a dict"),
    ],
)
def test_stockout_refuses_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        cs.stockout_outcomes(**kwargs)


def test_other_stockout_functions_refuse_bad_input():
    bad = cs.acceptance_table()
    bad.loc["heat", "similar"] = 1.5
    with pytest.raises(ValueError, match="between 0 and 1"):
        cs.stockout_outcomes(acceptance=bad)
    with pytest.raises(ValueError, match="daily_demand must be greater than 0"):
        cs.sellout_day(100, 0)
    with pytest.raises(ValueError, match="missing the column"):
        cs.substitute_plan(pd.DataFrame({"store": ["A"], "stock": [1]}))
    with pytest.raises(TypeError, match="customers must be a whole number"):
        cs.simulate_stockout(customers=2.5)


# ---------------------------------------------------------------------------------------------
# the review classifier


@pytest.mark.parametrize(
    ("text", "label", "rule", "cue"),
    [
        ("去年のハリケーンの色違いをもう一足", "psychological", "trend", "色違い"),
        ("Everyone at school has these", "psychological", "trend", "Everyone"),
        ("ハリケーンを何軒も探し回って購入", "psychological", "name", "ハリケーン"),
        ("My new Tevaのサンダル", "psychological", "name", "Teva"),
        ("teva hurricane!", "psychological", "name", "teva"),
        ("暑いので何かサンダルが欲しくて", "behavioural", "need", "暑い"),
        ("Bought KEEN for the camping trip", "behavioural", "need", "camping"),
        ("商品画像を見てすぐ一目惚れ", "behavioural", "looks", "一目惚れ"),
        ("画像で思わず一目惚れ!", "behavioural", "looks", "一目惚れ"),
        ("写真を見て思わずポチり", "behavioural", "looks", "思わず"),
        ("Love at first sight", "behavioural", "looks", "Love at first sight"),
        ("Arrived quickly, thank you", "behavioural", "default", ""),
    ],
)
def test_each_rule_fires_on_its_cue(text, label, rule, cue):
    verdict = cs.classify_review(text)
    assert (verdict.label, verdict.rule, verdict.cue) == (label, rule, cue)
    assert (cue in verdict.reason) if cue else "no brand" in verdict.reason


_CUES = {"trend": "みんな履いてる", "need": "キャンプ用", "name": "Teva", "looks": "一目惚れ"}


@pytest.mark.parametrize("present", [(a, b) for i, a in enumerate(_CUES) for b in list(_CUES)[i + 1:]]
                         + [tuple(_CUES), ("need", "name", "looks"), ("name", "looks")])
def test_rules_are_tried_in_the_documented_order(present):
    # whatever cues a review holds, the rule that decides is the first of them in RULES
    assert loyalty.RULES == ("trend", "need", "name", "looks", "default")
    assert cs.review_rules()["rule"].tolist() == list(loyalty.RULES)
    for order in (present, present[::-1]):  # the order of the words in the text does not matter
        verdict = cs.classify_review(" ".join(_CUES[kind] for kind in order))
        first = next(rule for rule in loyalty.RULES if rule in present)
        assert verdict.rule == first, (order, verdict)
        assert verdict.label == cs.review_rules().set_index("rule").loc[first, "label"]


@pytest.mark.parametrize("text", ["海外ブランドのサンダルです", "品川の店舗で受け取りました", "川崎から注文",
                                  "夏目さんのおすすめ", "家庭用に", "氷河の写真みたいな色"])
def test_japanese_need_cues_are_words_not_lone_kanji(text):
    # 海, 川, 夏, 庭, 氷 inside other words are not a need
    assert cs.classify_review(text).rule != "need", text
    lone = [term for term in cs.review_dictionary()["term"] if not term.isascii() and len(term) == 1]
    assert lone == []


def test_the_most_telling_first_sight_cue_is_named():
    # 画像 comes first in the text, 一目惚れ says more: the reason names 一目惚れ
    assert cs.classify_review("画像で一目惚れ").cue == "一目惚れ"
    assert cs.classify_review("画像がきれいだった").cue == "画像"  # a weak cue still counts when alone


def test_english_words_match_whole_words_only():
    assert cs.classify_review("The hotel shop had them").rule == "default"  # "hot" is not in "hotel"
    assert cs.classify_review("Stanleyville souvenir").rule == "default"
    assert cs.classify_review("The Hydro Flask again").cue == "Hydro Flask"  # longest name wins


def test_a_named_brand_bought_for_a_job_is_behavioural_and_says_so():
    verdict = cs.classify_review("Teva sandals, great for the beach")
    assert verdict.label == "behavioural" and "names 'Teva'" in verdict.reason


@settings(max_examples=30, deadline=None)
@given(text=st.text(max_size=60))
def test_any_text_gets_a_label_and_a_trend_cue_always_wins(text):
    verdict = cs.classify_review(text)
    assert verdict.label in loyalty.LABELS and verdict.reason
    assert cs.classify_review(text + " みんな履いてる").label == "psychological"


def test_accuracy_floor_on_the_labelled_set():
    reviews = cs.load_dataset("reviews_loyalty")
    assert set(reviews["split"]) == {"tuning", "heldout"}
    tuning, heldout = reviews[reviews["split"] == "tuning"], reviews[reviews["split"] == "heldout"]
    assert len(tuning) >= 150 and len(heldout) >= 30
    assert reviews["review_id"].is_unique
    for part in (tuning, heldout):
        assert set(part["language"]) == {"ja", "en"} and part["product"].nunique() >= 2
        assert set(part["label"]) == set(loyalty.LABELS)
    result = cs.evaluate_review_classifier(tuning)
    assert result.accuracy >= 0.85
    for language in ("ja", "en"):
        assert cs.evaluate_review_classifier(tuning[tuning["language"] == language]).accuracy >= 0.8
    # on reviews it was not tuned on the rules must still beat always answering the common label
    fresh = cs.evaluate_review_classifier(heldout)
    assert fresh.accuracy > fresh.baseline


def test_recall_and_baseline_by_hand():
    sample = pd.DataFrame({"text": ["みんな履いてる", "Teva!", "just sandals", "暑いので購入", "KEEN好き"],
                           "label": ["psychological", "behavioural", "psychological", "behavioural",
                                     "behavioural"]})
    result = cs.evaluate_review_classifier(sample)
    # predictions: psychological (trend), psychological (name), behavioural (default), behavioural (need),
    # psychological (name): 1 of 2 psychological found, 1 of 3 behavioural; 3 of 5 behavioural labels
    assert result.recall.to_dict() == pytest.approx({"psychological": 0.5, "behavioural": 1 / 3})
    assert result.baseline == pytest.approx(0.6)
    assert result.accuracy == pytest.approx(0.4)


def test_evaluation_adds_up():
    reviews = cs.load_dataset("reviews_loyalty")
    result = cs.evaluate_review_classifier(reviews)
    right = sum(cs.classify_review(t).label == y for t, y in zip(reviews["text"], reviews["label"], strict=True))
    assert result.accuracy == pytest.approx(right / len(reviews))
    assert int(np.trace(result.confusion.to_numpy())) == right
    assert result.confusion.to_numpy().sum() == len(reviews)
    assert len(result.mistakes) == len(reviews) - right
    assert (result.mistakes["label"] != result.mistakes["predicted"]).all()
    assert result.by_rule["reviews"].sum() == len(reviews)
    assert result.by_rule["right"].sum() == right


def test_a_custom_dictionary_changes_the_rules():
    words = pd.DataFrame({"term": ["お揃い"], "kind": ["trend"]})
    assert cs.classify_review("友達とお揃いにしたくて", dictionary=words).label == "psychological"
    assert cs.classify_review("Teva!", dictionary=words).rule == "default"


def test_classifier_refuses_bad_input():
    with pytest.raises(TypeError, match="text must be a string"):
        cs.classify_review(3)
    with pytest.raises(TypeError, match="reviews must be"):
        cs.classify_reviews("one review")
    with pytest.raises(ValueError, match="must hold 'psychological' or 'behavioural'"):
        cs.evaluate_review_classifier(pd.DataFrame({"text": ["x"], "label": ["loyal"]}))
    with pytest.raises(ValueError, match="dictionary\\['kind'\\]"):
        cs.classify_review("x", dictionary=pd.DataFrame({"term": ["x"], "kind": ["brand"]}))
    with pytest.raises(ValueError, match="missing the column"):
        cs.evaluate_review_classifier(pd.DataFrame({"text": ["x"]}))


# ---------------------------------------------------------------------------------------------
# counts vs rates


def test_repeat_base_by_hand_and_stock_identity():
    table = cs.simulate_repeat_base(3, fans=100, casuals=200, new_per_month=10, fan_churn=0.1, casual_churn=0.5,
                                    fan_repeat=0.9, casual_repeat=0.1)
    # month 1: 100 fans, 200 casuals; repeaters 90 + 20; leavers 10 + 100
    assert table.loc[0, ["customers", "repeaters", "leavers"]].tolist() == [300, 110, 110]
    # month 2: 90 fans, 200 - 100 + 10 = 110 casuals
    assert table.loc[1, ["fans", "casuals"]].tolist() == pytest.approx([90, 110])
    nxt = table["customers"].to_numpy()[1:]
    assert np.allclose(nxt, (table["customers"] - table["leavers"] + table["new"]).to_numpy()[:-1])


def test_conversion_by_hand_and_it_replenishes_the_fans():
    table = cs.simulate_repeat_base(2, fans=100, casuals=200, new_per_month=10, fan_churn=0.1, casual_churn=0.5,
                                    conversion=0.2)
    # month 1: 100 casuals stay, 20 of them become fans -> month 2: 90 + 20 fans, 80 + 10 casuals
    assert table.loc[0, "converted"] == pytest.approx(20)
    assert table.loc[1, ["fans", "casuals"]].tolist() == pytest.approx([110, 90])
    without = cs.simulate_repeat_base(12)
    assert without["fans"].is_monotonic_decreasing and (without["converted"] == 0).all()
    growing = cs.simulate_repeat_base(12, new_per_month=150, conversion=0.02)
    assert growing["fans"].iloc[-1] > growing["fans"].iloc[0]
    drawn = cs.simulate_repeat_base(6, conversion=0.1, random=True, rng=3)
    assert np.array_equal(drawn["converted"], np.round(drawn["converted"]))
    with pytest.raises(ValueError, match="conversion must be between 0 and 1"):
        cs.simulate_repeat_base(conversion=1.5)


def test_words_and_running_totals_by_hand():
    table = cs.simulate_repeat_base(2, fans=100, casuals=200, new_per_month=10, fan_churn=0.1, casual_churn=0.5,
                                    fan_words=0.2, casual_words=0.05)
    # month 1: 0.2 x 100 + 0.05 x 200 = 30 words; month 2: 90 fans, 110 casuals -> 18 + 5.5
    assert table["words"].tolist() == pytest.approx([30, 23.5])
    out = cs.counts_and_rates(table)
    assert out["words_total"].tolist() == pytest.approx([30, 53.5])
    assert out["leavers_total"].tolist() == pytest.approx([110, 110 + 9 + 55])
    assert "words_total" not in cs.counts_and_rates(table.drop(columns="words")).columns
    drawn = cs.simulate_repeat_base(6, random=True, rng=4)
    assert np.array_equal(drawn["words"], np.round(drawn["words"]))
    with pytest.raises(ValueError, match="fan_words must be between 0 and 1"):
        cs.simulate_repeat_base(fan_words=2)


@settings(max_examples=30, deadline=None)
@given(l_f=st.floats(0.001, 1), l_c=st.floats(0, 1), new=st.floats(0, 500), months=st.integers(2, 24))
def test_without_conversion_fans_can_only_fall(l_f, l_c, new, months):
    fans = cs.simulate_repeat_base(months, fan_churn=l_f, casual_churn=l_c, new_per_month=new)["fans"].to_numpy()
    # fans fall every month until none are left (a fan churn of 100 % empties them at once)
    assert ((np.diff(fans) < 0) | (fans[:-1] == 0)).all()


def test_a_steady_rate_hides_falling_fans_and_words():
    steady = cs.counts_and_rates(cs.simulate_repeat_base(12, new_per_month=75))
    assert steady["repeat_rate"].max() - steady["repeat_rate"].min() < 0.015  # within 1.5 points all year
    assert steady["fans"].iloc[-1] < 0.75 * steady["fans"].iloc[0]
    assert steady["words"].iloc[-1] < 0.75 * steady["words"].iloc[0]
    assert steady["words_total"].is_monotonic_increasing and steady["leavers_total"].is_monotonic_increasing


def test_counts_by_conversion_matches_the_simulation():
    table = cs.counts_by_conversion([0.0, 0.03], months=12, new_per_month=75)
    direct = cs.counts_and_rates(cs.simulate_repeat_base(12, new_per_month=75, conversion=0.03))
    row = table.iloc[1]
    assert row["fans_last"] == pytest.approx(direct["fans"].iloc[-1])
    assert row["words_total"] == pytest.approx(direct["words"].sum())
    assert row["leavers_total"] == pytest.approx(direct["leavers"].sum())
    assert (row["rate_low"], row["rate_high"]) == pytest.approx((direct["repeat_rate"].min(),
                                                                 direct["repeat_rate"].max()))
    # converting casual buyers into fans: more fans, fewer leavers, more words
    assert table["fans_last"].is_monotonic_increasing and table["words_total"].is_monotonic_increasing
    assert table["leavers_total"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="conversions"):
        cs.counts_by_conversion([1.5])


def test_default_shop_shows_a_rising_rate_over_a_falling_count():
    dashboard = cs.counts_and_rates(cs.simulate_repeat_base())
    assert dashboard["repeat_rate"].is_monotonic_increasing
    assert dashboard["repeaters"].is_monotonic_decreasing
    assert dashboard["rate_hides_decline"].iloc[1:].all() and not dashboard["rate_hides_decline"].iloc[0]


@settings(max_examples=40, deadline=None)
@given(
    p_f=st.floats(0, 1), p_c=st.floats(0, 1), l_f=st.floats(0, 1), l_c=st.floats(0, 1),
    new=st.floats(0, 100), months=st.integers(1, 24),
)
def test_repeat_rate_stays_between_the_two_groups(p_f, p_c, l_f, l_c, new, months):
    table = cs.simulate_repeat_base(months, fan_repeat=p_f, casual_repeat=p_c, fan_churn=l_f,
                                    casual_churn=l_c, new_per_month=new)
    table = table[table["customers"] > 0]
    assume(not table.empty)  # no customers left: no rate to bound (hypothesis draws another example)
    rate = cs.counts_and_rates(table)["repeat_rate"]
    assert (rate >= min(p_f, p_c) - 1e-9).all() and (rate <= max(p_f, p_c) + 1e-9).all()


def test_seeded_counts_are_whole_and_near_the_expected_values():
    expected = cs.simulate_repeat_base(6, fans=30_000, casuals=70_000, new_per_month=3000)
    drawn = cs.simulate_repeat_base(6, fans=30_000, casuals=70_000, new_per_month=3000, random=True, rng=1)
    assert drawn.equals(cs.simulate_repeat_base(6, fans=30_000, casuals=70_000, new_per_month=3000, random=True, rng=1))
    numbers = drawn[["customers", "repeaters", "leavers"]].to_numpy()
    assert np.array_equal(numbers, np.round(numbers))
    assert np.allclose(drawn["repeaters"], expected["repeaters"], rtol=0.02)


def test_counts_and_rates_by_hand_and_bad_input():
    shop = pd.DataFrame({"month": [1, 2, 3], "customers": [1000, 600, 700], "repeaters": [300, 240, 300],
                         "leavers": [400, 100, 50]})
    out = cs.counts_and_rates(shop)
    assert out["repeat_rate"].tolist() == pytest.approx([0.3, 0.4, 300 / 700])
    assert out["rate_hides_decline"].tolist() == [False, True, False]
    with pytest.raises(ValueError, match="greater than 0"):
        cs.counts_and_rates(shop.assign(customers=[1000, 0, 700]))
    with pytest.raises(ValueError, match="repeaters"):
        cs.counts_and_rates(shop.assign(repeaters=[300, 700, 300]))
    with pytest.raises(ValueError, match="missing the column"):
        cs.counts_and_rates(shop.drop(columns="leavers"))
    with pytest.raises(ValueError, match="casual_churn must be between 0 and 1"):
        cs.simulate_repeat_base(casual_churn=2)


def test_preparation_by_share_matches_compare_preparation():
    table = cs.preparation_by_share([0.0, 0.5], lead_days=10, customers=500)
    one = cs.compare_preparation(0.5, 10, customers=500).set_index("scenario")["sales_kept"]
    assert table.loc[1, "kept_with"] == pytest.approx(one["with"])
    assert table.loc[1, "gain"] == pytest.approx(one["with"] - one["without"])
    with pytest.raises(ValueError, match="shares"):
        cs.preparation_by_share([1.5])


def test_campaign_counts_by_hand_and_the_rate_can_rank_them_the_wrong_way():
    campaigns = pd.DataFrame({"campaign": ["A", "B", "C"], "reached": [1000, 1000, 400],
                              "response_rate": [0.2, 0.1, 0.2], "satisfied_share": [0.5, 0.9, 1.0],
                              "fan_share": [0.05, 0.2, 0.0], "words_share": [0.1, 0.3, 0.5]})
    table = loyalty.campaign_counts(campaigns).set_index("campaign")
    # by hand: A 1,000 x 0.2 = 200 responders, 100 satisfied, 100 not, 10 fans, 20 words; B 100, 90, 10, 20, 30
    assert table.loc["A", ["responders", "satisfied", "unsatisfied", "fans", "words"]].tolist() == pytest.approx(
        [200, 100, 100, 10, 20])
    assert table.loc["B", ["responders", "satisfied", "unsatisfied", "fans", "words"]].tolist() == pytest.approx(
        [100, 90, 10, 20, 30])
    assert table["rank_by_rate"].tolist() == [1, 3, 1]  # ties share the best rank
    assert table["rank_by_fans"].tolist() == [2, 1, 3]
    assert list(campaigns.columns) == ["campaign", "reached", "response_rate", "satisfied_share", "fan_share",
                                       "words_share"]  # the input is not changed


@pytest.mark.parametrize(("change", "match"), [
    ({"response_rate": [1.2, 0.1]}, "response_rate"),
    ({"reached": [-5, 10]}, "reached"),
    ({"fan_share": [float("nan"), 0.1]}, "fan_share"),
])
def test_campaign_counts_refuses_bad_input(change, match):
    good = {"campaign": ["A", "B"], "reached": [10, 10], "response_rate": [0.1, 0.1], "satisfied_share": [0.5, 0.5],
            "fan_share": [0.1, 0.1], "words_share": [0.1, 0.1]}
    with pytest.raises(ValueError, match=match):
        loyalty.campaign_counts(pd.DataFrame({**good, **change}))
    with pytest.raises(ValueError, match="words_share"):
        loyalty.campaign_counts(pd.DataFrame(good).drop(columns="words_share"))



# ---------------------------------------------------------------------------------------------
# the chapter's exercises: precision and the hints that diagnose a typical wrong answer


@pytest.mark.parametrize(("exercise_id", "coarse"), [("05.1", 238), ("05.4", 0.73), ("05.7", 83)])
def test_a_coarser_answer_than_asked_is_close_not_right(exercise_id, coarse):
    result = cs.check(exercise_id, coarse)
    assert result.passed is False and "close" in str(result)


def test_chapter05_hints_diagnose_typical_mistakes():
    from cslearn.exercises import EXERCISES, exercises_for

    exercises_for("05")
    spurious = EXERCISES["05.3"].expected()
    assert "looks like a share" in str(cs.check("05.3", spurious / 400))
    month12 = cs.simulate_repeat_base(12, new_per_month=50, casual_churn=0.14)["repeaters"].iloc[-1]
    assert "in month 12 itself" in str(cs.check("05.5", round(month12)))
    assert "cell of the attitude x repeat matrix" in str(cs.check("05.8", "spurious"))
    assert "another colour" in str(cs.check("05.12", "行動ロイヤルティ"))
    assert cs.check("05.12", "心理ロイヤルティ").passed is True
    # 05.11's hint keeps the two 0.97 apart: written as 1 - 0.03 where it is not the fans who stay
    assert "C' = (1 - 0.03) x 0.85 C + 75" in EXERCISES["05.11"].hint_for(0.0)


def test_counts_and_rates_follows_the_month_column_not_the_row_order():
    # issue 13: a shuffled table gave other changes, and a repeated month passed unnoticed
    table = cs.simulate_repeat_base(months=12)
    expected = cs.counts_and_rates(table)
    shuffled = table.sample(frac=1.0, random_state=3)
    assert not shuffled["month"].is_monotonic_increasing
    result = cs.counts_and_rates(shuffled)
    pd.testing.assert_frame_equal(result.reset_index(drop=True), expected.reset_index(drop=True))
    twice = pd.concat([table, table.iloc[[2]]])
    with pytest.raises(ValueError, match=r"table\['month'\] must hold each month once"):
        cs.counts_and_rates(twice)


# ---------------------------------------------------------------------------------------------
# issue 13: the declared arguments (cslearn/loyalty/parameters.py) refuse what the maths cannot take


@pytest.mark.parametrize("column", ["month", "customers", "repeaters", "leavers", "words"])
@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_counts_and_rates_refuses_nan_or_infinity_naming_the_column(column, bad):
    table = cs.simulate_repeat_base(months=4)
    table[column] = table[column].astype(float)
    table.loc[2, column] = bad
    with pytest.raises(ValueError, match=f"table.*{column}"):
        cs.counts_and_rates(table)


@pytest.mark.parametrize(("column", "bad", "error"), [
    ("stock", math.nan, ValueError), ("daily_demand", math.inf, ValueError), ("psych_share", 1.5, ValueError),
    ("daily_demand", 0, ValueError), ("stock", "many", TypeError),
])
def test_substitute_plan_refuses_a_bad_store_naming_the_table_and_column(column, bad, error):
    stores = pd.DataFrame({"store": ["A", "B"], "stock": [300, 120], "daily_demand": [20, 15],
                           "psych_share": [0.3, 0.6]}).astype({column: object})
    stores.loc[1, column] = bad
    if column != "stock" or bad != "many":
        stores[column] = pd.to_numeric(stores[column])
    with pytest.raises(error, match=f"stores.*{column}"):
        cs.substitute_plan(stores)


def test_the_matrix_reads_columns_of_any_name_and_names_them_when_they_are_bad():
    shop = cs.make_loyalty_customers(80, rng=4)
    renamed = shop.rename(columns={"attitude": "score", "repeat_purchases": "visits"})
    pd.testing.assert_series_equal(cs.loyalty_segments(renamed, attitude="score", repeat="visits"),
                                   cs.loyalty_segments(shop))
    renamed.loc[3, "score"] = math.inf
    with pytest.raises(ValueError, match=r"customers\['score'\]"):
        cs.loyalty_matrix(renamed, attitude="score", repeat="visits")
    with pytest.raises(TypeError, match="attitude must be a column name"):
        cs.loyalty_segments(shop, attitude=3)


def test_sizes_have_a_cap_that_the_error_states():
    with pytest.raises(ValueError, match="months must be a whole number between 1 and 600"):
        cs.simulate_repeat_base(10**12)
    with pytest.raises(ValueError, match=r"n must be a whole number between 1 and 1e\+06"):
        cs.make_loyalty_customers(10**12)
    with pytest.raises(ValueError, match="days must be a whole number between 1 and 3650"):
        cs.stockout_outcomes(days=10**6)


def test_a_whole_number_written_as_a_float_still_counts():
    pd.testing.assert_frame_equal(cs.make_loyalty_customers(50.0, rng=1), cs.make_loyalty_customers(50, rng=1))
    pd.testing.assert_frame_equal(cs.simulate_repeat_base(6.0), cs.simulate_repeat_base(6))


def test_review_and_simulation_tables_with_odd_values_are_refused_by_name():
    with pytest.raises(TypeError, match=r"reviews\['text'\] must hold strings"):
        cs.classify_reviews(pd.DataFrame({"text": ["fine", None]}))
    with pytest.raises(TypeError, match="reviews must hold strings"):
        cs.classify_reviews(["fine", 3])
    simulated = cs.simulate_stockout(customers=10, rng=0)
    with pytest.raises(TypeError, match="simulated column 'accepted' must hold True or False"):
        cs.summarise_stockout(simulated.assign(accepted=simulated["accepted"].astype(float)))
    with pytest.raises(ValueError, match="simulated column 'revenue' must hold finite numbers"):
        cs.summarise_stockout(simulated.assign(revenue=math.nan))
    with pytest.raises(ValueError, match="table column 'need'"):
        cs.plot_stockout_by_need(pd.DataFrame({"need": ["cold"], "kept": [1.0], "lost": [2.0]}))


def test_the_stockout_settings_are_declared_once_and_written_into_the_signatures():
    import inspect

    from cslearn.loyalty.parameters import SIMULATED_STOCKOUT, STOCKOUT

    for function, declared in ((cs.stockout_outcomes, STOCKOUT), (cs.simulate_stockout, SIMULATED_STOCKOUT)):
        parameters = inspect.signature(function).parameters
        assert {name: parameters[name].default for name in declared} == declared.defaults()
    with pytest.raises(TypeError, match="customers must be a whole number"):
        cs.simulate_stockout(customers=600.5)
    assert cs.stockout_outcomes(customers=600.5)["customers"].sum() == pytest.approx(600.5)
