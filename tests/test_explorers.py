import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest
from bad_inputs import base_call
from conftest import assert_every_move_shows, explorer_factories

import cslearn as cs
import cslearn.explorer as explorer_module


def test_ownership_explorer_slider_changes_readout_and_figure():
    explorer = cs.ownership_explorer()
    text, image = explorer.text.value, explorer.image.value
    assert "month 4" in text
    explorer.controls["monthly_fee"].value = 500
    assert "month 6" in explorer.text.value  # 3,000 / 500
    assert explorer.image.value != image
    explorer.controls["churn"].value = 0.3  # 500 / 0.3 < 3,000: the seller never gets there
    assert "never" in explorer.text.value
    assert explorer.result["table"]["subscribe_expected"].iloc[-1] < 3000


def test_ownership_explorer_says_when_the_break_even_lies_beyond_the_plot():
    explorer = cs.ownership_explorer(months=60)
    explorer.controls["monthly_fee"].value, explorer.controls["price_once"].value = 100, 20_000
    shown = explorer.result["table"]["month"].max()
    assert explorer.result["customer"] > shown  # 20,000 / 100 = month 200, past the 60 months drawn
    assert "<b>month 200</b>, beyond the 60 months shown" in explorer.text.value
    explorer.controls["price_once"].value = 3_000  # month 30 is on the plot: no remark
    assert "<b>month 30</b>;" in explorer.text.value and "beyond" not in explorer.text.value


def test_route_explorer_reads_as_sentences_at_the_extremes():
    explorer = cs.route_explorer(months=60)
    # everyone caught short, every shopper elsewhere stays away, nothing prevented: both lose every household
    for name, value in [("anticipation", 0.0), ("caught_short", 1.0), ("switch", 1.0)]:
        explorer.controls[name].value = value
    assert explorer.result["summary"]["households_left"].round().eq(0).all()
    assert "neither seller keeps any of the 100 regular households" in explorer.text.value
    assert "the one who waits 0" not in explorer.text.value
    # nobody is caught short and keeping track is free: the two policies tie, which is not "pays from month 1"
    for name, value in [("anticipation", 0.9), ("caught_short", 0.0), ("care_cost", 0)]:
        explorer.controls[name].value = value
    assert "earn the same over 60 months" in explorer.text.value
    assert "both sellers still have <b>100 of 100 regular households</b>" in explorer.text.value
    assert "pays from" not in explorer.text.value and "from the first month" not in explorer.text.value
    explorer.controls["caught_short"].value = 0.3  # free care that prevents shortages is ahead at once
    assert "is ahead from the first month" in explorer.text.value


def test_budget_explorer_moves_with_every_slider():
    explorer = cs.budget_explorer(acquisition_share=1.0)
    assert set(explorer.controls) == {"acquisition_share", "cost_ratio", "churn", "months", "new_customer_value"}
    moves = [("acquisition_share", 0.6), ("cost_ratio", 2.0), ("churn", 0.1), ("months", 36),
             ("new_customer_value", 0.5)]
    assert_every_move_shows(explorer, moves)
    assert explorer.result["chosen"]["month"].iloc[-1] == 36


def test_explorer_is_a_thin_view_over_the_compute_function():
    explorer = cs.budget_explorer(acquisition_share=0.6)
    direct = cs.budget_split(0.6)
    assert explorer.result["chosen"].equals(direct)


def test_explorer_reports_an_impossible_setting_instead_of_failing():
    slider = widgets.FloatSlider(value=1.0, min=-1, max=2)
    explorer = cs.Explorer({"churn": slider}, lambda churn: cs.break_even_month(3000, 980, churn=churn),
                           lambda result, fig: fig.add_subplot().plot([1, 2]), lambda r: f"month {r}")
    slider.value = 1.5
    assert "churn must be between 0 and 1" in explorer.text.value


def test_widget_check_reacts():
    box = cs.widget_check()
    slider, text = box.children
    before = text.value
    slider.value = 1000
    assert text.value != before and "¥12,000" in text.value


def test_explorer_displays_as_a_widget():
    bundle = cs.ownership_explorer()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize(("bad", "match"), [({"price_once": -5}, "price_once"), ({"churn": 2.0}, "churn")])
def test_explorer_constructor_refuses_bad_starting_values(bad, match):
    with pytest.raises(ValueError, match=match):
        cs.ownership_explorer(**bad)
    with pytest.raises(ValueError, match="cost_ratio"):
        cs.budget_explorer(cost_ratio=-1)


def test_a_valid_start_outside_the_usual_range_is_kept():
    explorer = cs.ownership_explorer(price_once=50_000)
    assert explorer.controls["price_once"].value == 50_000


def test_an_impossible_combination_hides_the_figure_until_it_makes_sense():
    from cslearn.explorer import Explorer, slider

    def compute(churn):
        if churn > 0.5:
            raise ValueError("churn must be at most 0.5")
        return churn

    control = slider("Churn", 0.1, 0, 0.9, 0.1)
    view = Explorer({"churn": control}, compute, lambda r, figure: figure.add_subplot().plot([0, 1], [r, r]))
    assert not view.stale and view.image.layout.visibility == "visible"
    control.value = 0.8
    assert view.stale and view.image.layout.visibility == "hidden" and view.result is None
    assert "at most 0.5" in view.text.value
    control.value = 0.2
    assert not view.stale and view.image.layout.visibility == "visible" and view.result == 0.2


def test_the_benchmark_finds_every_topic_s_explorers():
    """make bench measures the explorers explorer_factories finds: all of them, by name."""
    found = dict(explorer_factories())
    assert len(found) >= 20
    assert {name.split(".")[0] for name in found} == {"ownership", "business_models", "value", "retention", "loyalty",
                                                      "journey"}
    assert found["value.pnl_explorer"] is cs.value.pnl_explorer


def test_a_move_keeps_the_layout_while_the_labels_fit_and_lays_out_again_when_they_do_not():
    from cslearn.explorer import Explorer, slider

    def draw(top, figure):
        left, right = figure.subplots(1, 2)
        left.plot([0, 1], [0, top])
        left.set_ylabel("customers")
        left.yaxis.set_major_formatter("{x:,.0f}")
        right.plot([0, 1], [top, 0])

    explorer = Explorer({"top": slider("Top", 10, 1, 10**9, 1, integer=True)}, lambda top: top, draw)
    first = [ax.get_position().bounds for ax in explorer.figure.axes]
    explorer.controls["top"].value = 12  # tick labels as wide as before (0 to 12 by 2): the panels stay where they were
    assert [ax.get_position().bounds for ax in explorer.figure.axes] == first
    explorer.controls["top"].value = 10**9  # tick labels 13 characters wide: laid out again, and nothing clipped
    moved = [ax.get_position().bounds for ax in explorer.figure.axes]
    assert moved[0][0] > first[0][0], "the left panel moves right to make room for its wider tick labels"
    renderer = explorer.figure.canvas.get_renderer()
    for ax in explorer.figure.axes:
        box = ax.get_tightbbox(renderer)
        assert box.x0 >= 0 and box.x1 <= explorer.figure.bbox.x1


def _moves(factory):
    """The images and readouts of an explorer from ``factory`` as each slider moves three steps, then
    as all go back at once, in one redraw (the slider moves of ``make bench``, and more). Going back
    one slider at a time would cost a redraw each and show one picture at the end all the same."""
    view = factory(**base_call(factory))
    shown = [(view.image.value, view.text.value)]
    sliders = {name: c for name, c in view.controls.items() if isinstance(c, (widgets.FloatSlider, widgets.IntSlider))}
    starts = {name: c.value for name, c in sliders.items()}
    for control in sliders.values():
        up = control.value + 3 * control.step
        control.value = up if up <= control.max else control.value - 3 * control.step
        shown.append((view.image.value, view.text.value))
    for control in sliders.values():
        control.unobserve(view._changed, names="value")
    for name, control in sliders.items():
        control.value = starts[name]
    view.update()
    shown.append((view.image.value, view.text.value))
    assert {name: view.values()[name] for name in starts} == starts and not view.stale
    return shown


@pytest.mark.parametrize("name, factory", explorer_factories(), ids=[name for name, _ in explorer_factories()])
def test_a_move_shows_what_a_figure_drawn_anew_would(name, factory, monkeypatch):
    """A move draws again on the Axes of the last draw, cleared, or moves its artists (issue 16): every
    image is the same, to the byte, as when each draw starts from a cleared figure and new Axes."""
    with monkeypatch.context() as anew:
        def redraw(view, result):
            view.figure._made, view.figure._spare = [], []
            view.figure.clear()
            view._draw(result, view.figure)

        anew.setattr(explorer_module.Explorer, "redraw", redraw)
        expected = _moves(factory)
    assert _moves(factory) == expected


def test_the_axes_of_the_last_draw_come_back_only_when_asked_for_the_same_way():
    from cslearn.explorer import _ReusingFigure

    figure = _ReusingFigure()
    left, right = figure.subplots(1, 2)
    twin = left.twinx()
    left.spines["top"].set_visible(False)
    left.tick_params(labelsize="small")
    left._cslearn_mark = "drawn"
    figure.clear_for_reuse()
    again = figure.subplots(1, 2, sharey=True)  # the second one now shares: a new Axes
    figure.drop_spares()
    assert again[0] is left and again[1] is not right and twin not in figure.axes
    assert figure.axes == list(again)
    assert left.spines["top"].get_visible(), "a setting the last draw made is undone"
    assert not hasattr(left, "_cslearn_mark"), "and so is a mark the course's plots left on it"
    assert left.xaxis._major_tick_kw == again[1].xaxis._major_tick_kw, "ticks are made as on a new Axes"


def test_a_move_after_the_language_changes_draws_the_figure_again_in_it():
    from cslearn.language import label, set_language

    view = cs.delivery_explorer()  # moves its lines on a move, keeping the labels
    view.controls["messages"].value = 10
    assert view.figure.axes[0].get_xlabel() == label("journey_message", "en")
    set_language("ja")
    view.controls["messages"].value = 12
    assert view.figure.axes[0].get_xlabel() == label("journey_message", "ja")


def test_text_laid_out_once_draws_the_same_pixels(monkeypatch):
    """Each text's glyph layout is kept for the next draw (issue 16); drawing from it changes no pixel."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from cslearn.explorer import _draw_noting_texts

    cs.use_theme()

    def pixels():
        figure = Figure(figsize=(4, 3), dpi=90)
        canvas = FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        ax.plot([0, 1], [0, 1_000])
        ax.set_title("顧客数の推移 (Customers)")
        ax.set_xlabel("Month", rotation=10)
        ax.text(0.5, 500, r"$\alpha = 0.7$")
        ax.text(0.1, 800, "Month", fontsize=20)  # the same text at another size,
        ax.text(0.1, 300, "Month", rotation=30)  # and at another angle
        ax.legend(["売上 ¥1.2万"])
        drawn = _draw_noting_texts(canvas)
        return bytes(canvas.buffer_rgba()), len(drawn)

    with monkeypatch.context() as fresh:
        fresh.setattr(explorer_module, "_LAYOUTS_REUSABLE", False)
        expected = pixels()
    assert pixels() == expected and pixels() == expected  # laid out, then drawn from the kept layouts
    plt.close("all")


# --- bad starting values found by the issue-13 fuzzer: each refused in one sentence naming it -------


def test_the_comparison_explorer_takes_none_for_every_model_as_its_declaration_says():
    explorer = cs.business_model_explorer(models=None)
    assert explorer.controls["models"].value == tuple(cs.business_models.MODELS)


@pytest.mark.parametrize(("factory", "name"), [(cs.business_model_explorer, "fee"), (cs.meat_explorer, "meal_price"),
                                               (cs.pnl_explorer, "cac"), (cs.ownership_explorer, "monthly_fee")])
def test_a_yen_start_a_whole_yen_slider_would_round_is_refused_naming_it(factory, name):
    with pytest.raises(TypeError, match=f"^{name} must be a whole number of yen here, as its slider moves in whole"):
        factory(**{name: 2.5})


def test_a_start_rounded_to_a_refused_value_is_refused_and_float_noise_is_not():
    with pytest.raises(TypeError, match=r"^monthly_fee must be a whole number of yen here.*\(got 1e-300\)"):
        cs.ownership_explorer(monthly_fee=1e-300)  # a fee of 0 would be refused (greater than 0)
    assert cs.business_model_explorer(fee=1e-300).controls["fee"].value == 0  # a fee of 0 is a fee
    assert cs.ownership_explorer(monthly_fee=0.1 * 3 * 10_000).controls["monthly_fee"].value == 3_000


def test_a_fixed_cost_whose_loss_line_passes_the_cap_is_refused_naming_fixed_cost():
    with pytest.raises(ValueError, match=r"^fixed_cost must be at most ¥500,000,000,000 with the shop's 50 % margin"):
        cs.next_month_explorer(fixed_cost=10**12)
    assert "a loss below" in cs.next_month_explorer(fixed_cost=400_000_000_000).text.value


def test_the_growth_explorer_reads_an_mrr_that_stays_at_zero_in_words():
    text = cs.growth_explorer(arpu=0).text.value
    assert "acquisition-only's MRR stays level" in text and "a new customer none (an ARPU of ¥0)" in text
    assert "nan" not in text.lower() and "inf" not in text


def test_the_pnl_explorer_says_a_cac_of_zero_leaves_the_ratio_undefined_never_infinite():
    explorer = cs.pnl_explorer(cac=0)
    assert "LTV/CAC <b>not defined</b> (a CAC of ¥0: nothing to divide by)" in explorer.text.value
    explorer.controls["churn"].value = 0.0  # nobody leaves and nothing is discounted: no limit
    text = explorer.text.value
    assert "LTV <b>without limit</b>" in text and "∞" not in text


def _clv_call(**more):
    from bad_inputs import base_call

    return {**base_call(cs.clv_explorer), **more}


@pytest.mark.parametrize(("bad", "message"), [
    ({"horizon": 1e308}, "^horizon must be a whole number from 1 to 10,000"),
    ({"horizon": 10**12}, "^horizon must be a whole number from 1 to 10,000"),
    ({"discount_rate": 1e308}, "^discount_rate must be between 0 and 1"),
    ({"margin": 0}, "^margin must be greater than 0 and at most 1"),
    ({"period_length": 0.5}, "^period_length must be at least 1"),
    ({"currency": ""}, "^currency must be a currency symbol of 1 to 3 characters"),
    ({"currency": "no such"}, "^currency must be a currency symbol of 1 to 3 characters"),
])
def test_the_clv_explorer_refuses_a_bad_start_naming_it(bad, message):
    with pytest.raises(ValueError, match=message):
        cs.clv_explorer(**_clv_call(**bad))


@pytest.mark.parametrize("spend", [float("inf"), 1e308, -1.0, "many"])
def test_the_clv_explorer_refuses_bad_spend_naming_the_table_and_the_column(spend):
    rfm = _clv_call()["rfm"].astype({"monetary_value": object})
    rfm.loc[rfm.index[0], "monetary_value"] = spend
    if not isinstance(spend, str):
        rfm["monetary_value"] = rfm["monetary_value"].astype(float)
    with pytest.raises((TypeError, ValueError), match="^rfm column 'monetary_value' must hold"):
        cs.clv_explorer(**_clv_call(rfm=rfm))


def test_the_clv_explorer_accepts_the_ends_of_its_sliders_and_a_yen_sign():
    view = cs.clv_explorer(**_clv_call(margin=0.05, horizon=260, discount_rate=0.03, currency="円"))
    assert not view.stale and "円" in view.text.value


@pytest.mark.parametrize(("factory", "name"), [(cs.ladder_explorer, "churn_scale"), (cs.service_explorer, "churn")])
@pytest.mark.parametrize("value", [0, 1e-300])
def test_a_churn_no_slider_reaches_and_the_view_cannot_show_is_refused_naming_it(factory, name, value):
    # the view showed a refusal naming a ladder stage or the cancellation tally, not the argument
    with pytest.raises(ValueError, match=f"^{name} must be between 0.01 and"):
        factory(**{name: value})
    assert not factory(**{name: 0.01}).stale
