"""Chapter 05: loyalty types (行動ロイヤルティと心理ロイヤルティ).

Why a customer buys decides what happens when the thing they want is gone. A customer with
**behavioural loyalty** (行動ロイヤルティ) buys for a need ("it is hot", "sandals for outdoors") and
takes a good substitute; one with **psychological loyalty** (心理ロイヤルティ) buys for the feeling
("everyone wears this model") and rarely does. This package computes:

* :mod:`~cslearn.loyalty.matrix`: the attitude x repeat-behaviour matrix (true, latent, spurious
  and no loyalty) and a seeded customer table for it;
* :mod:`~cslearn.loyalty.stockout`: a bestseller sells out; sales kept, sales lost and
  disappointed loyal customers with and without substitutes prepared ahead, as expected values
  and as a simulation; the head office's plan for every store;
* :mod:`~cslearn.loyalty.reviews`: a rule-based reader of reviews (Japanese and English);
* :mod:`~cslearn.loyalty.counts`: campaigns by response rate beside the satisfied customers, fans
  and words they leave; repeat rates beside the counts that accumulate: fans, leavers and the
  customers' own words (reviews and comments).

>>> from cslearn import loyalty
>>> loyalty.sellout_day(120, 25)
5
"""

from cslearn.loyalty.counts import campaign_counts, counts_and_rates, counts_by_conversion, simulate_repeat_base
from cslearn.loyalty.matrix import SEGMENTS, loyalty_matrix, loyalty_segments, make_loyalty_customers
from cslearn.loyalty.reviews import (
    LABELS,
    RULES,
    ReviewEvaluation,
    ReviewVerdict,
    classify_review,
    classify_reviews,
    evaluate_review_classifier,
    review_dictionary,
    review_rules,
)
from cslearn.loyalty.stockout import (
    ACCEPTANCE_SOURCE,
    NEEDS,
    SUBSTITUTES,
    acceptance_table,
    compare_preparation,
    preparation_by_share,
    sellout_day,
    simulate_stockout,
    stockout_outcomes,
    substitute_plan,
    substitute_prices,
    summarise_stockout,
)

__all__ = [
    "SEGMENTS",
    "NEEDS",
    "SUBSTITUTES",
    "LABELS",
    "RULES",
    "ACCEPTANCE_SOURCE",
    "loyalty_segments",
    "loyalty_matrix",
    "make_loyalty_customers",
    "acceptance_table",
    "substitute_prices",
    "stockout_outcomes",
    "compare_preparation",
    "preparation_by_share",
    "simulate_stockout",
    "summarise_stockout",
    "sellout_day",
    "substitute_plan",
    "ReviewVerdict",
    "ReviewEvaluation",
    "review_dictionary",
    "review_rules",
    "classify_review",
    "classify_reviews",
    "evaluate_review_classifier",
    "campaign_counts",
    "simulate_repeat_base",
    "counts_and_rates",
    "counts_by_conversion",
]
