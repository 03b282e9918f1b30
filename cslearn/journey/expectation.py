"""Expectation vs satisfaction (C27): a good experience is satisfaction above expectation.

Customer success is the outcome the customer came for plus the experience of getting it
(CS = CO + CX, *Weekly CS Vol.3*). At a wedding party the outcome (celebrating the couple) is almost
certain, so the experience decides. The course scores an experience the way the
expectation-disconfirmation model of Oliver (1980, *Journal of Marketing Research* 17(4)) does:
each guest states what they expect before, and how satisfied they are after, on the same 0-10
scale, and

.. math::

    \\text{experience score}_i = S_i - E_i,

positive when the experience beat the expectation (delighted), zero when it met it, negative
when it fell short (disappointed). Moving every expectation by :math:`\\Delta E` and every
satisfaction by :math:`\\Delta S` moves the mean score by exactly :math:`\\Delta S - \\Delta E`
as long as no answer hits the ends of the scale (answers are clipped to 0-10).

The survey here is simulated (seeded), with the article's story as its assumptions: guests expect
alcohol-free wine to taste like sweet grape juice (a low expectation, around 4 of 10), the wine
tasted without a word about it is a little better than that (around 5.5), and the host's
explanation (chosen for the Nobel banquet, made like wine without fermenting, picked to go with
the red meat) adds about 2 points to how much it is enjoyed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cslearn._validate import check_array, resolve_rng
from cslearn.journey.parameters import (
    DELIVERY_SHIFTS,
    EXPECTATIONS,
    GUESTS,
    PARTY,
    RNG,
    SATISFACTION_COLUMN,
    SATISFACTIONS,
    SHIFTS,
    SURVEY,
)
from cslearn.params import checked

__all__ = ["experience_score", "simulate_party_survey", "summarise_experience", "experience_what_if",
           "SCALE"]

#: The answer scale of the survey: 0 (worst) to 10 (best).
SCALE = (0.0, 10.0)


@checked(EXPECTATIONS, SATISFACTIONS)
def experience_score(expectation, satisfaction) -> np.ndarray:
    """Satisfaction minus expectation, guest by guest: :math:`S_i - E_i`.

    Both are answers on the 0-10 scale; the result is between -10 and 10.

    >>> experience_score([3, 5, 8], [7, 5, 6])
    array([ 4.,  0., -2.])
    """
    expectation = np.asarray(expectation, dtype=float)
    satisfaction = np.asarray(satisfaction, dtype=float)
    if expectation.shape != satisfaction.shape:
        raise ValueError(
            f"expectation and satisfaction must have one answer per guest each "
            f"(got {expectation.size} and {satisfaction.size})"
        )
    return satisfaction - expectation


def _answers(values: np.ndarray) -> np.ndarray:
    """Round to whole answers and keep them on the 0-10 scale."""
    return np.clip(np.round(values), *SCALE)


@checked(GUESTS, RNG)
@PARTY.keywords
def simulate_party_survey(guests: int = 40, *, rng=0, **party) -> pd.DataFrame:
    """A seeded survey of a party's guests about the alcohol-free wine.

    Guest :math:`i` expects :math:`E_i = \\text{round}(\\mathcal N(\\text{expectation}, \\text{spread}))`
    before the host speaks and tastes the wine as :math:`T_i \\sim \\mathcal N(\\text{quality},
    \\text{spread})`. Their satisfaction after the meal is :math:`\\text{round}(T_i)` had the host
    said nothing, and :math:`\\text{round}(T_i + \\text{lift})` after the host's explanation, all
    clipped to 0-10. A real survey sees one of the two satisfactions per guest; a simulation can
    show both, which is what makes the explanation's effect visible guest by guest.

    Columns: ``guest`` (from 1), ``expectation``, ``satisfaction_silent``,
    ``satisfaction_explained``, ``score_silent``, ``score_explained``.
    ``rng`` (int, numpy.random.Generator or None, default 0): random seed or generator; the same
    seed gives the same result (the
    chapter's party is ``simulate_party_survey(40, rng=3)``).

    >>> survey = simulate_party_survey(guests=5, rng=1)
    >>> list(survey.columns)[:3]
    ['guest', 'expectation', 'satisfaction_silent']
    >>> bool((survey["score_explained"] >= survey["score_silent"]).all())
    True
    """
    guests = int(guests)
    expectation, quality, explanation_lift, spread = PARTY.resolve(party).values()
    rng = resolve_rng(rng)
    expected = _answers(rng.normal(expectation, spread, guests))
    taste = rng.normal(quality, spread, guests)
    silent = _answers(taste)
    explained = _answers(taste + explanation_lift)
    return pd.DataFrame(
        {
            "guest": np.arange(1, guests + 1),
            "expectation": expected,
            "satisfaction_silent": silent,
            "satisfaction_explained": explained,
            "score_silent": silent - expected,
            "score_explained": explained - expected,
        }
    )


@checked(EXPECTATIONS, SATISFACTIONS)
def summarise_experience(expectation, satisfaction) -> pd.Series:
    """Mean expectation, mean satisfaction, mean score and the shares delighted, met and disappointed.

    A guest is *delighted* when :math:`S_i > E_i`, *met* when equal, *disappointed* when below.
    Returns a Series (name -> number).

    >>> summary = summarise_experience([3, 5, 8, 4], [7, 5, 6, 6])
    >>> summary[["mean_score", "delighted", "disappointed"]].tolist()
    [1.0, 0.5, 0.25]
    """
    score = experience_score(expectation, satisfaction)
    return pd.Series({
        "mean_expectation": np.mean(expectation),
        "mean_satisfaction": np.mean(satisfaction),
        "mean_score": score.mean(),
        "delighted": np.mean(score > 0),
        "met": np.mean(score == 0),
        "disappointed": np.mean(score < 0),
    }, dtype=float)


@checked(SURVEY, SHIFTS, DELIVERY_SHIFTS, SATISFACTION_COLUMN)
def experience_what_if(survey: pd.DataFrame, expectation_shifts=(0,), delivery_shifts=(0,),
                       satisfaction: str = "satisfaction_explained") -> pd.DataFrame:
    """The survey's score if every expectation moved by :math:`\\Delta E` and every satisfaction by :math:`\\Delta S`.

    Lowering a wrong expectation is a negative :math:`\\Delta E` (say so before the guest tastes);
    raising delivery is a positive :math:`\\Delta S` (a better wine, a better explanation). Each
    answer stays on the 0-10 scale, so the mean score moves by :math:`\\Delta S - \\Delta E`
    unless some answers are already at an end of the scale.

    Returns one row per pair with ``expectation_shift``, ``delivery_shift``, ``mean_score``,
    ``delighted`` and ``disappointed``.

    >>> survey = pd.DataFrame({"expectation": [4.0, 6.0], "satisfaction_explained": [5.0, 5.0]})
    >>> experience_what_if(survey, expectation_shifts=[0, -1])["mean_score"].tolist()
    [0.0, 1.0]
    """
    if satisfaction not in survey.columns:
        raise ValueError(f"satisfaction must name a column of survey (got {satisfaction!r}; survey has "
                         f"{', '.join(map(repr, map(str, survey.columns)))})")
    e_shift = np.asarray(expectation_shifts, dtype=float)
    s_shift = np.asarray(delivery_shifts, dtype=float)
    de, ds = (grid.ravel() for grid in np.meshgrid(e_shift, s_shift, indexing="ij"))
    expectation = check_array("survey['expectation']", survey["expectation"], *SCALE)
    delivered = check_array(f"survey[{satisfaction!r}]", survey[satisfaction], *SCALE)
    # rows: one scenario each; columns: guests
    moved_e = np.clip(expectation[None, :] + de[:, None], *SCALE)
    moved_s = np.clip(delivered[None, :] + ds[:, None], *SCALE)
    score = moved_s - moved_e
    return pd.DataFrame(
        {
            "expectation_shift": de,
            "delivery_shift": ds,
            "mean_score": score.mean(axis=1),
            "delighted": (score > 0).mean(axis=1),
            "disappointed": (score < 0).mean(axis=1),
        }
    )
