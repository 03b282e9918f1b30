"""What a student ran: the versions cell at the end of every chapter."""

from __future__ import annotations

import platform
import sys
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

__all__ = ["versions"]

_PACKAGES = ("cslearn", "numpy", "scipy", "pandas", "matplotlib", "seaborn", "ipywidgets")


def versions() -> pd.DataFrame:
    """A table of the Python and package versions in use, for the end of a chapter or a report.

    >>> "numpy" in versions()["package"].tolist()
    True
    """
    rows = [{"package": "python", "version": sys.version.split()[0]}]
    for name in _PACKAGES:
        try:
            rows.append({"package": name, "version": version(name)})
        except PackageNotFoundError:
            rows.append({"package": name, "version": "not installed"})
    rows.append({"package": "platform", "version": platform.platform(terse=True)})
    return pd.DataFrame(rows)
