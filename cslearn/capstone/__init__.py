"""Chapter 07: the capstone. One business, every model of the course, one report.

* ``analysis``: the business presets (``load_presets``, ``business_preset``), ``analyse_business``
  and ``business_report``;
* ``plots``: the report's figures.

>>> from cslearn.capstone.analysis import load_presets
>>> "dance_school" in load_presets()
True
"""

from cslearn._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, ['analysis', 'plots'])
