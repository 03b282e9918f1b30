"""Every explorer's sliders come from the parameter declarations (issue 12: one declaration feeds the
simulator, the registry, the explorer's sliders and the bad-input errors).

A slider whose name is a declared argument of its explorer must be built by
:func:`cslearn.explorer.sliders` from that declaration: its range, step, whole-number-ness and
format are the declaration's ``slider_spec`` (its ``view``/``step``, with the overrides the explorer
passed for a view of its own). A slider typed by hand (``slider("Months", months, 6, 60, 1)``) fails.
"""

from types import SimpleNamespace

import ipywidgets as widgets
import pytest
from bad_inputs import base_call
from conftest import explorer_factories

from cslearn.explorer import slider, slider_spec, sliders
from cslearn.params import Param, declarations_of

EXPLORERS = explorer_factories()


def _range(declaration: Param) -> tuple:
    return declaration.low, declaration.high, declaration.low_open, declaration.integer, declaration.unit


def not_from_declarations(view, declared: dict) -> list[str]:
    """The sliders of ``view`` that do not show what their declaration says, each with the reason.

    ``declared`` is the explorer's declarations by argument name; a slider built by ``sliders`` for a
    parameter the explorer does not take itself (the after-purchase figures, say) is checked against
    the declaration it was built from.
    """
    problems = []
    for name, control in view.controls.items():
        if not isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
            continue
        own = declared.get(name)
        built = getattr(control, "declared", None)
        if built is None:
            if isinstance(own, Param):
                problems.append(f"{name}: a declared argument whose slider types its own range")
            continue
        declaration, overrides = built
        if declaration.name != name:
            problems.append(f"{name}: built from the declaration of {declaration.name!r}")
        if isinstance(own, Param) and _range(own) != _range(declaration):
            problems.append(f"{name}: built from a declaration accepting {declaration.range_text()}, "
                            f"but the explorer accepts {own.range_text()}")
        unknown = set(overrides) - {"low", "high", "step", "fmt", "integer"}
        if unknown:
            problems.append(f"{name}: overrides {sorted(unknown)}, which are not a slider's view")
        spec = slider_spec(own if isinstance(own, Param) else declaration, control.value, overrides)
        wanted = {
            "min": min(spec["low"], control.value), "max": max(spec["high"], control.value), "step": spec["step"],
            "kind": widgets.IntSlider if spec["integer"] else widgets.FloatSlider,
            "format": spec["fmt"] or ("d" if spec["integer"] else ".2f"),
        }
        shown = {"min": control.min, "max": control.max, "step": control.step, "kind": type(control),
                 "format": control.readout_format}
        for key, want in wanted.items():
            same = shown[key] == pytest.approx(want) if key in ("min", "max", "step") else shown[key] == want
            if not same:
                problems.append(f"{name}: {key} is {shown[key]!r}, its declaration says {want!r}")
    return problems


@pytest.fixture
def unrendered(monkeypatch):
    """Explorers built without drawing: a starting value is checked before anything is drawn."""
    from cslearn.explorer import Explorer

    monkeypatch.setattr(Explorer, "update", lambda self: None)


@pytest.mark.parametrize("name, factory", EXPLORERS, ids=[name for name, _ in EXPLORERS])
def test_every_slider_on_a_declared_argument_comes_from_its_declaration(name, factory, unrendered):
    view = factory(**base_call(factory))  # the sliders are made before the first draw, which changes none
    assert not_from_declarations(view, declarations_of(factory)) == []


def test_most_sliders_are_built_from_declarations(unrendered):
    """The check above looks at something: nearly every slider of every explorer carries its declaration."""
    built = typed = 0
    for _, factory in EXPLORERS:
        for control in factory(**base_call(factory)).controls.values():
            if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
                built += hasattr(control, "declared")
                typed += not hasattr(control, "declared")
    assert built >= 90 and typed <= 1, (built, typed)  # typed: growth's upsell cost share, not an argument


MONTHS = Param("months", 24, 1, 1200, integer=True, unit="months", view=(6, 60))


def test_the_check_refuses_a_slider_typed_by_hand():
    view = SimpleNamespace(controls={"months": slider("Months", 24, 6, 60, 1, integer=True)})
    assert not_from_declarations(view, {"months": MONTHS}) == [
        "months: a declared argument whose slider types its own range"]


def test_the_check_refuses_a_slider_whose_range_moved_away_from_its_declaration():
    controls = sliders({"months": MONTHS}, {}, {"months": "Months"})
    view = SimpleNamespace(controls=controls)
    assert not_from_declarations(view, {"months": MONTHS}) == []
    controls["months"].max = 36
    assert not_from_declarations(view, {"months": MONTHS}) == ["months: max is 36, its declaration says 60"]


def test_the_check_refuses_a_slider_built_from_another_range_than_the_explorer_accepts():
    wider = Param("months", 24, 1, 2400, integer=True, unit="months", view=(6, 60))
    view = SimpleNamespace(controls=sliders({"months": wider}, {}, {"months": "Months"}))
    assert not_from_declarations(view, {"months": MONTHS}) == [
        "months: built from a declaration accepting 1 to 2,400 (whole), but the explorer accepts 1 to 1,200 (whole)"]


def test_sliders_take_the_declared_default_and_refuse_an_override_without_a_slider():
    made = sliders({"months": MONTHS}, {"months": None}, {"months": "Months"}, months={"high": 36})
    assert (made["months"].value, made["months"].min, made["months"].max) == (24, 6, 36)
    with pytest.raises(TypeError, match="overrides name 'churn'"):
        sliders({"months": MONTHS}, {}, {"months": "Months"}, churn={"high": 0.5})


# --- starting values (issue 13: an explorer given a bad starting value says so in one sentence) -----


def _slider_arguments(factory, view) -> dict:
    """The sliders of ``view`` whose names are arguments the explorer takes as starting values."""
    import inspect

    taken = inspect.signature(factory).parameters
    return {name: control for name, control in view.controls.items()
            if name in taken and isinstance(control, (widgets.IntSlider, widgets.FloatSlider))}


@pytest.mark.parametrize("name, factory", EXPLORERS, ids=[name for name, _ in EXPLORERS])
def test_every_end_of_a_slider_is_a_starting_value_unless_moving_there_is_refused_too(name, factory, monkeypatch):
    """A start a slider can reach is accepted, or else the same combination cannot be shown when the
    slider is moved there either: the view turns stale and says why, or the explorer moves another
    slider to make it possible (the start it was given is then refused, naming the two)."""
    from cslearn.explorer import Explorer

    monkeypatch.setattr(Explorer, "update", lambda self: None)  # a start is checked before anything is drawn
    valid = base_call(factory)
    refused = []
    for key, control in _slider_arguments(factory, factory(**valid)).items():
        for value in (control.min, control.max):
            try:
                factory(**{**valid, key: value})
            except (TypeError, ValueError) as error:
                assert key in str(error) or "must be" in str(error), (key, value, error)
                refused.append((key, value))
    monkeypatch.undo()  # draw again: the moves must show their refusal in the readout
    if refused:
        for key, value in refused:
            view = factory(**valid)
            others = {k: c.value for k, c in view.controls.items() if k != key}
            view.controls[key].value = value
            moved = {k for k, v in others.items() if view.controls[k].value != v}  # (recency follows T down)
            assert view.stale or moved, (key, value)


@pytest.mark.parametrize("name, factory", EXPLORERS, ids=[name for name, _ in EXPLORERS])
def test_a_start_between_the_whole_steps_of_a_slider_is_refused_naming_it(name, factory, unrendered):
    """A whole-step slider would round 2.5 yen to 2 and show another figure than the one asked for."""
    valid = base_call(factory)
    for key, control in _slider_arguments(factory, factory(**valid)).items():
        if isinstance(control, widgets.IntSlider):
            with pytest.raises(TypeError, match=f"{key} must be a whole number"):  # by its declaration or its slider
                factory(**{**valid, key: control.value + 0.5})
