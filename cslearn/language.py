"""Plot labels in English or Japanese, and a Japanese font that renders everywhere.

The course's text is English; figure labels can be switched to Japanese for a Japanese room::

    >>> set_language("ja")
    >>> label("month")
    '経過月数'
    >>> set_language("en")
    >>> label("month")
    'Month'

Japanese glyphs come from IPAexGothic, which the ``matplotlib-fontja`` package ships inside the
Python package itself, so no system font has to be installed and no glyph shows as a box.
"""

from __future__ import annotations

from cslearn._validate import check_choice

__all__ = ["LANGUAGES", "set_language", "get_language", "label", "add_labels", "FONT_FAMILY"]

LANGUAGES = ("en", "ja")
FONT_FAMILY = "IPAexGothic"

_state = {"language": "en"}

# key -> (English, Japanese). Chapters add their own keys with add_labels().
_LABELS: dict[str, tuple[str, str]] = {
    "month": ("Month", "経過月数"),
    "months": ("Months", "月数"),
    "yen": ("Yen", "円"),
    "share": ("Share", "割合"),
    "customers": ("Customers", "顧客数"),
    "revenue": ("Revenue", "売上"),
    "profit": ("Profit", "利益"),
    "cumulative_profit": ("Cumulative profit", "累積利益"),
    "cumulative_spend": ("Cumulative payments per customer", "顧客1人あたり累積支払額"),
    "cumulative_revenue": ("Cumulative revenue per customer", "顧客1人あたり累積売上"),
    "buy_once": ("Buy once (own it)", "買い切り(所有)"),
    "subscribe": ("Pay monthly (experience it)", "月額(体験)"),
    "subscribe_expected": ("Pay monthly, seller's expected revenue", "月額(売り手の期待売上)"),
    "acquisition_share": ("Share of budget on acquisition", "獲得予算の割合"),
    "acquisition": ("Acquisition", "獲得"),
    "retention": ("Retention", "維持"),
    "new_customers": ("New customers", "新規顧客"),
    "saved_customers": ("Customers kept", "引き止めた顧客"),
    "churned_customers": ("Customers lost", "離脱した顧客"),
    "best_split": ("Best split", "最適な配分"),
    "respondents": ("Respondents", "回答者数"),
    "base_aware": ("(share of those aware)", "(認知している人のうち)"),
    "base_not_stated": ("(base not stated)", "(母数の記載なし)"),
    "survey_title": (
        "Customer success among 374 IT executives (2021)",
        "IT企業経営者374名のカスタマーサクセス認知度(2021年)",
    ),
    "widgets_ok": ("Widgets work: move the slider", "ウィジェットは動作しています:スライダーを動かしてください"),
    "font_check": ("Japanese font check", "日本語フォントの確認"),
}


def set_language(language: str) -> None:
    """Choose the language of plot labels: ``"en"`` (default) or ``"ja"``.

    >>> set_language("ja"); get_language()
    'ja'
    >>> set_language("en")
    """
    _state["language"] = check_choice("language", language, LANGUAGES)


def get_language() -> str:
    """The current language of plot labels.

    >>> get_language() in LANGUAGES
    True
    """
    return _state["language"]


def label(key: str, language: str | None = None) -> str:
    """The label for ``key`` in the current (or given) language.

    >>> label("customers", "ja")
    '顧客数'
    """
    lang = get_language() if language is None else check_choice("language", language, LANGUAGES)
    try:
        english, japanese = _LABELS[key]
    except KeyError:
        raise KeyError(f"no plot label called {key!r}; known labels: {', '.join(sorted(_LABELS))}") from None
    return japanese if lang == "ja" else english


def add_labels(labels: dict[str, tuple[str, str]]) -> None:
    """Register more ``key: (English, Japanese)`` labels (used by each chapter's plots).

    >>> add_labels({"example_key": ("Example", "例")})
    >>> label("example_key", "ja")
    '例'
    """
    for key, pair in labels.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair)):
            raise ValueError(f"label {key!r} must be a pair of non-empty strings (English, Japanese)")
        _LABELS[key] = pair
