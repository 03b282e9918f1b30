"""Every public callable refuses a bad value with a clean error naming the argument (issue 13).

The bad values are drawn by hypothesis from each argument's declaration (``cslearn.params``:
``Param``, ``Table``, ``Values``, ...), one argument at a time, the others valid. A clean error is a
ValueError or TypeError raised in cslearn's own code whose message names the argument. A second
test fails when a public callable leaves an argument undeclared, so nothing new slips through.
"""

from __future__ import annotations

import pytest
from bad_inputs import arguments, assert_refused, bad_values, base_call, bound, public_callables
from hypothesis import HealthCheck, given, settings

import cslearn as cs
from cslearn.params import declarations_of

#: topics whose every public callable declares every argument (the property test runs on these)
DECLARED_TOPICS = tuple(cs.TOPICS)

CASES = [
    (name, argument)
    for topic in DECLARED_TOPICS
    for name, function in public_callables(topic)
    for argument, declaration in declarations_of(function).items()
    if argument in arguments(function)
]


def _function(name):
    topic, *rest = name.split(".")
    found = dict(public_callables(topic))
    return found[name]


@pytest.mark.parametrize("topic", cs.TOPICS)
def test_every_public_callable_declares_every_argument(topic):
    callables = public_callables(topic)
    assert callables, f"{topic} lists no public callable"
    undeclared = {
        name: missing
        for name, function in callables
        if (missing := [a for a in arguments(function) if a not in declarations_of(function)])
    }
    assert undeclared == {}


def test_the_property_suite_covers_every_topic():
    topics = {name.split(".")[0] for name, _ in CASES}
    assert topics == set(cs.TOPICS)
    assert len(CASES) > 400


@pytest.mark.parametrize(("name", "argument"), CASES, ids=[f"{n}:{a}" for n, a in CASES])
def test_a_bad_value_is_refused_naming_the_argument(name, argument):
    function = _function(name)
    declaration = declarations_of(function)[argument]
    call = bound(name, function)
    valid = base_call(function)

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(bad=bad_values(declaration))
    def refused(bad):
        assert_refused(call, valid, argument, bad, name)

    refused()


def _accepts_anything(x=1.0):
    return x


def _fails_in_numpy(values=(1.0,)):
    import numpy as np

    return np.asarray(values, dtype=float).sum()


def test_the_check_itself_fails_on_an_accepted_value_an_unnamed_error_or_one_from_numpy():
    with pytest.raises(AssertionError, match="was accepted"):
        assert_refused(_accepts_anything, {}, "x", "three")
    with pytest.raises(AssertionError, match="failed outside cslearn"):
        assert_refused(_fails_in_numpy, {}, "values", ["values"])  # numpy quotes it, from numpy
    with pytest.raises(AssertionError, match="does not name it"):
        assert_refused(_refuses_without_naming, {}, "x", -1)


def _refuses_without_naming(x=1.0):
    if x < 0:
        raise ValueError("must be at least 0")
    return x
