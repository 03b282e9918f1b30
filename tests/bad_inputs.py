"""Bad values for every declared argument, drawn from the library's own declarations (issue 13).

``public_callables(topic)`` lists a topic's public functions and the public methods of its public
classes; ``bad_values(declaration)`` is a hypothesis strategy of values the declaration must refuse;
``base_call(callable)`` the keyword arguments of a valid call (declared defaults or examples), so
that one argument at a time can be made bad. tests/test_bad_inputs.py runs them.
"""

from __future__ import annotations

import inspect
import math
import os
import traceback
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from hypothesis import strategies as st

import cslearn as cs
from cslearn.params import NO_DEFAULT, Axes, Choice, Flag, Given, Param, Rng, Table, Values, declarations_of

PACKAGE = os.path.dirname(cs.__file__)
_NOT_A_NUMBER = ["3", None, [1.0], {"value": 1}, True, False, math.nan, math.inf, -math.inf]


def public_callables(topic: str) -> list[tuple[str, object]]:
    """``(qualified name, callable)`` for the topic's public functions and its classes' public methods.

    A class's methods are listed when they are defined by the class itself (inherited ones are
    listed under the class that defines them); properties and dunder methods are not.
    """
    module = getattr(cs, topic)
    found = []
    for name in sorted(module.__all__):
        obj = getattr(module, name)
        if inspect.isclass(obj):
            for method_name, method in sorted(vars(obj).items()):
                if method_name.startswith("_") or isinstance(method, property):
                    continue
                function = method.__func__ if isinstance(method, (classmethod, staticmethod)) else method
                if inspect.isfunction(function):
                    found.append((f"{topic}.{name}.{method_name}", getattr(obj, method_name)))
        elif inspect.isfunction(obj) or callable(obj) and not isinstance(obj, (type, np.ufunc)):
            if inspect.isfunction(obj) or hasattr(obj, "__wrapped__"):
                found.append((f"{topic}.{name}", obj))
    return found


def arguments(function) -> list[str]:
    """The names a caller may pass (not ``self``/``cls``, not ``*args``/``**kwargs``)."""
    return [
        name
        for name, p in inspect.signature(function).parameters.items()
        if name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def _method_owner(function):
    """An instance to call an instance method on (``cls._example()``), or None for a plain function."""
    owner = getattr(function, "__self__", None)
    if owner is not None:
        return None  # a bound classmethod
    qualname = getattr(function, "__qualname__", "")
    if "." not in qualname:
        return None
    return qualname.split(".")[0]


def bound(name: str, function):
    """The callable as a caller reaches it: a function, a classmethod, or a method of an example."""
    parts = name.split(".")
    if len(parts) == 3 and _method_owner(function) is not None:
        cls = getattr(getattr(cs, parts[0]), parts[1])
        example = getattr(cls, "_example", None)
        if example is None:
            raise AssertionError(f"{parts[1]} has instance methods: give it a classmethod _example()")
        return getattr(example(), parts[2])
    return function


def base_call(function) -> dict:
    """Keyword arguments of a valid call: each declared argument's default, or its example."""
    declared = declarations_of(function)
    kwargs = {}
    for name, p in inspect.signature(function).parameters.items():
        if name in ("self", "cls") or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.default is not inspect.Parameter.empty:
            continue
        declaration = declared.get(name)
        if declaration is None:
            raise AssertionError(f"{function.__qualname__}: argument {name!r} has no default and no declaration")
        kwargs[name] = declaration.default if declaration.default is not NO_DEFAULT else declaration.example()
    return kwargs


def _below(low):
    return st.floats(max_value=low, exclude_max=True, allow_nan=False, allow_infinity=False, width=64)


def _above(high):
    return st.floats(min_value=high, exclude_min=True, allow_nan=False, allow_infinity=False, width=64)


def _number_strategy(declaration) -> st.SearchStrategy:
    fixed = [v for v in _NOT_A_NUMBER if not (v is None and getattr(declaration, "optional", False))]
    choices = [st.sampled_from(fixed)]
    if declaration.low is not None:
        choices.append(_below(declaration.low))
    if declaration.high is not None:
        choices.append(_above(declaration.high))
    if declaration.integer:
        low = declaration.low if declaration.low is not None else -1e6
        high = declaration.high if declaration.high is not None else 1e6
        choices.append(st.floats(min_value=low, max_value=high).filter(lambda x: not float(x).is_integer()))
    return st.one_of(choices)


def _table_strategy(declaration: Table) -> st.SearchStrategy:
    @st.composite
    def damaged(draw):
        good = declaration.example()
        columns = list(declaration.columns or {})
        kinds = declaration.columns or {}
        how = draw(st.sampled_from(["not a frame", "empty", "drop", "nan", "inf", "text", "bool", "range"]))
        if how == "not a frame":
            return draw(st.sampled_from(["table", [1, 2], 3.0] + ([] if declaration.optional else [None])))
        if how == "empty" and not declaration.allow_empty:
            return good.iloc[0:0]
        if not columns:
            return "table"
        column = draw(st.sampled_from(columns))
        kind = kinds[column]
        bad = good.copy()
        if how == "drop" or kind in ("text", "any"):
            return bad.drop(columns=[column])
        row = draw(st.integers(0, len(bad) - 1))
        if kind == "date":
            bad[column] = bad[column].astype(object)
            bad.iloc[row, bad.columns.get_loc(column)] = "not a date"
            return bad
        if how == "bool":
            bad[column] = True
            return bad
        bad[column] = bad[column].astype(object)
        gaps = kind.endswith("_or_nan")  # NaN marks a gap there: infinity is the bad number
        kind = kind.removesuffix("_or_nan")
        value = {"nan": math.inf if gaps else math.nan, "inf": math.inf, "text": "many"}.get(how)
        if value is None:  # "range" (or "empty" where empty is allowed): a value the kind or the range refuses
            value = {"count": -1.5, "share": 1.5}.get(kind, math.inf if gaps else math.nan)
            if column in (declaration.ranges or {}):
                value = 1e308
        bad.iloc[row, bad.columns.get_loc(column)] = value
        if how != "text":
            bad[column] = pd.to_numeric(bad[column])
        return bad

    return damaged()


def bad_values(declaration) -> st.SearchStrategy:
    """A strategy of values that ``declaration`` must refuse."""
    optional = getattr(declaration, "optional", False)
    if isinstance(declaration, Param):
        return _number_strategy(declaration)
    if isinstance(declaration, Choice):
        wrong = ["no such option", 12345, True, [1]] + ([] if optional else [None])
        return st.sampled_from([w for w in wrong if w not in declaration.options])
    if isinstance(declaration, Flag):
        return st.sampled_from([1, 0, "yes", None, 1.0])
    if isinstance(declaration, Table):
        return _table_strategy(declaration)
    if isinstance(declaration, Values):
        fixed = ["abc", [math.nan], [math.inf], [True], [[1.0, 2.0]], {"a": 1}, 3.0] + ([] if optional else [None])
        if declaration.min_length > 0:
            fixed.append([])
        choices = [st.sampled_from(fixed)]
        if declaration.low is not None:
            choices.append(_below(declaration.low).map(lambda x: [x]))
        if declaration.high is not None:
            choices.append(_above(declaration.high).map(lambda x: [x]))
        if declaration.integer:
            choices.append(st.just([0.5]))
        return st.one_of(choices)
    if isinstance(declaration, Axes):
        return st.sampled_from(["left", 3, [None], True])
    if isinstance(declaration, Rng):
        return st.sampled_from([-1, 1.5, "seed", True, [1]])
    if isinstance(declaration, Given):
        return st.sampled_from(list(declaration.bad)) if declaration.bad else st.nothing()
    raise AssertionError(f"no bad values for {declaration!r}")


def assert_refused(call, valid: dict, argument: str, bad, label: str = "") -> None:
    """``call(**valid, argument=bad)`` raises a ValueError/TypeError in cslearn naming ``argument``."""
    label = label or getattr(call, "__qualname__", str(call))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            call(**{**valid, argument: bad})
        except (ValueError, TypeError) as error:
            assert argument in str(error), f"{label}({argument}={bad!r}): the error does not name it: {error}"
            assert raised_by_cslearn(error), f"{label}({argument}={bad!r}) failed outside cslearn: {error!r}"
        else:
            raise AssertionError(f"{label}({argument}={bad!r}) was accepted")
        finally:
            plt.close("all")


def raised_by_cslearn(error: BaseException) -> bool:
    """Whether the error was raised in cslearn's own code (not deep inside numpy or pandas)."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(PACKAGE)
