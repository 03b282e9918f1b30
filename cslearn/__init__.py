"""cslearn: customer success you can compute.

The companion library of the cslearn course. A notebook imports what it needs from here::

    import cslearn as cs
    cs.break_even_month(3000, 980)      # -> 4
    cs.yen(1234567)                     # -> '¥1,234,567'

Names are loaded on first use, so ``import cslearn`` stays light (plotting and widgets import
matplotlib and ipywidgets only when a plot or an explorer is asked for).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    # formatting and language
    "yen": "formatting",
    "percent": "formatting",
    "set_language": "language",
    "get_language": "language",
    "label": "language",
    # the course
    "chapters": "course",
    "glossary": "course",
    # data
    "load_dataset": "data",
    "list_datasets": "data",
    # chapter 01
    "ownership_vs_access": "ownership",
    "break_even_month": "ownership",
    "budget_split": "ownership",
    "compare_budget_splits": "ownership",
    "best_budget_split": "ownership",
    "best_split_by_cost_ratio": "ownership",
    "classify_relationships": "ownership",
    "survey_counts": "ownership",
    # plots
    "use_theme": "plotting",
    "plot_ownership": "plotting",
    "plot_budget_paths": "plotting",
    "plot_budget_splits": "plotting",
    "plot_survey": "plotting",
    "plot_font_check": "plotting",
    # explorers
    "Explorer": "explorers",
    "widget_check": "explorers",
    "ownership_explorer": "explorers",
    "budget_explorer": "explorers",
    # exercises
    "check": "exercises",
    # versions cell
    "versions": "about",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"cslearn.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cslearn' has no attribute {name!r}")


def __dir__():
    return __all__
