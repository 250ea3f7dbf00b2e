import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from santeqa.qa.constrained import fit_logistic
from santeqa.qa.judging import EXPECTED_SIGN, QUESTION_FEATURES


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(300, 4))
    # the second feature counts against the label; the fourth nearly copies the first
    x[:, 3] = x[:, 0] + 0.1 * rng.normal(size=300)
    y = (x @ np.array([1.0, -2.0, 0.5, 0.0]) + rng.normal(size=300) > 0).astype(int)
    return x, y, rng.uniform(0.5, 2.0, 300)


@pytest.mark.parametrize("c", [0.17, 0.5, 1.5])
def test_free_signs_give_scikit_learns_fit(c: float) -> None:
    x, y, w = _data()
    reference = LogisticRegression(C=c, max_iter=5000, tol=1e-10).fit(x, y, sample_weight=w)
    coef, intercept = fit_logistic(x, y, w, c, [0, 0, 0, 0])
    assert np.allclose(coef, reference.coef_[0], atol=1e-5)
    assert intercept == pytest.approx(float(reference.intercept_[0]), abs=1e-5)


def test_bounded_weights_keep_their_side_of_zero() -> None:
    x, y, w = _data()
    # the second feature's weight is negative when free: held at 0 when told to be positive
    coef, _ = fit_logistic(x, y, w, 0.5, [1, 1, 0, -1])
    assert coef[0] > 0.5
    assert coef[1] == 0.0
    assert coef[3] <= 0.0
    free, _ = fit_logistic(x, y, w, 0.5, [0, 0, 0, 0])
    assert free[1] < -0.5


def test_a_sign_for_each_feature() -> None:
    x, y, w = _data()
    with pytest.raises(ValueError):
        fit_logistic(x, y, w, 0.5, [1, 1])


def test_every_declared_sign_names_a_judge_feature() -> None:
    assert set(EXPECTED_SIGN) <= set(QUESTION_FEATURES)
    assert set(EXPECTED_SIGN.values()) <= {-1, 1}
