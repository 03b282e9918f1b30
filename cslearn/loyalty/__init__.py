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

from cslearn._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__, ['parameters', 'matrix', 'stockout', 'reviews', 'counts', 'plots', 'explorers']
)
