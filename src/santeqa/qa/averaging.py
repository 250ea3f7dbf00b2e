"""Averaging several fitted logistic models into one, to make a fit on 211 questions vary less
with which questions it was given (``FitOptions.bags``, ``FitOptions.c_spread``).

A logistic model over standardised features is one linear function of the raw features, so
the average of several such models' log-odds is again one: one weight vector, stored like any
other (``qa.model.Logistic``), and answering costs the same. The models to average are fitted
on bootstrap resamples of the *questions* (a question's candidates and counterfactual rows
stay together, as a new question's would come) and/or on a small grid of regularisations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from santeqa.qa.model import Logistic

# the bootstrap draws are seeded: refitting on the same data gives the same file
BOOTSTRAP_SEED = 11


def averaged(
    models: Sequence[Logistic],
    mean: npt.NDArray[np.float64],
    scale: npt.NDArray[np.float64],
    intercept: bool = True,
) -> Logistic:
    """One model whose log-odds are the mean of ``models``' log-odds, written over the
    standardisation ``mean``/``scale`` (each model may have been standardised on its own
    resample). ``intercept=False`` for pairwise rankers, whose score is relative (zero at the
    mean candidate) and whose constant carries no meaning."""
    if not models:
        raise ValueError("nothing to average")
    raw_coef = np.mean([m.coef / m.scale for m in models], axis=0)
    raw_intercept = float(np.mean([m.intercept - float(m.coef / m.scale @ m.mean) for m in models]))
    return Logistic(
        models[0].features,
        mean,
        scale,
        raw_coef * scale,
        raw_intercept + float(raw_coef @ mean) if intercept else 0.0,
    )


def resamples(n: int, bags: int, seed: int = BOOTSTRAP_SEED) -> list[npt.NDArray[np.int_]]:
    """For each of ``bags`` bootstrap draws of ``n`` questions, how many times each question was
    drawn (0 for those left out). ``bags`` 0: the one sample of every question once."""
    if bags <= 0:
        return [np.ones(n, dtype=int)]
    rng = np.random.default_rng(seed)
    return [np.bincount(rng.integers(0, n, n), minlength=n) for _ in range(bags)]


def c_grid(c: float, spread: float) -> tuple[float, ...]:
    """The regularisations averaged over: ``c`` alone (``spread`` 1 or less), or ``c`` divided
    and multiplied by ``spread`` too."""
    return (c,) if spread <= 1.0 else (c / spread, c, c * spread)


def weighted_standardisation(
    x: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Mean and standard deviation of the rows, each counted ``weights`` times (a constant
    feature gets scale 1)."""
    mean = np.average(x, axis=0, weights=weights)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=weights))
    scale[scale < 1e-9] = 1.0
    return mean, scale
