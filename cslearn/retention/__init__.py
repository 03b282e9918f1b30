"""Chapter 04: forecasting retention, and the fitted models (concepts C20-C24).

* ``transactions``: purchase logs in (CDNOW), RFM summaries, calibration and holdout;
* ``curves``: retention curves, the mixture that makes them bend, projections, residual lifetime;
* ``models``: the shifted-beta-geometric (sBG), BG/NBD and Gamma-Gamma models, fitted by maximum
  likelihood, each with a simulator;
* ``clv``: customer lifetime value from the fitted models, P(alive), scoring;
* ``plots``: their figures; ``explorers``: their sliders.

>>> from cslearn.retention import ShiftedBetaGeometric
>>> ShiftedBetaGeometric.__name__
'ShiftedBetaGeometric'
"""

from cslearn._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, ['transactions', 'curves', 'clv', 'models', 'plots', 'explorers'])
