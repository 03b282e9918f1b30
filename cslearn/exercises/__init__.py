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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Exercise", "CheckResult", "check", "register", "exercise", "exercises_for", "EXERCISES"]

EXERCISES: dict[str, Exercise] = {}


@dataclass(frozen=True)
class Exercise:
    """One checked exercise.

    ``expected`` computes the right answer; ``kind`` is ``"number"``, ``"whole"`` (a count or a
    month), ``"choice"`` (a string among ``choices``) or ``"numbers"`` (a sequence);
    ``unit`` decides how numbers are shown (``"yen"``, ``"rate"``, ``"month"`` or ``""``);
    ``hint`` is said when the answer is wrong.
    """

    id: str
    question: str
    expected: Callable[[], Any]
    kind: str = "number"
    unit: str = ""
    rel_tol: float = 0.005
    abs_tol: float = 0.0
    hint: str = ""
    choices: tuple[str, ...] = ()


def register(ex: Exercise) -> Exercise:
    """Add an exercise to the registry (ids look like ``"01.3"``: chapter, dot, number)."""
    if ex.kind not in ("number", "whole", "choice", "numbers"):
        raise ValueError(f"kind must be 'number', 'whole', 'choice' or 'numbers' (got {ex.kind!r})")
    EXERCISES[ex.id] = ex
    return ex


def exercise(id: str, question: str, **options) -> Callable[[Callable[[], Any]], Exercise]:
    """Decorator form of :func:`register`: the decorated function computes the expected answer."""

    def wrap(expected: Callable[[], Any]) -> Exercise:
        return register(Exercise(id, question, expected, **options))

    return wrap


def _load_all() -> None:
    """Import every ``cslearn/exercises/chNN.py``: each registers its chapter's exercises."""
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("ch"):
            importlib.import_module(f"cslearn.exercises.{info.name}")


def exercises_for(chapter: str) -> list[Exercise]:
    """The exercises of a chapter (``"01"``), in order."""
    _load_all()
    ids = [key for key in EXERCISES if key.split(".")[0] == chapter]
    return [EXERCISES[key] for key in sorted(ids, key=lambda key: int(key.split(".")[1]))]


@dataclass
class CheckResult:
    """The verdict of :func:`check`: ``passed`` is True, False, or None when not answered yet."""

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
            return yen(value)
        if unit == "rate":
            return percent(value, digits=2)
        if unit == "month":
            return f"month {value:g}"
        return f"{value:,.4g}"
    return repr(value)


def _judge(ex: Exercise, answer, expected) -> tuple[bool, str]:
    if ex.kind == "choice":
        if not isinstance(answer, str):
            return False, f"expected one of {', '.join(map(repr, ex.choices))} as text, got {answer!r}"
        if answer.strip().lower() == str(expected).lower():
            return True, f"correct: {expected!r}."
        if answer.strip().lower() not in [c.lower() for c in ex.choices]:
            return False, f"{answer!r} is not one of the options {', '.join(map(repr, ex.choices))}."
        return False, f"{answer!r} is not it. {ex.hint}".strip()
    if ex.kind == "numbers":
        try:
            given = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return False, f"expected a list of numbers, got {type(answer).__name__}"
        want = np.asarray(expected, dtype=float)
        if given.shape != want.shape:
            return False, f"expected {want.size} numbers, got {given.size}. {ex.hint}".strip()
        close = np.isclose(given, want, rtol=ex.rel_tol, atol=ex.abs_tol)
        if close.all():
            return True, "correct: every number matches."
        first = int(np.argmin(close))
        return False, (
            f"number {first + 1} is {_show(float(given[first]), ex.unit)}, it should be "
            f"{_show(float(want[first]), ex.unit)}. {ex.hint}"
        ).strip()
    # a single number
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        if expected is None and answer is None:
            return True, "correct: it never happens."
        return False, f"expected a number, got {type(answer).__name__} {answer!r}. {ex.hint}".strip()
    if expected is None:
        return False, f"{_show(answer, ex.unit)} is not it: under these numbers it never happens (answer None)."
    value = float(answer)
    if math.isnan(value):
        return False, "the answer is NaN: something upstream divided by zero or read a missing value."
    if ex.kind == "whole" and not value.is_integer():
        return False, f"{answer:g} is not a whole number; this answer is a count or a month number."
    if math.isclose(value, expected, rel_tol=ex.rel_tol, abs_tol=ex.abs_tol):
        return True, f"correct: {_show(expected, ex.unit)}."
    direction = "too high" if value > expected else "too low"
    ratio = value / expected if expected else math.inf
    extra = ""
    if expected and (math.isclose(ratio, 100, rel_tol=0.01) or math.isclose(ratio, 0.01, rel_tol=0.01)):
        extra = " It is off by a factor of 100: a percentage where a fraction was wanted, or back to front?"
    elif ex.kind == "whole" and abs(value - expected) == 1:
        extra = " Off by one: check where the counting starts (from 1?) and whether the last one itself counts."
    return False, f"{_show(answer, ex.unit)} is {direction}.{extra} {ex.hint}".strip()


def _log(result: CheckResult) -> None:
    path = os.environ.get("CSLEARN_CHECK_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"id": result.exercise_id, "status": result.status}) + "\n")


def check(exercise_id: str, answer) -> CheckResult:
    """Check an answer and say, in one sentence, what is right or wrong.

    >>> check("01.1", ...)
    ✏️ 01.1: not answered yet: replace the ... with your answer and run the cell again.
    """
    _load_all()
    if exercise_id not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise ValueError(f"exercise_id must be one of {known} (got {exercise_id!r})")
    ex = EXERCISES[exercise_id]
    if answer is Ellipsis:
        result = CheckResult(
            exercise_id, None, "not answered yet: replace the ... with your answer and run the cell again."
        )
    else:
        passed, message = _judge(ex, answer, ex.expected())
        result = CheckResult(exercise_id, passed, message)
    _log(result)
    return result
