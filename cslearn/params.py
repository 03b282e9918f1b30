"""Parameter declarations: each model parameter written down once, with its range, unit and meaning.

A :class:`Param` says everything the course knows about one parameter: its default, the values it
accepts (``low``/``high``, whole numbers or not), its unit, what it means, and where the default comes
from (``kind``: ``"article"`` a figure of *Customer Success??*, ``"chosen"`` a figure picked for
illustration, ``"assumption"`` a behavioural guess for the learner to vary). A :class:`ParamSet` is
the parameters of one model; the same declaration feeds

* the functions' defaults and bad-input errors (``ParamSet.resolve`` merges and checks overrides,
  ``ParamSet.keywords`` writes the parameters into a function's signature and docstring),
* the tables a chapter shows (``ParamSet.table``),
* the explorers' sliders (``Param.slider_spec``),
* tests that draw good and bad values from the declarations (``declared()`` lists every set).

>>> price = Param("price", 10_000, low=0, unit="yen", meaning="list price", kind="article",
...               view=(1_000, 30_000), step=500)
>>> price.check(8_000)
8000.0
>>> price.check(-1)
Traceback (most recent call last):
...
ValueError: price must be at least 0 (got -1)
>>> demo = ParamSet("demo", [price, Param("churn", 0.05, 0, 1, unit="share", meaning="monthly churn")],
...                 register=False)
>>> demo.resolve({"churn": 0.1})
{'price': 10000.0, 'churn': 0.1}
>>> demo.table()[["name", "default", "range"]].values.tolist()
[['price', 10000, 'at least 0'], ['churn', 0.05, '0 to 1']]
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cslearn._validate import check_int, check_number

__all__ = ["Param", "ParamSet", "declared", "KINDS"]

#: where a default comes from
KINDS = ("article", "chosen", "assumption")

_DECLARED: dict[str, ParamSet] = {}


def _number_text(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


@dataclass(frozen=True)
class Param:
    """One parameter of a model: default, accepted range, unit, meaning and kind.

    ``low``/``high`` bound the accepted values (``None``: unbounded, NaN and infinity are always
    refused); ``integer`` asks for a whole number (``True``/``False`` and 2.5 refused). ``source`` is
    a note on where the default comes from (the docstrings written from the declaration show it).
    ``view`` and ``step`` set a slider's range and step when the accepted range is too wide to slide
    over.

    >>> lapse = Param("lapse", 0.05, 0, 1, unit="share", meaning="monthly chance of leaving for good")
    >>> lapse.check(0.2)
    0.2
    >>> lapse.check(True)
    Traceback (most recent call last):
    ...
    TypeError: lapse must be a number (got True of type bool)
    >>> lapse.range_text()
    '0 to 1'
    """

    name: str
    default: Any
    low: float | None = None
    high: float | None = None
    unit: str = ""
    meaning: str = ""
    kind: str = "assumption"
    integer: bool = False
    source: str = ""
    view: tuple[float, float] | None = None
    step: float | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"name must be a Python identifier (got {self.name!r})")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)} (got {self.kind!r})")
        self.check(self.default)  # a declaration whose default it refuses is a bug

    def check(self, value):
        """``value`` as a float (an int when ``integer``), or a ValueError/TypeError naming the parameter.

        >>> Param("max_visits", 8, 1, 62, integer=True).check(2.5)
        Traceback (most recent call last):
        ...
        TypeError: max_visits must be a whole number (got 2.5)
        """
        if self.integer:
            return check_int(self.name, value, low=self.low, high=self.high)
        return check_number(self.name, value, low=self.low, high=self.high)

    def range_text(self) -> str:
        """The accepted values in words: ``"0 to 1"``, ``"at least 0"``, ``"any number"``.

        >>> Param("aging_months", 1, 1, 24, integer=True).range_text()
        '1 to 24 (whole)'
        """
        low, high = self.low, self.high
        if low is not None and high is not None:
            text = f"{_number_text(low)} to {_number_text(high)}"
        elif low is not None:
            text = f"at least {_number_text(low)}"
        elif high is not None:
            text = f"at most {_number_text(high)}"
        else:
            text = "any number"
        return text + (" (whole)" if self.integer else "")

    def slider_spec(self, value=None, *, low=None, high=None, step=None, fmt=None) -> dict:
        """Keyword arguments of :func:`cslearn.explorer.slider` for this parameter.

        Range: ``view`` if declared, else ``low``..``high``; step: ``step``, else 1 for whole
        numbers and a hundredth of the range otherwise; whole numbers and yen slide in whole steps
        (an integer slider); shares (``unit="share"``) read as percent. Each can be overridden.

        >>> Param("churn", 0.05, 0, 1, unit="share").slider_spec()
        {'value': 0.05, 'low': 0, 'high': 1, 'step': 0.01, 'integer': False, 'fmt': '.0%'}
        """
        value = self.default if value is None else value
        self.check(value)
        integer = self.integer or self.unit == "yen"  # yen slide in whole yen
        if integer and float(value).is_integer():
            value = int(value)
        lo, hi = self.view if self.view is not None else (self.low, self.high)
        lo, hi = (lo if low is None else low), (hi if high is None else high)
        if lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"{self.name}: declare a view=(low, high) to build a slider over an open range")
        if step is None:
            step = self.step if self.step is not None else (1 if self.integer else round((hi - lo) / 100, 12))
        if fmt is None:
            fmt = ".0%" if self.unit == "share" else None
        return {"value": value, "low": lo, "high": hi, "step": step, "integer": integer, "fmt": fmt}


Rule = Callable[[dict], None]


def at_most(name: str, other: str) -> Rule:
    """A rule of a ParamSet: ``name`` must not exceed the value of ``other``.

    >>> rule = at_most("visit_rate", "max_visits")
    >>> rule({"visit_rate": 9.0, "max_visits": 8})
    Traceback (most recent call last):
    ...
    ValueError: visit_rate must be at most max_visits (8) (got 9.0)
    """

    def rule(values: dict) -> None:
        if name in values and other in values and values[name] > values[other]:
            raise ValueError(f"{name} must be at most {other} ({values[other]:g}) (got {values[name]!r})")

    rule.__doc__ = f"{name} <= {other}"
    return rule


class ParamSet(Mapping):
    """The parameters of one model, in order: a read-only mapping name -> :class:`Param`.

    ``rules`` check combinations (``at_most``, or any function of the checked values dict that
    raises). A set is listed by :func:`declared` unless ``register=False``.

    >>> demo = ParamSet("demo2", [Param("fee", 10_000, low=0, unit="yen")], register=False)
    >>> demo.defaults()
    {'fee': 10000}
    >>> demo.resolve(fees=1)
    Traceback (most recent call last):
    ...
    TypeError: demo2 has no parameter 'fees'; its parameters are fee
    """

    def __init__(self, name: str, params: Iterable[Param], *, rules: Iterable[Rule] = (), register: bool = True):
        self.name = name
        self._params = {p.name: p for p in params}
        self.rules = tuple(rules)
        if register:
            _DECLARED[name] = self

    def __repr__(self) -> str:
        return f"ParamSet({self.name!r}: {', '.join(self._params)})"

    def __len__(self) -> int:
        return len(self._params)

    def __getitem__(self, name) -> Param:
        return self._params[name]

    def __iter__(self):
        return iter(self._params)

    def defaults(self) -> dict:
        """Default value of every parameter, as declared."""
        return {name: p.default for name, p in self._params.items()}

    def refuse_unknown(self, names: Iterable[str], argument: str | None = None) -> None:
        """TypeError naming the first name not declared here and the accepted ones."""
        unknown = [key for key in names if key not in self._params]
        if unknown:
            where = f"{argument}: " if argument else ""
            raise TypeError(
                f"{where}{self.name} has no parameter {unknown[0]!r}; its parameters are {', '.join(self._params)}"
            )

    def resolve(self, overrides: Mapping | None = None, /, **more) -> dict:
        """The defaults with ``overrides`` (a dict and/or keywords) merged in, every value checked.

        Unknown names are refused (TypeError naming the accepted ones); each value, defaults
        included, goes through ``Param.check`` (so a number comes back as a float, a whole number
        as an int), then the rules.

        >>> demo = ParamSet("demo3", [Param("charge", 10_000, low=0), Param("charged_price", 8_000, low=0)],
        ...                 rules=[at_most("charged_price", "charge")], register=False)
        >>> demo.resolve(charged_price=12_000)
        Traceback (most recent call last):
        ...
        ValueError: charged_price must be at most charge (10000) (got 12000.0)
        """
        given = {**(overrides or {}), **more}
        self.refuse_unknown(given)
        values = {name: p.check(given.get(name, p.default)) for name, p in self._params.items()}
        for rule in self.rules:
            rule(values)
        return values

    def without(self, *names: str, name: str | None = None) -> ParamSet:
        """The same declarations less ``names`` (not listed by ``declared``; the rules still apply)."""
        self.refuse_unknown(names)
        kept = [p for key, p in self._params.items() if key not in names]
        return ParamSet(name or self.name, kept, rules=self.rules, register=False)

    def table(self) -> pd.DataFrame:
        """One row per parameter: ``name, default, range, unit, meaning, kind``.

        ``default`` keeps each value's type (3 stays 3, 0.3 stays 0.3).
        """
        rows = [
            {"name": p.name, "default": p.default, "range": p.range_text(), "unit": p.unit, "meaning": p.meaning,
             "kind": p.kind}
            for p in self._params.values()
        ]
        table = pd.DataFrame(rows, columns=["name", "default", "range", "unit", "meaning", "kind"])
        table["default"] = pd.Series([row["default"] for row in rows], dtype=object)
        return table

    def keywords(self, function: Callable) -> Callable:
        """Decorator: show the declared parameters in ``function``'s signature and docstring.

        ``function`` takes them as ``**params`` (and passes them to ``resolve``); its signature then
        lists each as a keyword-only parameter with its declared default, before the function's own
        keyword-only ones, and its docstring ends with the declaration's table.

        >>> demo = ParamSet("demo4", [Param("fee", 10_000, low=0, unit="yen", meaning="monthly fee")],
        ...                 register=False)
        >>> @demo.keywords
        ... def bill(months=1, *, rounding=True, **params):
        ...     '''Bill for ``months``.'''
        ...     return months * demo.resolve(params)["fee"]
        >>> str(inspect.signature(bill))
        '(months=1, *, fee=10000, rounding=True)'
        >>> bill(2, fee=500)
        1000.0
        """
        signature = inspect.signature(function)
        own = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        if len(own) == len(signature.parameters):
            raise TypeError(f"{function.__name__} must take the parameters as **params")
        first_keyword = next((i for i, p in enumerate(own) if p.kind is inspect.Parameter.KEYWORD_ONLY), len(own))
        declared_ = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=p.default) for name, p in self.items()
        ]
        function.__signature__ = signature.replace(parameters=own[:first_keyword] + declared_ + own[first_keyword:])
        function.__doc__ = (function.__doc__ or "").rstrip() + "\n\n" + self.doc_section()
        return function

    def doc_section(self, indent: str = "    ") -> str:
        """The parameters as a docstring section (written from the declaration, never by hand).

        Each line gives the default, the kind, the accepted range and the meaning, then the note on
        where the default comes from (``source``), if any.

        >>> price = Param("price", 10_000, low=0, unit="yen", meaning="list price", kind="article",
        ...               source="the salon's price")
        >>> print(ParamSet("demo5", [price], register=False).doc_section(""))
        Model parameters (declared once: ``cslearn.params.declared()['demo5']``):
        <BLANKLINE>
        * ``price`` = 10000 yen (article; at least 0): list price — the salon's price
        """
        lines = [f"{indent}Model parameters (declared once: ``cslearn.params.declared()[{self.name!r}]``):", ""]
        for p in self._params.values():
            unit = f" {p.unit}" if p.unit and p.unit != "share" else ""
            note = f" — {p.source}" if p.source else ""
            lines.append(
                f"{indent}* ``{p.name}`` = {p.default!r}{unit} ({p.kind}; {p.range_text()}): {p.meaning}{note}"
            )
        return "\n".join(lines)


def declared() -> dict[str, ParamSet]:
    """Every registered ParamSet by name (the models' declarations, once their modules are imported).

    >>> import cslearn.business_models.registry  # noqa: F401 (declares the models' parameters)
    >>> "shot" in declared() and "price" in declared()["shot"]
    True
    """
    return dict(_DECLARED)
