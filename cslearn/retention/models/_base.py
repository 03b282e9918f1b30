"""What every fitted model in :mod:`cslearn.retention.models` shares.

The models follow scikit-learn's habits: the constructor stores settings only, ``fit`` checks the
data, estimates the parameters and returns the model itself, and everything learned from the data
ends in an underscore (``params_``, ``log_likelihood_``). A method that needs a fitted model says
so clearly when called too early.

Estimation is maximum likelihood on the logarithms of the (positive) parameters, so the optimiser
works without constraints. Standard errors come from the curvature of the log-likelihood at its
maximum: with :math:`\\hat\\theta = \\log \\hat p` and :math:`H` the Hessian of the negative
log-likelihood in :math:`\\theta`,

.. math::

    \\operatorname{se}(\\hat p_k) \\approx \\hat p_k \\sqrt{(H^{-1})_{kk}}, \\qquad
    95\\%\\ \\text{interval} = \\hat p_k \\exp(\\pm 1.96 \\sqrt{(H^{-1})_{kk}})

(the delta method, with the interval built on the log scale so that it stays positive).

Each model writes its log-likelihood's gradient and Hessian out analytically, so the maximum is
found by Newton's method (:func:`_newton`): a handful of steps, each exact to second order, to a
gradient that is zero to rounding. Should Newton's method fail (it can, where a parameter runs off
to the edge of its range), BFGS on the gradient alone takes over.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.linalg.lapack import dposv
from scipy.optimize import minimize

from cslearn._validate import check_array, check_int, check_number, resolve_rng  # noqa: F401 (re-exported)

# caps on period counts and simulated cohort sizes, declared with the arguments
from cslearn.retention.parameters import MAX_CUSTOMERS, MAX_PERIODS  # noqa: F401 (re-exported)

__all__ = ["NotFittedError", "ConvergenceWarning", "FittedModel"]

_LOG_BOUND = 14.0  # parameters are kept between exp(-14) ~ 8e-7 and exp(14) ~ 1.2e6


def _dot(u: np.ndarray, v: np.ndarray) -> float:
    """Inner product of two 1-d arrays without BLAS.

    OpenBLAS splits long dot products over threads; on a machine with few, busy cores the
    hand-over costs far more than the sum itself (a 20,000-customer fit took 1 s instead of 20 ms).
    """
    return float(np.einsum("i,i->", u, v))


def _newton(fun: Callable, x0: np.ndarray, max_iter: int, gtol: float = 1e-10):
    """Minimise ``fun(theta) -> (value, grad, hessian)`` by Newton's method with a line search.

    Each step solves :math:`H p = -g`; where :math:`H` is not positive definite (far from the
    optimum) its eigenvalues are replaced by their absolute values, which keeps :math:`p` a
    descent direction. Steps are capped at 2 in every coordinate (a factor :math:`e^2` in a
    parameter) and halved until the value falls enough (Armijo's rule) or, once the decrease
    expected is below the value's rounding, until the gradient shrinks. Stops when every gradient
    component is below ``gtol``; returns ``(theta, value, grad, n_iter, converged)``.

    >>> quadratic = lambda t: (float(t @ t), 2 * t, 2 * np.eye(t.size))
    >>> theta, value, grad, n_iter, converged = _newton(quadratic, np.array([1.0, -3.0]), 10)
    >>> bool(np.abs(theta).max() < 1e-12), n_iter, converged   # the first step capped at 2, the second exact
    (True, 2, True)
    """
    theta = np.asarray(x0, dtype=float)
    value, grad, hessian = fun(theta)
    n_iter = 0
    while np.isfinite(value) and np.isfinite(grad).all():
        largest = np.abs(grad).max()
        if largest < gtol:
            return theta, value, grad, n_iter, True
        if n_iter >= max_iter or not np.isfinite(hessian).all():
            break
        n_iter += 1
        step, info = dposv(hessian, -grad)[1:]  # Cholesky: info > 0 unless positive definite
        if info != 0:  # |eigenvalues|, floored
            eigenvalues, vectors = np.linalg.eigh(hessian)
            floor = 1e-8 * max(1.0, float(np.abs(eigenvalues).max()))
            step = -vectors @ ((vectors.T @ grad) / np.maximum(np.abs(eigenvalues), floor))
        longest = np.abs(step).max()
        if longest > 2.0:
            step *= 2.0 / longest
        slope = float(grad @ step)
        # a decrease this small is lost in the value's rounding (sums of large terms): judge by the gradient
        tiny = -slope < 1e-10 * max(1.0, abs(value))
        size = 1.0
        for _ in range(40):
            trial = theta + size * step
            new = fun(trial)
            if (new[0] <= value + 1e-4 * size * slope  # Armijo (False for NaN)
                    or (tiny and np.isfinite(new[0]) and np.abs(new[1]).max() < largest)):
                theta, (value, grad, hessian) = trial, new
                break
            size /= 2
        else:
            # no lower value along the step: converged to rounding if the gradient is negligible
            return theta, value, grad, n_iter, bool(largest < 1e-6)
    return theta, value, grad, n_iter, False


def _in_logs(hessian: np.ndarray, params: np.ndarray, grad_theta: np.ndarray) -> np.ndarray:
    """The negative Hessian in :math:`\\theta = \\log p` from the log-likelihood's Hessian in :math:`p`.

    :math:`\\partial^2/\\partial\\theta_i\\partial\\theta_j = p_i p_j H_{ij} + \\delta_{ij} g_i`, with
    ``grad_theta`` = :math:`g`, the gradient in :math:`\\theta`. ``hessian`` is overwritten.

    >>> _in_logs(np.array([[-2.0, 1.0], [1.0, -3.0]]), np.array([1.0, 2.0]), np.array([0.5, 0.0])).tolist()
    [[1.5, -2.0], [-2.0, 12.0]]
    """
    hessian *= params[:, None] * params  # p_i p_j == p_j p_i exactly: the result stays symmetric
    hessian.flat[:: params.size + 1] += grad_theta
    return np.negative(hessian, out=hessian)


class NotFittedError(ValueError, AttributeError):
    """Raised when a method needs estimated parameters and ``fit`` has not been called.

    >>> from cslearn.retention.models import ShiftedBetaGeometric
    >>> try:
    ...     ShiftedBetaGeometric().survival(3)
    ... except NotFittedError as error:
    ...     print(type(error).__name__)
    NotFittedError
    """


class ConvergenceWarning(UserWarning):
    """The optimiser stopped early or a parameter ran to the edge of its allowed range.

    >>> issubclass(ConvergenceWarning, UserWarning)
    True
    """




def as_values(name: str, values, low=None, high=None, *, low_open=False, integer=False) -> np.ndarray:
    """A number or a sequence of numbers as a checked 1-d float array (``integer``: whole numbers)."""
    try:
        scalar = np.ndim(values) == 0
    except ValueError:  # a ragged nested list
        raise ValueError(f"{name} must be a number or a flat sequence of numbers") from None
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a number or a sequence of numbers (got {values!r})")
    if scalar:
        values = [values]
    array = check_array(name, values, low, high, low_open=low_open)
    if integer and np.any(array != np.round(array)):
        bad = array[array != np.round(array)][0]
        raise ValueError(f"every value of {name} must be a whole number (got {bad:g})")
    return array


def like_input(result: np.ndarray, *inputs, name: str | None = None):
    """Return ``result`` shaped like the inputs: a float for scalars, a Series for a Series."""
    for item in inputs:
        if isinstance(item, pd.Series):
            return pd.Series(result, index=item.index, name=name)
    if all(np.ndim(item) == 0 for item in inputs):
        return float(result[0])
    return result


def same_length(**arrays: np.ndarray) -> int:
    """Check that the named arrays (length 1 is broadcast) have one common length and return it."""
    lengths = {name: array.size for name, array in arrays.items()}
    common = max(lengths.values())
    wrong = {name: n for name, n in lengths.items() if n not in (1, common)}
    if wrong:
        listed = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"{', '.join(arrays)} must have the same length ({listed})")
    return common


class FittedModel:
    """Base class: settings, ``repr``, the fitted-state check, optimisation and ``summary``.

    Subclasses define ``_param_names`` and call :meth:`_maximise` from ``fit`` with a function
    returning the negative log-likelihood and its gradient in the log-parameters (and, asked
    with ``hessian=True``, its Hessian too).

    After ``fit``: ``params_``, ``log_likelihood_``, ``converged_``, ``n_iter_``, and
    ``degenerate_`` (True when a parameter ran to the edge of the allowed range, i.e. the data
    do not identify it) with ``degenerate_reason_``, a sentence also shown in ``repr`` and
    ``summary()``.
    """

    _param_names: tuple[str, ...] = ()

    def __init__(self, *, initial_params: dict | None = None, max_iter: int = 500):
        self.initial_params = initial_params
        self.max_iter = max_iter

    # -- settings -------------------------------------------------------------------------
    def get_params(self) -> dict:
        """The constructor settings, as a dict (scikit-learn's convention)."""
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def __repr__(self) -> str:
        settings = ", ".join(f"{key}={value!r}" for key, value in self.get_params().items())
        text = f"{type(self).__name__}({settings})"
        if getattr(self, "degenerate_", False):
            text += f"  # degenerate fit: {self.degenerate_reason_}"
        return text

    def _degenerate_reason(self, at_edge: list[str]) -> str:
        """Why a fit with parameters at the edge of the allowed range is degenerate (one sentence)."""
        return (f"{', '.join(at_edge)} ran to the edge of the allowed range: the data barely identify "
                f"{'it' if len(at_edge) == 1 else 'them'}, so treat the estimates with caution")

    @classmethod
    def from_params(cls, **params):
        """A model with the given parameter values, as if fitted (for simulation or published values).

        >>> from cslearn.retention.models import ShiftedBetaGeometric
        >>> ShiftedBetaGeometric.from_params(alpha=0.704, beta=1.182).params_
        {'alpha': 0.704, 'beta': 1.182}
        """
        if set(params) != set(cls._param_names):
            raise ValueError(
                f"{cls.__name__}.from_params needs exactly the parameters "
                f"{', '.join(cls._param_names)} (got {', '.join(params) or 'none'})"
            )
        model = cls()
        names = cls._param_names
        model.params_ = {name: check_number(name, params[name], 0, low_open=True) for name in names}
        return model

    def _check_fitted(self, method: str) -> tuple[float, ...]:
        if not hasattr(self, "params_"):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet: call fit(...) (or from_params(...)) "
                f"before {method}()"
            )
        return tuple(self.params_[name] for name in self._param_names)

    # -- estimation -----------------------------------------------------------------------
    def _start(self, default: dict) -> np.ndarray:
        start = dict(default)
        if self.initial_params is not None:
            if not isinstance(self.initial_params, dict):
                raise TypeError(f"initial_params must be a dict of parameter values "
                                f" (got {self.initial_params!r})")
            unknown = set(self.initial_params) - set(self._param_names)
            if unknown:
                raise ValueError(
                    f"initial_params has unknown name(s) {sorted(unknown)}; "
                    f"allowed: {', '.join(self._param_names)}"
                )
            for name, value in self.initial_params.items():
                start[name] = check_number(f"initial_params[{name!r}]", value, 0, low_open=True)
        return np.log([start[name] for name in self._param_names])

    def _maximise(self, objective: Callable, default_start: dict, n_obs: float) -> None:
        """Minimise ``objective(theta)`` (total negative log-likelihood over theta).

        ``objective(theta)`` returns the value and its gradient, ``objective(theta, hessian=True)``
        the Hessian too. The optimiser sees the per-observation mean, which keeps gradients of
        order one. Beyond :math:`|\\theta| = 14` a steep quadratic wall keeps a parameter that
        the data do not pin down (e.g. no heterogeneity at all) from running off to infinity; for
        Newton's method the objective is continued past the wall to first order, so value and
        gradient stay consistent. Newton's method converges to a gradient below 1e-10 (per
        observation); if it fails, BFGS (not L-BFGS-B: that calls threaded BLAS on every step,
        which on a busy two-core machine made a 1 ms fit take 60 ms) starts again from the start.
        """
        max_iter = check_int("max_iter", self.max_iter, low=1)
        x0 = self._start(default_start)
        last = {}

        def walled_newton(theta):
            if np.abs(theta).max() <= _LOG_BOUND:
                value, grad, hessian = objective(theta, hessian=True)
                last["theta"], last["value"] = theta, value
                return value / n_obs, grad / n_obs, hessian / n_obs
            inside = np.clip(theta, -_LOG_BOUND, _LOG_BOUND)
            outside = theta - inside
            edge = outside != 0
            value, grad, hessian = objective(inside, hessian=True)
            last["theta"], last["value"] = inside, value
            value = value + grad @ outside
            grad = grad + np.where(edge, 0.0, hessian @ outside)
            hessian = np.where(edge[:, None] & edge[None, :], 0.0, hessian)
            return (value / n_obs + 50.0 * (outside @ outside), grad / n_obs + 100.0 * outside,
                    hessian / n_obs + np.diag(100.0 * edge))

        theta, _, grad, n_iter, converged = _newton(walled_newton, x0, max_iter)
        message = None
        if not converged:
            def walled(theta):
                inside = np.clip(theta, -_LOG_BOUND, _LOG_BOUND)
                outside = theta - inside
                value, grad = objective(inside)
                return value / n_obs + 50.0 * np.dot(outside, outside), grad / n_obs + 100.0 * outside

            result = minimize(walled, x0, jac=True, method="BFGS", options={"maxiter": max_iter, "gtol": 1e-7})
            theta, n_iter, message = result.x, result.nit, result.message
            # "precision loss" at a point where the gradient is already negligible is convergence too
            converged = result.success or (result.status == 2 and np.max(np.abs(result.jac)) < 1e-6)
        theta = np.clip(theta, -_LOG_BOUND, _LOG_BOUND)
        self.params_ = {name: float(np.exp(v)) for name, v in zip(self._param_names, theta, strict=True)}
        value = last["value"] if np.array_equal(last.get("theta"), theta) else objective(theta)[0]
        self.log_likelihood_ = float(-value)
        self.converged_ = bool(converged)
        self.n_iter_ = int(n_iter)
        self._theta = theta
        self._objective = objective
        if not converged:
            warnings.warn(
                f"{type(self).__name__}.fit did not converge ({message}); "
                "try more data, other initial_params or a larger max_iter",
                ConvergenceWarning,
                stacklevel=4,  # the caller of fit (fit is wrapped by cslearn.params.checked)
            )
        pairs = zip(self._param_names, theta, strict=True)
        at_edge = [name for name, v in pairs if abs(v) > _LOG_BOUND - 0.5]
        # flagged in the result itself (degenerate_, repr, summary), not only in a warning
        self.degenerate_ = bool(at_edge)
        self.degenerate_reason_ = self._degenerate_reason(at_edge) if at_edge else None
        if at_edge:
            warnings.warn(
                f"{type(self).__name__}: {self.degenerate_reason_}",
                ConvergenceWarning,
                stacklevel=4,  # the caller of fit (fit is wrapped by cslearn.params.checked)
            )

    def _log_covariance(self) -> np.ndarray | None:
        """Inverse Hessian of the negative log-likelihood in log-parameters (the analytic Hessian)."""
        hessian = self._objective(self._theta, hessian=True)[2]
        hessian = (hessian + hessian.T) / 2
        try:
            covariance = np.linalg.inv(hessian)
        except np.linalg.LinAlgError:
            return None
        if np.any(np.diag(covariance) <= 0):
            return None
        return covariance

    def summary(self) -> pd.DataFrame:
        """Estimates with standard errors and 95% intervals, one row per parameter.

        >>> from cslearn.retention.models import ShiftedBetaGeometric
        >>> model = ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> list(model.summary().columns)
        ['estimate', 'std_error', 'ci_lower', 'ci_upper']
        """
        self._check_fitted("summary")
        estimate = np.array([self.params_[name] for name in self._param_names])
        frame = pd.DataFrame({"estimate": estimate}, index=pd.Index(self._param_names, name="parameter"))
        if not hasattr(self, "_objective"):
            return frame  # set with from_params: no data, no standard errors
        if getattr(self, "degenerate_", False):
            # no standard errors at the edge of the range: say why instead, on every row
            frame["note"] = f"degenerate fit: {self.degenerate_reason_}"
            frame.attrs["degenerate"] = self.degenerate_reason_
            return frame
        covariance = self._log_covariance()
        if covariance is None:
            warnings.warn(
                "the log-likelihood is flat in some direction: standard errors are not available",
                ConvergenceWarning,
                stacklevel=2,
            )
            return frame
        sd_log = np.sqrt(np.diag(covariance))
        frame["std_error"] = estimate * sd_log
        frame["ci_lower"] = estimate * np.exp(-1.959964 * sd_log)
        frame["ci_upper"] = estimate * np.exp(1.959964 * sd_log)
        return frame
