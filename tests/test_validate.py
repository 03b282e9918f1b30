import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cslearn._validate import check_array, check_choice, check_frame, check_int, check_number, check_rate


@pytest.mark.parametrize(
    ("value", "message"),
    [(1.3, "churn must be between 0 and 1 (got 1.3)"), (-0.1, "churn must be between 0 and 1"),
     (math.nan, "churn must be between 0 and 1 (got nan)"), (math.inf, "churn must be between 0 and 1")],
)
def test_rate_out_of_range_names_argument_and_range(value, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_rate("churn", value)


def test_rate_open_ends():
    with pytest.raises(ValueError, match="greater than 0"):
        check_rate("churn", 0.0, allow_zero=False)
    assert check_rate("churn", 1.0) == 1.0


@pytest.mark.parametrize("bad", ["0.05", None, True, [0.1]])
def test_number_refuses_non_numbers_with_type_error(bad):
    with pytest.raises(TypeError, match="price must be a number"):
        check_number("price", bad, low=0)


def test_number_accepts_numpy_scalars():
    assert check_number("price", np.float64(5.0), low=0) == 5.0
    assert check_number("price", np.int64(5), low=0) == 5.0


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_number_in_range_round_trips(x):
    low, high = -1e9, 1e9
    assert check_number("x", x, low, high) == x


def test_int_rules():
    assert check_int("months", 12.0, low=1) == 12
    with pytest.raises(TypeError, match="months must be a whole number"):
        check_int("months", 2.5)
    with pytest.raises(ValueError, match="months must be a whole number at least 1"):
        check_int("months", 0, low=1)


def test_array_rules():
    with pytest.raises(ValueError, match="alive must not be empty"):
        check_array("alive", [])
    with pytest.raises(ValueError, match="finite"):
        check_array("alive", [1, np.nan])
    with pytest.raises(ValueError, match="every value of alive must be at least 0"):
        check_array("alive", [1, -2], low=0)
    with pytest.raises(TypeError, match="alive must contain only numbers"):
        check_array("alive", ["a", "b"])
    with pytest.raises(TypeError):
        check_array("alive", "123")


def test_frame_rules():
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(ValueError, match="survey is missing the column\\(s\\) 'share'"):
        check_frame("survey", frame, ["share"])
    with pytest.raises(ValueError, match="survey must have at least one row"):
        check_frame("survey", frame.iloc[:0], ["a"])
    with pytest.raises(TypeError, match="survey must be a pandas DataFrame"):
        check_frame("survey", [1, 2])


def test_choice():
    with pytest.raises(ValueError, match="language must be one of 'en', 'ja' \\(got 'fr'\\)"):
        check_choice("language", "fr", ["en", "ja"])


@pytest.mark.parametrize("flag", [True, False, np.bool_(True), np.bool_(False)])
def test_booleans_are_refused_where_a_number_is_meant(flag):
    # issue 13: check_int took True and False as 1 and 0, though the docstring says they are refused
    for check in (check_number, check_rate, check_int):
        with pytest.raises(TypeError, match="^months must be"):
            check("months", flag)
