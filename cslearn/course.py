"""The course itself: its chapters and its glossary, as tables a notebook can show."""

from __future__ import annotations

import pandas as pd

from cslearn._validate import check_int
from cslearn.data import load_dataset

__all__ = ["chapters", "glossary", "sources", "concepts", "SOURCES", "CONCEPT_MAP"]

# The five articles the course is built on, by their own titles, with the short name the chapters
# cite them by and a one-line summary in the course's words. Facts and figures come from them;
# their sentences do not.
SOURCES = [
    # (short name, title as published, what it is)
    ("Customer Success??", "カスタマーサクセス??",
     "A blog note that introduces customer success from scratch: from owning to experiencing, shot "
     "and retention models, OTV against LTV, and keeping support costs flat by systemising it."),
    ("What is CS #2-1", "カスタマーサクセスとは#2-1",
     "Reading notes on chapter 2 of the book 『カスタマーサクセスとは何か――日本企業にこそ必要な"
     "「これからの顧客との付き合い方」』 (弘子ラザヴィ, 英治出版, 2019, ISBN 978-4-86276-268-9): farming "
     "not hunting, who counts as a customer, upsell at under half the cost of an acquisition, churn against "
     "growth."),
    ("Happier life with CS", "これからのあなたの人生をハッピーにするカスタマーサクセスの考え方!",
     "A blog note on preparing before the customer asks, behavioural against psychological loyalty "
     "(the sandal example), proposing substitutes, and counting people rather than rates."),
    ("Weekly CS Vol.3", "週刊カスタマーサクセスVol.3(CS認知度/ノンアルパーティー体験/LTV最大化)",
     "A weekly newsletter issue: the 2021 awareness survey of IT executives, a wedding party with "
     "alcohol-free wine, and growing LTV by a plan for each stage of a customer's goals."),
    ("Ganesha's lesson", "(untitled) ガネーシャの教え from 『夢をかなえるゾウ3』 and customer success",
     "A blog note linking the novel's lesson (give first, profit later) to customer success, with the "
     "five points of customer success and the order in which to build a business model."),
]

# The concepts C1-C32 of the syllabus, one line each: (concept, chapter, what it says, source).
CONCEPT_MAP = [
    ("C1", "01", "Ownership gives way to experience: buy once against pay monthly, and the break-even month",
     "Customer Success??"),
    ("C2", "01", "Where the budget goes: spending before the first visit (acquisition) against after it (retention)",
     "Customer Success??"),
    ("C3", "01", "The 1:5 rule of thumb, new customers less profitable, upsell at under half an acquisition",
     "Customer Success??; What is CS #2-1"),
    ("C4", "01", "Farming, not hunting: the business starts after the purchase; anticipating a regular's need",
     "What is CS #2-1"),
    ("C5", "01", "Who is a customer: a buyer whose face and usage you know", "What is CS #2-1"),
    ("C6", "01", "How known the idea is: the 2021 survey of 374 IT executives", "Weekly CS Vol.3"),
    ("C7", "02", "Shot model (one sale) against retention model (revenue that recurs)", "Customer Success??"),
    ("C8", "02", "A low entry barrier: a cheap first step converted into a subscription", "Customer Success??"),
    ("C9", "02", "Retention models for shops: flat rate, online salon, meat ownership", "Customer Success??"),
    ("C10", "02", "Prepaid balance at an esthetic salon: the balance left pulls the customer back",
     "Customer Success??"),
    ("C11", "02", "Owner model at a lounge: owners recoup, bring friends and are known", "Customer Success??"),
    ("C12", "02", "What retention buys the business: customer data, product improvement, added value",
     "Customer Success??"),
    ("C13", "02", "After-purchase services: fish, watch and kimono shops, software maintenance", "What is CS #2-1"),
    ("C14", "03", "OTV draws the past P&L, LTV the future P&L: recurring revenue lets you invest now",
     "Customer Success??"),
    ("C15", "03", "Churn against growth: churn eats a growing base; care and upsell make growth compound",
     "What is CS #2-1"),
    ("C16", "03", "Value first, revenue later: the J-curve and the five points of customer success",
     "Ganesha's lesson"),
    ("C17", "03", "Deeper relationships cost more to serve; systemisation keeps the cost flat", "Customer Success??"),
    ("C18", "04", "Retention rises with tenure because the stayers differ: constant churn undervalues them",
     "the course (Fader & Hardie)"),
    ("C19", "04", "Fit the sBG model to cohort survival, project it, and value a customer",
     "the course (Fader & Hardie)"),
    ("C20", "04", "Where customers never cancel: BG/NBD for who is alive, Gamma-Gamma for spend",
     "the course (Fader, Hardie & Lee)"),
    ("C21", "05", "Anticipate: prepare the substitute before a bestseller sells out", "Happier life with CS"),
    ("C22", "05", "Behavioural (need-driven) against psychological (emotion-driven) loyalty", "Happier life with CS"),
    ("C23", "05", "Propose substitutes by need; a look-alike fails the trend-driven", "Happier life with CS"),
    ("C24", "05", "Read loyalty from reviews: brand names against love at first sight", "Happier life with CS"),
    ("C25", "05", "Counts and customers' own words accumulate; rates chase efficiency", "Happier life with CS"),
    ("C26", "05", "Forecasting lets the head office share one plan with every store", "Happier life with CS"),
    ("C27", "06", "Customer success = outcome + experience; satisfaction above expectation", "Weekly CS Vol.3"),
    ("C28", "06", "Goals change as a customer progresses: a plan for each stage grows LTV", "Weekly CS Vol.3"),
    ("C29", "06", "Define the customer's success first; LTV follows and serves both sides", "Weekly CS Vol.3"),
    ("C30", "06", "Building the service: design, data, improve, win share, new business; MVP and free members",
     "Customer Success??"),
    ("C31", "06", "Step delivery instead of advertising builds familiarity and fans", "Customer Success??"),
    ("C32", "06", "Forget profit once: the business model in order, revenue model last", "Ganesha's lesson"),
]

_CHAPTERS = [
    ("00", "Start here", "はじめに", "How to use the course; widgets, fonts, glossary", "00_start_here.ipynb"),
    ("01", "From owning to experiencing", "所有から体験へ",
     "C1-C6: buy once vs pay monthly, acquisition vs retention budgets, the 1:5 rule, who is a customer",
     "01_ownership_to_experience.ipynb"),
    ("02", "Shot model vs retention model", "ショットモデルとリテンションモデル",
     "C7-C13: subscriptions, entry offers, prepaid balances, owners, what retention buys",
     "02_shot_vs_retention.ipynb"),
    ("03", "OTV vs LTV: the past P&L and the future P&L", "OTVとLTV",
     "C14-C17: LTV, payback, the J-curve, churn vs growth, systemisation", "03_otv_vs_ltv.ipynb"),
    ("04", "Forecasting retention", "継続率を予測する",
     "C18-C20: sBG for contracts, BG/NBD and Gamma-Gamma where customers never cancel",
     "04_forecasting_retention.ipynb"),
    ("05", "Loyalty types", "行動ロイヤルティと心理ロイヤルティ",
     "C21-C26: behavioural vs psychological loyalty, substitutes, reviews, counts vs rates",
     "05_loyalty_types.ipynb"),
    ("06", "Designing customer success", "カスタマーサクセスの設計",
     "C27-C32: expectation vs satisfaction, the stage ladder, step delivery, the business model in order",
     "06_designing_success.ipynb"),
]


def chapters() -> pd.DataFrame:
    """The chapter map: number, English and Japanese title, what it teaches, the concepts (see
    :func:`concepts`), its notebook, and whether it is ready.

    >>> chapters().loc[1, "title_ja"]
    '所有から体験へ'
    >>> chapters().loc[3, "concepts"]
    'C14-C17'
    >>> bool(chapters().loc[1, "ready"])
    True
    """
    from cslearn.data import data_dir

    table = pd.DataFrame(_CHAPTERS, columns=["chapter", "title", "title_ja", "teaches", "notebook"])
    # the concepts each chapter teaches, from the concept map (see concepts())
    owned = {chapter: [c for c, ch, _, _ in CONCEPT_MAP if ch == chapter] for chapter in table["chapter"]}
    table.insert(4, "concepts", [f"{c[0]}-{c[-1]}" if c else "" for c in owned.values()])
    folder = data_dir().parent / "notebooks"
    table["ready"] = [(folder / name).exists() for name in table["notebook"]]
    return table


def glossary(chapter: int | None = None) -> pd.DataFrame:
    """The bilingual glossary (English, Japanese, reading, definition), for one chapter or all.

    >>> glossary(1)["chapter"].unique().tolist()
    [1]
    """
    table = load_dataset("glossary")
    if chapter is not None:
        if isinstance(chapter, str) and chapter.isdigit():  # "01", as chapters are numbered elsewhere
            chapter = int(chapter)
        chapter = check_int("chapter", chapter, low=0, high=len(_CHAPTERS) - 1)
        table = table[table["chapter"] == chapter]
    return table.reset_index(drop=True)


def sources() -> pd.DataFrame:
    """The five source articles: the short name the chapters cite, the title as published, a summary.

    >>> sources()["short_name"].tolist()[0]
    'Customer Success??'
    """
    return pd.DataFrame(SOURCES, columns=["short_name", "title", "summary"])


def concepts(chapter: int | str | None = None) -> pd.DataFrame:
    """The concept map: each concept C1-C32 in one line, its chapter, its exercises and its source.

    An instructor can teach and grade by concept: ``exercises`` lists the exercise ids that declare
    the concept (see ``cslearn.exercises``).

    >>> table = concepts()
    >>> len(table), table.loc[0, "concept"]
    (32, 'C1')
    >>> concepts(1)["concept"].tolist()
    ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']
    """
    from cslearn.exercises import EXERCISES, _load_all

    _load_all()
    table = pd.DataFrame(CONCEPT_MAP, columns=["concept", "chapter", "summary", "source"])
    table["exercises"] = [
        ", ".join(sorted((ex.id for ex in EXERCISES.values() if concept in ex.concepts),
                         key=lambda key: tuple(int(part) for part in key.split("."))))
        for concept in table["concept"]
    ]
    if chapter is not None:
        if isinstance(chapter, str) and chapter.isdigit():
            chapter = int(chapter)
        chapter = check_int("chapter", chapter, low=1, high=len(_CHAPTERS) - 1)
        table = table[table["chapter"] == f"{chapter:02d}"]
    return table[["concept", "chapter", "summary", "exercises", "source"]].reset_index(drop=True)
