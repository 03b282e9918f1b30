"""cslearn: customer success you can compute.

The companion library of the cslearn course, one package per topic of the course::

    import cslearn as cs
    cs.ownership        # chapters 00-01: from owning to experiencing
    cs.business_models  # chapter 02: shot vs retention business models
    cs.value            # chapter 03: LTV, the P&L, OTV, growth
    cs.retention        # chapter 04: retention curves and the fitted models (sBG, BG/NBD, Gamma-Gamma)
    cs.loyalty          # chapter 05: behavioural vs psychological loyalty
    cs.journey          # chapter 06: designing a customer's success
    cs.capstone         # chapter 07: one business, every model

Each topic holds its computations, its figures (``plots``) and its explorers (``explorers``). Below
them sit the floors every topic uses: ``formatting`` (``cs.yen``, ``cs.percent``), ``language``
(``cs.set_language``), ``theme`` (``cs.use_theme``), ``explorer`` (the explorer base), ``data``
(``cs.load_dataset``), and the course itself (``cs.chapters``, ``cs.concepts``, ``cs.check``).
``cslearn.tools`` (the command line, the build, the grader) sits above, and no topic imports it.

Every public name of a topic is reachable from the top too, so ``cs.project_pnl`` is
``cs.value.project_pnl``. A public name is registered in one place, its module's ``__all__``
(see :mod:`cslearn._lazy`); nothing is imported until it is used, so ``import cslearn`` is light.

>>> import cslearn as cs
>>> cs.break_even_month(3000, 980)
4
>>> cs.yen(1234567)
'¥1,234,567'
>>> cs.project_pnl is cs.value.project_pnl
True
"""

from __future__ import annotations

import importlib
from functools import cache

from cslearn._lazy import attach

__version__ = "0.1.0"

#: the topics of the course, in chapter order
TOPICS = ("ownership", "business_models", "value", "retention", "loyalty", "journey", "capstone")

#: the floors, whose public names every chapter uses (``cs.yen``, ``cs.check``, ...)
FLOORS = ("formatting", "language", "theme", "explorer", "data", "course", "exercises", "about")

_floor_getattr = attach(__name__, list(FLOORS))[0]
#: the floors' public names (each floor module's ``__all__``)
_FLOOR_NAMES = frozenset(_floor_getattr.owner)


@cache
def _topic_owner() -> dict[str, str]:
    """Every topic's public name -> the topic that declares it (read from source, nothing imported)."""
    owner: dict[str, str] = {}
    for topic in TOPICS:
        for name in importlib.import_module(f"cslearn.{topic}").__getattr__.owner:
            if name in owner or name in _FLOOR_NAMES:
                raise ImportError(f"cslearn: {name!r} is public in both {owner.get(name, 'a floor')} and {topic}")
            owner[name] = topic
    return owner


def __getattr__(name: str):
    if name in TOPICS or name == "tools":
        return importlib.import_module(f"cslearn.{name}")
    if name in _FLOOR_NAMES or name in FLOORS:
        value = _floor_getattr(name)
    elif not name.startswith("_") and name in _topic_owner():
        value = getattr(importlib.import_module(f"cslearn.{_topic_owner()[name]}"), name)
    else:
        raise AttributeError(f"module 'cslearn' has no attribute {name!r}")
    globals()[name] = value
    return value


#: the floors' names the chapters use (counted in notebooks/ and solutions/): with the topics, what
#: ``cs.<TAB>`` shows; every other floor name stays reachable (``cs.slider``, ``cs.label``, ...)
EVERYDAY = ("yen", "percent", "set_language", "use_theme", "load_dataset", "check", "chapters", "concepts",
            "glossary", "sources", "versions", "widget_check", "plot_font_check")

#: what ``cs.<TAB>`` shows: the topics and the names every chapter uses
__all__ = sorted({*TOPICS, *EVERYDAY})


def __dir__():
    return __all__
