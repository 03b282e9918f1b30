"""Shot vs retention business models (chapter 02, concepts C7-C13).

One simulator per business model of *Customer Success??*, each beside its expected-value twin:

* ``shot``: one sale, collected at once (C7): ``simulate_shot`` / ``expected_shot``;
* ``subscription``: a flat monthly fee, gym or salon (C7, C9): ``simulate_subscription`` / ...;
* ``constant``: usage-based (C8): ``simulate_constant`` / ...;
* ``entry_offer``: free or 5-yen entry, then a subscription (C8): ``simulate_entry_offer`` / ...;
* ``prepaid``: the esthetic salon's charge balance (C10): ``simulate_prepaid`` / ...;
* ``owner``: owners at the lounge, with referrals (C11): ``simulate_owner`` / ...;
* ``meat_ownership``: 10 kg of aged beef at the yakiniku restaurant (C9):
  ``simulate_meat_ownership`` / ....

Every simulator takes ``n_customers``, ``months`` and the keyword ``rng`` (an int seed or a
``numpy.random.Generator``, default 0) and returns a ``SimulationResult`` (``.table``, one row per
month; ``.summary``, a Series; ``.customers()``, ``.to_frame()``); every expected-value function
returns an ``ExpectedResult`` with the same per-customer monthly columns. Each model's parameters
are declared once, in :mod:`cslearn.business_models.parameters` (``model_parameters`` shows them):
the simulator and its twin take them as keywords, checked by the same declaration.
Simulations are vectorised over customers: 1,000,000 customers x 36 months take well under a
second with ``detail=False`` (totals only; the customers x months arrays behind ``.to_frame()``
are kept by default only for runs of up to 2,000,000 cells).

``MODELS``, ``simulate``, ``expected``, ``compare_models`` and ``model_summaries`` put the models
side by side (``PAID_AGAIN`` names the models whose "came back" is a payment, not a visit);
``owner_payback`` gives the owner model's payback for the owner and for the shop, and
``owner_gain_decomposition`` splits the shop's gain (stake, extra visits, friends, discount);
``retention_benefits`` counts what a cohort under each model gives the shop besides revenue
(customers on record and still known, visit records, birthday messages: C12);
``after_purchase_value`` prices the shopping street's after-purchase services (C13) under the
assumptions of ``after_purchase_assumptions``; ``customer_knowledge`` and
``after_purchase_services`` say the same in words (the course's reading of the articles).
``scenario_params`` / ``compare_scenario`` move a few shared knobs (price, fee, return
probability, churn, entry offer) across models; ``entry_funnel`` counts trial -> paid -> retained;
``customer_totals`` lists every simulated customer's totals (the spread around the expectation).

>>> from cslearn.business_models import compare_models
>>> compare_models(["shot", "prepaid"], months=6, method="expected").shape
(12, 8)
"""

from cslearn._lazy import attach

__getattr__, __dir__, __all__ = attach(__name__, [
    "parameters", "registry", "shot", "subscription", "prepaid", "owner", "meat", "knowledge", "scenario",
    "_engine", "_exact", "plots", "explorers",
])
