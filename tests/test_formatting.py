import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cslearn.formatting import percent, plural, yen


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


def test_no_minus_sign_on_an_amount_that_rounds_to_zero():
    assert yen(-0.3) == "¥0"
    assert yen(-0.5001) == "-¥1"
    assert yen(-4, compact=True) == "-¥4"
    assert yen(-0.2, compact=True) == "¥0"


def test_compact_digits_keep_the_old_default():
    assert yen(142_000_000, compact=True) == "¥1.4億"
    assert yen(142_000_000, compact=True, digits=2) == "¥1.42億"
    assert yen(100_000_000, compact=True, digits=2) == "¥1.00億"
    assert yen(-27_000, compact=True, digits=0) == "-¥3万"
    with pytest.raises(ValueError, match="digits"):
        yen(1e8, compact=True, digits=9)


def test_plural_reads_as_english():
    assert plural(1, "visit") == "1 visit"
    assert plural(0, "visit") == "0 visits"
    assert plural(2, "month") == "2 months"
    assert plural(1234, "customer") == "1,234 customers"
    assert plural(1.5, "month") == "1.5 months"
    assert plural(3, "child", "children") == "3 children"
    with pytest.raises(TypeError, match="singular"):
        plural(2, "")
    with pytest.raises(ValueError, match="count"):
        plural(float("nan"), "visit")
