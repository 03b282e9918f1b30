"""Exercises: one call to check an answer, and the generator of the student notebooks.

In a chapter's exercise notebook a student writes an answer and runs::

    check("01.1", answer)

which says in one sentence whether the answer is right and, if not, what is off. An answer
still set to the placeholder ``...`` is reported as not answered yet, so an untouched exercise
notebook runs clean from top to bottom.

Expected answers are never typed in: each exercise computes its own with ``cslearn`` from the
numbers the question states: each chapter has a module ``cslearn/exercises/chNN.py``, found and
loaded automatically.
"""

from __future__ import annotations

import importlib
import json
import math
import numbers
import os
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import numpy as np

from cslearn.language import get_language, tr

__all__ = ["CONCEPTS", "Exercise", "CheckResult", "check", "register", "exercise", "exercises_for", "EXERCISES"]

EXERCISES: dict[str, Exercise] = {}


CONCEPTS = tuple(f"C{n}" for n in range(1, 33))


@dataclass(frozen=True)
class Exercise:
    """One checked exercise.

    >>> from cslearn.exercises import EXERCISES, exercises_for
    >>> ex = exercises_for("01")[0]
    >>> isinstance(ex, Exercise), ex.id
    (True, '01.1')

    ``expected`` computes the right answer; ``kind`` is ``"number"``, ``"whole"`` (a count or a
    month), ``"choice"`` (a string among ``choices``) or ``"numbers"`` (a sequence);
    ``unit`` decides how numbers are shown (``"yen"``, ``"rate"``, ``"month"`` or ``""``);
    ``hint`` is said when the answer is wrong: the idea or the formula with the question's numbers.
    It is a string, or a function of the student's answer that returns one (to say what that
    particular wrong answer suggests). ``concepts`` names the syllabus concepts the exercise
    exercises (``("C4",)``); ``aliases`` maps other accepted words for a choice, such as the
    Japanese term, to the choice they mean (``{"顧客": "customer"}``). ``mistakes`` pairs a known wrong
    number (the rule of thumb the question offers, a common slip) with what to say about it (a text, or
    a function of no arguments returning one, as ``lambda: tr("...")``); it is said before anything
    else, so a known mistake is never taken for a rounding.

    The precision a number is checked to is the one the question asks for: "to the nearest yen",
    "to two decimal places", "to the nearest thousand yen" and the like set ``decimals`` (found in
    the question unless given), and an answer is right when it rounds to the same value at that
    precision (``abs_tol`` may widen it, for a simulated answer). Only a question that names no
    precision falls back on ``rel_tol``.
    """

    id: str
    question: str
    expected: Callable[[], Any]
    kind: str = "number"
    unit: str = ""
    rel_tol: float = 0.005
    abs_tol: float = 0.0
    hint: str | Callable[[Any], str] = ""
    choices: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    decimals: int | None = None
    mistakes: tuple[tuple[float, str], ...] = ()

    def tolerance(self, expected: float) -> tuple[float, float]:
        """``(rel_tol, abs_tol)`` for an answer to this exercise whose right value is ``expected``."""
        if self.decimals is None:
            return self.rel_tol, self.abs_tol
        half_unit = 0.5 * 10.0 ** -self.decimals
        return 0.0, max(self.abs_tol, half_unit * (1 + 1e-9) + 1e-12 * abs(expected))

    def hint_for(self, answer: Any) -> str:
        """The hint to show after ``answer`` was judged wrong."""
        if callable(self.hint):
            return str(self.hint(answer)).strip()
        return self.hint.strip()


_NUMBER_WORDS_EN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_PLACES = {"ten": -1, "hundred": -2, "thousand": -3, "ten thousand": -4}


def precision_in(question: str) -> int | None:
    """The decimals a question asks an answer to be given to, or None if it names none.

    >>> precision_in("Give it to two decimal places.")
    2
    >>> precision_in("to the nearest yen"), precision_in("to the nearest thousand yen")
    (0, -3)
    >>> precision_in("Answer with a whole number."), precision_in("How many?") is None
    (0, True)
    """
    text = " ".join(question.lower().split())
    found = re.search(r"\b(one|two|three|four|five|\d) decimal place", text)
    if found:
        word = found.group(1)
        return int(word) if word.isdigit() else _NUMBER_WORDS_EN[word]
    found = re.search(r"nearest (ten thousand|thousand|hundred|ten)\b", text)
    if found:
        return _PLACES[found.group(1)]
    if re.search(r"nearest (yen|whole|integer|month|week|day|customer)|whole number|round(ed)? to a whole", text):
        return 0
    return None


def register(ex: Exercise) -> Exercise:
    """Add an exercise to the registry (ids look like ``"01.3"``: chapter, dot, number).

    >>> ex = register(Exercise("99.1", "What is 2 + 2?", lambda: 4, concepts=("C1",)))
    >>> EXERCISES.pop("99.1") is ex
    True

    Unless ``decimals`` is given, it is read from the question (see :func:`precision_in`).
    """
    if ex.decimals is None and ex.kind in ("number", "numbers", "whole"):
        ex = replace(ex, decimals=precision_in(ex.question))
    if ex.kind not in ("number", "whole", "choice", "numbers"):
        raise ValueError(f"kind must be 'number', 'whole', 'choice' or 'numbers' (got {ex.kind!r})")
    unknown = [c for c in ex.concepts if c not in CONCEPTS]
    if isinstance(ex.concepts, str) or unknown:
        raise ValueError(f"concepts must be a tuple of concept ids C1-C32, such as ('C4',) (got {ex.concepts!r})")
    targets = [target for _, target in ex.aliases]
    if any(target not in ex.choices for target in targets):
        raise ValueError(f"aliases must map words to one of the choices {ex.choices} (got {ex.aliases!r})")
    EXERCISES[ex.id] = ex
    return ex


def exercise(id: str, question: str | None = None, **options) -> Callable[[Callable[[], Any]], Exercise]:
    """Decorator form of :func:`register`: the decorated function computes the expected answer, and its
    docstring is the question unless ``question`` is given (the docstring's lines are joined by single
    spaces, so the question is one line of text however the docstring wraps it).

    >>> @exercise("99.2", concepts=("C1",))
    ... def answer():
    ...     '''What is
    ...     6 x 7?'''
    ...     return 42
    >>> answer.expected(), answer.question, EXERCISES.pop("99.2").id
    (42, 'What is 6 x 7?', '99.2')

    ``aliases`` and ``mistakes`` may be given as dicts. A function with neither a ``question`` nor a
    docstring is refused.
    """
    if isinstance(options.get("aliases"), dict):
        options["aliases"] = tuple(options["aliases"].items())
    if isinstance(options.get("mistakes"), dict):
        options["mistakes"] = tuple(options["mistakes"].items())

    def wrap(expected: Callable[[], Any]) -> Exercise:
        asked = question if question is not None else " ".join((expected.__doc__ or "").split())
        if not isinstance(asked, str) or not asked:
            raise TypeError(f"question must be given, or be the docstring of the function exercise {id!r} decorates "
                            f"(got {question!r} and no docstring)")
        return register(Exercise(id, asked, expected, **options))

    return wrap


def near(answer, value: float, tol: float = 0.005) -> bool:
    """Whether a wrong ``answer`` is within a relative ``tol`` of ``value``: the test a hint uses to
    recognise a known slip (the ratio inverted, the other share, a month too early).

    An answer that is not a finite number is near nothing.

    >>> near(3.06, 3000 / 980), near(3.2, 3000 / 980), near(3.2, 3000 / 980, 0.05)
    (True, False, True)
    >>> near("three", 3.0), near(float("nan"), 3.0)
    (False, False)
    """
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not math.isfinite(answer):
        return False
    return math.isclose(answer, value, rel_tol=tol, abs_tol=1e-9)


def slips(advice: str, *known: tuple) -> Callable[[Any], str]:
    """A hint as a table: the ``advice`` (the idea, worked through with the question's own numbers),
    after what the first known slip a wrong answer matches suggests.

    ``advice`` and each ``message`` are a text, or a function of no arguments that returns one (so that
    ``lambda: tr("...")`` says it in the language of the moment, see :func:`cslearn.language.tr`).

    Each of ``known`` is ``(slip, message)`` or ``(slip, message, tol)``, tried in order: ``slip`` is
    the number a slip gives (the answer is that slip when :func:`near` it, within the relative
    ``tol``, 0.005 unless given), or a function of the answer saying whether it is that slip (for a
    test that is not a number's neighbourhood, or a number worth computing only when a hint is
    needed). The hint is ``message``, a space, then ``advice``; for no known slip, ``advice`` alone.

    >>> hint = slips("Churn is fee over price: 980 / 3,000.",
    ...              (3000 / 980, "That is the ratio inverted.", 0.01),
    ...              (lambda answer: answer < 0, "Churn is never negative."))
    >>> hint(3.06)
    'That is the ratio inverted. Churn is fee over price: 980 / 3,000.'
    >>> hint(-1), hint(0.5)
    ('Churn is never negative. Churn is fee over price: 980 / 3,000.', 'Churn is fee over price: 980 / 3,000.')
    """
    for entry in known:
        if not isinstance(entry, tuple) or len(entry) not in (2, 3) or not (isinstance(entry[1], str)
                                                                            or callable(entry[1])):
            raise TypeError(f"known must hold (slip, message) or (slip, message, tol) tuples (got {entry!r})")

    def hint(answer) -> str:
        said = _said(advice)
        for slip, message, *tol in known:
            if slip(answer) if callable(slip) else near(answer, slip, *tol):
                return tr("{slip} {advice}", slip=_said(message), advice=said)
        return said

    return hint


def _said(text) -> str:
    """A text, or what a function of no arguments returns (a sentence translated when it is said)."""
    return text() if callable(text) else text


def _load_all() -> None:
    """Import every ``cslearn/exercises/chNN.py``: each registers its chapter's exercises."""
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("ch"):
            importlib.import_module(f"cslearn.exercises.{info.name}")


def exercises_for(chapter: str) -> list[Exercise]:
    """The exercises of a chapter (``"01"``), in order.

    >>> [ex.id for ex in exercises_for("01")][:3]
    ['01.1', '01.2', '01.3']
    """
    _load_all()
    ids = [key for key in EXERCISES if key.split(".")[0] == chapter]
    return [EXERCISES[key] for key in sorted(ids, key=lambda key: int(key.split(".")[1]))]


@dataclass
class CheckResult:
    """The verdict of :func:`check`: ``passed`` is True, False, or None when not answered yet.

    >>> result = check("01.1", ...)
    >>> isinstance(result, CheckResult), result.passed
    (True, None)
    """

    exercise_id: str
    passed: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.passed)

    @property
    def status(self) -> str:
        return {True: "correct", False: "wrong", None: "unanswered"}[self.passed]

    def __repr__(self) -> str:
        mark = {True: "✅", False: "❌", None: "✏️"}[self.passed]
        return f"{mark} {self.exercise_id}: {self.message}"

    def _repr_html_(self) -> str:
        colour = {True: "#1a7f37", False: "#b00020", None: "#555"}[self.passed]
        return f"<div style='color:{colour};font-weight:600'>{self!r}</div>"


def _show(value, unit: str) -> str:
    from cslearn.formatting import percent, yen

    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if unit == "yen":
            # a small fraction is not an amount of yen: show it as it was written
            return yen(value) if abs(value) >= 100 or float(value).is_integer() else f"{value:g}"
        if unit == "rate":  # as the question asks it (a fraction), with the percentage beside it
            return f"{value:.4g} ({percent(value, digits=2)})"
        if unit == "month":
            return tr("month {month}", month=f"{value:g}")
        if abs(value) >= 1e5:  # no scientific notation for a large amount
            return f"{value:,.0f}"
        return f"{value:,.6g}"
    return _brief(value)


def _count(n: int, word: str) -> str:
    if get_language() == "ja":
        from cslearn.formatting import plural

        return plural(n, word)
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _brief(value) -> str:
    """A short description of any value: never a whole table pasted into a message."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    shape = getattr(value, "shape", None)
    if shape is not None and not isinstance(value, numbers.Number):
        kind = type(value).__name__
        kind = {"ndarray": "numpy array", "DataFrame": "pandas DataFrame", "Series": "pandas Series"}.get(kind, kind)
        if len(shape) == 2:
            return tr("a {kind} of {rows} and {columns}", kind=kind, rows=_count(shape[0], "row"),
                      columns=_count(shape[1], "column"))
        return tr("a {kind} of {count}", kind=kind, count=_count(int(np.prod(shape)), "value"))
    if isinstance(value, (list, tuple, set, dict)):
        return tr("a {kind} of {count}", kind=type(value).__name__, count=_count(len(value), "item"))
    text = repr(value)
    return text if len(text) <= 40 else tr("a {kind}", kind=type(value).__name__)


def _not_a_number(kind: str) -> str:
    """Why None or a bool is no number, in a sentence."""
    if kind == "NoneType":
        return tr("expected a number, got None (nothing): did the cell assign the result of print(), or forget to "
                  "return a value?")
    return tr("expected a number, got True or False, which is a yes or no, not a number.")


def _as_number(answer) -> tuple[float | None, str]:
    """``(value, "")`` for a usable single number, else ``(None, reason)`` in one sentence."""
    if isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_)):
        try:
            value = float(answer)
        except OverflowError:
            return None, tr("that number is too large to be an answer here: check the units and the formula.")
        if math.isnan(value):
            return None, tr("the answer is NaN (not a number): something upstream divided by zero or read a missing "
                            "value.")
        if math.isinf(value):
            return None, tr(
                "the answer is {sign}infinity: something divided by zero, or a quantity that never ends was summed; "
                "this exercise has a finite answer.", sign="+" if value > 0 else "-"
            )
        return value, ""
    name = type(answer).__name__
    if name in ("NoneType", "bool") or isinstance(answer, np.bool_):
        return None, _not_a_number(name)
    if isinstance(answer, str):
        try:
            float(answer.replace(",", "").replace("¥", "").replace("%", ""))
        except ValueError:
            return None, tr("expected a number, got the text {text}.", text=_brief(answer))
        return None, tr(
            "expected a number, got the text {text}: write it without quotes or commas "
            "(121200 or 121_200, not '121,200').", text=_brief(answer)
        )
    size = getattr(answer, "size", None)
    if size is None and isinstance(answer, (list, tuple)):
        size = len(answer)
    if size == 1:
        return None, tr(
            "expected a number, got {what}: take the value out of it (for example float(x.iloc[0]) or x[0]).",
            what=_brief(answer),
        )
    return None, tr("expected one number, got {what}.", what=_brief(answer))


def _places(value: float) -> int:
    """The decimal places ``value`` is written to (negative for tens, hundreds...): 0.1 -> 1, 1210 -> -1."""
    return -Decimal(repr(value)).normalize().as_tuple().exponent


def _rounding(value: float, expected: float, decimals: int | None = None) -> int | None:
    """The decimal places at which ``expected`` rounds to ``value`` (0.1 for 0.1043 -> 1), or None.

    A whole number may be rounded to the unit or to its trailing zeros (90 for 90.42 -> 0, 1200 for
    1,213 -> -2). A rounding far coarser than the question asks for (120,000 for ¥121,200 asked to the
    yen) does not count, and neither does one significant digit of a whole number (200 for 238).
    """
    if value == 0 or not math.isfinite(expected):
        return None
    places = _places(value)
    candidates = range(0, places - 1, -1) if value.is_integer() else [places]
    for p in candidates:
        if abs(value - expected) <= 0.5 * 10.0 ** -p * (1 + 1e-9):
            if value.is_integer() and p < 0 and len(str(abs(int(value))).rstrip("0")) < 2:
                return None
            if decimals is not None and p < decimals - 3:
                return None
            return p
    return None


def _cut_off(value: float, expected: float) -> bool:
    """True when ``value`` is ``expected`` truncated (not rounded) at the decimals ``value`` shows."""
    places = _places(value)
    if value == 0 or places < 0 or not math.isfinite(expected):
        return False
    step = 10.0 ** -places
    truncated = math.trunc(expected / step) * step
    return math.isclose(value, truncated, abs_tol=step * 1e-6) and abs(expected - value) > step / 2


def _digits_close(value: float, expected: float, decimals: int | None = None) -> bool:
    """True when ``value`` is ``expected`` rounded more coarsely than ``value`` is right for."""
    return _rounding(value, expected, decimals) is not None


def _precision_words(decimals: int) -> str:
    if decimals == 1:
        return tr("to 1 decimal place")
    if decimals > 1:
        return tr("to {decimals} decimal places", decimals=decimals)
    if decimals == 0:
        return tr("to a whole number")
    return tr("to the nearest {unit}", unit=f"{10 ** -decimals:,}")


def _norm(text: str) -> str:
    return " ".join(text.replace("\u3000", " ").strip().lower().split())


def _options(ex: Exercise) -> str:
    """The choices of a choice exercise as a message lists them; in Japanese each is followed by its first
    Japanese alias (the word a Japanese student is told to type), so a refused answer shows what would do."""
    if get_language() != "ja":
        return ", ".join(map(repr, ex.choices))
    japanese: dict[str, str] = {}
    for word, target in ex.aliases:
        if not word.isascii():
            japanese.setdefault(target, word)
    return "、".join(f"{choice!r}（{japanese[choice]}）" if choice in japanese else repr(choice)
                     for choice in ex.choices)


def _judge(ex: Exercise, answer, expected) -> tuple[bool, str]:
    if ex.kind == "choice":
        options = _options(ex)
        if not isinstance(answer, str):
            return False, tr("expected one of {options} as text, got {what}.", options=options, what=_brief(answer))
        given = _norm(answer)
        given = _norm({_norm(word): target for word, target in ex.aliases}.get(given, given))
        if given == _norm(str(expected)):
            return True, tr("correct: {answer}.", answer=repr(expected))
        if given not in [_norm(c) for c in ex.choices]:
            return False, tr("{what} is not one of the options {options}.", what=_brief(answer), options=options)
        return False, tr("{what} is not it. {hint}", what=_brief(answer), hint=ex.hint_for(answer)).strip()
    if ex.kind == "numbers":
        if isinstance(answer, (str, bytes, dict, set)) or answer is None or np.isscalar(answer):
            return False, tr("expected a list of numbers, got {what}.", what=_brief(answer))
        try:
            given = np.asarray(answer, dtype=float)
        except (TypeError, ValueError, OverflowError):
            return False, tr("expected a list of numbers, got {what} that holds something else.", what=_brief(answer))
        want = np.asarray(expected, dtype=float)
        if given.shape != want.shape:
            return False, tr("expected {count} numbers in a flat list, got {what}. {hint}", count=want.size,
                             what=_brief(answer), hint=ex.hint_for(answer)).strip()
        if not np.isfinite(given).all():
            first = int(np.argmin(np.isfinite(given)))
            return False, tr("number {position} is {value}: every number here is finite.", position=first + 1,
                             value=given[first])
        rel_tol, abs_tol = ex.tolerance(float(np.max(np.abs(want))) if want.size else 0.0)
        close = np.isclose(given, want, rtol=rel_tol, atol=abs_tol)
        if close.all():
            return True, tr("correct: every number matches.")
        first = int(np.argmin(close))
        pairs = zip(close, given, want, strict=True)
        if all(ok or _digits_close(float(g), float(w), ex.decimals) for ok, g, w in pairs):
            return False, tr("close: number {position} is right to the digits you gave; give more digits.",
                             position=first + 1)
        return False, tr(
            "number {position} is {given}, it should be {expected}. {hint}", position=first + 1,
            given=_show(float(given[first]), ex.unit), expected=_show(float(want[first]), ex.unit),
            hint=ex.hint_for(answer),
        ).strip()
    # a single number
    if answer is None and expected is None:
        return True, tr("correct: it never happens.")
    value, problem = _as_number(answer)
    if value is None:
        return False, problem
    if expected is None:
        return False, tr("{given} is not it: under these numbers it never happens (answer None).",
                         given=_show(answer, ex.unit))
    if ex.kind == "whole" and not value.is_integer():
        return False, tr("{given} is not a whole number; this answer is a count, or a month, week or day number.",
                         given=f"{value:g}")
    rel_tol, abs_tol = ex.tolerance(float(expected))
    if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        shown = expected if ex.decimals is None else round(expected, ex.decimals)  # as precise as asked
        return True, tr("correct: {answer}.", answer=_show(shown, ex.unit))
    for mistake, message in ex.mistakes:
        if math.isclose(value, mistake, rel_tol=rel_tol, abs_tol=abs_tol):
            return False, tr("{given} is not it. {hint}", given=_show(value, ex.unit), hint=_said(message))
    if _digits_close(value, expected, ex.decimals):
        if ex.decimals is None:
            return False, tr("close: {given} is right to the digits you gave, but give more digits.",
                             given=f"{value:g}")
        meant = (tr(" (if you meant {meant}, that is not it)", meant=f"{value:.{ex.decimals}f}")
                 if ex.decimals > 0 else "")
        wanted = tr("to the yen") if ex.unit == "yen" and ex.decimals == 0 else _precision_words(ex.decimals)
        given = _show(value, ex.unit) if ex.unit == "yen" else f"{value:,g}"
        return False, tr(
            "close: {given} is the answer rounded {rounded}; give it {wanted}, as the question asks{meant}.",
            given=given, rounded=_precision_words(_rounding(value, expected)), wanted=wanted, meant=meant,
        )
    if _cut_off(value, expected):
        return False, tr("close: {given} is the answer cut off, not rounded: round the last digit to the nearest.",
                         given=f"{value:g}")
    ratio = value / expected if expected else math.inf
    extra = ""
    if expected and math.isclose(ratio, 100, rel_tol=0.01) and (ex.unit == "rate" or abs(expected) <= 1):
        extra = tr(" It looks like a percentage: this answer is a fraction ({given} % is {fraction}).",
                   given=f"{value:g}", fraction=f"{value / 100:g}")
    elif expected and math.isclose(ratio, 100, rel_tol=0.01):
        extra = tr(" It is 100 times too large: was a rate entered as a percentage (25 for 0.25) along the way?")
    elif expected and math.isclose(ratio, 0.01, rel_tol=0.01):
        extra = tr(" It is 100 times too small: a fraction where a percentage or a count was wanted?")
    elif expected and (math.isclose(ratio, 1000, rel_tol=0.01) or math.isclose(ratio, 0.001, rel_tol=0.01)):
        extra = tr(" It is 1,000 times off: did you give it in thousands, or in units where thousands were wanted?")
    elif ex.kind == "whole" and abs(value - expected) == 1:
        if re.search(r"\b(month|week|day|year)s?\b", ex.question, re.IGNORECASE) and ex.unit != "yen":
            extra = tr(" Off by one: check where the counting starts (from 1?) and whether the last one itself counts.")
        else:
            extra = tr(" Off by one: check the rounding the question asks for (nearest, or the smallest whole number "
                       "that is enough) and what is counted.")
    given = f"{value:.6g}" if ex.unit == "rate" else _show(value, ex.unit)  # as the student wrote it
    if value > expected:
        return False, tr("{given} is too high.{extra} {hint}", given=given, extra=extra,
                         hint=ex.hint_for(value)).strip()
    return False, tr("{given} is too low.{extra} {hint}", given=given, extra=extra, hint=ex.hint_for(value)).strip()


def _log(result: CheckResult) -> None:
    path = os.environ.get("CSLEARN_CHECK_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"id": result.exercise_id, "status": result.status}) + "\n")


def _unknown_exercise(exercise_id) -> str:
    """Why ``exercise_id`` names no exercise, and the one meant: "3.1" is "03.1".

    >>> _unknown_exercise("3.1")
    "exercise_id must name an exercise, as in '03.1' (got '3.1'): did you mean '03.1'?"
    """
    def order(name):  # 01.2 before 01.10
        chapter, number = name.split(".")
        return int(chapter), int(number)

    text = f"exercise_id must name an exercise, as in '03.1' (got {exercise_id!r})"
    written = exercise_id if isinstance(exercise_id, str) else str(exercise_id)  # 3.1 typed as a number
    if written.count(".") == 1:
        chapter, number = written.split(".")
        if chapter.strip().isdigit() and number.strip().isdigit():
            meant = f"{int(chapter):02d}.{int(number)}"
            if meant in EXERCISES:
                return f"{text}: did you mean {meant!r}?"
            same_chapter = sorted((n for n in EXERCISES if n.startswith(f"{int(chapter):02d}.")), key=order)
            if same_chapter:
                return f"{text}: chapter {int(chapter):02d} has {same_chapter[0]} to {same_chapter[-1]}"
    chapters = sorted({name.split(".")[0] for name in EXERCISES})
    return f"{text}: the chapters with exercises are {', '.join(chapters)}"


def check(exercise_id: str, answer) -> CheckResult:
    """Check an answer and say, in one sentence, what is right or wrong.

    >>> check("01.1", ...)
    ✏️ 01.1: not answered yet: replace the ... with your answer and run the cell again.
    """
    _load_all()
    if exercise_id not in EXERCISES:
        raise ValueError(_unknown_exercise(exercise_id))
    ex = EXERCISES[exercise_id]
    if answer is Ellipsis:
        result = CheckResult(
            exercise_id, None, tr("not answered yet: replace the ... with your answer and run the cell again.")
        )
    else:
        passed, message = _judge(ex, answer, ex.expected())
        result = CheckResult(exercise_id, passed, message)
    _log(result)
    return result
