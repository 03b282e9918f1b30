"""What each business model lets the shop know about its customers (C12), and after-sale services (C13).

Seed 000 lists what a retention model buys beyond revenue: customer data (顧客データ), product
improvement (商品改善) and added value (付加価値提供, e.g. a birthday message), until the customer
pays for a service and an experience rather than a product. Seed 001 gives shopping-street
examples of services after the sale. Both are kept here as data, so that a notebook can show
and filter them.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["customer_knowledge", "after_purchase_services"]

_KNOWLEDGE_COLUMNS = (
    "model",
    "knows_who",
    "can_contact",
    "sees_repeat_visits",
    "customer_data",
    "improvement",
    "added_value",
)

_KNOWLEDGE = (
    (
        "shot",
        False,
        False,
        False,
        "a sale on a given day; the sale need not record who bought",
        "only totals by day; nobody says why they did not return",
        "none after the sale",
    ),
    (
        "subscription",
        True,
        True,
        True,
        "member record, attendance, cancellations and their reasons",
        "falling attendance and cancellation reasons show what to fix first",
        "a birthday message; advice based on each member's attendance",
    ),
    (
        "constant",
        True,
        True,
        True,
        "what each customer uses and how often",
        "usage patterns show which services carry the business",
        "a reminder when a customer's usual time comes round",
    ),
    (
        "entry_offer",
        True,
        True,
        True,
        "trial sign-ups early and cheaply: why they came, what they want to learn or do",
        "trial feedback shapes the service before it is built (a minimum viable product)",
        "onboarding messages that turn a trial into a habit",
    ),
    (
        "prepaid",
        True,
        True,
        True,
        "each customer's balance, visits and treatments",
        "which treatments bring customers back, and which balances stay unused",
        "a balance reminder, a birthday message",
    ),
    (
        "owner",
        True,
        True,
        True,
        "owners' profiles, birthdays, and the friends they bring",
        "owners' feedback on the course; which friends come back",
        "a birthday message, events for owners",
    ),
    (
        "meat_ownership",
        True,
        True,
        True,
        "how fast each owner eats through the stock, and with whom they come",
        "preferred cuts and aging; when to offer the next stock",
        "news of the aging meat, a note when it is ready to eat",
    ),
)

_AFTER_SALE = (
    (
        "fish shop",
        "魚屋",
        "recommends by the regular's time and mood; packages at a set price",
        "repeat purchases",
    ),
    (
        "watch shop",
        "時計屋",
        "maintenance of the watch already bought; new straps",
        "maintenance and add-ons",
    ),
    ("kimono shop", "呉服屋", "dressing lessons at home; hair ornaments and seasonal wear", "new purchases"),
    (
        "software vendor",
        "PCソフト",
        "yearly maintenance contract for upgrades and support",
        "recurring contract",
    ),
)


def customer_knowledge(models=None) -> pd.DataFrame:
    """What the shop learns about its customers under each model (C12), one row per model.

    Columns: ``model``; ``knows_who``, ``can_contact``, ``sees_repeat_visits`` (flags: whether
    the model *requires* the shop to know these; they are the course's reading of the seed, typed
    in, not measured. A shot sale need not record who bought, but a salon taking bookings may
    still know names);
    ``customer_data``, ``improvement``, ``added_value`` (the seed's three benefits of retention).
    ``models`` selects rows by name (``None``: all).

    >>> table = customer_knowledge()
    >>> table.loc[table["model"] == "shot", "knows_who"].item()
    False
    >>> int(table["knows_who"].sum())
    6
    """
    table = pd.DataFrame(list(_KNOWLEDGE), columns=list(_KNOWLEDGE_COLUMNS))
    if models is None:
        return table
    if isinstance(models, str):
        models = [models]
    models = list(models)
    unknown = [m for m in models if m not in set(table["model"])]
    if unknown:
        raise ValueError(
            f"models must be names from {', '.join(map(repr, table['model']))} (got {unknown[0]!r})"
        )
    return table.set_index("model").loc[models].reset_index()


def after_purchase_services() -> pd.DataFrame:
    """Services after the sale that keep a relationship going (C13, seed 001).

    Columns: ``business``, ``business_ja``, ``service``, ``brings``.

    >>> after_purchase_services()["business"].tolist()
    ['fish shop', 'watch shop', 'kimono shop', 'software vendor']
    """
    return pd.DataFrame(list(_AFTER_SALE), columns=["business", "business_ja", "service", "brings"])
