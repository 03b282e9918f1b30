import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cslearn.formatting import percent, yen


def test_examples_from_the_issue():
    assert yen(1234567) == "¥1,234,567"
    assert percent(0.05) == "5.0 %"


def test_yen_rounds_and_signs():
    assert yen(999.6) == "¥1,000"
    assert yen(-1500) == "-¥1,500"
    assert yen(0) == "¥0"


def test_compact_units():
    assert yen(10_000_000, compact=True) == "¥1,000万"
    assert yen(250_000_000, compact=True) == "¥2.5億"
    assert yen(9_999, compact=True) == "¥9,999"


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_yen_reads_back(amount):
    text = yen(amount)
    assert re.fullmatch(r"-?¥\d{1,3}(,\d{3})*", text)
    assert int(text.replace("¥", "").replace(",", "")) == amount


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_percent_reads_back(rate):
    text = percent(rate, digits=3)
    assert text.endswith(" %")
    assert abs(float(text[:-2]) - rate * 100) <= 0.0005 + 1e-9


@pytest.mark.parametrize("bad", [float("nan"), "5%", None])
def test_bad_input(bad):
    with pytest.raises((ValueError, TypeError), match="rate"):
        percent(bad)
    with pytest.raises((ValueError, TypeError), match="amount"):
        yen(bad)
