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

import difflib
import functools
import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from cslearn._validate import check_choice, check_frame, check_int, check_number, resolve_rng

__all__ = [
    "Param", "ParamSet", "declared", "KINDS", "Choice", "Flag", "Table", "Values", "Axes", "Rng", "Given",
    "checked", "declarations_of", "NO_DEFAULT",
]

#: where a default comes from
KINDS = ("article", "chosen", "assumption")

_DECLARED: dict[str, ParamSet] = {}


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


#: a declaration's default when the function's signature holds it (see :func:`checked`)
NO_DEFAULT = _NoDefault()


def _number_text(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


@dataclass(frozen=True)
class Param:
    """One parameter of a model: default, accepted range, unit, meaning and kind.

    ``low``/``high`` bound the accepted values (``None``: unbounded, NaN and infinity are always
    refused; ``low_open``: ``low`` itself refused, as a fee of 0 is); ``integer`` asks for a whole
    number (``True``/``False`` and 2.5 refused). ``source`` is
    a note on where the default comes from (the docstrings written from the declaration show it).
    ``view`` and ``step`` set a slider's range and step when the accepted range is too wide to slide
    over. ``example_`` is a valid value for an argument declared without a default.

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
    default: Any = NO_DEFAULT
    low: float | None = None
    high: float | None = None
    unit: str = ""
    meaning: str = ""
    kind: str = "assumption"
    integer: bool = False
    source: str = ""
    view: tuple[float, float] | None = None
    step: float | None = None
    optional: bool = False
    low_open: bool = False
    example_: Any = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"name must be a Python identifier (got {self.name!r})")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)} (got {self.kind!r})")
        if self.default is not NO_DEFAULT:
            self.check(self.default)  # a declaration whose default it refuses is a bug

    def check(self, value):
        """``value`` as a float (an int when ``integer``), or a ValueError/TypeError naming the parameter.

        >>> Param("max_visits", 8, 1, 62, integer=True).check(2.5)
        Traceback (most recent call last):
        ...
        TypeError: max_visits must be a whole number (got 2.5)
        """
        if value is None and self.optional:
            return None
        if self.integer:
            return check_int(self.name, value, low=self.low, high=self.high)
        return check_number(self.name, value, low=self.low, high=self.high, low_open=self.low_open)

    def example(self):
        """A valid value: the default, else ``example_``.

        >>> Param("fee", low=0, low_open=True, example_=980).example()
        980
        """
        if self.example_ is not None:
            return self.example_
        if self.default is NO_DEFAULT:
            raise ValueError(f"{self.name}: declare example_= to build a valid value")
        return self.default

    def range_text(self) -> str:
        """The accepted values in words: ``"0 to 1"``, ``"at least 0"``, ``"greater than 0"``, ``"any number"``.

        >>> Param("aging_months", 1, 1, 24, integer=True).range_text()
        '1 to 24 (whole)'
        >>> Param("fee", low=0, low_open=True).range_text()
        'greater than 0'
        """
        low, high = self.low, self.high
        if low is not None and self.low_open:
            text = f"greater than {_number_text(low)}"
            text += f" and at most {_number_text(high)}" if high is not None else ""
        elif low is not None and high is not None:
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
        keyword-only ones but after ``rng``, which stays the first keyword-only argument of every
        random function (a random function whose ``rng`` is not its first is refused), and its
        docstring ends with the declaration's table.

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
        >>> @demo.keywords
        ... def draw_bills(months=1, *, rng=0, rounding=True, **params):
        ...     '''Bills drawn at random.'''
        >>> str(inspect.signature(draw_bills))
        '(months=1, *, rng=0, fee=10000, rounding=True)'
        """
        signature = inspect.signature(function)
        own = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        if len(own) == len(signature.parameters):
            raise TypeError(f"{function.__name__} must take the parameters as **params")
        first_keyword = next((i for i, p in enumerate(own) if p.kind is inspect.Parameter.KEYWORD_ONLY), len(own))
        if "rng" in signature.parameters:
            if first_keyword == len(own) or own[first_keyword].name != "rng":
                raise TypeError(f"{function.__name__}: rng must be the first keyword-only argument (right after *)")
            first_keyword += 1  # the model's parameters follow rng
        declared_ = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=p.default) for name, p in self.items()
        ]
        function.__signature__ = signature.replace(parameters=own[:first_keyword] + declared_ + own[first_keyword:])
        function.__doc__ = (function.__doc__ or "").rstrip() + "\n\n" + self.doc_section()
        function.__declarations__ = self
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


# --- declarations of arguments that are not numbers ------------------------------------------------
# Each has a ``name``, a ``default`` (NO_DEFAULT: the signature's), ``meaning``, and ``check(value)``
# raising a ValueError/TypeError that names the argument. ``example()`` gives a valid value where
# there is no default, so that a test can call any declared function (tests/test_bad_inputs.py).


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of options (text or numbers).

    >>> Choice("language", options=("en", "ja")).check("fr")
    Traceback (most recent call last):
    ...
    ValueError: language must be one of 'en', 'ja' (got 'fr')
    """

    name: str
    default: Any = NO_DEFAULT
    options: tuple = ()
    meaning: str = ""
    optional: bool = False

    def check(self, value):
        if value is None and self.optional:
            return None
        if isinstance(value, (bool, np.bool_)) and not any(isinstance(o, bool) for o in self.options):
            raise TypeError(f"{self.name} must be one of {', '.join(map(repr, self.options))} (got {value!r})")
        try:
            return check_choice(self.name, value, self.options)
        except TypeError:  # an unhashable or uncomparable value
            options = ", ".join(map(repr, self.options))
            raise TypeError(f"{self.name} must be one of {options} (got {value!r})") from None

    def example(self):
        return self.options[0]


@dataclass(frozen=True)
class Flag:
    """A switch: ``True`` or ``False`` only (1, 0 and "yes" are refused).

    >>> Flag("random").check(1)
    Traceback (most recent call last):
    ...
    TypeError: random must be True or False (got 1 of type int)
    """

    name: str
    default: Any = NO_DEFAULT
    meaning: str = ""

    def check(self, value) -> bool:
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{self.name} must be True or False (got {value!r} of type {type(value).__name__})")
        return bool(value)

    def example(self):
        return False


#: what a column of a declared table may hold (``"number_or_nan"``, ``"share_or_nan"``: NaN marks a gap,
#: such as a month not observed yet; infinity, text and booleans are still refused)
COLUMN_KINDS = ("number", "count", "share", "date", "text", "any", "number_or_nan", "share_or_nan")


@dataclass(frozen=True)
class Table:
    """A pandas DataFrame with named columns, each of a kind: ``"number"`` (finite numbers),
    ``"count"`` (whole numbers, at least 0), ``"share"`` (0 to 1), ``"date"``, ``"text"`` or ``"any"``.

    ``example`` is a function of no arguments that returns a valid table. A column's bad values are
    refused naming the column (NaN, infinity, text where numbers are meant, booleans).
    ``optional_columns`` (name -> kind) are columns the function reads when they are there: checked
    the same way if present; ``other_columns`` is the kind of every column not named (a table whose
    columns are, say, the stages of a ladder), ``None``: not checked. ``ranges`` (name -> (low, high))
    bounds a numeric column's values where its kind does not (scores from -10 to 10, prices up to a cap).

    >>> import pandas as pd
    >>> survey = Table("survey", columns={"share": "share"})
    >>> survey.check(pd.DataFrame({"share": [0.5, float("nan")]}))
    Traceback (most recent call last):
    ...
    ValueError: survey column 'share' must hold finite numbers (row 1 is nan)
    >>> survey.check(pd.DataFrame({"share": ["half"]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: survey column 'share' must hold numbers (it holds ... values, row 0 is 'half')
    >>> scores = Table("scores", columns={"score": "number"}, ranges={"score": (-10, 10)})
    >>> scores.check(pd.DataFrame({"score": [3, 1e308]}))
    Traceback (most recent call last):
    ...
    ValueError: scores column 'score' must hold numbers from -10 to 10 (row 1 is 1e+308)
    """

    name: str
    columns: Mapping[str, str] = None
    default: Any = NO_DEFAULT
    meaning: str = ""
    example_: Callable[[], Any] | None = None
    allow_empty: bool = False
    optional: bool = False
    optional_columns: Mapping[str, str] = None
    other_columns: str | None = None
    ranges: Mapping[str, tuple[float, float]] = None

    def __post_init__(self):
        kinds = {**(self.columns or {}), **(self.optional_columns or {}), "other columns": self.other_columns or "any"}
        for column, kind in kinds.items():
            if kind not in COLUMN_KINDS:
                raise ValueError(f"column {column!r} of {self.name}: kind must be one of {COLUMN_KINDS} (got {kind!r})")

    def check(self, value):
        if value is None and self.optional:
            return None
        frame = check_frame(self.name, value, list(self.columns or {}), allow_empty=self.allow_empty)
        for column, kind in (self.columns or {}).items():
            _check_column(self.name, column, frame[column], kind)
        for column, kind in (self.optional_columns or {}).items():
            if column in frame.columns:
                _check_column(self.name, column, frame[column], kind)
        if self.other_columns is not None:
            named = {**(self.columns or {}), **(self.optional_columns or {})}
            for column in frame.columns:
                if column not in named:
                    _check_column(self.name, column, frame[column], self.other_columns)
        for column, (low, high) in (self.ranges or {}).items():
            if column in frame.columns:
                array = frame[column].to_numpy(dtype=float)
                bad = (array < low) | (array > high)  # NaN, where a gap kind allows it, is neither
                if bad.any():
                    span = f"of at least {low:g}" if high == math.inf else f"from {low:g} to {high:g}"
                    raise ValueError(f"{self.name} column {column!r} must hold numbers {span} "
                                     f"(row {bad.argmax()} is {array[bad.argmax()]:g})")
        return frame

    def example(self):
        if self.example_ is None:
            raise ValueError(f"{self.name}: declare example_= to build a valid table")
        return self.example_()


def _check_column(table: str, column: str, values: pd.Series, kind: str) -> None:
    where = f"{table} column {column!r}"
    if kind in ("text", "any"):
        return
    if kind == "date":
        if not pd.api.types.is_datetime64_any_dtype(values):
            try:
                values = pd.to_datetime(values)
            except (TypeError, ValueError):
                raise TypeError(f"{where} must hold dates (it holds {values.dtype} values)") from None
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            return
        if values.isna().any():
            raise ValueError(f"{where} must hold dates (row {values.isna().to_numpy().argmax()} is empty)")
        return
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        sample = values.iloc[0] if len(values) else None
        raise TypeError(f"{where} must hold numbers (it holds {values.dtype} values, row 0 is {sample!r})")
    array = values.to_numpy(dtype=float)
    if kind.endswith("_or_nan"):  # NaN marks a gap: check the numbers that are there (0 passes every kind)
        array, kind = np.where(np.isnan(array), 0.0, array), kind.removesuffix("_or_nan")
    bad = ~np.isfinite(array)
    if bad.any():
        raise ValueError(f"{where} must hold finite numbers (row {bad.argmax()} is {array[bad.argmax()]})")
    if kind == "count":
        bad = (array < 0) | (array != np.round(array))
        if bad.any():
            raise ValueError(f"{where} must hold whole numbers of at least 0 (row {bad.argmax()} is "
                             f"{array[bad.argmax()]:g})")
    if kind == "share":
        bad = (array < 0) | (array > 1)
        if bad.any():
            raise ValueError(f"{where} must hold shares between 0 and 1 (row {bad.argmax()} is "
                             f"{array[bad.argmax()]:g})")


@dataclass(frozen=True)
class Values:
    """A sequence of numbers (list, array or Series): finite, within ``low``..``high``, at least
    ``min_length`` long, whole numbers if ``integer``; booleans and text refused.

    >>> Values("alive", low=0).check([100, 80, None])
    Traceback (most recent call last):
    ...
    TypeError: alive must hold numbers only (got None)
    """

    name: str
    default: Any = NO_DEFAULT
    low: float | None = None
    high: float | None = None
    integer: bool = False
    min_length: int = 1
    max_length: int | None = None
    meaning: str = ""
    example_: Any = None
    optional: bool = False

    def check(self, value):
        if value is None and self.optional:
            return None
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (Iterable, np.ndarray)):
            raise TypeError(f"{self.name} must be a sequence of numbers (got {value!r})")
        given = np.asarray(value) if isinstance(value, (np.ndarray, pd.Series, pd.Index)) else None
        if given is not None and given.ndim == 1 and given.dtype.kind in "iuf":
            items = given  # an array of ints or floats holds numbers only
        else:  # anything else is looked at item by item
            items = list(value.tolist() if given is not None else value)
            for item in items:
                if isinstance(item, (bool, np.bool_)) or not isinstance(item, (int, float, np.integer, np.floating)):
                    raise TypeError(f"{self.name} must hold numbers only (got {item!r})")
        lengths = f"at least {self.min_length}"
        if len(items) < self.min_length:
            raise ValueError(f"{self.name} must hold {lengths} number(s) (got {len(items)})")
        if self.max_length is not None and len(items) > self.max_length:
            raise ValueError(f"{self.name} must hold at most {self.max_length:,} numbers (got {len(items):,})")
        array = np.asarray(items, dtype=float)
        # the whole array at once (a million values in milliseconds), then the first bad item by itself
        # for the message
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(array)
            if self.low is not None:
                bad |= array < self.low
            if self.high is not None:
                bad |= array > self.high
            if self.integer:
                bad |= array != np.round(array)
        for index in np.flatnonzero(bad)[:1]:
            item = array[index]
            try:
                if self.integer:
                    check_int(self.name, items[index].item() if given is not None and items is given else items[index],
                              low=self.low, high=self.high)
                else:
                    check_number(self.name, item, low=self.low, high=self.high)
            except (TypeError, ValueError) as error:
                raise type(error)(f"{error} (item {index})") from None
        return array

    def example(self):
        if self.example_ is None:
            raise ValueError(f"{self.name}: declare example_= to build a valid value")
        return self.example_


@dataclass(frozen=True)
class Axes:
    """Where a plot draws: a matplotlib Axes, or None for a new figure.

    >>> Axes().check("left")
    Traceback (most recent call last):
    ...
    TypeError: ax must be a matplotlib Axes or None (got 'left' of type str)
    """

    name: str = "ax"
    default: Any = NO_DEFAULT
    meaning: str = "the matplotlib Axes to draw on (None: a new figure)"

    def check(self, value):
        from matplotlib.axes import Axes as MatplotlibAxes  # a floor may not load matplotlib at import

        if value is not None and not isinstance(value, MatplotlibAxes):
            raise TypeError(f"{self.name} must be a matplotlib Axes or None (got {value!r} of type "
                            f"{type(value).__name__})")
        return value

    def example(self):
        return None


@dataclass(frozen=True)
class Rng:
    """Randomness: a whole-number seed of at least 0 or a ``numpy.random.Generator`` (SPEC 7).

    >>> Rng().check(-1)
    Traceback (most recent call last):
    ...
    ValueError: rng must be a seed of at least 0 (got -1)
    """

    name: str = "rng"
    default: Any = NO_DEFAULT
    meaning: str = "a seed (whole number) or a numpy Generator; the default 0 gives the chapter's numbers"

    def check(self, value):
        resolve_rng(value, self.name)
        return value

    def example(self):
        return 0


@dataclass(frozen=True)
class Given:
    """An argument checked by a function of its own (a callable, a fitted model, ...): ``check`` raises
    a ValueError/TypeError naming the argument; ``example`` returns a valid value; ``bad`` lists
    values it must refuse, for the tests.
    """

    name: str
    check_: Callable[[Any], Any] = None
    default: Any = NO_DEFAULT
    meaning: str = ""
    example_: Callable[[], Any] | None = None
    bad: tuple = ()

    def check(self, value):
        return self.check_(value)

    def example(self):
        if self.example_ is None:
            raise ValueError(f"{self.name}: declare example_= to build a valid value")
        return self.example_()


Declaration = Param | Choice | Flag | Table | Values | Axes | Rng | Given


def declarations_of(function: Callable) -> dict[str, Declaration]:
    """The declared arguments of a public function (``{}`` if it declares none), by name.

    >>> import cslearn.params as params
    >>> sorted(declarations_of(params._demo_scale))
    ['factor', 'values']
    """
    found = getattr(function, "__declarations__", None)
    if found is None:
        return {}
    return dict(found.items()) if isinstance(found, ParamSet) else dict(found)


def checked(*declarations: Declaration, **more: Declaration) -> Callable[[Callable], Callable]:
    """Decorator: check a function's arguments against their declarations before it runs.

    Each declaration names an argument of the function (a typo fails at import); an argument the
    caller passes is checked by its declaration (the function then receives it as given), an
    argument left out keeps the signature's default. A declaration with ``NO_DEFAULT`` takes the
    signature's default, so a default is written once. Declarations already on the function (from
    :meth:`ParamSet.keywords`) are kept; ``declarations_of`` returns them all.

    >>> _demo_scale([1, 2], factor=2)
    array([2., 4.])
    >>> _demo_scale([1, 2], factor=-1)
    Traceback (most recent call last):
    ...
    ValueError: factor must be at least 0 (got -1)
    """
    given = list(declarations) + [replace(d, name=name) for name, d in more.items()]

    def decorate(function: Callable) -> Callable:
        signature = inspect.signature(function)
        table = declarations_of(function)
        for declaration in given:
            parameter = signature.parameters.get(declaration.name)
            if parameter is None:
                raise TypeError(f"{function.__qualname__} has no argument {declaration.name!r} to declare")
            if declaration.default is NO_DEFAULT and parameter.default is not inspect.Parameter.empty:
                declaration = replace(declaration, default=parameter.default)
            table[declaration.name] = declaration

        @functools.wraps(function)
        def run(*args, **kwargs):
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError as error:
                raise TypeError(f"{function.__name__}(): {error}{_did_you_mean(signature, kwargs)}") from None
            for name, value in bound.arguments.items():
                declaration = table.get(name)
                if declaration is not None and name in own:
                    declaration.check(value)
            return function(*args, **kwargs)

        own = {d.name for d in given}
        run.__declarations__ = table
        run.__signature__ = signature
        return run

    return decorate


def _did_you_mean(signature: inspect.Signature, kwargs: dict) -> str:
    """For a misspelled keyword, the argument meant (or the ones accepted).

    >>> _did_you_mean(inspect.signature(_demo_scale), {"factr": 2})
    "; did you mean 'factor'?"
    """
    names = [n for n, p in signature.parameters.items() if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
    unknown = [key for key in kwargs if key not in signature.parameters]
    if not unknown or any(p.kind == p.VAR_KEYWORD for p in signature.parameters.values()):
        return ""
    close = difflib.get_close_matches(unknown[0], names, n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; it takes {', '.join(names)}"


@checked(Values("values"), Param("factor", low=0))
def _demo_scale(values, factor=1.0):
    """Multiply ``values`` by ``factor`` (an example for :func:`checked`)."""
    return np.asarray(values, dtype=float) * factor
