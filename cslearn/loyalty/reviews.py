"""Reading loyalty from reviews, in Japanese and English (C24).

*Happier life with CS* gives the rule of thumb for an online shop, where no clerk can ask why a
customer wants the item: reviews that *name the brand or the model* (a buyer who searched for the
Hurricane by name, or bought it again in another colour) point to **psychological loyalty**;
reviews about *falling for how it looks, with no names* (the photo won them over, a cute pair
among many) point to **behavioural loyalty**.

The classifier is a handful of rules a student can read, tried in this order (:data:`RULES`);
the first that fires decides, and its cue is returned as the reason:

1. ``trend``: a trend or attachment cue ("everyone", "another colour", みんな, 色違い) -> psychological;
2. ``need``: a need or purpose cue ("hot", "camping", 暑い, キャンプ) -> behavioural, even when the
   review also names a brand (*need beats name*: a review that names a brand but buys it for a
   job is about the job);
3. ``name``: a brand or model name -> psychological;
4. ``looks``: a first-sight cue ("love at first sight", 一目惚れ, 可愛い) -> behavioural;
5. ``default``: nothing found -> behavioural (no name, no trend: the article's reading).

Rule 2 refines the article, which reads any brand name as psychological: a review that names
KEEN but buys it "for outdoors" would take another outdoor sandal, so the course labels it
behavioural. The test behind every label is the article's: would a fitting substitute have done?
That is also why "love at first sight" (一目惚れ) counts as behavioural: the customer fell for *a*
sandal, not for a name, and another cute pair could have won them.

Words are matched as whole words in English (case ignored; "Teva" also inside "Tevaのサンダル")
and as substrings in Japanese (so the Japanese cues are words or phrases, never a lone kanji such as 海,
which would fire inside 海外ブランド). Of several first-sight cues, the reason names the most telling
(一目惚れ or 思わず before 画像). The word lists are :func:`review_dictionary`; pass your own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from cslearn._validate import check_frame
from cslearn.language import get_language, tr
from cslearn.loyalty.parameters import DICTIONARY, LABEL_COLUMN, LABELLED_REVIEWS, REVIEW_TEXT, REVIEWS, TEXT_COLUMN
from cslearn.params import checked

__all__ = [
    "LABELS",
    "ReviewVerdict",
    "ReviewEvaluation",
    "review_dictionary",
    "classify_review",
    "classify_reviews",
    "evaluate_review_classifier",
    "review_rules",
    "RULES",
]

LABELS = ("psychological", "behavioural")
#: the rules of :func:`classify_review`, in the order they are tried: the first that fires decides
RULES = ("trend", "need", "name", "looks", "default")
_RULE_TABLE = {
    "trend": ("psychological", "a trend or attachment cue (everyone, another colour, みんな, 色違い)"),
    "need": ("behavioural", "a need or purpose cue (hot, camping, 暑い, キャンプ), even beside a brand name"),
    "name": ("psychological", "a brand or model name (Teva, Hurricane, ハリケーン)"),
    "looks": ("behavioural", "a first-sight cue (love at first sight, cute, 一目惚れ, 思わず, 可愛い)"),
    "default": ("behavioural", "none of the above"),
}
# a label as a Japanese learner reads it (review_rules in Japanese, and the evaluation's tables)
_LABEL_NAMES = {"psychological": "psychological loyalty", "behavioural": "behavioural loyalty"}

_NAMES = (
    # sandals and their makers
    "Teva", "テバ", "Hurricane", "ハリケーン", "XLT2", "Chaco", "チャコ", "KEEN", "キーン", "Newport",
    "ニューポート", "Birkenstock", "ビルケン", "Arizona", "アリゾナ", "Crocs", "クロックス", "Suicoke",
    "スイコック", "Tevas", "Hurricanes", "Chacos", "KEENs", "Birks",
    # insulated bottles and tumblers
    "Stanley", "スタンレー", "Quencher", "クエンチャー", "Hydro Flask", "ハイドロフラスク", "Thermos",
    "サーモス", "Zojirushi", "象印", "Nalgene", "ナルゲン",
)
_TREND = (
    "everyone", "everybody", "all my friends", "trend", "trending", "trendy", "viral", "instagram",
    "tiktok", "influencer", "hype", "must-have", "another colour", "another color", "second pair",
    "third pair", "every colour", "every color", "collection", "die-hard", "only buy", "finally got",
    "みんな", "流行", "はやり", "話題", "インスタ", "SNS", "TikTok", "色違い", "2足目", "二足目",
    "3足目", "2本目", "二本目", "コレクション", "やっと手に入", "ずっと欲しかった", "推し", "一択",
    "しか買わない", "人気", "限定", "limited edition",
)
_NEED = (
    "hot", "heat", "summer", "beach", "lake", "camping", "camp", "hiking", "hike", "river", "outdoor",
    "outdoors", "trail", "trails", "festival", "garden", "comfortable", "comfort", "walking", "grip", "cheap",
    "price", "affordable", "cold", "ice", "commute", "gym", "office", "school run", "practical",
    "needed", "sweaty",
    # Japanese cues are matched anywhere in the text, so each is a word or a phrase, never a lone kanji
    # (海 would fire inside 海外ブランド, 川 inside 品川, 夏 inside 夏目)
    "暑い", "暑さ", "暑く", "暑がり", "夏用", "夏場", "夏の", "夏に", "真夏", "夏祭り", "海で", "海に", "海へ",
    "海水浴", "海辺", "川で", "川に", "川遊び", "沢登り", "キャンプ", "アウトドア", "レジャー", "登山",
    "フェス", "バーベキュー", "BBQ", "歩きやすい", "履きやすい", "滑りにく", "安い", "値段", "コスパ", "保冷",
    "保温", "氷が", "氷も", "通勤", "ジム", "オフィス", "部活", "蒸れ", "庭で", "庭仕事", "庭の",
)
#: first-sight cues, the most telling first: when several are present, the reason names the first in this list
_LOOKS = (
    "love at first sight", "一目惚れ", "一目ぼれ", "思わず", "fell for", "caught my eye", "cute", "pretty",
    "gorgeous", "可愛い", "かわいい", "カワイイ", "色が素敵", "色がきれい", "素敵", "the photo", "the picture",
    "the colour", "the color", "写真", "画像",
)


def review_dictionary() -> pd.DataFrame:
    """The classifier's word lists as a table: ``term`` and ``kind`` (name, trend, need or looks).

    >>> words = review_dictionary()
    >>> sorted(words["kind"].unique())
    ['looks', 'name', 'need', 'trend']
    >>> "ハリケーン" in words.loc[words["kind"] == "name", "term"].tolist()
    True
    """
    kinds = {"name": _NAMES, "trend": _TREND, "need": _NEED, "looks": _LOOKS}
    return pd.DataFrame([{"term": t, "kind": k} for k, terms in kinds.items() for t in terms])


class ReviewVerdict(NamedTuple):
    """What :func:`classify_review` decided: the label, the rule that fired, its cue and a reason.

    >>> isinstance(classify_review("I love this shop and come back every week"), ReviewVerdict)
    True
    """

    label: str
    rule: str
    cue: str
    reason: str


def _pattern(terms) -> re.Pattern:
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):  # longest first: "Hydro Flask" before "Hydro"
        escaped = re.escape(term)
        parts.append(f"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])" if term.isascii() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


_COMPILED: dict[tuple, re.Pattern] = {}


def _find(text: str, terms, *, by_rank: bool = False) -> str | None:
    """The first cue of ``terms`` in ``text``: the leftmost, or with ``by_rank`` the one listed first."""
    if by_rank:
        for term in terms:
            found = _find(text, (term,))
            if found:
                return found
        return None
    key = tuple(terms)
    if key not in _COMPILED:
        _COMPILED[key] = _pattern(terms)
    match = _COMPILED[key].search(text)
    return match.group(0) if match else None


def _words(dictionary: pd.DataFrame | None) -> dict[str, tuple[str, ...]]:
    if dictionary is None:
        return {"name": _NAMES, "trend": _TREND, "need": _NEED, "looks": _LOOKS}
    bad = sorted(set(dictionary["kind"]) - {"name", "trend", "need", "looks"})
    if bad:
        raise ValueError(f"dictionary['kind'] must be one of 'name', 'trend', 'need', 'looks' (got {bad[0]!r})")
    return {k: tuple(str(t) for t in dictionary.loc[dictionary["kind"] == k, "term"] if str(t))
            for k in ("name", "trend", "need", "looks")}


def review_rules() -> pd.DataFrame:
    """The rules of :func:`classify_review` in the order they are tried: ``order``, ``rule``,
    ``label`` (what the rule answers) and ``fires_when``.

    >>> review_rules()["rule"].tolist()
    ['trend', 'need', 'name', 'looks', 'default']
    """
    table = pd.DataFrame([{"order": i, "rule": rule, "label": _RULE_TABLE[rule][0],
                           "fires_when": tr(_RULE_TABLE[rule][1])} for i, rule in enumerate(RULES, start=1)])
    if get_language() == "ja":  # ``label`` stays the key a verdict answers; its Japanese beside it
        table.insert(3, "label_ja", [tr(_LABEL_NAMES[label]) for label in table["label"]])
    table.attrs["words"] = ["review_rule", "review_rules_table"]
    return table


@checked(REVIEW_TEXT, DICTIONARY)
def classify_review(text: str, dictionary: pd.DataFrame | None = None) -> ReviewVerdict:
    """Label one review psychological or behavioural, with the rule that decided and why.

    The rules are tried in the order of :data:`RULES` (trend, need, name, looks, default; see
    :func:`review_rules`); the first that fires decides.

    >>> classify_review("Tevaのハリケーンを何軒も探し回って、ようやくこちらで購入できました。").label
    'psychological'
    >>> classify_review("ページの写真に一目惚れしてすぐ注文。").reason
    "no brand or trend cue; first-sight cue '一目惚れ'"
    >>> classify_review("Bought the Hurricane for a camping trip").rule
    'need'
    """
    return _verdict(text, _words(dictionary))


def _verdict(text: str, words: dict[str, tuple[str, ...]]) -> ReviewVerdict:
    """The first rule of RULES that fires on ``text`` with these word lists."""
    found = {kind: (_find(text, words[kind], by_rank=kind == "looks") if words[kind] else None)
             for kind in ("trend", "need", "name", "looks")}
    # the rules in the order of RULES: the first that fires decides
    # the reason is shown to a learner: a whole sentence in the learner's language (tr)
    if found["trend"]:
        return ReviewVerdict("psychological", "trend", found["trend"],
                             tr("trend or attachment cue {cue!r}", cue=found["trend"]))
    if found["need"]:
        reason = (tr("need or purpose cue {cue!r} (names {name!r}, but buys it for the job)",
                     cue=found["need"], name=found["name"]) if found["name"]
                  else tr("need or purpose cue {cue!r}", cue=found["need"]))
        return ReviewVerdict("behavioural", "need", found["need"], reason)
    if found["name"]:
        return ReviewVerdict("psychological", "name", found["name"],
                             tr("names the brand or model {name!r}", name=found["name"]))
    if found["looks"]:
        return ReviewVerdict("behavioural", "looks", found["looks"],
                             tr("no brand or trend cue; first-sight cue {cue!r}", cue=found["looks"]))
    return ReviewVerdict("behavioural", "default", "", tr("no brand, model or trend cue"))


@checked(REVIEWS, TEXT_COLUMN, DICTIONARY)
def classify_reviews(reviews, text: str = "text", dictionary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Classify many reviews: a DataFrame (column ``text``), a Series or a list of strings.

    Returns a DataFrame with ``predicted``, ``rule``, ``cue`` and ``rule_reason`` (the verdict's
    reason), aligned with the input.

    >>> classify_reviews(["Everyone at school has these", "So comfy in the heat"])["predicted"].tolist()
    ['psychological', 'behavioural']
    """
    if isinstance(reviews, pd.DataFrame):
        check_frame("reviews", reviews, [text])
        texts, index = reviews[text], reviews.index
        odd = [i for i, t in enumerate(texts) if not isinstance(t, str)]
        if odd:
            raise TypeError(f"reviews[{text!r}] must hold strings (row {odd[0]} is {texts.iloc[odd[0]]!r})")
    elif isinstance(reviews, pd.Series):  # a Series or a list of strings (declared)
        texts, index = reviews, reviews.index
    else:
        texts, index = pd.Series(list(reviews), dtype=object), pd.RangeIndex(len(reviews))
    words = _words(dictionary)
    verdicts = [_verdict(t, words) for t in texts]
    out = pd.DataFrame(verdicts, columns=["predicted", "rule", "cue", "rule_reason"])
    out.index = index
    out.attrs["words"] = "review_rule"
    return out


@dataclass(frozen=True)
class ReviewEvaluation:
    """How the rules did on a labelled set.

    >>> from cslearn.data import load_dataset
    >>> isinstance(evaluate_review_classifier(load_dataset("reviews_loyalty")), ReviewEvaluation)
    True

    ``accuracy`` (share right), ``confusion`` (rows: the label, columns: the prediction),
    ``mistakes`` (the reviews it got wrong, with the reason it gave), ``by_rule`` (how often each
    rule fired and how often it was right), ``table`` (every review with its prediction),
    ``recall`` (per label: the share of reviews with that label that the rules found) and
    ``baseline`` (the accuracy of always answering the most common label, the bar to beat).
    """

    accuracy: float
    confusion: pd.DataFrame
    mistakes: pd.DataFrame
    by_rule: pd.DataFrame
    table: pd.DataFrame
    recall: pd.Series
    baseline: float


@checked(LABELLED_REVIEWS, TEXT_COLUMN, LABEL_COLUMN, DICTIONARY)
def evaluate_review_classifier(
    reviews: pd.DataFrame, text: str = "text", label: str = "label", dictionary: pd.DataFrame | None = None
) -> ReviewEvaluation:
    """Run the rules on a labelled set and score them.

    .. math::

        \\text{accuracy} = \\frac{\\#\\{i : \\hat y_i = y_i\\}}{n}, \\qquad
        \\text{recall}_k = \\frac{\\#\\{i : \\hat y_i = y_i = k\\}}{\\#\\{i : y_i = k\\}}, \\qquad
        \\text{baseline} = \\max_k \\frac{\\#\\{i : y_i = k\\}}{n}.

    Accuracy on the reviews the rules were written with is *in-sample* and flatters them; score a
    set the rules were not tuned on to see how they generalise.

    >>> sample = pd.DataFrame({"text": ["みんな履いてる", "暑いので購入", "KEEN好き"],
    ...                        "label": ["psychological", "behavioural", "behavioural"]})
    >>> result = evaluate_review_classifier(sample)
    >>> round(result.accuracy, 3), len(result.mistakes), round(result.baseline, 3)
    (0.667, 1, 0.667)
    >>> result.recall.to_dict()
    {'psychological': 1.0, 'behavioural': 0.5}
    """
    check_frame("reviews", reviews, [text, label])
    unknown = sorted(set(reviews[label]) - set(LABELS))
    if unknown:
        raise ValueError(f"reviews[{label!r}] must hold 'psychological' or 'behavioural' (got {unknown[0]!r})")
    predicted = classify_reviews(reviews, text, dictionary)
    table = pd.concat([reviews, predicted], axis=1)
    right = (table[label] == table["predicted"]).to_numpy()
    confusion = (
        pd.crosstab(pd.Categorical(table[label], LABELS), pd.Categorical(table["predicted"], LABELS),
                    dropna=False)
        .rename_axis(index="label", columns="predicted")
    )
    by_rule = (
        pd.DataFrame({"rule": pd.Categorical(table["rule"], RULES), "right": right})
        .groupby("rule", observed=False)
        .agg(reviews=("right", "size"), right=("right", "sum"))
    )
    by_rule["accuracy"] = np.where(by_rule["reviews"] > 0, by_rule["right"] / by_rule["reviews"].clip(lower=1), 0.0)
    per_label = confusion.sum(axis=1).to_numpy()
    hits = np.diag(confusion.to_numpy())
    recall = pd.Series(np.where(per_label > 0, hits / np.maximum(per_label, 1), 0.0), index=list(LABELS),
                       name="recall")
    baseline = float(per_label.max() / per_label.sum()) if per_label.sum() else 0.0
    mistakes = table.loc[~right]
    by_rule = by_rule.reset_index()
    # in these tables ``label`` is the label a person gave (not a name): say so in Japanese
    for shown in (confusion, mistakes, table, by_rule):
        shown.attrs["words"] = ["review_rule", "review_evaluation"]
    return ReviewEvaluation(
        accuracy=float(right.mean()),
        confusion=confusion,
        mistakes=mistakes,
        by_rule=by_rule,
        table=table,
        recall=recall,
        baseline=baseline,
    )
