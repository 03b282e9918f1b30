"""Exercises of chapter 05: loyalty types.

Each expected answer is computed from the numbers stated in the question, with the same
``cslearn`` functions the chapter teaches. The inputs differ from the chapter's examples on
purpose, so no answer can be copied from the chapter's printed output.
"""

from __future__ import annotations

import pandas as pd

from cslearn import loyalty
from cslearn.data import load_dataset
from cslearn.exercises import exercise, slips
from cslearn.language import tr

# a store used by 05.1, 05.2 and 05.6: 440 pairs left, 18 customers a day, substitutes take 10 days
_STOCK, _DAILY, _DELIVERY, _PSYCH = 440, 18, 10, 0.45
_CUSTOMERS = _DAILY * 30  # customers asking over the 30 days after the sell-out


@exercise(
    "05.1", concepts=("C23",),
    hint=lambda _answer: tr(
        "Split the 540 by need first: 45 % trend = 243; of the other 297, 40 % outdoor = 118.8 and the rest, "
        "178.2, want any sandal for the heat. On the shelf from day 1, every customer meets the offer that fits "
        "their need: heat takes the similar item with 0.70, outdoor the purpose-fit brand with 0.75, trend at best "
        "the similar item with 0.10. Kept = 178.2 x 0.70 + 118.8 x 0.75 + 243 x 0.10."),
)
def _():
    """A store sells 18 pairs of the Hurricane a day, so after the sell-out 18 x 30 = 540 customers ask for it over
    30 days: 45 % want it for the trend, and of the others 40 % want sandals for outdoors. Substitutes take 10 days
    to arrive. With the chapter's acceptance assumptions, how many sales are kept (expected) if the matched
    substitutes are on the shelf from the first day after the sell-out? Give it to one decimal place."""
    table = loyalty.stockout_outcomes(_PSYCH, _DELIVERY, customers=_CUSTOMERS, delivery_days=_DELIVERY)
    return float(table["kept"].sum())


_hint_05_2 = slips(
    lambda: tr("Ordered L days before the sell-out, the matched substitutes arrive on day 10 - L, and only customers "
               "from that day on (but at least day 1) get them; the days before, customers get the look-alike. "
               "The covered share is c = (30 - max(10 - L, 1) + 1) / 30 and kept = 178.2 x (0.70c + 0.55(1 - c)) "
               "+ 118.8 x (0.75c + 0.25(1 - c)) + 243 x (0.10c + 0.05(1 - c)). Try L = 0, 1, 2, ... and stop at the "
               "first L whose kept reaches 220."),
    (lambda answer: answer >= _DELIVERY,
     lambda: tr("With 10 or more days you are past the point where earlier helps; a smaller L already "
                "reaches 220.")),
)


@exercise("05.2", kind="whole", concepts=("C21",), hint=_hint_05_2)
def _():
    """Same store, same 540 customers, substitutes still take 10 days. What is the smallest whole number of days
    before the sell-out at which they must be ordered for at least 220 sales to be kept (expected)?"""
    for lead in range(0, _DELIVERY + 1):
        table = loyalty.compare_preparation(_PSYCH, lead, customers=_CUSTOMERS, delivery_days=_DELIVERY)
        if table.loc[1, "sales_kept"] >= 220:
            return float(lead)
    return None


_hint_05_3 = slips(
    lambda: tr("Spurious loyalty is repeat buying without attachment: count the customers whose attitude is below "
               "5.0 (strictly) and who made 5 or more repeat purchases. Raising the repeat threshold from 3 to 5 moves "
               "customers with 3 or 4 repeat purchases out of the high-repeat column."),
    (lambda answer: 0 < answer < 1,
     lambda: tr("That looks like a share of the 400 customers (the matrix's share column); the question asks "
                "how many customers, a count.")),
)


@exercise("05.3", concepts=("C22",), hint=_hint_05_3)
def _():
    """In the chapter's customer table, make_loyalty_customers(n=400, rng=5), how many customers are in spurious
    loyalty if the thresholds are raised to an attitude of 5.0 and 5 repeat purchases? Answer with a whole number."""
    customers = loyalty.make_loyalty_customers(n=400, rng=5)
    cells = loyalty.loyalty_matrix(customers, 5.0, 5).set_index("segment")
    return float(cells.loc["spurious", "customers"])


def _english_heldout() -> pd.DataFrame:
    reviews = load_dataset("reviews_loyalty")
    return reviews[(reviews["split"] == "heldout") & (reviews["language"] == "en")]


def _hint_05_4(answer: float) -> str:
    n = len(_english_heldout())
    text = tr(
        "Accuracy = reviews the rules label as a person did / reviews. Keep only the rows with split 'heldout' "
        "and language 'en' ({n} reviews), run the rules on each and divide the matches by {n}.", n=n
    )
    if answer > 1:
        text = tr("Give the accuracy as a fraction between 0 and 1, not a percentage. ") + text
    return text


@exercise("05.4", unit="rate", concepts=("C24",), hint=_hint_05_4)
def _():
    """What accuracy does the rule-based classifier reach on the English reviews of the held-out part of the course's
    review set (split 'heldout', language 'en')? Answer as a fraction, to three decimal places."""
    return loyalty.evaluate_review_classifier(_english_heldout()).accuracy


def _base_05_5() -> pd.DataFrame:
    return loyalty.counts_and_rates(loyalty.simulate_repeat_base(12, new_per_month=50, casual_churn=0.14))


_hint_05_5 = slips(
    lambda: tr("Start with F = 300 fans and C = 700 casual buyers. Each month the fans keep 97 %, the casual buyers "
               "keep 86 % and 50 new ones arrive: F' = 0.97 F, C' = 0.86 C + 50. Repeat buyers in a month = 0.8 F + "
               "0.2 C: 0.8 x 300 + 0.2 x 700 = 380 in month 1. Step the two counts forward 11 times to month 12 "
               "(F there is 300 x 0.97^11), compute the repeat buyers again and subtract them from 380."),
    (lambda answer: abs(answer - float(_base_05_5()["repeaters"].iloc[-1])) < 1,
     lambda: tr("That is the number of repeat buyers in month 12 itself; the question asks how many fewer there "
                "are than in month 1.")),
)


@exercise("05.5", concepts=("C25",), hint=_hint_05_5)
def _():
    """A shop like the chapter's (simulate_repeat_base defaults otherwise) gains 50 new customers a month and loses
    14 % of its casual buyers a month. Its repeat rate rises from 0.380 in month 1 to about 0.40 in month 12, so the
    rate looks better. How many fewer repeat buyers (customers who buy again in the month) does it have in month 12
    than in month 1? Give it to the nearest whole number."""
    table = _base_05_5()
    assert table["repeat_rate"].iloc[-1] > table["repeat_rate"].iloc[0] + 0.015  # the rise the question states
    return float(table["repeaters"].iloc[0] - table["repeaters"].iloc[-1])


@exercise(
    "05.6", kind="whole", concepts=("C21", "C26"),
    hint=lambda _answer: tr(
        "440 / 18 = 24.4: the stock covers 24 full days and the last pair sells during the next one, so the "
        "sell-out day is ceil(440 / 18) (today is day 0). For the substitutes to arrive that day, the order goes "
        "out 10 days earlier."),
)
def _():
    """The store of 05.1 has 440 pairs left and sells 18 a day; substitutes take 10 days to arrive. On which day
    (today is day 0) must the head office's plan have the store order them, so that they arrive on the day the last
    pair sells? Answer with a whole number."""
    stores = pd.DataFrame({"store": ["A"], "stock": [_STOCK], "daily_demand": [_DAILY], "psych_share": [_PSYCH]})
    return float(loyalty.substitute_plan(stores, delivery_days=_DELIVERY).loc[0, "order_day"])


_STORES = pd.DataFrame({
    "store": ["Sapporo", "Nagoya", "Naha"],
    "stock": [500, 90, 260],
    "daily_demand": [20, 15, 14],
    "psych_share": [0.25, 0.5, 0.35],
})


@exercise(
    "05.7", concepts=("C26",),
    hint=lambda _answer: tr(
        "Per store: the sell-out day is ceil(stock / daily demand): 25 for Sapporo, 6 for Nagoya, 19 for Naha. "
        "The plan orders min(10, sell-out day) days ahead, so the matched substitutes are there from day "
        "max(10 - lead, 1) after the sell-out (day 1 for Sapporo and Naha, day 4 for Nagoya); reacting orders on "
        "day 0 and they arrive on day 10. The gain of a store is its 30 x daily demand customers times the "
        "difference in covered share times the gap between the matched and the look-alike acceptance, summed "
        "over the needs; add the three stores."),
)
def _():
    """The head office plans for three stores with one forecast (substitutes take 10 days; customers over the 30 days
    after each sell-out are counted): Sapporo (500 pairs left, 20 a day, 25 % trend), Nagoya (90 pairs, 15 a day, 50
    % trend) and Naha (260 pairs, 14 a day, 35 % trend). How many more sales (expected, all three stores together)
    does following the plan keep than reacting at each sell-out? Give it to one decimal place."""
    plan = loyalty.substitute_plan(_STORES, delivery_days=10)
    return float((plan["kept_planned"] - plan["kept_reacting"]).sum())


# 05.8: one customer's reason, sorted by the article's need-based split (no brand is named: the student
# must apply the substitute test, not look for a name)
_SINGER = (
    "I'm looking for the sandals the singer wore in her new video, the black ones with the red strap. "
    "I tried on two other pairs that were more comfortable, but it has to be that pair."
)


def _hint_05_8(answer) -> str:
    word = str(answer).strip().lower()
    if word in ("behavioural", "behavioral", "行動ロイヤルティ", "行動"):
        return tr(
            "No brand is named, but the test of the split is whether a substitute would do, and the customer "
            "has just turned down two more comfortable pairs: they want that model because the singer wore it, "
            "like 'everyone wears this model'. No need (heat, outdoors) is mentioned."
        )
    if word in ("spurious", "見せかけのロイヤルティ", "見せかけ"):
        return tr(
            "Spurious loyalty is a cell of the attitude x repeat matrix: repeat buying without attachment, "
            "from habit or convenience. Nothing here is about buying again, and this customer is anything but "
            "unattached; the question asks which of the article's two kinds drives the purchase: would a "
            "substitute do?"
        )
    return tr("Ask why the customer wants the sandal, and whether a substitute that does the same job would do.")


@exercise(
    "05.8",
    f"A customer writes to the shop: \"{_SINGER}\" In the need-based split of Happier life with CS, which "
    "loyalty drives this purchase: 'behavioural', 'psychological' or 'spurious'?",
    kind="choice",
    choices=("behavioural", "psychological", "spurious"),
    aliases={"行動ロイヤルティ": "behavioural", "行動": "behavioural", "behavioral": "behavioural",
             "心理ロイヤルティ": "psychological", "心理": "psychological",
             "見せかけのロイヤルティ": "spurious", "見せかけ": "spurious"},
    concepts=("C22",),
    hint=_hint_05_8,
)
def _():
    # that model because someone admired wears it: the trend need; the library says which loyalty that is
    table = loyalty.stockout_outcomes(0.5, customers=100).set_index("need")
    return str(table.loc["trend", "loyalty"])


# 05.9: reasons noted by the clerks, sorted by need, then the sales a fitting substitute keeps
_REASONS = {"heat": 170 + 50, "outdoor": 120, "trend": 160}  # the question's four groups, sorted by need
_ASKED = sum(_REASONS.values())


@exercise(
    "05.9", kind="whole", concepts=("C22", "C23"),
    hint=lambda _answer: tr(
        "Two of the four groups have the same need: 170 + 50 = 220 want any sandal for the heat (behavioural), "
        "120 want them for outdoors (behavioural) and 160 want that model (psychological). Each need meets its "
        "best offer: 0.70 for the heat (a similar item), 0.75 for outdoors (a purpose-fit brand), 0.10 for the "
        "trend. Kept = 220 x 0.70 + 120 x 0.75 + 160 x 0.10."),
)
def _():
    """Clerks note why 500 customers asked for the sold-out Hurricane: 170 said "it's so hot, any sandals will do",
    120 "something for camping and the river", 50 "I just need something cool for summer, the brand doesn't matter"
    and 160 "everyone at school wears this model". Sort them by the article's three needs. If each customer is
    offered the substitute that fits their need (the chapter's acceptance table), how many sales are kept, expected?
    Answer with a whole number."""
    outdoor_share = _REASONS["outdoor"] / (_REASONS["heat"] + _REASONS["outdoor"])
    table = loyalty.stockout_outcomes(_REASONS["trend"] / _ASKED, 14, customers=_ASKED, delivery_days=14,
                                      outdoor_share=outdoor_share)
    return float(round(table["kept"].sum()))


_hint_05_10 = slips(
    lambda: tr("Rerun the same plan with 13 days instead of 10: Sapporo (day 25) and Naha (day 19) can still have "
               "the substitutes on the shelf at the sell-out, so nothing changes there; Nagoya sells out on day 6, so "
               "ordered today they now arrive on day 13 - 6 = 7 after its sell-out instead of day 4, and customers on "
               "days 4, 5 and 6 get the look-alike. Loss = Nagoya's 450 customers x 3/30 x the gap between matched "
               "and look-alike acceptance, weighted by its needs (50 % trend: 0.10 vs 0.05; of the other 50 %, "
               "40 % outdoor, so 20 % outdoor: 0.75 vs 0.25, and 30 % heat: 0.70 vs 0.55)."),
    (lambda answer: answer < 0, lambda: tr("The delay costs sales, so give it as a positive number.")),
)


@exercise("05.10", concepts=("C26",), hint=_hint_05_10)
def _():
    """The head office has sent the plan of 05.7 to Sapporo, Nagoya and Naha (substitutes take 10 days). Then the
    supplier says delivery now takes 13 days. Rerunning the same plan for all three stores, how many sales (expected,
    the three stores together) does the delay cost compared with the plan sent out? Give it to two decimal places."""
    before = loyalty.substitute_plan(_STORES, delivery_days=10)["kept_planned"].sum()
    after = loyalty.substitute_plan(_STORES, delivery_days=13)["kept_planned"].sum()
    return float(before - after)


@exercise(
    "05.11", concepts=("C25",),
    hint=lambda _answer: tr(
        "Words in a month = 0.1 x fans + 0.01 x casual buyers. With kappa = 0.03 each month 3 % of the "
        "casual buyers who stay (85 %) become fans, and the other 97 % of them stay casual: "
        "F' = (1 - 0.03) F + 0.03 x 0.85 C, where 1 - 0.03 is the fans who stay (3 % of fans leave), and "
        "C' = (1 - 0.03) x 0.85 C + 75, where 1 - 0.03 is the staying casual buyers who do not become fans; "
        "start from F = 300 and C = 700. Add up the words of months 1 to 12 for kappa = 0.03 and for kappa = 0, "
        "and subtract."),
)
def _():
    """A shop like the chapter's steady-rate shop (75 new customers a month, simulate_repeat_base's defaults
    otherwise) gets 3 % of its casual buyers to become fans each month. Over 12 months, how many more reviews and
    comments (expected) do its customers write than with no casual buyer becoming a fan? Give it to the nearest whole
    number."""
    table = loyalty.counts_by_conversion([0.0, 0.03], months=12, new_per_month=75)
    return float(table.loc[1, "words_total"] - table.loc[0, "words_total"])



# 05.12: read one review as the article does
_REVIEW = "ハリケーンXLT2の色違いで、これが3足目。写真で見た新色に思わず一目惚れしました!"


def _hint_05_12(answer) -> str:
    if str(answer).strip().lower() in ("behavioural", "behavioral", "行動ロイヤルティ", "行動"):
        return tr(
            "The photo did catch the buyer's eye (写真, 一目惚れ), but what it showed was a new colour of the model "
            "they already own twice (色違い, 3足目, and the model is named). Would another sandal with a good photo "
            "have done? The article reads a first-sight review as behavioural only when no name is attached; "
            "a review that names the model or buys it again in another colour points the other way."
        )
    return tr("Look for names and repeat purchases of the same model first, then for first-sight words.")


@exercise(
    "05.12",
    f"A review on the shop's site reads: 「{_REVIEW}」 (\"The Hurricane XLT2 in another colour, my third pair. I "
    "fell for the new colour at first sight in the photo!\") Reading it as Happier life with CS suggests, which "
    "loyalty does it point to: 'behavioural' or 'psychological'?",
    kind="choice",
    choices=("behavioural", "psychological"),
    aliases={"行動ロイヤルティ": "behavioural", "行動": "behavioural", "behavioral": "behavioural",
             "心理ロイヤルティ": "psychological", "心理": "psychological"},
    concepts=("C24",),
    hint=_hint_05_12,
)
def _():
    return loyalty.classify_review(_REVIEW).label


# 05.13: two campaigns, ranked by their rate and by the fans they make
_CAMPAIGNS = pd.DataFrame({
    "campaign": ["A", "B"],
    "reached": [5000, 5000],
    "response_rate": [0.10, 0.06],
    "satisfied_share": [0.0, 0.0],  # not asked
    "fan_share": [0.02, 0.12],
    "words_share": [0.0, 0.0],  # not asked
})


_hint_05_13 = slips(
    lambda: tr("Responders = customers reached x response rate: 5,000 x 10 % for A and 5,000 x 6 % for B. New fans = "
               "responders x the share of them who become fans (2 % for A, 12 % for B). Subtract A's fans from B's."),
    (lambda answer: answer < 0,
     lambda: tr("B makes more fans even though A has the higher rate: give the difference as a positive number.")),
)


@exercise("05.13", kind="whole", concepts=("C25",), hint=_hint_05_13)
def _():
    """Two campaigns each reach 5,000 customers. Campaign A, a discount for everybody, gets 10 % of them to respond,
    and 2 % of its responders become fans. Campaign B, a fitting event for outdoor sandals, gets 6 % to respond, and
    12 % of its responders become fans. How many more fans does B make than A? Answer with a whole number."""
    table = loyalty.campaign_counts(_CAMPAIGNS).set_index("campaign")
    return float(round(table.loc["B", "fans"] - table.loc["A", "fans"]))
