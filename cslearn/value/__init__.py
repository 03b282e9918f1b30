"""Chapter 03: the value of a customer, past and future (concepts C14-C19).

* ``ltv``: lifetime value in its conventions, payback, LTV/CAC;
* ``pnl``: the subscription P&L month by month (``project_pnl``), support costs, systemisation;
* ``otv``: one-time value, the past P&L of a shot business, and next month's outlook;
* ``growth``: growth by winning vs by keeping customers;
* ``plots``: their figures; ``explorers``: their sliders.

>>> from cslearn.value import lifetime_value
>>> round(lifetime_value(1000, 0.05))
20000
"""

from cslearn._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, ['ltv', 'pnl', 'otv', 'growth', 'plots', 'explorers'])
