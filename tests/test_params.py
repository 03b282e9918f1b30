"""The parameter declarations (cslearn.params) and the business models' use of them."""

from __future__ import annotations

import inspect
import math

import pytest

from cslearn.business_models import MODELS, model_parameters
from cslearn.params import Param, ParamSet, at_most, declared

SHARE = Param("churn", 0.05, 0, 1, unit="share", meaning="monthly churn", step=0.01)
WHOLE = Param("max_visits", 8, 1, 62, unit="visits", integer=True, kind="chosen")


@pytest.mark.parametrize("bad", [True, "0.1", None, [0.1]])
def test_check_refuses_what_is_not_a_number_with_a_type_error_naming_the_parameter(bad):
    with pytest.raises(TypeError, match="churn"):
        SHARE.check(bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, -0.01, 1.01, 1e308])
def test_check_refuses_out_of_range_values_naming_the_parameter_and_its_range(bad):
    with pytest.raises(ValueError, match=r"churn must be .*0.*1"):
        SHARE.check(bad)


def test_whole_numbers_refuse_fractions_and_keep_ints():
    assert WHOLE.check(3) == 3 and isinstance(WHOLE.check(3), int)
    with pytest.raises(TypeError, match="max_visits"):
        WHOLE.check(2.5)
    with pytest.raises(ValueError, match="max_visits"):
        WHOLE.check(0)


def test_a_declaration_refuses_its_own_bad_default_and_an_unknown_kind():
    with pytest.raises(ValueError, match="lapse"):
        Param("lapse", 1.5, 0, 1)
    with pytest.raises(ValueError, match="kind"):
        Param("lapse", 0.05, 0, 1, kind="guess")


def test_resolve_merges_checks_and_names_the_accepted_parameters():
    demo = ParamSet("demo", [SHARE, WHOLE, Param("visit_rate", 4.0, 0, 62)],
                    rules=[at_most("visit_rate", "max_visits")], register=False)
    assert demo.resolve(churn=0.2) == {"churn": 0.2, "max_visits": 8, "visit_rate": 4.0}
    with pytest.raises(TypeError, match="churn, max_visits, visit_rate"):
        demo.resolve(chrun=0.2)
    with pytest.raises(ValueError, match="visit_rate must be at most max_visits"):
        demo.resolve(visit_rate=9)
    assert "demo" not in declared()


def test_the_table_view_and_the_slider_spec_come_from_the_declaration():
    table = ParamSet("demo", [SHARE, WHOLE], register=False).table()
    assert list(table.columns) == ["name", "default", "range", "unit", "meaning", "kind"]
    assert table["range"].tolist() == ["0 to 1", "1 to 62 (whole)"]
    assert SHARE.slider_spec(0.1, high=0.3) == {"value": 0.1, "low": 0, "high": 0.3, "step": 0.01,
                                                 "integer": False, "fmt": ".0%"}
    with pytest.raises(ValueError, match="churn"):
        SHARE.slider_spec(2.0)  # a bad starting value is refused, naming the parameter


def test_every_business_model_is_declared_once_and_the_registry_reads_it():
    sets = declared()
    assert set(MODELS) <= set(sets)
    for name, model in MODELS.items():
        assert model.parameters is sets[name]
        table = model_parameters(name)
        assert table["parameter"].tolist() == list(model.parameters)
        assert table["default"].tolist() == [p.default for p in model.parameters.values()]


@pytest.mark.parametrize("name", list(MODELS))
def test_each_declared_bound_reaches_both_functions(name):
    """Just past each parameter's declared bound, the simulator and its twin refuse it, naming it."""
    model = MODELS[name]
    checked = 0
    for parameter in model.parameters.values():
        for bad in (parameter.low - 1 if parameter.low is not None else None,
                    parameter.high + 1 if parameter.high is not None else None):
            if bad is None:
                continue
            checked += 1
            with pytest.raises(ValueError, match=parameter.name):
                model.expected(3, **{parameter.name: bad})
            with pytest.raises(ValueError, match=parameter.name):
                model.simulate(5, 2, **{parameter.name: bad})
    assert checked >= len(model.parameters)  # every parameter has at least one bound


def test_the_owner_payback_functions_take_the_owner_set_without_owner_share():
    from cslearn.business_models.owner import ONE_OWNER, owner_gain_decomposition, owner_payback

    assert "owner_share" not in ONE_OWNER
    for function in (owner_payback, owner_gain_decomposition):
        keywords = [p.name for p in inspect.signature(function).parameters.values() if p.kind == p.KEYWORD_ONLY]
        assert set(ONE_OWNER) <= set(keywords)
        with pytest.raises(TypeError, match="owner_share"):
            function(12, owner_share=0.5)


def test_a_misspelled_keyword_is_answered_with_the_argument_meant():
    import cslearn as cs

    meant = r"project_pnl\(\): got an unexpected keyword argument 'chrun'; did you mean 'churn'\?"
    with pytest.raises(TypeError, match=meant):
        cs.project_pnl(60, 100, chrun=0.05)
    with pytest.raises(TypeError, match="'xyz'; it takes arpu, churn, margin"):
        cs.lifetime_value(10_000, 0.05, xyz=3)


def test_a_share_given_as_a_percentage_is_told_how_to_write_it():
    import cslearn as cs

    with pytest.raises(ValueError, match=r"churn must be between 0 and 1 \(got 5\): a share is written as a fraction, "
                                         r"5 % as 0.05"):
        cs.lifetime_value(10_000, 5)
    with pytest.raises(ValueError, match=r"\(got 1.3\): a share is written as a fraction, 1.3 % as 0.013"):
        cs.lifetime_value(10_000, 1.3)
    with pytest.raises(ValueError, match=r"\(got 500\)$"):
        cs.lifetime_value(10_000, 500)
