"""The business model in order (C32), and the five points of customer success (*Ganesha's lesson*).

*Ganesha's lesson* takes a lesson from the novel *Yume wo Kanaeru Zō 3* (Mizuno Keiya): "forget profit
once, and think only about what pleases the customer". Value comes first and revenue later, so a
business model is built in an order:

1. **customer definition** (顧客の定義): who the target customer is, and who competes for them;
2. **customer problem** (顧客課題): what troubles them, what would make them glad;
3. **solution** (解決策): what we do about it, with our resources and abilities;
4. **value proposition** (提供価値): the value the customer gets;
5. **revenue model** (収益モデル): from whom, for which value, how and when to charge.

Steps 1-4 are the "forget profit once" part. :class:`BusinessModel` holds the five parts, refuses
a part filled in while an earlier one is empty (so the revenue model cannot come first), and
renders as a table.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pandas as pd

from cslearn.journey.parameters import BUSINESS, CHECK, LANGUAGE
from cslearn.language import known_translation
from cslearn.params import checked

__all__ = ["RevenueModel", "BusinessModel", "article_business_model", "ARTICLE_BUSINESSES", "five_points",
           "PARTS"]

#: The parts of a business model in the order they are built: (field, English, 日本語).
PARTS = (
    ("customer", "customer definition", "顧客の定義"),
    ("problem", "customer problem", "顧客課題"),
    ("solution", "solution", "解決策"),
    ("value", "value proposition", "提供価値"),
    ("revenue", "revenue model", "収益モデル"),
)

_REVENUE_PARTS = (
    ("from_whom", "from whom", "誰から"),
    ("for_which_value", "for which value", "どの価値に対して"),
    ("how", "how", "どのように"),
    ("when", "when", "どのタイミングで"),
)


def _text(name: str, value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text (got {type(value).__name__})")
    return value.strip()


@dataclass(frozen=True)
class RevenueModel:
    """How the value turns into revenue: from whom, for which value, how and when to charge.

    All four parts are required.

    >>> RevenueModel("students", "a class for their level", "monthly fee", "each month").how
    'monthly fee'
    >>> RevenueModel("students", "", "monthly fee", "each month")
    Traceback (most recent call last):
    ...
    ValueError: revenue model: for which value (どの価値に対して) must be filled in
    """

    from_whom: str
    for_which_value: str
    how: str
    when: str

    def __post_init__(self):
        for field, english, japanese in _REVENUE_PARTS:
            text = _text(field, getattr(self, field))
            if not text:
                raise ValueError(f"revenue model: {english} ({japanese}) must be filled in")
            object.__setattr__(self, field, text)

    def describe(self) -> str:
        """One line: "from whom · for which value · how · when".

        >>> RevenueModel("a", "b", "c", "d").describe()
        'from a; for b; c; d'
        """
        return f"from {self.from_whom}; for {self.for_which_value}; {self.how}; {self.when}"

    @classmethod
    def _example(cls) -> RevenueModel:
        """A valid revenue model (for tests that call its methods)."""
        return cls("students", "a class for their level", "monthly fee", "each month")


@dataclass(frozen=True)
class BusinessModel:
    """A business model built in order: customer, problem, solution, value, then revenue.

    A draft may stop at any step, but no part may be filled in while an earlier part is empty;
    ``next_step`` names the first empty part and ``complete`` says whether all five are there.

    >>> draft = BusinessModel("my school", customer="adults new to dance")
    >>> draft.next_step
    'customer problem'
    >>> BusinessModel("my school", customer="adults new to dance",
    ...               revenue=RevenueModel("students", "classes", "monthly fee", "each month"))
    Traceback (most recent call last):
    ...
    ValueError: customer problem (顧客課題) must be filled in before the revenue model (収益モデル): ...
    """

    name: str
    customer: str = ""
    problem: str = ""
    solution: str = ""
    value: str = ""
    revenue: RevenueModel | None = None

    def __post_init__(self):
        name = _text("name", self.name)
        if not name:
            raise ValueError("name must be filled in (the business's name)")
        object.__setattr__(self, "name", name)
        for field, _, _ in PARTS[:-1]:
            object.__setattr__(self, field, _text(field, getattr(self, field)))
        if self.revenue is not None and not isinstance(self.revenue, RevenueModel):
            raise TypeError(f"revenue must be a RevenueModel or None (got {type(self.revenue).__name__})")
        filled = [self._filled(field) for field, _, _ in PARTS]
        for later in range(len(PARTS)):
            if filled[later]:
                for earlier in range(later):
                    if not filled[earlier]:
                        _, e_en, e_ja = PARTS[earlier]
                        _, l_en, l_ja = PARTS[later]
                        raise ValueError(
                            f"{e_en} ({e_ja}) must be filled in before the {l_en} ({l_ja}): value first, revenue later"
                        )

    def _filled(self, field: str) -> bool:
        value = getattr(self, field)
        return value is not None and value != ""

    @property
    def next_step(self) -> str | None:
        """The first part still empty (its English name), or None when the model is complete."""
        for field, english, _ in PARTS:
            if not self._filled(field):
                return english
        return None

    @property
    def complete(self) -> bool:
        """True when all five parts are filled in."""
        return self.next_step is None

    @classmethod
    def _example(cls) -> BusinessModel:
        """A valid business model, complete (for tests that call its methods)."""
        return cls("my school", customer="adults new to dance", problem="no habit of exercise",
                   solution="easy classes", value="a weekly refresh", revenue=RevenueModel._example())

    @checked(LANGUAGE)
    def to_frame(self, language: str = "en") -> pd.DataFrame:
        """The model as a table: one row per part (the revenue model's four parts on their own rows).
        In Japanese the parts are named in Japanese, and the course's own entries (the articles'
        businesses) are Japanese too; a learner's entries are shown as written.

        >>> BusinessModel("x", customer="c").to_frame()["content"].tolist()[:2]
        ['c', '']
        """
        rows = []
        for step, (field, english, japanese) in enumerate(PARTS, start=1):
            part = japanese if language == "ja" else english
            if field != "revenue":
                rows.append({"step": step, "part": part,
                             "content": known_translation(getattr(self, field), language)})
                continue
            for r_field, r_en, r_ja in _REVENUE_PARTS:
                sub = r_ja if language == "ja" else r_en
                content = "" if self.revenue is None else getattr(self.revenue, r_field)
                rows.append({"step": step, "part": f"{part}: {sub}", "content": known_translation(content, language)})
        return pd.DataFrame(rows)


ARTICLE_BUSINESSES = ("dance school", "online school")


@checked(BUSINESS)
def article_business_model(name: str) -> BusinessModel:
    """The course's business model for one of the articles' businesses, filled in.

    ``"dance school"`` is *Weekly CS Vol.3*'s school, ``"online school"`` *Customer Success??*'s; the
    articles describe the businesses, and most of the entries (the competitors, the revenue model)
    are the course's own reading of them.

    >>> article_business_model("dance school").complete
    True
    """
    if name == "dance school":
        return BusinessModel(
            name,
            customer="adults with no dance experience who want to move more; later the same people as "
                     "they grow (competing with gyms and other hobbies)",
            problem="at first: no exercise and no habit of refreshing; later: goals that grow, from the basics "
                    "to performing, a show of one's own and teaching",
            solution="classes that are easy to keep up and safe (no pressure to compete), then a class, workshop "
                     "or performance for each next goal",
            value="a weekly refresh that becomes a dance life: there is always a next thing to reach for",
            revenue=RevenueModel(
                "each student, at their current stage",
                "the plan that matches their goal now",
                "a monthly fee per stage's plan, plus workshops",
                "every month, and when they move up",
            ),
        )
    return BusinessModel(
        name,
        customer="working people who want business skills, first found as free members gathered on social media",
        problem="they do not know what to learn or how to keep going alone; many also want to learn investing",
        solution="a free MVP lecture, then a curriculum shaped by the members' answers (investing added), "
                 "a community and step-delivered videos",
        value="skills learned with others, in the topics the members asked for",
        revenue=RevenueModel("free members who convert to paid members", "the curriculum and the community",
                             "a monthly membership (a subscription)", "from the month after the free trial"),
    )

# point, 日本語, where the course computes it (chapter notebook, cslearn function path)
_FIVE_POINTS = [
    ("maximise LTV", "LTVの最大化", "03_otv_vs_ltv", "value.lifetime_value"),
    ("maximise LTV", "LTVの最大化", "06_designing_success", "journey.plan_values"),
    ("loss first (value before revenue)", "短期的には赤字で良い(価値提供が先)", "03_otv_vs_ltv", "value.project_pnl"),
    ("loss first (value before revenue)", "短期的には赤字で良い(価値提供が先)", "06_designing_success",
     "journey.BusinessModel"),
    ("start after the sale", "買ってもらってからがスタート", "01_ownership_to_experience", "ownership.budget_split"),
    ("start after the sale", "買ってもらってからがスタート", "02_shot_vs_retention", "business_models.compare_models"),
    ("keep raising value", "提供価値を上げ続ける", "06_designing_success", "journey.ladder_ltv"),
    ("keep raising value", "提供価値を上げ続ける", "06_designing_success", "journey.recovery_by_fix"),
    ("keep understanding the customer", "顧客を理解し続ける", "04_forecasting_retention", "retention.BetaGeometricNBD"),
    ("keep understanding the customer", "顧客を理解し続ける", "05_loyalty_types", "loyalty.classify_reviews"),
    ("keep understanding the customer", "顧客を理解し続ける", "06_designing_success",
     "journey.summarise_experience"),
]

@checked(CHECK)
def five_points(check: bool = True) -> pd.DataFrame:
    """The five points of customer success (*Ganesha's lesson*), each with where the course computed it.

    Columns: ``point``, ``point_ja``, ``chapter`` (the notebook's name) and ``function`` (its path
    under ``cslearn``, e.g. ``journey.ladder_ltv`` is ``cslearn.journey.ladder_ltv``). With
    ``check`` every function is looked up, so a renamed function is caught here.

    >>> table = five_points()
    >>> table["point"].unique().tolist()[:2]
    ['maximise LTV', 'loss first (value before revenue)']
    """
    table = pd.DataFrame(_FIVE_POINTS, columns=["point", "point_ja", "chapter", "function"])
    if check:
        for path in table["function"]:
            _resolve(path)
    return table

def _resolve(path: str):
    *modules, name = path.split(".")
    try:
        owner = importlib.import_module(".".join(["cslearn", *modules]))
        return getattr(owner, name)
    except (AttributeError, ModuleNotFoundError):
        raise LookupError(f"the course names cslearn.{path}, which does not exist") from None
