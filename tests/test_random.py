"""One randomness convention (SPEC 7, as SciPy and NetworkX), held over the whole public API.

Every public function that draws random numbers takes a keyword-only ``rng`` with the default 0,
as its first keyword-only argument (right after ``*``), resolved by ``cslearn._validate.resolve_rng``
alone; no public parameter is named ``seed``. The random functions are found by their signatures
(a parameter named ``rng``), so a new one is checked without being listed here; each is called
twice with the default ``rng`` (the same result) and once with ``rng=1`` (another result).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cslearn as cs
from cslearn.explorer import Explorer

ROOT = Path(__file__).resolve().parents[1]


def _public_callables() -> dict[str, object]:
    """Every public name of the topics and floors that is callable, and the public methods of classes."""
    names = set(cs._FLOOR_NAMES)
    for topic in cs.TOPICS:
        names |= set(importlib.import_module(f"cslearn.{topic}").__getattr__.owner)
    found = {}
    for name in sorted(names):
        obj = getattr(cs, name)
        if not callable(obj):
            continue
        found[name] = obj
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and callable(member):
                    found[f"{name}.{attr}"] = member
    return found


def _parameters(obj) -> dict[str, inspect.Parameter]:
    try:
        return dict(inspect.signature(obj).parameters)
    except (TypeError, ValueError):  # a builtin or a class without a readable signature
        return {}


PUBLIC = _public_callables()
RANDOM = {name: obj for name, obj in PUBLIC.items() if "rng" in _parameters(obj) and "." not in name}

# the arguments a random function needs beyond its defaults (its required ones, or a switch to draw)
EXAMPLES = {
    "simulate": lambda: {"name": "shot"},
    "analyse_business": lambda: {"preset": cs.business_preset("gym")},
    "simulate_bgnbd": lambda: {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5, "T": 39, "n_customers": 60},
    "simulate_gammagamma": lambda: {"p": 6.0, "q": 4.0, "gamma": 15.0, "frequency": [1, 3, 0, 2, 5]},
    "simulate_sbg": lambda: {"alpha": 0.7, "beta": 1.2, "n_customers": 300, "n_periods": 6},
    "simulate_delivery": lambda: {"plan": cs.STEP_SERIES},
    "simulate_ladder": lambda: {"ladder": cs.dance_school_ladder(), "months": 60},
    "simulate_repeat_base": lambda: {"random": True},  # expected values unless asked to draw
    "compare_scenario": lambda: {"method": "simulate"},  # the expected values draw nothing
}
# smaller runs of the same functions, so the test stays quick (the default rng is what is tested)
SMALL = {"n_customers": 300, "paths": 200, "draws": 500, "recipients": 300, "customers": 300, "months": 12}


def _arguments(name: str, obj) -> dict:
    given = EXAMPLES[name]() if name in EXAMPLES else {}
    params = _parameters(obj)
    for key, value in SMALL.items():
        if key in params and key not in given and params[key].default is not inspect.Parameter.empty:
            given[key] = value
    return given


def _same(a, b) -> bool:
    """Whether two results of a random function hold the same numbers (tables, arrays, results, explorers)."""
    if type(a) is not type(b):
        return False
    if inspect.isfunction(a) or inspect.ismethod(a):
        return True  # a stored function (a fitted model's objective) holds no drawn numbers
    if isinstance(a, Explorer):
        return _same(a.result, b.result)
    if isinstance(a, (pd.DataFrame, pd.Series)):
        return a.equals(b)
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if type(a).__module__.startswith("cslearn") and hasattr(a, "__dict__"):
        return _same(vars(a), vars(b))
    return a == b


def test_the_random_functions_are_found_by_their_signatures():
    # the course draws random numbers in chapters 02-07: more than 15 public functions take rng
    assert len(RANDOM) > 15, sorted(RANDOM)
    for name in ("simulate_shot_business", "simulate_sbg", "make_loyalty_customers", "simulate_party_survey",
                 "analyse_business", "simulate_shot", "next_month_explorer"):
        assert name in RANDOM


def test_every_rng_is_keyword_only_with_the_default_0_and_no_parameter_is_named_seed():
    with_rng = [name for name, obj in PUBLIC.items() if "rng" in _parameters(obj)]
    assert len(with_rng) > 15
    wrong = []
    for name in with_rng:
        rng = _parameters(PUBLIC[name])["rng"]
        if rng.kind is not inspect.Parameter.KEYWORD_ONLY or rng.default != 0 or rng.default is False:
            wrong.append(f"{name}: {rng}")
    assert wrong == [], "rng must be keyword-only with the default 0:\n" + "\n".join(wrong)
    seeds = [name for name, obj in PUBLIC.items() if "seed" in _parameters(obj)]
    assert seeds == [], "a public parameter is named seed (call it rng):\n" + "\n".join(seeds)


def test_rng_is_the_first_keyword_only_argument_of_every_random_function():
    # one place for rng everywhere (right after *), the model's parameters after it, so
    # ``help(f)`` shows it where a student looks for it in every chapter
    with_rng = [name for name, obj in PUBLIC.items() if "rng" in _parameters(obj)]
    assert len(with_rng) > 15
    wrong = []
    for name in with_rng:
        keyword_only = [p.name for p in _parameters(PUBLIC[name]).values() if p.kind is inspect.Parameter.KEYWORD_ONLY]
        if keyword_only[:1] != ["rng"]:
            wrong.append(f"{name}: {keyword_only}")
    assert wrong == [], "rng must be the first keyword-only argument:\n" + "\n".join(wrong)


def test_a_declared_model_keeps_rng_first_and_refuses_it_elsewhere():
    from cslearn.params import Param, ParamSet

    model = ParamSet("rng_demo", [Param("fee", 10, low=0, unit="yen", meaning="fee")], register=False)

    @model.keywords
    def draw(months=1, *, rng=0, detail=False, **params):
        """Draws."""

    assert list(_parameters(draw)) == ["months", "rng", "fee", "detail"]
    with pytest.raises(TypeError, match="rng must be the first keyword-only argument"):
        @model.keywords
        def late(months=1, *, detail=False, rng=0, **params):
            """Draws, rng last."""


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_the_default_rng_repeats_and_another_seed_draws_differently(name):
    function = RANDOM[name]
    missing = [p.name for p in _parameters(function).values()
               if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               and p.name not in _arguments(name, function)]
    assert missing == [], f"{name} needs example arguments in EXAMPLES: {missing}"
    first = function(**_arguments(name, function))
    again = function(**_arguments(name, function))
    other = function(**_arguments(name, function), rng=1)
    assert _same(first, again), f"{name}: two calls with the default rng differ"
    assert not _same(first, other), f"{name}: rng=1 gives the same result as the default rng=0"


def test_resolve_rng_states_the_convention_and_is_the_only_place_a_generator_is_made():
    from cslearn._validate import resolve_rng

    assert "rng=0" in resolve_rng.__doc__ and "keyword-only" in resolve_rng.__doc__
    with pytest.raises(ValueError, match="rng must be a seed of at least 0"):
        resolve_rng(-1)
    with pytest.raises(TypeError, match="draws must be"):
        resolve_rng("0", "draws")
    maker = re.compile(r"default_rng\(|np\.random\.(seed|RandomState|rand|normal|choice)\(")
    made = []
    for path in sorted((ROOT / "cslearn").rglob("*.py")):
        if path.name == "_validate.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if maker.search(line) and ">>>" not in line:
                made.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert made == [], "a generator made outside resolve_rng:\n" + "\n".join(made)
