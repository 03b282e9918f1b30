"""The course itself: its chapters and its glossary, as tables a notebook can show."""

from __future__ import annotations

import pandas as pd

from cslearn._validate import check_int
from cslearn.data import load_dataset

__all__ = ["chapters", "glossary"]

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
    """The chapter map: number, English and Japanese title, what it teaches, its notebook, and whether it is ready.

    >>> chapters().loc[1, "title_ja"]
    '所有から体験へ'
    >>> bool(chapters().loc[1, "ready"])
    True
    """
    from cslearn.data import data_dir

    table = pd.DataFrame(_CHAPTERS, columns=["chapter", "title", "title_ja", "teaches", "notebook"])
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
