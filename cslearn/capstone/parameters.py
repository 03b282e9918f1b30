"""Chapter 07's arguments, each declared once: what it means and the values it accepts.

The capstone's functions take presets (dictionaries read from a presets file), an analysis and
figures' axes rather than numbers; each is declared here with the check that refuses a bad one
naming the argument (``cslearn.params.checked``). A preset's own fields are checked by
:func:`cslearn.capstone.check_preset`, which names the business and the field.

>>> PRESET_SBG.check({"churn": 1.3, "churn_spread": 0.5})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: preset['churn'] must be greater than 0 and less than 1 (got 1.3): a share is written as a ...
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from cslearn._validate import check_rate
from cslearn.params import Axes, Choice, Given, Table

#: no flat names: the declarations are read from this module
__all__: list[str] = []

AX = Axes()


def _gym() -> dict:
    from cslearn.capstone.analysis import load_presets

    return load_presets()["gym"]


def _text(name: str):
    """A check for an argument that must be non-empty text."""

    def check(value):
        if not isinstance(value, str) or not value.strip():
            raise TypeError(f"{name} must be non-empty text (got {value!r})")
        return value

    return check


def _check_path(value):
    if value is not None and not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"path must be the path of a presets file (text or pathlib.Path) or None "
                        f"(got {value!r} of type {type(value).__name__})")
    return value


PATH = Given("path", _check_path, meaning="a presets file (None: data/capstone_presets.json)",
             example_=lambda: None, bad=(3, ["presets.json"], "no_such_presets_file.json"))
BUSINESS = Given("business", _text("business"), meaning="the key of a business in the presets file",
                 example_=lambda: "gym", bad=(3, None, "", "bakery", ["gym"]))
NAME = Given("name", _text("name"), meaning="what errors call the preset (its business key)",
             example_=lambda: "gym", bad=(3, None, "", ["gym"]))


def _dictionary(value) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"preset must be a dictionary of fields (got {type(value).__name__})")
    return value


#: a preset as check_preset takes it: a dictionary; its fields are checked by check_preset itself
PRESET_DICT = Given("preset", _dictionary, meaning="a preset: a dictionary of the fields of PRESET_FIELDS",
                    example_=_gym, bad=(None, "gym", 3, ["gym"], {}, {"churn": 0.05}))


def _check_preset_argument(value) -> dict:
    """The whole preset checked, its errors starting with 'preset' and the business's name."""
    from cslearn.capstone.analysis import _check_preset

    _dictionary(value)
    name = value.get("name")
    return _check_preset(value, f"preset {name!r}" if isinstance(name, str) and name.strip() else "preset")


#: a preset as analyse_business takes it: every field checked
PRESET = Given("preset", _check_preset_argument, meaning="a checked preset (load_presets, business_preset)",
               example_=_gym, bad=(None, "gym", 3, {}, {"churn": 0.05}, {"name": "gym", "churn": 1.3}))


def _check_sbg_preset(value) -> dict:
    _dictionary(value)
    for key in ("churn", "churn_spread"):
        if key not in value:
            raise ValueError(f"preset must hold {key!r} (it holds {', '.join(map(repr, value)) or 'nothing'})")
        check_rate(f"preset[{key!r}]", value[key], allow_zero=False, allow_one=False)
    return value


PRESET_SBG = Given("preset", _check_sbg_preset, meaning="a preset, or any dictionary with churn and churn_spread",
                   example_=lambda: {"churn": 0.2, "churn_spread": 0.5},
                   bad=(None, 3, {}, {"churn": 0.2}, {"churn": 1.3, "churn_spread": 0.5},
                        {"churn": 0.2, "churn_spread": 0}, {"churn": "5%", "churn_spread": 0.5}))


def _check_ladder_preset(value) -> dict:
    from cslearn.capstone.analysis import _check_stages

    _dictionary(value)
    if "stages" not in value:
        raise ValueError(f"preset must hold 'stages' (it holds {', '.join(map(repr, value)) or 'nothing'})")
    try:
        _check_stages(value["stages"], "preset")
    except (TypeError, ValueError) as error:
        raise type(error)(f"preset: {error}") from None
    return value


PRESET_LADDER = Given("preset", _check_ladder_preset, meaning="a preset, or any dictionary with stages",
                      example_=_gym, bad=(None, 3, {}, {"stages": []}, {"stages": [{"stage": "trial"}]}))


def _analysis_example():
    from cslearn.capstone.analysis import analyse_business

    return analyse_business(_gym())


def _check_analysis(value):
    from cslearn.capstone.analysis import CapstoneAnalysis

    if not isinstance(value, CapstoneAnalysis):
        raise TypeError(f"analysis must be the result of analyse_business(...) (got {type(value).__name__})")
    return value


ANALYSIS = Given("analysis", _check_analysis, meaning="what analyse_business returned",
                 example_=_analysis_example, bad=(None, "gym", 3, {"ltv": 1}))
LANGUAGE = Choice("language", options=("en", "ja"), optional=True, meaning="the report's language (None: the current)")


def _check_axes(value):
    from matplotlib.axes import Axes as MatplotlibAxes

    if value is None:
        return None
    axes = np.asarray(value, dtype=object)
    if axes.shape != (2, 3):
        raise ValueError(f"axes must be a 2 x 3 array of Axes (got shape {axes.shape})")
    for index, ax in np.ndenumerate(axes):
        if not isinstance(ax, MatplotlibAxes):
            raise TypeError(f"axes must be a 2 x 3 array of matplotlib Axes (item {index} is {ax!r})")
    return axes


AXES = Given("axes", _check_axes, meaning="a 2 x 3 array of Axes to draw on (None: a new figure)",
             example_=lambda: None, bad=("left", 3, [None], [[None] * 3] * 2))


def _retention_example() -> pd.DataFrame:
    from cslearn.retention.curves import project_retention

    return project_retention([1000, 631, 468, 382, 326, 289, 262, 241, 223], observed=5).table


RETENTION = Table("table", columns={"period": "count", "actual": "number_or_nan", "observed": "any", "sbg": "number",
                                    "constant_churn": "number"},
                  example_=_retention_example, meaning="analyse_business(...).retention.table")
