"""Chapters 00-01: from owning to experiencing (concepts C1-C6).

* ``compute``: owning vs paying monthly (``ownership_vs_access``, ``break_even_month``), the budget
  split between winning and keeping customers (``budget_split`` and the comparisons), the 2021
  awareness survey, spend before and after the first visit, the route seller who restocks ahead;
* ``plots``: their figures; ``explorers``: their sliders.

>>> from cslearn.ownership.compute import break_even_month
>>> break_even_month(3000, 980)
4
"""

from cslearn._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, ['compute', 'plots', 'explorers'])
