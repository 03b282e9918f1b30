"""Transaction logs to customer summaries, the calibration/holdout split and the CDNOW loader."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from cslearn.retention.transactions import calibration_holdout_split, load_cdnow, rfm_summary


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow()


def naive_summary(log: pd.DataFrame, end: pd.Timestamp, days: float) -> dict:
    """One customer at a time, with plain Python: the definition, not the vectorised code."""
    result = {}
    for customer in sorted(set(log["id"])):
        rows = log[(log["id"] == customer) & (log["day"] <= end)]
        if rows.empty:
            continue
        by_day: dict = {}
        for day, value in zip(rows["day"], rows["value"], strict=True):
            by_day[day] = by_day.get(day, 0.0) + value
        ordered = sorted(by_day)
        repeat_values = [by_day[day] for day in ordered[1:]]
        result[customer] = {
            "frequency": len(ordered) - 1,
            "recency": (ordered[-1] - ordered[0]).days / days,
            "T": (end - ordered[0]).days / days,
            "monetary_value": sum(repeat_values) / len(repeat_values) if repeat_values else 0.0,
        }
    return result


def test_load_cdnow_is_tidy_and_matches_the_file(cdnow):
    assert list(cdnow.columns) == ["customer_id", "date", "cds", "amount"]
    assert cdnow.shape == (6919, 4)
    assert pd.api.types.is_datetime64_any_dtype(cdnow["date"])
    assert pd.api.types.is_integer_dtype(cdnow["customer_id"]) and pd.api.types.is_integer_dtype(cdnow["cds"])
    assert cdnow["customer_id"].min() == 1 and cdnow["customer_id"].max() == 2357
    assert cdnow["customer_id"].nunique() == 2357
    assert cdnow["date"].min() == pd.Timestamp("1997-01-01")
    assert cdnow["date"].max() == pd.Timestamp("1998-06-30")
    lines = (ROOT / "data" / "cdnow_sample.txt").read_text().split("\n")
    fields = lines[3].split()  # a line read by hand
    row = cdnow.iloc[3]
    assert row["customer_id"] == int(fields[1]) and row["date"] == pd.Timestamp(fields[2])
    assert row["cds"] == int(fields[3]) and row["amount"] == pytest.approx(float(fields[4]))
    total = sum(float(line.split()[4]) for line in lines if line.strip())
    assert cdnow["amount"].sum() == pytest.approx(total)


def test_cdnow_calibration_summary(cdnow):
    summary = rfm_summary(cdnow, "customer_id", "date", "amount", calibration_end="1997-09-30")
    assert len(summary) == 2357 and summary.index.name == "customer_id"
    # the figures quoted by Fader, Hardie & Lee (2005) for the 39-week calibration period
    assert (summary["frequency"] > 0).sum() == 946
    assert summary["frequency"].sum() == 2457
    # customer 1 by hand: first purchase 1997-01-01, repeats on 01-18 ($29.73) and 08-02 ($14.96)
    first = summary.loc[1]
    assert first["frequency"] == 2
    assert first["recency"] == pytest.approx(213 / 7)
    assert first["T"] == pytest.approx(272 / 7)
    assert first["monetary_value"] == pytest.approx((29.73 + 14.96) / 2)
    assert (summary["recency"] <= summary["T"]).all()
    assert summary["T"].max() == pytest.approx(272 / 7) and summary["T"].min() == pytest.approx(189 / 7)


def test_cdnow_holdout(cdnow):
    split = calibration_holdout_split(cdnow, "customer_id", "date", "1997-09-30", value_col="amount")
    assert split["frequency_holdout"].sum() == 1882
    assert (split["duration_holdout"] == 39.0).all()  # 1997-10-01 to 1998-06-30 is 273 days
    calibration = rfm_summary(cdnow, "customer_id", "date", "amount", calibration_end="1997-09-30")
    pd.testing.assert_frame_equal(split[calibration.columns], calibration)


def test_same_day_purchases_are_one_occasion():
    log = pd.DataFrame({
        "customer": ["a", "a", "a", "a", "b"],
        "when": ["2024-01-01 09:00", "2024-01-01 17:00", "2024-01-15", "2024-01-15 12:00", "2024-01-10"],
        "yen": [100, 50, 300, 200, 80],
    })
    summary = rfm_summary(log, "customer", "when", "yen", calibration_end="2024-01-29", time_unit="D")
    assert summary.loc["a"].tolist() == [1, 14.0, 28.0, 500.0]
    assert summary.loc["b"].tolist() == [0, 0.0, 19.0, 0.0]
    weekly = rfm_summary(log, "customer", "when", calibration_end="2024-01-29")
    assert list(weekly.columns) == ["frequency", "recency", "T"]
    assert weekly.loc["a", "T"] == pytest.approx(4.0)


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 60), st.floats(0, 500, allow_nan=False)),
        min_size=1, max_size=25,
    ),
    cut=st.integers(0, 70),
    unit=st.sampled_from(["W", "D"]),
)
def test_rfm_summary_matches_the_definition(rows, cut, unit):
    start = pd.Timestamp("2023-04-01")
    log = pd.DataFrame({
        "id": [r[0] for r in rows],
        "day": [start + pd.Timedelta(days=r[1]) for r in rows],
        "value": [r[2] for r in rows],
    })
    end = start + pd.Timedelta(days=cut)
    expected = naive_summary(log, end, 7.0 if unit == "W" else 1.0)
    if not expected:
        with pytest.raises(ValueError, match="no transactions on or before calibration_end"):
            rfm_summary(log, "id", "day", "value", calibration_end=end, time_unit=unit)
        return
    summary = rfm_summary(log, "id", "day", "value", calibration_end=end, time_unit=unit)
    assert sorted(summary.index) == sorted(expected)
    for customer, values in expected.items():
        assert summary.loc[customer].to_dict() == pytest.approx(values)


def test_holdout_counts_and_new_customers_are_left_out():
    log = pd.DataFrame({
        "id": [1, 1, 1, 1, 2, 3, 3],
        "day": [20240101, 20240120, 20240210, 20240210, 20240105, 20240201, 20240205],  # YYYYMMDD numbers
        "value": [10, 20, 30, 40, 50, 60, 70],
    })
    split = calibration_holdout_split(log, "id", "day", "2024-01-28", "2024-02-25", value_col="value",
                                      time_unit="D")
    assert list(split.index) == [1, 2]  # customer 3 first bought in the holdout
    assert split.loc[1, "frequency_holdout"] == 1 and split.loc[1, "monetary_value_holdout"] == 70.0
    assert split.loc[2, "frequency_holdout"] == 0 and split.loc[2, "monetary_value_holdout"] == 0.0
    assert (split["duration_holdout"] == 28.0).all()
    # purchases after holdout_end do not count
    shorter = calibration_holdout_split(log, "id", "day", "2024-01-28", "2024-02-09")
    assert shorter.loc[1, "frequency_holdout"] == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"customer_col": "who"}, ValueError, "customer_col: transactions has no column 'who'"),
        ({"time_unit": "M"}, ValueError, "time_unit must be one of 'W', 'D'"),
        ({"calibration_end": "not a date"}, ValueError, "calibration_end must be a date"),
        ({"calibration_end": "1990-01-01"}, ValueError, "no transactions on or before calibration_end"),
        ({"value_col": "note"}, ValueError, "value_col"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message):
    log = pd.DataFrame({"id": [1, 2], "day": ["2024-01-01", "2024-01-02"], "value": [1.0, 2.0],
                        "note": ["x", "y"]})
    arguments = {"customer_col": "id", "date_col": "day", "value_col": "value"} | kwargs
    with pytest.raises(error, match=message):
        rfm_summary(log, **arguments)


def test_bad_logs_are_named():
    with pytest.raises(TypeError, match="transactions must be a pandas DataFrame"):
        rfm_summary([1, 2], "id", "day")
    with pytest.raises(ValueError, match="transactions must have at least one row"):
        rfm_summary(pd.DataFrame({"id": [], "day": []}), "id", "day")
    with pytest.raises(ValueError, match="date_col.*must hold dates"):
        rfm_summary(pd.DataFrame({"id": [1], "day": ["tomorrow-ish"]}), "id", "day")
    with pytest.raises(ValueError, match="could not read '1.5'"):  # not seconds since 1970
        rfm_summary(pd.DataFrame({"id": [1, 1], "day": [1.5, 2.5]}), "id", "day")
    with pytest.raises(ValueError, match="could not read '20241350'"):
        rfm_summary(pd.DataFrame({"id": [1, 1], "day": [20240101, 20241350]}), "id", "day")
    with pytest.raises(ValueError, match="missing dates"):
        rfm_summary(pd.DataFrame({"id": [1, 2], "day": ["2024-01-01", None]}), "id", "day")
    with pytest.raises(ValueError, match="missing ids"):
        rfm_summary(pd.DataFrame({"id": [1, np.nan], "day": ["2024-01-01", "2024-01-02"]}), "id", "day")
    log = pd.DataFrame({"id": [1, 1], "day": ["2024-01-01", "2024-01-09"]})
    with pytest.raises(ValueError, match="holdout_end .* must come after calibration_end"):
        calibration_holdout_split(log, "id", "day", "2024-01-09", "2024-01-05")


def test_rfm_summary_reads_time_zone_aware_dates_at_their_local_day():
    # issue 13: time-zone-aware dates failed inside pandas
    naive = pd.DataFrame(
        {"id": [1, 1, 2], "day": pd.to_datetime(["2024-01-01 23:30", "2024-01-08 00:00", "2024-01-15 00:00"])}
    )
    expected = rfm_summary(naive, "id", "day", calibration_end="2024-01-29")
    aware = naive.assign(day=naive["day"].dt.tz_localize("Asia/Tokyo"))
    pd.testing.assert_frame_equal(rfm_summary(aware, "id", "day", calibration_end="2024-01-29"), expected)
    as_text = aware.assign(day=aware["day"].astype(str))
    end = pd.Timestamp("2024-01-29", tz="Asia/Tokyo")
    pd.testing.assert_frame_equal(rfm_summary(as_text, "id", "day", calibration_end=end), expected)
    mixed = pd.DataFrame({"id": [1, 1], "day": ["2024-01-01T10:00+09:00", "2024-01-02T10:00+00:00"]})
    with pytest.raises(ValueError, match=r"transactions\['day'\] \(date_col\) must hold dates in one time zone"):
        rfm_summary(mixed, "id", "day")


def test_a_boundary_date_written_as_a_whole_number_reads_as_yyyymmdd_like_the_log():
    # issue 13: calibration_end=19970930 was read as nanoseconds after 1970 (so nothing was before it)
    log = pd.DataFrame({"id": [1, 1, 1, 2], "day": [20240101, 20240108, 20240205, 20240115]})
    by_text = rfm_summary(log, "id", "day", calibration_end="2024-01-29")
    pd.testing.assert_frame_equal(rfm_summary(log, "id", "day", calibration_end=20240129), by_text)
    pd.testing.assert_frame_equal(rfm_summary(log, "id", "day", calibration_end=20240129.0), by_text)
    assert by_text.loc[1, "frequency"] == 1  # the purchase of 5 February is after the end
    with pytest.raises(ValueError, match="calibration_end must be a date such as '1997-09-30' or 19970930"):
        rfm_summary(log, "id", "day", calibration_end=20241350)
    with pytest.raises(TypeError, match="calibration_end must be a date"):
        rfm_summary(log, "id", "day", calibration_end=True)
    with pytest.raises(TypeError, match="holdout_end must be a date"):
        calibration_holdout_split(log, "id", "day", "2024-01-29", holdout_end=2.5)


def test_each_column_argument_is_named_when_the_log_lacks_it():
    log = pd.DataFrame({"id": [1, 2], "day": ["2024-01-01", "2024-01-02"]})
    with pytest.raises(ValueError, match="date_col: transactions has no column 'date'; its columns are 'id', 'day'"):
        rfm_summary(log, "id", "date")
    with pytest.raises(TypeError, match=r"customer_col must be a column name \(text\)"):
        rfm_summary(log, ["id"], "day")
