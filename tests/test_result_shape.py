"""One result shape: every public result carries its table as ``.table`` and its summary as ``.summary``.

The convention (docs/architecture.md): a result object that carries a table carries it as ``.table``,
a pandas DataFrame; a summary that travels with it is ``.summary``, a pandas Series of numbers
(name -> number); other DataFrames on a result are DataFrame attributes with plain names. The result
classes are found, not listed: every public class of every topic (``cslearn.TOPICS`` and each topic's
``__getattr__.owner``) that is a dataclass with a pandas field, or a field named like a table. Each is
built by a small real call below, so a new result class fails here until it has one.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re

import pandas as pd
import pytest

import cslearn as cs

#: the names results used before this convention: none may come back
OLD_NAMES = ("monthly", "paths")
TABLE_LIKE = ("table", "summary", *OLD_NAMES)

#: a small real call that builds one instance of each public result class
BUILD = {
    "SimulationResult": lambda: cs.business_models.simulate("shot", n_customers=200, months=3, rng=0),
    "ExpectedResult": lambda: cs.business_models.expected("shot", months=3),
    "PnLProjection": lambda: cs.value.project_pnl(6, 10, churn=0.1, cac=20_000),
    "GrowthComparison": lambda: cs.value.compare_growth(6),
    "RetentionProjection": lambda: cs.retention.project_retention([1000, 631, 468, 382, 326, 289], observed=3),
    "ReviewEvaluation": lambda: cs.loyalty.evaluate_review_classifier(
        pd.DataFrame({"text": ["みんな履いてる", "暑いので購入", "KEEN好き"],
                      "label": ["psychological", "behavioural", "behavioural"]})),
    "CapstoneAnalysis": lambda: cs.capstone.analyse_business(cs.capstone.business_preset("gym")),
}

#: results that bundle other results (each chapter's part under its own plain name) rather than carry one table
BUNDLES = {"CapstoneAnalysis"}

#: public functions that return a dict, and why that dict is not a table or a summary
DICT_RETURNS = {
    "scenario_params": "settings to pass on as keyword arguments",
    "load_presets": "the presets by name, each a dict of settings",
    "business_preset": "one business's settings",
    "check_preset": "one business's settings, checked",
}


def _public_classes() -> dict[str, type]:
    found = {}
    for topic in cs.TOPICS:
        package = importlib.import_module(f"cslearn.{topic}")
        for name in package.__getattr__.owner:
            value = getattr(package, name)
            if inspect.isclass(value):
                found[name] = value
    return found


def _is_result(cls: type) -> bool:
    if not dataclasses.is_dataclass(cls):
        return False
    return any("DataFrame" in str(f.type) or "Series" in str(f.type) or f.name in TABLE_LIKE
               for f in dataclasses.fields(cls))


RESULT_CLASSES = {name: cls for name, cls in _public_classes().items() if _is_result(cls)}


def test_the_result_classes_are_found_and_each_has_a_builder():
    assert len(RESULT_CLASSES) >= 7, sorted(RESULT_CLASSES)
    assert {"PnLProjection", "RetentionProjection", "GrowthComparison", "CapstoneAnalysis",
            "SimulationResult", "ExpectedResult", "ReviewEvaluation"} <= set(RESULT_CLASSES)
    assert set(RESULT_CLASSES) == set(BUILD), "a public result class needs a small call in BUILD"


def _check_summary(owner: str, summary) -> None:
    assert isinstance(summary, pd.Series), f"{owner}.summary is a {type(summary).__name__}, not a Series"
    assert len(summary) > 0, f"{owner}.summary is empty"
    assert pd.api.types.is_float_dtype(summary.dtype), f"{owner}.summary holds {summary.dtype}, not numbers"
    assert all(isinstance(key, str) for key in summary.index), f"{owner}.summary is not name -> number"


def _check_result(name: str, result) -> None:
    cls = RESULT_CLASSES[name]
    assert type(result) is cls
    for old in OLD_NAMES:
        assert not hasattr(result, old), f"{name}.{old}: a result's table is .table"
    for f in dataclasses.fields(cls):
        value = getattr(result, f.name)
        if "DataFrame" in str(f.type):
            assert isinstance(value, pd.DataFrame), f"{name}.{f.name} is a {type(value).__name__}"
        if f.name == "summary":
            assert "Series" in str(f.type), f"{name}.summary is declared {f.type}"
            _check_summary(name, value)
    frames = [f.name for f in dataclasses.fields(cls) if isinstance(getattr(result, f.name), pd.DataFrame)]
    if name in BUNDLES:
        nested = [f.name for f in dataclasses.fields(cls) if type(getattr(result, f.name)).__name__ in RESULT_CLASSES]
        assert len(frames) >= 2 and nested, f"{name} is listed as a bundle but bundles nothing"
        for field in nested:
            _check_result(type(getattr(result, field)).__name__, getattr(result, field))
    else:
        assert "table" in frames, f"{name} carries {frames} but no .table"
        assert len(result.table) > 0


@pytest.mark.parametrize("name", sorted(BUILD))
def test_each_result_follows_the_convention(name):
    _check_result(name, BUILD[name]())


def test_a_summary_prints_whole_months_as_the_chapters_do():
    # months are whole numbers held as floats (one dtype for the Series); chapters print them with :.0f
    summary = cs.value.project_pnl(24, 100, churn=0.05, cac=50_000, fixed_cost=1_000_000).summary
    assert f"{summary['breakeven_month']:.0f}" == "19"
    never = cs.value.project_pnl(12, 10, churn=0.5, cac=1_000_000).summary
    assert f"{never['breakeven_month']:.0f}" == "inf"


def test_summaries_returned_directly_are_series_of_numbers():
    scores = pd.DataFrame({"clv": [50.0, 30.0, 10.0, 5.0, 5.0]})
    _check_summary("clv_summary", cs.retention.clv_summary(scores))
    _check_summary("summarise_experience", cs.journey.summarise_experience([3, 5, 8, 4], [7, 5, 6, 6]))
    _check_summary("summarise_stockout", cs.loyalty.summarise_stockout(cs.loyalty.simulate_stockout(customers=50)))


def test_no_public_function_returns_a_dict_of_figures():
    dicts = set()
    for topic in cs.TOPICS:
        package = importlib.import_module(f"cslearn.{topic}")
        for name in package.__getattr__.owner:
            value = getattr(package, name)
            if inspect.isfunction(value) and re.match(r"dict\b", str(inspect.signature(value).return_annotation)):
                dicts.add(name)
    assert "load_presets" in dicts  # the scan sees return annotations
    unexplained = dicts - set(DICT_RETURNS)
    assert not unexplained, f"return a Series (a summary) or a DataFrame (a table): {sorted(unexplained)}"
