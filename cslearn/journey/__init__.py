"""Chapter 06: designing customer success (カスタマーサクセスの設計).

One module per idea of the chapter, all plain functions over numbers and DataFrames:

* :mod:`~cslearn.journey.expectation`: experience = satisfaction - expectation (C27);
* :mod:`~cslearn.journey.ladder`: the stage ladder as a Markov chain and its LTV (C28, C29);
* :mod:`~cslearn.journey.service`: free members to a paid MVP, improving from cancellations, a new
  business from a won share (C30);
* :mod:`~cslearn.journey.delivery`: step delivery vs one-off ads (C31);
* :mod:`~cslearn.journey.business_model`: the business model in order, the five points (C32).

>>> from cslearn import journey
>>> round(journey.ladder_ltv(journey.dance_school_ladder(), plans=1, discount_rate=0))
27273
"""

from cslearn._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    ['expectation', 'ladder', 'delivery', 'service', 'business_model', 'plots', 'explorers'],
)
