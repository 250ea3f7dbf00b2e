"""A logistic regression whose weights keep the sign the feature's meaning gives them.

The judge's features are read from 211 questions, and several say nearly the same thing
(« the best sentence holds the counted noun with a number » and « some sentence does »). A
free fit may then give one of them the opposite of its meaning (a number beside the counted
noun *lowering* the confidence) and the other a large weight to make up for it: the pair
fits the questions it saw and transfers badly to new wordings, which meet the two features
in other proportions. Bounding each such weight to its side of zero (``EXPECTED_SIGN`` in
``qa.judging``) keeps what the features mean; a feature without a declared sign stays free.

The objective is scikit-learn's ``LogisticRegression`` (L2 penalty ½‖w‖², ``C`` times the
weighted log-loss, intercept not penalised), minimised by L-BFGS-B with the bounds; with no
bounds it gives scikit-learn's weights (a test compares them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


def fit_logistic(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.int_],
    sample_weight: npt.NDArray[np.float64],
    c: float,
    signs: Sequence[int],
) -> tuple[npt.NDArray[np.float64], float]:
    """The weights and intercept of an L2 logistic regression on ``x`` (already
    standardised) with each weight ``j`` kept ≥ 0 when ``signs[j]`` is 1, ≤ 0 when it is −1,
    free when 0."""
    from scipy.optimize import minimize

    width = x.shape[1]
    if len(signs) != width:
        raise ValueError(f"{len(signs)} signs for {width} features")
    sign = np.where(np.asarray(y) > 0, 1.0, -1.0)
    w = np.asarray(sample_weight, dtype=np.float64)

    def loss(params: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        coef, intercept = params[:width], params[width]
        margin = sign * (x @ coef + intercept)
        # log(1 + e^-m) and its derivative -1 / (1 + e^m), computed without overflow
        value = c * float(w @ np.logaddexp(0.0, -margin)) + 0.5 * float(coef @ coef)
        d_margin = -c * w * sign * np.exp(-np.logaddexp(0.0, margin))
        grad = np.empty(width + 1)
        grad[:width] = x.T @ d_margin + coef
        grad[width] = float(d_margin.sum())
        return value, grad

    bounds = [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs]
    bounds.append((None, None))  # the intercept
    done = minimize(
        loss,
        np.zeros(width + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 5000, "gtol": 1e-8, "ftol": 1e-12},
    )
    return np.asarray(done.x[:width], dtype=np.float64), float(done.x[width])
