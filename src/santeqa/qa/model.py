"""The fitted answer step: two small logistic models read from a committed JSON file.

- the **ranker** scores each candidate sentence (probability that it holds the answer);
- the **judge** scores the question (probability that the report answers it at all), from
  how good the best candidate is and what it lacks; below ``threshold`` the answer is
  withheld.

Both are plain weights (standardised features, a dot product, a sigmoid): loading needs no
scikit-learn and scoring a question costs microseconds. ``santeqa train`` refits them from
the gold files and writes the file with the sha256 of the data it came from.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from santeqa.errors import SanteqaError

DEFAULT_PATH = Path(__file__).with_name("answer_model.json")
FORMAT = 1


@dataclass(frozen=True)
class Logistic:
    """A fitted logistic model over named, standardised features."""

    features: tuple[str, ...]
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    intercept: float

    def probabilities(self, rows: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]:
        if not len(rows):
            return np.zeros(0)
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        z = x @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Logistic:
        features = tuple(str(f) for f in data["features"])
        arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
        if any(len(a) != len(features) for a in arrays):
            raise ValueError("feature count and weight count differ")
        return cls(features, arrays[0], arrays[1], arrays[2], float(data["intercept"]))


@dataclass(frozen=True)
class Trees:
    """Gradient-boosted regression trees (scikit-learn's binomial deviance), as flat arrays:
    per tree, each node's feature (-1 for a leaf), threshold, children and value."""

    features: tuple[str, ...]
    prior: float  # the initial log-odds
    rate: float
    trees: tuple[
        tuple[
            npt.NDArray[np.int64],
            npt.NDArray[np.float64],
            npt.NDArray[np.int64],
            npt.NDArray[np.int64],
            npt.NDArray[np.float64],
        ],
        ...,
    ]

    def probabilities(self, rows: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]:
        if not len(rows):
            return np.zeros(0)
        x = np.asarray(rows, dtype=np.float64)
        z = np.full(len(x), self.prior)
        for feature, threshold, left, right, value in self.trees:
            node = np.zeros(len(x), dtype=np.int64)
            for _ in range(8):  # depth bound
                inner = feature[node] >= 0
                if not inner.any():
                    break
                go_left = x[np.arange(len(x)), np.maximum(feature[node], 0)] <= threshold[node]
                node = np.where(inner, np.where(go_left, left[node], right[node]), node)
            z += self.rate * value[node]
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    @classmethod
    def from_sklearn(cls, fit: Any, names: Sequence[str]) -> Trees:
        prior = float(fit._raw_predict_init(np.zeros((1, len(names))))[0, 0])
        trees = []
        for (est,) in fit.estimators_:
            t = est.tree_
            trees.append(
                (
                    np.asarray(t.feature, dtype=np.int64),
                    np.asarray(t.threshold, dtype=np.float64),
                    np.asarray(t.children_left, dtype=np.int64),
                    np.asarray(t.children_right, dtype=np.int64),
                    np.asarray(t.value[:, 0, 0], dtype=np.float64),
                )
            )
        return cls(tuple(names), prior, float(fit.learning_rate), tuple(trees))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "prior": round(self.prior, 6),
            "rate": self.rate,
            "trees": [
                [
                    f.tolist(),
                    [round(float(v), 6) for v in th],
                    le.tolist(),
                    r.tolist(),
                    [round(float(v), 6) for v in va],
                ]
                for f, th, le, r, va in self.trees
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        trees = tuple(
            (
                np.asarray(f, dtype=np.int64),
                np.asarray(th, dtype=np.float64),
                np.asarray(le, dtype=np.int64),
                np.asarray(r, dtype=np.int64),
                np.asarray(va, dtype=np.float64),
            )
            for f, th, le, r, va in data["trees"]
        )
        return cls(tuple(data["features"]), float(data["prior"]), float(data["rate"]), trees)


@dataclass(frozen=True)
class AnswerModel:
    ranker: Logistic | Trees
    judge: Logistic
    threshold: float  # judge probability below which the answer is withheld
    neighbour_margin: (
        float  # a neighbour sentence joins when its log-odds are this close to the best's
    )
    data_sha256: str  # of the gold files it was fitted on
    trained_on: tuple[str, ...]  # their names
    name: str = "answer_model.json"
    # how it was fitted (qa.train.FitOptions): the regularisation, the false-abstain budget
    fitted_with: tuple[tuple[str, str | float], ...] = ()
    # the passage ranker (``qa.rerank``), when fitted: the answer is chosen from the fused
    # passages in its order by ``reordered_ranker`` (a sentence ranker fitted on passages so
    # reordered), while the confidence stays the judge's on the fused order
    passages: Logistic | None = None
    reordered_ranker: Logistic | None = None

    def to_json(self) -> dict[str, Any]:
        extra = {}
        if self.passages is not None and self.reordered_ranker is not None:
            extra = {
                "passage_ranker": self.passages.to_json(),
                "reordered_ranker": self.reordered_ranker.to_json(),
            }
        return {
            "format": FORMAT,
            "ranker": self.ranker.to_json(),
            "judge": self.judge.to_json(),
            "threshold": round(self.threshold, 6),
            "neighbour_margin": round(self.neighbour_margin, 6),
            "data_sha256": self.data_sha256,
            "trained_on": list(self.trained_on),
            "fitted_with": dict(self.fitted_with),
            **extra,
        }

    def describe(self) -> dict[str, Any]:
        """What the manifest, /health and eval name: which file, fitted on what."""
        return {
            "file": self.name,
            "data_sha256": self.data_sha256,
            "threshold": round(self.threshold, 4),
            "features": len(self.ranker.features)
            + len(self.judge.features)
            + (len(self.passages.features) if self.passages is not None else 0)
            + (len(self.reordered_ranker.features) if self.reordered_ranker is not None else 0),
        }

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


def load_model(path: Path = DEFAULT_PATH) -> AnswerModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        threshold = float(data["threshold"])
        if not math.isfinite(threshold):
            raise ValueError("threshold is not a number")
        return AnswerModel(
            ranker=Logistic.from_json(data["ranker"]),
            judge=Logistic.from_json(data["judge"]),
            threshold=threshold,
            neighbour_margin=float(data["neighbour_margin"]),
            data_sha256=str(data["data_sha256"]),
            trained_on=tuple(str(n) for n in data["trained_on"]),
            name=path.name,
            fitted_with=tuple(dict(data.get("fitted_with", {})).items()),
            passages=(
                Logistic.from_json(data["passage_ranker"]) if "passage_ranker" in data else None
            ),
            reordered_ranker=(
                Logistic.from_json(data["reordered_ranker"]) if "reordered_ranker" in data else None
            ),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SanteqaError(f"cannot read the answer model {path}: {exc}") from exc
