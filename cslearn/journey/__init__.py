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

from cslearn.journey.business_model import (
    ARTICLE_BUSINESSES,
    PARTS,
    BusinessModel,
    RevenueModel,
    article_business_model,
    five_points,
)
from cslearn.journey.delivery import (
    ONE_OFF_ADS,
    STEP_SERIES,
    MessagePlan,
    compare_delivery,
    delivery_outcomes,
    simulate_delivery,
)
from cslearn.journey.expectation import (
    experience_score,
    experience_what_if,
    simulate_party_survey,
    summarise_experience,
)
from cslearn.journey.ladder import (
    dance_school_ladder,
    ladder_ltv,
    ladder_matrix,
    ladder_occupancy,
    ladder_values,
    plan_values,
    simulate_ladder,
    success_vs_ltv,
)
from cslearn.journey.service import (
    CANCELLATION_REASONS,
    free_to_paid,
    new_business_from_share,
    recovery_by_fix,
    simulate_cancellations,
    tally_cancellations,
)

__all__ = [
    "experience_score", "simulate_party_survey", "summarise_experience", "experience_what_if",
    "dance_school_ladder", "ladder_matrix", "ladder_ltv", "ladder_values", "plan_values", "ladder_occupancy",
    "simulate_ladder", "success_vs_ltv",
    "MessagePlan", "STEP_SERIES", "ONE_OFF_ADS", "delivery_outcomes", "simulate_delivery", "compare_delivery",
    "free_to_paid", "CANCELLATION_REASONS", "simulate_cancellations", "tally_cancellations", "recovery_by_fix",
    "new_business_from_share",
    "BusinessModel", "RevenueModel", "article_business_model", "ARTICLE_BUSINESSES", "five_points", "PARTS",
]
