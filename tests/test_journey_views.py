"""Chapter 06's explorers and figures, driven from Python."""

import matplotlib.pyplot as plt
import pytest
from conftest import assert_every_move_shows

import cslearn as cs


def test_ladder_explorer_moves_with_every_slider():
    explorer = cs.ladder_explorer(plans=4)
    assert set(explorer.controls) == {"advance_scale", "churn_scale", "plans", "discount_rate", "outgrown_stay"}
    ladder = cs.dance_school_ladder()
    assert cs.yen(cs.ladder_ltv(ladder, 4)) in explorer.text.value
    assert cs.yen(cs.ladder_ltv(ladder, 5)) in explorer.text.value  # the next stage's plan
    assert_every_move_shows(explorer, [("plans", 6), ("advance_scale", 1.5), ("churn_scale", 0.5),
                                       ("discount_rate", 0.0), ("outgrown_stay", 0.5)])
    moved = cs.dance_school_ladder(advance_scale=1.5, churn_scale=0.5)
    assert cs.yen(cs.ladder_ltv(moved, 6, discount_rate=0.0, outgrown_stay=0.5)) in explorer.text.value


def test_ladder_explorer_with_every_plan_has_no_next_stage():
    explorer = cs.ladder_explorer(plans=8)
    assert "next stage" not in explorer.text.value
    # nobody outgrows the teacher plan: the stay slider is greyed out and the readout says why
    assert explorer.controls["outgrown_stay"].disabled and "does not apply" in explorer.text.value
    before = explorer.text.value
    explorer.controls["outgrown_stay"].value = 0.5
    assert explorer.text.value == before  # it really does nothing here
    explorer.controls["plans"].value = 7
    assert "next stage (teacher)" in explorer.text.value
    assert not explorer.controls["outgrown_stay"].disabled and "does not apply" not in explorer.text.value


def test_ladder_explorer_handles_the_ends_of_its_sliders():
    explorer = cs.ladder_explorer()
    for name in ("advance_scale", "churn_scale", "plans", "discount_rate", "outgrown_stay"):
        control = explorer.controls[name]
        for end in (control.min, control.max):  # every end of every slider is a valid ladder
            explorer._compute(**dict(explorer.values(), **{name: end}))
    explorer.controls["advance_scale"].value = 0.0  # nobody moves up: the next plan adds nothing
    assert "(¥0)" in explorer.text.value and "must" not in explorer.text.value


def test_ladder_explorer_refuses_bad_starting_values():
    with pytest.raises(ValueError, match="plans"):
        cs.ladder_explorer(plans=0)
    with pytest.raises(ValueError, match="churn_scale"):
        cs.ladder_explorer(churn_scale=-1)


def test_experience_explorer_moves():
    explorer = cs.experience_explorer(rng=3)
    before_text, before_image = explorer.text.value, explorer.image.value
    explorer.controls["expectation"].value = 8.0  # a wrong, high expectation: the wine disappoints
    assert explorer.text.value != before_text and explorer.image.value != before_image
    survey = cs.simulate_party_survey(expectation=8.0, rng=3)
    summary = cs.summarise_experience(survey["expectation"], survey["satisfaction_silent"])
    assert f"{summary['mean_score']:+.2f}" in explorer.text.value
    assert summary["mean_score"] < 0
    explorer.controls["explanation_lift"].value = 4.0
    assert explorer.result["explained"]["mean_score"] > summary["mean_score"]


def test_delivery_explorer_moves():
    explorer = cs.delivery_explorer()
    assert set(explorer.controls) == {"messages", "lift", "fatigue", "return_lift", "ad_familiarity",
                                      "step_block_rate", "ad_block_rate"}
    for name, value in [("messages", 12), ("lift", 0.0), ("fatigue", 0.0), ("return_lift", 0.015),
                        ("ad_familiarity", 1.0), ("step_block_rate", 0.05), ("ad_block_rate", 0.0)]:
        before_text, before_image = explorer.text.value, explorer.image.value
        explorer.controls[name].value = value
        assert explorer.text.value != before_text, name
        assert explorer.image.value != before_image, name
    assert explorer.result["message"].max() == 12
    step = explorer.result[explorer.result["plan"] == "step delivery"]
    assert step["returns"].iloc[0] == pytest.approx(1000 * 0.6 * (0.01 + 0.015))  # r + rho f with f = 1
    assert step["subscribers"].iloc[1] == pytest.approx(1000 * 0.95)  # the helpful block rate moved
    ads = explorer.result[explorer.result["plan"] == "one-off ads"]
    assert ads["fans"].iloc[-1] > 0  # with a video's familiarity, no fatigue and no blocking, ads make fans
    assert ads["subscribers"].iloc[-1] == pytest.approx(1000)


def test_delivery_readout_reads_as_a_sentence():
    explorer = cs.delivery_explorer(messages=2)
    text = explorer.text.value
    assert text.startswith("After 2 messages to 1,000 customers")
    assert "<b>0 fans</b>" in text  # two helpful videos: familiarity 2, not yet 5
    assert "1 fans" not in text and "1 return visits" not in text


def test_delivery_readout_says_why_ads_make_no_fans():
    explorer = cs.delivery_explorer()  # 8 ads x 0.25 = 2, short of 5
    assert "Ads can make no fans: even a customer who opens all 8 reaches a familiarity of 2, short of 5." in (
        explorer.text.value)
    explorer.controls["ad_familiarity"].value = 0.6  # 8 x 0.6 = 4.8: still none
    assert "<b>0 fans</b> (a fan" in explorer.text.value and "familiarity of 4.8" in explorer.text.value
    explorer.controls["ad_familiarity"].value = 1.5  # past 1, the slider's old end: 4 opened ads make a fan
    assert "Ads can make no fans" not in explorer.text.value
    ads = explorer.result[explorer.result["plan"] == "one-off ads"]
    assert ads["fans"].iloc[-1] > 0


def test_readout_helpers_count_and_sign_like_sentences():
    from cslearn.journey.explorers import _count, _signed_yen

    assert _signed_yen(-0.4) == "¥0" and _signed_yen(1200) == "+¥1,200" and _signed_yen(-1200) == "-¥1,200"
    assert _count(1, "fan", "fans") == "1 fan" and _count(0.6, "fan", "fans") == "1 fan"
    assert _count(2, "fan", "fans") == "2 fans" and _count(1234, "visit", "visits") == "1,234 visits"


def test_service_explorer_moves():
    explorer = cs.service_explorer()
    assert f"<b>{cs.free_to_paid()['paid'].iloc[-1]:.0f} paying members</b>" in explorer.text.value
    assert "The best fix net of its cost: 'move the community to Facebook'" in explorer.text.value
    for name, value in [("conversion", 0.2), ("free_churn", 0.0), ("churn", 0.1), ("price", 8000)]:
        before_text, before_image = explorer.text.value, explorer.image.value
        explorer.controls[name].value = value
        assert explorer.text.value != before_text, name
        assert explorer.image.value != before_image, name
    assert "100 % of free members ever pay" in explorer.text.value
    want = cs.free_to_paid(conversion=0.2, free_churn=0.0, churn=0.1, price=8000)["revenue"].iloc[-1]
    assert cs.yen(want) in explorer.text.value
    explorer.controls["free_churn"].value = 0.5
    explorer.controls["conversion"].value = 0.3  # 0.3 + 0.5 <= 1 fine; the explorer caps any excess
    assert explorer.result["ever_pay"] == pytest.approx(0.3 / 0.8)


def test_new_business_explorer_moves_with_every_slider():
    explorer = cs.new_business_explorer()
    assert "1,000 members, 300 with the need, <b>30 customers</b>" in explorer.text.value  # 20,000 x 5 %, x 0.3, x 0.1
    for name, value in [("share", 0.12), ("need_share", 0.5), ("take_up", 0.2), ("price", 10_000),
                        ("churn", 0.05), ("cac", 50_000)]:
        before_text, before_image = explorer.text.value, explorer.image.value
        explorer.controls[name].value = value
        assert explorer.text.value != before_text, name
        assert explorer.image.value != before_image, name
    row = cs.new_business_from_share(20_000, 0.12, need_share=0.5, take_up=0.2, price=10_000, churn=0.05,
                                     cac=50_000).iloc[0]
    assert f"<b>{cs.yen(row['lifetime_revenue'])}</b>" in explorer.text.value
    assert f"would pay {cs.yen(row['acquisition_saved'])}" in explorer.text.value
    explorer.controls["take_up"].value = 0.0
    assert "<b>0 customers</b>" in explorer.text.value
    with pytest.raises(ValueError, match="need_share"):
        cs.new_business_explorer(need_share=2)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_figure_draws_in_both_languages(language):
    cs.set_language(language)
    ladder = cs.dance_school_ladder()
    survey = cs.simulate_party_survey(rng=3)
    axes = [
        cs.plot_experience(survey),
        cs.plot_experience_what_if(cs.experience_what_if(survey, [-1, 0, 1], [-1, 0, 1])),
        cs.plot_ladder(cs.ladder_values(ladder, plans=3).assign(stage_ja=ladder["stage_ja"])),
        cs.plot_plan_values(cs.plan_values(ladder), chosen=3),
        cs.plot_ladder_occupancy(cs.ladder_occupancy(ladder, months=24), stage_ja=ladder["stage_ja"]),
        cs.plot_delivery(cs.compare_delivery(), column="fans"),
        cs.plot_recovery(cs.recovery_by_fix(cs.tally_cancellations(cs.simulate_cancellations()))),
        cs.plot_free_to_paid(cs.free_to_paid()),
        cs.plot_new_business(cs.new_business_from_share(20_000, [0.0, 0.1, 0.2]), chosen=0.1),
    ]
    for ax in axes:
        assert ax.get_title() or ax.get_ylabel()
    if language == "ja":
        assert axes[2].get_xticklabels()[0].get_text() == "初心者"
        assert axes[3].get_xlabel() == "プランのある成長段階の数"
    plt.close("all")


def test_plot_delivery_refuses_an_unknown_column():
    with pytest.raises(ValueError, match="column must be one of"):
        cs.plot_delivery(cs.compare_delivery(), column="likes")


def test_figures_say_what_they_show():
    cs.set_language("en")
    ladder = cs.dance_school_ladder()
    ax = cs.plot_ladder(cs.ladder_values(ladder, plans=3))
    assert ax.get_ylabel().startswith("Discounted")
    assert any("chance a new student reaches" in t.get_text() for t in ax.texts)  # the key to the percentages
    survey = cs.simulate_party_survey(rng=3)
    assert "host explains" in cs.plot_experience_what_if(cs.experience_what_if(survey, [0], [0])).get_title()
    table = cs.compare_delivery()
    for column in ("open_rate", "cumulative_returns", "fans"):
        ax = cs.plot_delivery(table, column=column)
        assert ax.get_title() and ax.get_ylim()[0] == 0, column
    plt.close("all")


def test_explorers_name_a_bad_starting_value_in_one_sentence():
    # each rate of the delivery explorer is named as the explorer calls it, not as MessagePlan does
    with pytest.raises(ValueError, match=r"^step_block_rate must be between 0 and 1 \(got 1.5\): a share is "
                                         r"written as a fraction, 1.5 % as 0.015$"):
        cs.delivery_explorer(step_block_rate=1.5)
    with pytest.raises(ValueError, match=r"^ad_familiarity must be between 0 and 10 \(got -1\)$"):
        cs.delivery_explorer(ad_familiarity=-1)
    with pytest.raises(TypeError, match=r"^guests must be a whole number \(got 2.5\)$"):
        cs.experience_explorer(guests=2.5)
    with pytest.raises(ValueError, match=r"^market must be between 0 and"):
        cs.new_business_explorer(market=-5)
