"""Fitted models of customer retention and purchasing, each with a simulator beside it.

* :class:`ShiftedBetaGeometric` (contractual, discrete periods) and :func:`simulate_sbg`;
* :class:`BetaGeometricNBD` (non-contractual purchase counts) and :func:`simulate_bgnbd`;
* :class:`GammaGamma` (spend per purchase) and :func:`simulate_gammagamma`.
"""

from cslearn.retention.models._base import ConvergenceWarning, NotFittedError
from cslearn.retention.models.bgnbd import BetaGeometricNBD, simulate_bgnbd
from cslearn.retention.models.gammagamma import GammaGamma, simulate_gammagamma
from cslearn.retention.models.sbg import ShiftedBetaGeometric, simulate_sbg

__all__ = [
    "ShiftedBetaGeometric",
    "simulate_sbg",
    "BetaGeometricNBD",
    "simulate_bgnbd",
    "GammaGamma",
    "simulate_gammagamma",
    "NotFittedError",
    "ConvergenceWarning",
]
